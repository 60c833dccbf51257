"""The one field checker: what `add`, `edit` and every imported row go through.

It checks and normalises a group's fields for a block of rows at once, a
column at a time, and a single row is a block of one. Working a column at a
time lets a value that repeats down a file (a district, an amount, a year) be
resolved once, with set and map operations instead of per-row work: an import
of 100,000 rows stays fast, and there is only one set of rules to keep.
"""

from __future__ import annotations

import datetime
import functools
import sqlite3

from uppks_cli.domain.identity import name_keys
from uppks_cli.domain.legality import DATE_OF, PAPERS, papers_refusal, parse_day, parse_paper
from uppks_cli.domain.product_types import Vocabulary
from uppks_cli.domain.reference import (
    DISTRICT_CODE_BESIDE,
    district_by_code,
    district_code_refusal,
    fold,
    resolve_district,
    resolve_location,
)
from uppks_cli.domain.values import (
    BREAK_OR_CONTROL,
    CONTROL_CHARACTER,
    EMPTY_DASHES,
    all_stored_phones,
    clean_text,
    normalize_phone,
    parse_bounded,
    parse_year,
    refuse_control_characters,
    visible,
)
from uppks_cli.errors import DataWarning, UppksError
from uppks_cli.registry.columns import (
    FIELD_COLUMNS,
    FIELDS_OF_KIND,
    IMPORT_FIELDS,
    MAX_TEXT_LENGTH,
    MAXIMUM,
    ROW_COLUMNS,
)

_STATUS_WORDS = {"active": "active", "aktif": "active", "inactive": "inactive", "nonaktif": "inactive",
                 "non aktif": "inactive", "tidak aktif": "inactive"}
_LOCATION_COLUMNS = ("subdistrict", "subdistrict_code", "village", "village_code")
# a bound on remembered values, so memory stays flat however long the file
_MAX_REMEMBERED = 100_000
_NOWHERE = (None, None, None, None, ())


def text_field(value, name: str, required: bool = False) -> str | None:
    """Trimmed text within the field's length limit, without control characters; empty means missing."""
    refuse_control_characters(value, name)
    text = clean_text(value)
    if required and not text:
        raise UppksError("error_required", field=name)
    limit = MAX_TEXT_LENGTH.get(name)
    if text and limit and len(text) > limit:
        raise UppksError("error_too_long", field=name, length=len(text), limit=limit)
    return text


def parse_status(value, field: str = "status") -> str | None:
    text = clean_text(value)
    if text is None:
        return None
    status = _STATUS_WORDS.get(fold(text))
    if status is None:
        raise UppksError("error_status_value", field=field, value=text)
    return status


def name_and_key(raw) -> tuple[str, str]:
    """A group's name, checked, and its identity key (domain/identity.py).

    A name that is only a number ("3") is a count in a recap sheet, never a group. A tab or line
    break inside a name is refused, not folded away: the officer decides how the name is written."""
    if (type(raw) is str and raw.isascii() and raw.replace(" ", "").isalnum() and not raw.isdigit()
            and len(raw) <= MAX_TEXT_LENGTH["name"] and " ".join(raw.split()) == raw):
        return raw, name_keys([raw])[0]  # plain words (most names of a big file): nothing to refuse or trim
    refuse_control_characters(raw, "name")  # ESC or BEL is no line break: say what it is
    if type(raw) is str and BREAK_OR_CONTROL.search(raw.strip()):
        raise UppksError("error_name_break", field="name", value=visible(raw.strip()))
    if isinstance(raw, (bool, datetime.date, datetime.time)):  # a date or TRUE in the name cell
        raise UppksError("error_name_not_text", field="name", value=str(raw))
    name = text_field(raw, "name", required=True)
    if name.replace(".", "", 1).replace(",", "", 1).isdigit():
        raise UppksError("error_name_number", field="name", value=name)
    return name, name_keys([name])[0]


def member_counts_refusal(members, pus, kb) -> UppksError | None:
    """The members rule, PUS ber-KB <= PUS <= members: the refusal a row earns, or None.

    PUS using KB are counted among the PUS members, so a KB count needs the
    PUS count beside it; without it the KB rate would have no base."""
    if pus is not None and members is not None and pus > members:
        return UppksError("error_pus_over_members", members=members, members_pus=pus)
    if kb is not None and pus is None:
        return UppksError("error_kb_needs_pus", members_kb=kb)
    if kb is not None and kb > pus:
        return UppksError("error_kb_over_pus", members_pus=pus, members_kb=kb)
    return None


def parse_count(value, field: str) -> int | None:
    """A whole number within the field's bounds (members, money): parse_amount, bounded."""
    return parse_bounded(value, field, MAXIMUM[field])


