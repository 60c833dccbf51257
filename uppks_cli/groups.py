"""Groups: add, edit, show, (de)activate, list and count. Plain functions over a connection."""

from __future__ import annotations

import datetime as _dt
import functools
import sqlite3
from dataclasses import dataclass, field

from uppks_cli import totals
from uppks_cli.db import transaction
from uppks_cli.errors import DataWarning, UppksError
from uppks_cli.history import record
from uppks_cli.product_types import Vocabulary, find_product_type, resolve_product_type
from uppks_cli.reference import (
    district_by_code,
    find_district,
    find_subdistricts,
    fold,
    resolve_district,
    resolve_location,
)
from uppks_cli.values import clean_text, normalize_phone, parse_amount, parse_year

# What `add` and `edit` take, in the order forms and exports show them.
INPUT_FIELDS = (
    "name", "district", "subdistrict", "village", "product_type", "product",
    "members", "members_pus", "members_kb", "leader", "phone", "founded_year",
    "capital", "turnover", "notes",
)
# An import may also carry a group's status, as an export writes it.
IMPORT_FIELDS = INPUT_FIELDS + ("status", "inactive_reason")
TEXT_FIELDS = ("product", "leader", "notes")
AMOUNT_FIELDS = ("members", "members_pus", "members_kb", "capital", "turnover")
MAX_TEXT_LENGTH = {"name": 200, "product": 500, "leader": 200, "notes": 2000}

# Keys of a group as JSON/CSV show it: stable English names, whatever the language.
PUBLIC_FIELDS = (
    "id", "name", "district_code", "district", "subdistrict", "subdistrict_code",
    "village", "village_code", "product_type", "product", "members", "members_pus",
    "members_kb", "leader", "phone", "founded_year", "capital", "turnover", "status",
    "inactive_reason", "notes", "created_at", "updated_at",
)
_COLUMNS = tuple(f for f in PUBLIC_FIELDS if f not in ("id", "district"))

SORT_FIELDS = {
    "id": "id", "name": "name COLLATE NOCASE", "district": "district_code",
    "district_code": "district_code", "subdistrict": "subdistrict COLLATE NOCASE",
    "village": "village COLLATE NOCASE", "product_type": "product_type",
    "members": "members", "members_pus": "members_pus", "members_kb": "members_kb",
    "founded_year": "founded_year", "capital": "capital", "turnover": "turnover",
    "created_at": "created_at", "updated_at": "updated_at",
}
STATUSES = ("active", "inactive", "all")


def now_iso() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _text_field(value, name: str, required: bool = False) -> str | None:
    text = clean_text(value)
    if required and not text:
        raise UppksError("error_required", field=name)
    limit = MAX_TEXT_LENGTH.get(name)
    if text and limit and len(text) > limit:
        raise UppksError("error_too_long", field=name, length=len(text), limit=limit)
    return text


_STATUS_WORDS = {"active": "active", "aktif": "active", "inactive": "inactive", "nonaktif": "inactive",
                 "non aktif": "inactive", "tidak aktif": "inactive"}


def parse_status(value) -> str | None:
    text = clean_text(value)
    if text is None:
        return None
    status = _STATUS_WORDS.get(fold(text))
    if status is None:
        raise UppksError("error_status_value", field="status", value=text)
    return status


_IDENTITY_PREFIXES = {"uppks", "uppka", "kelompok"}
_PREFIX_WORDS = tuple(f"{prefix} " for prefix in _IDENTITY_PREFIXES)


def _name_and_key(raw) -> tuple[str, str]:
    """A group's name, checked, and its name_key: one pass for a big import."""
    if type(raw) is str:
        name = " ".join(raw.split())
        if not name or len(name) > MAX_TEXT_LENGTH["name"]:
            name = _text_field(raw, "name", required=True)
    else:
        name = _text_field(raw, "name", required=True)
    key = name.lower()
    if key.isascii() and key.replace(" ", "").isalnum():
        while key.startswith(_PREFIX_WORDS):
            key = key.partition(" ")[2]
        return name, key
    return name, name_key(name)