_PARSERS = {
    **{name: text_field for name in FIELDS_OF_KIND["text"]},
    **{name: parse_count for name in FIELDS_OF_KIND["amount"]},
    **{name: normalize_phone for name in FIELDS_OF_KIND["phone"]},
    **{name: parse_year for name in FIELDS_OF_KIND["year"]},
    **{name: parse_status for name in FIELDS_OF_KIND["status"]},
    **{name: text_field for name in FIELDS_OF_KIND["plain_text"]},
    **{name: parse_paper for name in FIELDS_OF_KIND["paper"]},
    **{name: parse_day for name in FIELDS_OF_KIND["day"]},
}
# the fields parsed one by one, in a fixed order so refusals always list alike
_SIMPLE_FIELDS = tuple(f for f in IMPORT_FIELDS if f in _PARSERS)
# values that repeat down a file: each parsed once
_REPEATING_FIELDS = frozenset(FIELDS_OF_KIND["amount"] + FIELDS_OF_KIND["year"] + FIELDS_OF_KIND["status"]
                              + ("product",))
_KNOWN_FIELDS = frozenset((*IMPORT_FIELDS, DISTRICT_CODE_BESIDE))


def filled_columns(fields) -> tuple[str, ...]:
    """The ROW_COLUMNS that new groups given these fields fill, in order.

    An import writes only these; the others keep their defaults (status
    active, the rest empty), so fewer values are bound a row.
    """
    given = set(fields)
    located = bool(given & {"subdistrict", "village"})
    # a product type spelt as a product ("Keripik") gives the product too
    typed = "product_type" in given
    return tuple(column for column in ROW_COLUMNS
                 if column in ("name", "name_key", "district_code", "product_type") or column in given
                 or (located and column in _LOCATION_COLUMNS) or (typed and column == "product"))


def decided_columns(fields) -> tuple[str, ...]:
    """The ROW_COLUMNS that changes to these fields decide (a new kecamatan decides the gampong's code too)."""
    decided = set()
    for field_name in fields:
        decided.update(FIELD_COLUMNS.get(field_name, ()))
        if field_name == "name":
            decided.add("name_key")
        if field_name in ("district", "subdistrict", "village"):
            decided.update(_LOCATION_COLUMNS)
        if field_name == "product_type":
            decided.add("product")
        if field_name in DATE_OF:  # a paper's number cleared clears the day it was obtained
            decided.add(DATE_OF[field_name])
    return tuple(column for column in ROW_COLUMNS if column in decided)


class CheckedRows:
    """A block of checked rows: cells per row (None if refused); warnings and refusals by row index;
    and `if_new`, by row index, the refusals of rows that hold only if the row is a new group."""

    __slots__ = ("cells", "warnings", "refusals", "if_new")

    def __init__(self, cells: list, warnings: dict, refusals: dict, if_new: dict | None = None):
        self.cells, self.warnings, self.refusals, self.if_new = cells, warnings, refusals, if_new or {}


def _new_group_only(refusal: UppksError) -> bool:
    """A refusal that holds only for a new group: a registered one may have the value stored."""
    return refusal.key in ("error_kb_needs_pus", "error_paper_date_alone") or (
        refusal.key == "error_required" and refusal.params.get("field") == "product_type")


class _Refused:
    """A value's refusal, as a column memo keeps it."""

    __slots__ = ("refusal",)

    def __init__(self, refusal: UppksError):
        self.refusal = refusal