def name_key(name: str) -> str:
    """The name as identity: case, spacing, punctuation and a leading
    UPPKS/UPPKA/Kelompok ignored, since the programme's renaming means old and
    new sheets name one group differently."""
    words = fold(name).split()
    while len(words) > 1 and words[0] in _IDENTITY_PREFIXES:
        words = words[1:]
    return " ".join(words)


class GroupCleaner:
    """Checks and normalises group fields, remembering what it resolved.

    An import names the same few districts, product types and kecamatan over
    and over; resolving each spelling once keeps 100,000 rows fast.
    """

    def __init__(self, conn: sqlite3.Connection | None, vocabulary: Vocabulary | None = None):
        self.conn = conn
        self._vocabulary = vocabulary
        # per kind of value (district, location, members ...): value as written -> resolved, or _Refused
        self._memos: dict[str, dict] = {}

    @property
    def vocabulary(self) -> Vocabulary:
        if self._vocabulary is None:
            self._vocabulary = Vocabulary.load(self.conn)
        return self._vocabulary

    def _memo(self, kind: str) -> dict:
        memo = self._memos.setdefault(kind, {})
        if len(memo) > _MAX_REMEMBERED:
            memo.clear()  # a bound, so memory stays flat however long the file
        return memo

    def _remembered(self, kind: str, raw, resolve):
        """resolve(raw), each distinct value once, refusals included."""
        memo = self._memo(kind) if type(raw) is not bool else {}  # True == 1 as a dict key
        if raw not in memo:
            _remember(memo, raw, resolve)
        found = memo[raw]
        if type(found) is _Refused:
            raise found.refusal
        return found

    def district(self, raw):
        return self._remembered("district", raw, self._resolve_district)

    def product_type(self, raw):
        return self._remembered("product_type", raw, self._resolve_product_type)

    def place(self, district_code: str, subdistrict, village) -> tuple:
        """(subdistrict, subdistrict_code, village, village_code, warnings) of a place in the district."""
        return self._remembered("location", (district_code, subdistrict, village), _resolve_place)

    def _resolve_district(self, raw):
        return resolve_district(clean_text(raw))

    def _resolve_product_type(self, raw):
        return self.vocabulary.resolve(clean_text(raw))

    def clean_new_rows(self, fields: list[str], rows: list[tuple], columns: tuple[str, ...] = ()) -> "CheckedRows":
        return _clean_new_rows(self, fields, rows, columns or ROW_COLUMNS)

    def clean(self, given: dict, current: dict | None = None, collect: bool = False
              ) -> tuple[dict, list[DataWarning], list[UppksError]]:
        """Check and normalise the fields given; returns columns, warnings and refusals.

        `given` holds only what was supplied (for an edit, the changes; an empty
        string clears an optional field). `current` is the stored group when
        editing, so cross-field rules are checked on the result. With
        `collect`, every refusal is returned (an import lists them all);
        otherwise the first one is raised.
        """
        unknown = given.keys() - _IMPORT_FIELD_SET
        if unknown:
            raise UppksError("error_unknown_field", field=sorted(unknown)[0])
        adding = current is None
        row: dict = {}
        warnings: list[DataWarning] = []
        errors: list[UppksError] = []
        district = None
        try:
            if adding or "name" in given:
                row["name"] = name = _text_field(given.get("name"), "name", required=True)
                row["name_key"] = name_key(name)
        except UppksError as refusal:
            errors.append(refusal)
        try:
            if adding or "district" in given:
                district = self.district(given.get("district"))
                row["district_code"] = district.code
            else:
                district = district_by_code().get(current["district_code"])
        except UppksError as refusal:
            errors.append(refusal)
        if district and (adding or "district" in given or "subdistrict" in given or "village" in given):
            subdistrict = given["subdistrict"] if "subdistrict" in given else (current or {}).get("subdistrict")
            village = given["village"] if "village" in given else (current or {}).get("village")
            (row["subdistrict"], row["subdistrict_code"], row["village"], row["village_code"],
             location_warnings) = self.place(district.code, subdistrict, village)
            warnings.extend(location_warnings)
        try:
            if adding or "product_type" in given:
                row["product_type"] = self.product_type(given.get("product_type"))
        except UppksError as refusal:
            errors.append(refusal)
        for field_name in _SIMPLE_FIELDS:
            if field_name in given:
                try:
                    row[field_name] = _FIELD_PARSERS[field_name](given[field_name], field_name)
                except UppksError as refusal:
                    errors.append(refusal)
        if row.get("status", "") is None:
            del row["status"]
        if not errors:
            try:
                check_member_counts({**current, **row} if current else row)
            except UppksError as refusal:
                errors.append(refusal)
        if errors and not collect:
            raise errors[0]
        return row, warnings, errors


_FIELD_PARSERS = {
    **{name: _text_field for name in TEXT_FIELDS},
    **{name: parse_amount for name in AMOUNT_FIELDS},
    "phone": normalize_phone,
    "founded_year": lambda value, field_name: parse_year(value, field_name),
    "status": lambda value, field_name: parse_status(value),
    "inactive_reason": lambda value, field_name: clean_text(value),
}
_IMPORT_FIELD_SET = frozenset(IMPORT_FIELDS)
# the fields parsed one by one, in a fixed order so refusals always list alike
_SIMPLE_FIELDS = tuple(f for f in IMPORT_FIELDS if f in _FIELD_PARSERS)
_REPEATING_FIELDS = frozenset(AMOUNT_FIELDS) | {"founded_year", "status", "product"}
# a bound on remembered values, so memory stays flat however long the file
_MAX_REMEMBERED = 100_000


def _clean_new_rows(cleaner: "GroupCleaner", fields: list[str], rows: list[tuple],
                    wanted: tuple[str, ...]) -> CheckedRows:
    """GroupCleaner.clean(values) for many new rows at once, column by column.

    `rows` are tuples aligned with `fields` (None where a cell is empty).
    Gives each row's cells, the `wanted` columns (ROW_COLUMNS or those of
    filled_columns) in order, None for a refused row, and,
    by row index, the warnings and refusals, exactly as clean() would; a test
    holds the two together. Working a column at a time lets a value that
    repeats down a file (a district, an amount, a year) be resolved once per
    chunk with set and map operations instead of per-row dictionary work.
    """
    unknown = set(fields) - _IMPORT_FIELD_SET
    if unknown:
        raise UppksError("error_unknown_field", field=sorted(unknown)[0])
    count = len(rows)
    given = dict(zip(fields, zip(*rows))) if rows else {}
    nothing = (None,) * count
    refusals: dict[int, list] = {}
    columns: dict[str, list | tuple] = {}

    def refuse(index: int, refusal: UppksError) -> None:
        refusals.setdefault(index, []).append(refusal)

    column = given.get("name", nothing)
    try:
        named = [_name_and_key(raw) for raw in column]
    except UppksError:
        named = []
        for index, raw in enumerate(column):
            try:
                named.append(_name_and_key(raw))
            except UppksError as refusal:
                named.append((None, None))
                refuse(index, refusal)
    columns["name"], columns["name_key"] = zip(*named) if named else ((), ())

    found_districts = _resolved_column(cleaner._memo("district"), given.get("district", nothing),
                                       cleaner._resolve_district, refuse)
    columns["district_code"] = [d.code if d is not None else None for d in found_districts]

    warnings: dict[int, list] = {}
    where = list(zip(columns["district_code"], given.get("subdistrict", nothing), given.get("village", nothing)))
    places = cleaner._memo("location")
    for key in set(where).difference(places):
        if key[0] is not None:
            places[key] = _resolve_place(key)  # never refuses: an unknown place is a warning
    located = [places[key] if key[0] is not None else _NOWHERE for key in where]
    if located:
        (columns["subdistrict"], columns["subdistrict_code"], columns["village"], columns["village_code"],
         found_warnings) = zip(*located)
        for index, row_warnings in enumerate(found_warnings):
            if row_warnings:
                warnings[index] = list(row_warnings)

    columns["product_type"] = _resolved_column(cleaner._memo("product_type"), given.get("product_type", nothing),
                                               cleaner._resolve_product_type, refuse)

    for field_name in _SIMPLE_FIELDS:
        column = given.get(field_name)
        if column is None:
            continue
        parser = _FIELD_PARSERS[field_name]
        if field_name in _REPEATING_FIELDS:
            # amounts, years and products repeat across a file: parse each once
            columns[field_name] = _resolved_column(cleaner._memo(field_name), column,
                                                   functools.partial(_parse_present, parser, field_name), refuse)
        else:
            try:
                if field_name in MAX_TEXT_LENGTH:
                    columns[field_name] = _text_column(column, field_name)
                else:
                    columns[field_name] = [None if value is None else parser(value, field_name) for value in column]
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
                columns[field_name] = parsed

    members, pus, kb = (columns.get(f, nothing) for f in ("members", "members_pus", "members_kb"))
    if pus is not nothing or kb is not nothing:
        doubtful = [index for index, (m, p, k) in enumerate(zip(members, pus, kb))
                    if (p is not None and m is not None and p > m)
                    or (k is not None and ((p is not None and k > p) or (p is None and m is not None and k > m)))]
        for index in doubtful:
            if index not in refusals:
                try:
                    check_member_counts({"members": members[index], "members_pus": pus[index],
                                         "members_kb": kb[index]})
                except UppksError as refusal:
                    refuse(index, refusal)

    cells = list(zip(*[columns.get(column, nothing) for column in wanted])) if count else []
    for index in refusals:
        cells[index] = None
    return CheckedRows(cells, warnings, refusals)