class FieldChecker:
    """Checks and normalises group fields, remembering what it resolved.

    A file names the same few districts, product types and kecamatan over and
    over; each spelling is resolved once (per kind of value, a memo of the
    value as written -> resolved, or its refusal).
    """

    def __init__(self, conn: sqlite3.Connection | None, vocabulary: Vocabulary | None = None):
        self.conn = conn
        self._vocabulary = vocabulary
        self._memos: dict[str, dict] = {}

    @property
    def vocabulary(self) -> Vocabulary:
        if self._vocabulary is None:
            self._vocabulary = Vocabulary.load(self.conn)
        return self._vocabulary

    def _memo(self, kind: str) -> dict:
        memo = self._memos.setdefault(kind, {})
        if len(memo) > _MAX_REMEMBERED:
            memo.clear()
        return memo

    def check(self, given: dict, current: dict | None = None) -> tuple[dict, list[DataWarning], list[UppksError]]:
        """One row, as {column: value}, with its warnings and refusals.

        `given` holds only what was supplied; an empty string clears an
        optional field. With `current` (the stored group) the row is a change
        to it: only the given fields are checked, and rules across fields are
        checked on the result.
        """
        fields = list(given)
        columns = filled_columns(fields) if current is None else decided_columns(fields)
        checked = self.check_rows(fields, [tuple(given.values())], columns, current)
        cells = checked.cells[0]
        row = {} if cells is None else dict(zip(columns, cells))
        if row.get("status", "") is None:
            del row["status"]  # an empty status cell leaves the status as it is
        return row, checked.warnings.get(0, []), checked.refusals.get(0, [])

    def check_rows(self, fields: list[str], rows: list[tuple], columns: tuple[str, ...] | None = None,
                   current: dict | None = None, updating: bool = False) -> CheckedRows:
        """Check a block of rows given as tuples aligned with `fields` (None where a cell is empty).

        New groups (no `current`) must have a name, a district and a product
        type. Gives each row's cells in the order of `columns` (by default
        filled_columns(fields)), None for a refused row, and, by row index,
        the warnings and refusals. `updating`: a row may update a registered
        group, so a row refused only as a new group would be keeps its cells
        and its refusals are in `if_new`.
        """
        unknown = set(fields) - _KNOWN_FIELDS
        if unknown:
            raise UppksError("error_unknown_field", field=sorted(unknown)[0])
        count = len(rows)
        given = dict(zip(fields, zip(*rows))) if rows else {}
        codes_beside = given.pop(DISTRICT_CODE_BESIDE, None)  # only checked against the district's name
        adding = current is None
        nothing = (None,) * count
        refusals: dict[int, list] = {}
        warnings: dict[int, list] = {}
        out: dict[str, list | tuple] = {}

        def refuse(index: int, refusal: UppksError) -> None:
            refusals.setdefault(index, []).append(refusal)

        def column_of(field_name: str, stored: str | None = None):
            """The given column, else the stored value on every row (a change), else empties."""
            if field_name in given:
                return given[field_name]
            return nothing if adding else (current[stored or field_name],) * count

        if adding or "name" in given:
            named = _checked_names(given.get("name", nothing), refuse)
            out["name"], out["name_key"] = zip(*named) if named else ((), ())
        if adding or "district" in given:
            found = _resolved_column(self._memo("district"), given.get("district", nothing),
                                     lambda raw: resolve_district(clean_text(raw)), refuse)
            out["district_code"] = codes = [d.code if d is not None else None for d in found]
            for index, refusal in enumerate(map(district_code_refusal, found, codes_beside or ())):
                if refusal is not None:
                    refuse(index, refusal)
        else:
            codes = (current["district_code"],) * count
        if adding or given.keys() & {"district", "subdistrict", "village"}:
            places = self._memo("location")
            where = list(zip(codes, column_of("subdistrict"), column_of("village")))
            for key in set(where).difference(places):
                if key[0] is not None:
                    places[key] = _resolve_place(key)  # never refuses: an unknown place is a warning
            located = [places[key] if key[0] is not None else _NOWHERE for key in where]
            if located:
                *found_columns, found_warnings = zip(*located)
                out.update(zip(_LOCATION_COLUMNS, found_columns))
                for index, row_warnings in enumerate(found_warnings):
                    if row_warnings:
                        warnings[index] = list(row_warnings)
        if adding or "product_type" in given:
            typed = given.get("product_type", nothing)
            out["product_type"] = _resolved_column(self._memo("product_type"), typed,
                                                   lambda raw: self.vocabulary.resolve(clean_text(raw)), refuse)
            if "product_type" in given and (adding or not current.get("product")):
                # "Keripik" is a makanan product: the word the officer typed becomes the
                # product when none is given, instead of being lost to the type
                product_of = {raw: self.vocabulary.product_in(raw) for raw in set(typed)}
                out["product_from_type"] = [product_of[raw] for raw in typed]
        for field_name in _SIMPLE_FIELDS:
            if field_name in given:
                out[field_name] = self._parsed_column(field_name, given[field_name], refuse)
        from_type = out.pop("product_from_type", None)
        if from_type is not None and any(from_type):
            out["product"] = [product if product is not None else typed_product
                              for product, typed_product in zip(out.get("product", nothing), from_type)]
        elif not adding and "product_type" in given and "product" not in out:
            out["product"] = (current["product"],) * count  # a type given alone keeps the product
        members, pus, kb = (out[f] if f in out else column_of(f) for f in ("members", "members_pus", "members_kb"))
        if pus is not nothing or kb is not nothing:
            for index, refusal in enumerate(map(member_counts_refusal, members, pus, kb)):
                if refusal is not None and index not in refusals:
                    refuse(index, refusal)
        _check_papers(out, given, column_of, refuse, refusals)
        wanted = columns if columns is not None else filled_columns(fields)
        cells = list(zip(*[out.get(column, nothing) for column in wanted])) if wanted else [()] * count
        if_new = {index: refusals.pop(index) for index in [index for index, found in refusals.items()
                                                            if all(map(_new_group_only, found))]} if updating else {}
        for index in refusals:
            cells[index] = None
        return CheckedRows(cells, warnings, refusals, if_new)

    def _parsed_column(self, field_name: str, column, refuse) -> list | tuple:
        parser = _PARSERS[field_name]
        if parser is normalize_phone and all_stored_phones(column):
            return column
        if field_name in _REPEATING_FIELDS:
            return _resolved_column(self._memo(field_name), column,
                                    functools.partial(_parse_present, parser, field_name), refuse)
        try:
            if field_name in MAX_TEXT_LENGTH:
                return _text_column(column, field_name)
            return [None if value is None else parser(value, field_name) for value in column]
        except UppksError:
            # a refused value: parse again one at a time, to tell each row why
            parsed = []
            for index, value in enumerate(column):
                if value is not None:
                    try:
                        value = parser(value, field_name)
                    except UppksError as refusal:
                        value = None
                        refuse(index, refusal)
                parsed.append(value)
            return parsed