@dataclass
class CheckedRows:
    """A chunk of checked rows: cells per row (None if refused); warnings and refusals by row index."""

    cells: list
    warnings: dict
    refusals: dict


_NOWHERE = (None, None, None, None, None)


class _Refused:
    """A value's refusal, as a column memo keeps it."""

    __slots__ = ("refusal",)

    def __init__(self, refusal: UppksError):
        self.refusal = refusal


def _text_column(column, field_name: str) -> list:
    """_text_field over a column, the usual text cells trimmed in one pass."""
    cleaned = [(" ".join(value.split()) or None) if type(value) is str else _text_field(value, field_name)
               for value in column]
    if max(map(len, filter(None, cleaned)), default=0) > MAX_TEXT_LENGTH[field_name]:
        return [_text_field(value, field_name) for value in column]  # raises for the first one too long
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
    district_code, subdistrict, village = key
    location, warnings = resolve_location(district_by_code()[district_code], clean_text(subdistrict),
                                          clean_text(village))
    return location.subdistrict, location.subdistrict_code, location.village, location.village_code, warnings


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


def clean_group(conn: sqlite3.Connection, given: dict, current: dict | None = None
                ) -> tuple[dict, list[DataWarning]]:
    """Check and normalise the fields given (add and edit); the first refusal is raised."""
    row, warnings, _ = GroupCleaner(conn).clean(given, current)
    return row, warnings


def check_member_counts(group: dict) -> None:
    """PUS ber-KB <= PUS <= members, wherever both sides are known."""
    members, pus, kb = group.get("members"), group.get("members_pus"), group.get("members_kb")
    if pus is not None and members is not None and pus > members:
        raise UppksError("error_pus_over_members", members=members, members_pus=pus)
    if kb is not None and pus is not None and kb > pus:
        raise UppksError("error_kb_over_pus", members_pus=pus, members_kb=kb)
    if kb is not None and pus is None and members is not None and kb > members:
        raise UppksError("error_kb_over_members", members=members, members_kb=kb)


def public_group(row) -> dict:
    """A stored row as list/show/JSON present it."""
    group = {key: row[key] for key in row.keys()}
    district = district_by_code().get(group["district_code"])
    group["district"] = district.name if district else group["district_code"]
    return {key: group.get(key) for key in PUBLIC_FIELDS}


def _stored(conn: sqlite3.Connection, group_id: int) -> sqlite3.Row:
    row = conn.execute("SELECT * FROM groups WHERE id = ?", (group_id,)).fetchone()
    if row is None:
        raise UppksError("error_group_not_found", id=group_id)
    return row


def get_group(conn: sqlite3.Connection, group_id: int) -> dict:
    return public_group(_stored(conn, group_id))


# Every column an insert writes, in one fixed order, so an import can insert
# many rows with one executemany.
INSERT_COLUMNS = ("name", "name_key", "district_code", "subdistrict", "subdistrict_code", "village", "village_code",
                  "product_type", "product", "members", "members_pus", "members_kb", "leader", "phone",
                  "founded_year", "capital", "turnover", "status", "inactive_reason", "notes", "created_at",
                  "updated_at", "batch_id", "created_batch")
# A new group's checked columns in a fixed order: how an import moves and writes rows.
ROW_COLUMNS = tuple(c for c in INSERT_COLUMNS if c not in ("created_at", "updated_at", "batch_id", "created_batch"))
_STATUS_AT, _CREATED_AT, _UPDATED_AT, _BATCH_AT, _CREATED_BATCH_AT = (
    INSERT_COLUMNS.index(c) for c in ("status", "created_at", "updated_at", "batch_id", "created_batch"))
INSERT_SQL = f"INSERT INTO groups (id, {', '.join(INSERT_COLUMNS)}) VALUES (?, {', '.join('?' for _ in INSERT_COLUMNS)})"


_LOCATION_COLUMNS = ("subdistrict", "subdistrict_code", "village", "village_code")


def filled_columns(fields) -> tuple[str, ...]:
    """The ROW_COLUMNS that rows giving these fields can fill, in order.

    An import writes only these; the others keep their defaults (status
    active, the rest empty). Binding three fewer columns a row is a fifth of
    a big import's writing time.
    """
    given = set(fields)
    located = bool(given & {"subdistrict", "village"})
    return tuple(column for column in ROW_COLUMNS
                 if column in ("name", "name_key", "district_code", "product_type") or column in given
                 or (located and column in _LOCATION_COLUMNS))


def insert_values(row: dict, stamp: str, batch_id: int | None) -> list:
    """A cleaned row as the values of INSERT_SQL (without the id)."""
    values = [row.get(column) for column in INSERT_COLUMNS]
    values[_STATUS_AT] = row.get("status") or "active"
    values[_CREATED_AT] = values[_UPDATED_AT] = stamp
    values[_BATCH_AT] = values[_CREATED_BATCH_AT] = batch_id
    return values


def insert_group(conn: sqlite3.Connection, row: dict, batch_id: int | None = None) -> int:
    if "name_key" not in row:
        row = {**row, "name_key": name_key(row["name"])}
    values = insert_values(row, now_iso(), batch_id)
    cursor = conn.execute(INSERT_SQL, [None, *values])
    totals.change(conn, None, dict(zip(INSERT_COLUMNS, values)))
    return cursor.lastrowid


def find_same_group(conn: sqlite3.Connection, district_code: str, key: str,
                    subdistrict: str | None) -> sqlite3.Row | None:
    """The stored group a row describes: same name key and district, and a
    kecamatan that does not contradict (missing on either side matches)."""
    candidates = conn.execute("SELECT id, subdistrict FROM groups WHERE district_code = ? AND name_key = ? "
                              "ORDER BY id", (district_code, key)).fetchall()
    chosen = choose_same_group(candidates, subdistrict)
    if chosen is None:
        return None
    return conn.execute("SELECT * FROM groups WHERE id = ?", (chosen,)).fetchone()


def choose_same_group(candidates, subdistrict: str | None):
    """Among (id, kecamatan) pairs with the right name and district, the one a
    row with this kecamatan describes: an equal kecamatan first, else the
    first whose kecamatan is missing on either side."""
    wanted = fold(subdistrict) if subdistrict else None
    chosen = None
    for group_id, stored_subdistrict in candidates:
        stored = fold(stored_subdistrict) if stored_subdistrict else None
        if wanted and stored:
            if wanted == stored:
                return group_id
        elif chosen is None:
            chosen = group_id
    return chosen


def add_group(conn: sqlite3.Connection, given: dict) -> tuple[int, list[DataWarning]]:
    row, warnings = clean_group(conn, given)
    with transaction(conn):
        same = find_same_group(conn, row["district_code"], row["name_key"], row.get("subdistrict"))
        group_id = insert_group(conn, row)
        created = {column: (None, value) for column, value in row.items()
                   if value is not None and column != "name_key"}
        record(conn, group_id, "created", "add", created, now_iso())
    if same is not None:
        warnings.append(DataWarning("warning_same_group", id=same["id"], name=same["name"], new_id=group_id))
    return group_id, warnings