def _check_papers(out: dict, given: dict, column_of, refuse, refusals: dict) -> None:
    """Each paper's day obtained needs its number: a number cleared clears its day, unless a day is given."""
    for paper in PAPERS:
        day_field = DATE_OF[paper]
        if paper not in given and day_field not in given:
            continue
        numbers = out[paper] if paper in out else column_of(paper)
        days = out[day_field] if day_field in out else column_of(day_field)
        if paper in given and day_field not in given:
            days = [None if number is None else day for number, day in zip(numbers, days)]
        out[day_field] = days
        for index, refusal in enumerate(map(papers_refusal, numbers, days, (paper,) * len(days))):
            if refusal is not None and index not in refusals:
                refuse(index, refusal)


def _checked_names(column, refuse) -> list[tuple]:
    """(name, key) of each row: text names trimmed a column at a time, anything else one by one."""
    if str in set(map(type, column)) and len(set(map(type, column))) == 1 and not BREAK_OR_CONTROL.search(
            "".join(raw.strip() for raw in column)):
        names = [" ".join(raw.split()) for raw in column]
        if ("" not in names and not EMPTY_DASHES.intersection(names)
                and max(map(len, names), default=0) <= MAX_TEXT_LENGTH["name"]
                and not any(name[:1].isdigit() for name in names)):
            return list(zip(names, name_keys(names)))
    try:
        return [name_and_key(raw) for raw in column]
    except UppksError:
        named = []
        for index, raw in enumerate(column):
            try:
                named.append(name_and_key(raw))
            except UppksError as refusal:
                named.append((None, None))
                refuse(index, refusal)
        return named


def _text_column(column, field_name: str) -> list:
    """text_field over a column, the usual text cells trimmed in one pass."""
    if CONTROL_CHARACTER.search("".join(value for value in column if type(value) is str)):
        return [text_field(value, field_name) for value in column]  # raises for the first one
    cleaned = [(" ".join(value.split()) or None) if type(value) is str else text_field(value, field_name)
               for value in column]
    if EMPTY_DASHES.intersection(cleaned):
        cleaned = [None if value in EMPTY_DASHES else value for value in cleaned]
    if max(map(len, filter(None, cleaned)), default=0) > MAX_TEXT_LENGTH[field_name]:
        return [text_field(value, field_name) for value in column]  # raises for the first one too long
    return cleaned


def _parse_present(parser, field_name: str, value):
    return None if value is None else parser(value, field_name)


def _remember(memo: dict, value, resolve) -> None:
    """memo[value] = resolve(value), or its refusal."""
    try:
        memo[value] = resolve(value)
    except UppksError as refusal:
        memo[value] = _Refused(refusal)


def _resolve_place(key: tuple) -> tuple:
    """(kecamatan, its code, gampong, its code, warnings) of a place in a district."""
    district_code, subdistrict, village = key
    district = district_by_code().get(district_code)
    if district is None:  # a stored code the reference no longer knows: the place stays as it was written
        return clean_text(subdistrict), None, clean_text(village), None, ()
    location, found_warnings = resolve_location(district, clean_text(subdistrict), clean_text(village))
    return (location.subdistrict, location.subdistrict_code, location.village, location.village_code,
            tuple(found_warnings))


def _resolved_column(memo: dict, column, resolve, refuse) -> list:
    """Each distinct value of a column resolved once (kept in memo), then mapped.

    A refusal is kept in the memo too and given to every row that has it.
    """
    distinct = set(column)
    if bool in set(map(type, distinct)):
        # True == 1 as a dict key: a column holding both cannot share a memo
        memo = {}
    for value in distinct.difference(memo):
        _remember(memo, value, resolve)
    resolved = list(map(memo.__getitem__, column))
    if _Refused in {type(memo[value]) for value in distinct}:
        for index, value in enumerate(resolved):
            if type(value) is _Refused:
                resolved[index] = None
                refuse(index, value.refusal)
    return resolved