def edit_group(conn: sqlite3.Connection, group_id: int, given: dict
               ) -> tuple[dict[str, tuple], list[DataWarning]]:
    """Apply the changes; returns {column: (before, after)} for what really changed."""
    if not given:
        raise UppksError("error_edit_nothing")
    with transaction(conn):
        current = dict(_stored(conn, group_id))
        row, warnings = clean_group(conn, given, current)
        changes = {key: (current[key], row[key]) for key in _COLUMNS
                   if key in row and current[key] != row[key]}
        if changes:
            update_group(conn, group_id, {column: after for column, (_, after) in changes.items()})
            record(conn, group_id, "edited", "edit", changes, now_iso())
    return changes, warnings


def update_group(conn: sqlite3.Connection, group_id: int, values: dict, batch_id: int | None = None) -> None:
    """Write changed columns; every change bumps the group's revision, which is
    how undo-import knows whether anything touched a group after a batch."""
    values = dict(values)
    if "name" in values:
        values["name_key"] = name_key(values["name"])
    values["updated_at"] = now_iso()
    values["batch_id"] = batch_id
    before = None
    if totals.TOTALLED_COLUMNS & values.keys():
        before = dict(conn.execute("SELECT * FROM groups WHERE id = ?", (group_id,)).fetchone())
    assignments = ", ".join(f"{column} = ?" for column in values)
    conn.execute(f"UPDATE groups SET {assignments}, revision = revision + 1 WHERE id = ?",
                 [*values.values(), group_id])
    if before is not None:
        totals.change(conn, before, {**before, **values})


def set_status(conn: sqlite3.Connection, group_id: int, active: bool, reason: str | None = None) -> bool:
    """Deactivate or reactivate; False when the group already had that status.

    Groups are never deleted, as on BKKBN's K/0 card: an inactive group keeps
    its record and can come back.
    """
    status = "active" if active else "inactive"
    with transaction(conn):
        current = _stored(conn, group_id)
        if current["status"] == status:
            return False
        reason = None if active else clean_text(reason)
        update_group(conn, group_id, {"status": status, "inactive_reason": reason})
        record(conn, group_id, "activated" if active else "deactivated", reason,
               {"status": (current["status"], status), "inactive_reason": (current["inactive_reason"], reason)},
               now_iso())
    return True


@dataclass
class GroupFilter:
    """Which groups a list, count or summary covers. Values within one field are alternatives."""

    district_codes: list[str] = field(default_factory=list)
    product_types: list[str] = field(default_factory=list)
    subdistricts: list[str] = field(default_factory=list)
    search: str | None = None
    status: str = "active"

    def totals_answer(self) -> bool:
        """Whether the running totals answer this filter (they know status, district and type only)."""
        return not self.subdistricts and not self.search

    def where(self) -> tuple[str, list]:
        clauses, params = [], []
        if self.status not in STATUSES:
            raise UppksError("error_status", value=self.status)
        if self.status != "all":
            clauses.append("status = ?")
            params.append(self.status)
        for column, values in (("district_code", self.district_codes), ("product_type", self.product_types)):
            if values:
                clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
                params.extend(values)
        if self.subdistricts:
            clauses.append(f"lower(subdistrict) IN ({', '.join('lower(?)' for _ in self.subdistricts)})")
            params.extend(self.subdistricts)
        if self.search:
            pattern = "%" + self.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            searched = ("name", "product", "leader", "subdistrict", "village", "notes")
            clauses.append("(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in searched) + ")")
            params.extend([pattern] * len(searched))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def build_filter(conn: sqlite3.Connection, district=None, product_type=None, subdistrict=None,
                 search=None, status: str = "active", terms: list[str] = ()) -> GroupFilter:
    """Turn options and meeting-style positional terms into one filter."""
    group_filter = GroupFilter(search=clean_text(search), status=status)
    if district:
        group_filter.district_codes.append(resolve_district(district).code)
    if product_type:
        group_filter.product_types.append(resolve_product_type(conn, product_type))
    if subdistrict:
        group_filter.subdistricts.append(_subdistrict_name(subdistrict))
    for kind, value in resolve_terms(conn, list(terms)):
        target = {"district": group_filter.district_codes, "product_type": group_filter.product_types,
                  "subdistrict": group_filter.subdistricts}[kind]
        if value not in target:
            target.append(value)
    return group_filter


def _subdistrict_name(text: str) -> str:
    known = find_subdistricts(text)
    return known[0].name if known else clean_text(text) or ""


def _meanings(conn: sqlite3.Connection, phrase: str) -> list[tuple[str, str]]:
    """Every (kind, value) a phrase can name exactly."""
    meanings = []
    district = find_district(phrase)
    if district:
        meanings.append(("district", district.code))
    code = find_product_type(conn, phrase)
    if code:
        meanings.append(("product_type", code))
    found = find_subdistricts(phrase)
    # "Pidie" is also a kecamatan inside Pidie: the district reading contains
    # the kecamatan one, so it is not a real ambiguity.
    if found and not (district and all(s.district_code == district.code for s in found)):
        meanings.append(("subdistrict", found[0].name))
    return meanings


def resolve_terms(conn: sqlite3.Connection, terms: list[str]) -> list[tuple[str, str]]:
    """Read `pidie anyaman` or `aceh besar makanan` as filters.

    Unquoted words are joined greedily, longest first, so "aceh besar" is
    found whether or not it was quoted.
    """
    words = [w for w in (clean_text(t) for t in terms) if w]
    resolved, start = [], 0
    while start < len(words):
        for end in range(len(words), start, -1):
            phrase = " ".join(words[start:end])
            meanings = _meanings(conn, phrase)
            if meanings:
                break
        else:
            raise _term_not_understood(conn, words[start])
        if len(meanings) > 1:
            raise UppksError("error_term_ambiguous", value=phrase,
                             meanings="; ".join(_describe(conn, kind, value) for kind, value in meanings))
        resolved.append(meanings[0])
        start = end
    return resolved


def _describe(conn: sqlite3.Connection, kind: str, value: str) -> str:
    from uppks_cli.i18n import t

    if kind == "district":
        return t("meaning_district", name=district_by_code()[value].name)
    if kind == "product_type":
        return t("meaning_product_type", code=value)
    places = sorted({district_by_code()[s.district_code].name for s in find_subdistricts(value)})
    return t("meaning_subdistrict", name=value, districts=", ".join(places))


def _term_not_understood(conn: sqlite3.Connection, word: str) -> UppksError:
    from uppks_cli.reference import suggest_district

    try:
        resolve_district(word)
    except UppksError as refusal:
        if refusal.key == "error_district_bare_code":
            return refusal
    district = suggest_district(word)
    if district:
        return UppksError("error_term_near", value=word, suggestion=district.name)
    try:
        resolve_product_type(conn, word)
    except UppksError as refusal:
        if refusal.key == "error_product_type_near":
            return UppksError("error_term_near", value=word, suggestion=refusal.params["suggestion"])
    return UppksError("error_term_unknown", value=word)


def list_groups(conn: sqlite3.Connection, group_filter: GroupFilter, sort: str | None = None,
                limit: int | None = None) -> list[dict]:
    where, params = group_filter.where()
    order = "id"
    if sort:
        descending = sort.startswith("-")
        key = sort.lstrip("-").strip().lower().replace("-", "_")
        if key not in SORT_FIELDS:
            raise UppksError("error_sort_field", value=sort, fields=", ".join(sorted(SORT_FIELDS)))
        expression = SORT_FIELDS[key]
        column = expression.split()[0]
        order = f"{column} IS NULL, {expression} {'DESC' if descending else 'ASC'}, id"
    sql = f"SELECT * FROM groups{where} ORDER BY {order}"
    if limit is not None:
        sql += " LIMIT ?"
        params = params + [int(limit)]
    return [public_group(row) for row in conn.execute(sql, params)]


def count_groups(conn: sqlite3.Connection, group_filter: GroupFilter) -> int:
    if group_filter.totals_answer():
        where, params = group_filter.where()
        return conn.execute(f"SELECT coalesce(sum(groups), 0) FROM group_totals{where}", params).fetchone()[0]
    where, params = group_filter.where()
    return conn.execute(f"SELECT count(*) FROM groups{where}", params).fetchone()[0]
