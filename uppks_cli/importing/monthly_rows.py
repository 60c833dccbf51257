"""Reading a monthly report sheet and checking its rows: the same stream of
events as checking.checked_rows, with no database, so it runs in this process
or a second one (pipeline.py).

A row names its group (name, district, kecamatan) and a month: its own
"Bulan" cell, else the sheet's title ("KEADAAN BULAN OKTOBER 2025"), else
--period. Events: ("sheet", ...), ("note", ...), ("progress", ...) as for
groups; ("refused", sheet, number, given, problems); ("rows", sheet, numbers,
rows, givens) where a row is (district code, name key, kecamatan, name,
period, the report's values in MONTHLY_FIELDS order) and a given is the row's
values as read, for the report and the rejects file.
"""

from __future__ import annotations

import datetime as _dt
import re

from uppks_cli.domain.checker import name_and_key
from uppks_cli.domain.monthly import (
    MONTHLY_FIELDS,
    month_number,
    period_in,
    periods_named,
    report_value,
    rule_refusal,
)
from uppks_cli.domain.reference import (
    DISTRICT_CODE_BESIDE,
    district_code_refusal,
    find_subdistricts,
    resolve_district,
    resolve_location,
)
from uppks_cli.domain.values import clean_text
from uppks_cli.errors import UppksError
from uppks_cli.importing.checking import problem, sheet_tables
from uppks_cli.importing.headers import MONTHLY_HEADINGS

# a bound on the values remembered per field, so memory stays flat however long the file
_MAX_REMEMBERED = 20_000
_MISSING = object()


def sheet_period(titles: list[str], chosen: str | None, file: str, sheet: str | None) -> tuple[str | None, str]:
    """The month of a sheet's rows without a month of their own, and where it came from
    ("title", "tab", "option" or "" when none): the title, the tab and --period must agree."""
    named = set()
    for text in titles:
        named |= periods_named(text)
    where = sheet or "-"
    if len(named) > 1:
        raise UppksError("error_monthly_title_periods", file=file, sheet=where, periods=", ".join(sorted(named)))
    if named and chosen and named != {chosen}:
        raise UppksError("error_monthly_period_conflict", file=file, sheet=where, title=next(iter(named)),
                         period=chosen)
    month, came_from = (next(iter(named)), "title") if named else (chosen, "option" if chosen else "")
    # a workbook of a quarter has a sheet per month ("Okt", "Nov", "Des", "November 2025"): the tab names
    # its month, which the title and --period, said once for every sheet, must not overrule
    tab = _tab_month(sheet)
    if tab is None:
        return month, came_from
    tab_year, tab_month = tab
    if month is not None:
        if int(month[5:]) != tab_month or (tab_year is not None and int(month[:4]) != tab_year):
            raise UppksError("error_monthly_tab_conflict", file=file, sheet=where, period=month)
        return month, came_from
    if tab_year is None:
        years = {int(word) for text in titles for word in _YEAR.findall(text)}
        if len(years) != 1:
            return None, ""
        tab_year = years.pop()
    return f"{tab_year:04d}-{tab_month:02d}", "tab"


_YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")


def _tab_month(sheet: str | None) -> tuple[int | None, int] | None:
    """(year or None, month) a sheet's tab names: "November 2025", "Nov-25", "Okt", "DESEMBER"; not a
    kecamatan's name that is also a month's (Juli, in Bireuen), nor a tab of other words."""
    text = clean_text(sheet) or ""
    found = period_in(text)
    if found is None:
        named = periods_named(text)
        found = next(iter(named)) if len(named) == 1 else None
    if found is not None:
        return int(found[:4]), int(found[5:])
    word = text.rstrip(".")
    if not word.isalpha() or find_subdistricts(word):
        return None
    number = month_number(word) if len(word) >= 3 else None
    return (None, number) if number else None


def monthly_rows(source, options, mappings: dict, checker: MonthlyChecker, seen=None):
    """Every row of a source's monthly sheets, checked: the events described above."""
    checker.file = source.label
    for event in sheet_tables(source, options, mappings, MONTHLY_HEADINGS):
        if event[0] != "table":
            yield event
            continue
        table = event[1]
        month, came_from = sheet_period(table.titles, options.period, source.label, table.name)
        if "period" not in table.fields and month is None:
            raise UppksError("error_monthly_no_period", file=source.label, sheet=table.name or "-")
        if came_from in ("title", "tab"):
            # with a month column, the title's (or tab's) month is only that of the rows whose cell is empty
            note = f"note_period_{came_from}_fills" if "period" in table.fields else f"note_period_from_{came_from}"
            yield ("note", table.name, note, {"period": month})
        yield from table.events(lambda block, table=table, month=month: checker.check_block(
            block, table.name, table.headers, table.fields, month))


class GroupRowChecker:
    """Checks blocks of rows that name a registered group (name, district, kecamatan) a
    column at a time: each distinct district, kecamatan and value is read once. The
    kinds of rows (monthly reports, activities) say what else a row holds."""

    def __init__(self):
        self.memos: dict = {}  # per field (and what else its reading depends on): value -> read or refusal
        self.month_first: dict = {}  # sheet: (row, text) of its first date written month first
        self.day_first_read: dict = {}  # sheet: (row, text) of its first date read day first that reads both ways
        self.file = "-"  # the file's name, for a refusal of the whole sheet

    def _memo(self, name) -> dict:
        memo = self.memos.get(name)
        if memo is None or len(memo) > _MAX_REMEMBERED:
            memo = self.memos[name] = {}
        return memo

    def _value(self, memo: dict, value, read):
        """read(value), or the refusal it raises, remembered in memo."""
        # 1, 1.0 and True are equal keys to a dict, but not the same cell
        key = value if type(value) is str else (type(value), repr(value))
        found = memo.get(key, _MISSING)
        if found is _MISSING:
            try:
                found = read(value)
            except UppksError as refusal:
                found = refusal
            memo[key] = found
        return found

    def columns(self, block: list[tuple[int, tuple]], fields: list[str]):
        """column(field, read, default, depends_on): the block's values of one field, read (or
        refused); depends_on is what else than the cell the reading depends on (the sheet's month)."""
        slot = {field_name: index for index, field_name in enumerate(fields)}
        count = len(block)

        def column(field_name: str, read, default=None, depends_on=None) -> list:
            at = slot.get(field_name)
            if at is None:
                return [default] * count
            memo, value_of = self._memo((field_name, depends_on)), self._value
            return [default if values[at] is None else value_of(memo, values[at], read) for _, values in block]

        return column

    def date_order(self, block: list[tuple[int, tuple]], fields: list[str], field_name: str, sheet: str | None,
                   key: str) -> list:
        """For each row, the refusal of a date that reads both ways ("11/3/2026": 11 March day first,
        3 November month first) in a sheet that writes a date month first ("10/28/2026", as an English
        spreadsheet saves it), else None. Read day first, as a sheet written the Indonesian way is, such a
        date would be a wrong day said nowhere; the first month-first date of a sheet counts for its later rows."""
        at = fields.index(field_name) if field_name in fields else None
        if at is None:
            return [None] * len(block)
        texts = [_slashed(values[at]) for _, values in block]
        both_ways = [bool(parts) and parts[1] <= 12 and parts[2] <= 12 and parts[1] != parts[2] for parts in texts]
        witness = self.month_first.get(sheet)
        if witness is None:
            witness = next(((number, parts[0]) for (number, _), parts in zip(block, texts)
                            if parts and parts[1] <= 12 < parts[2]), None)
            if witness is None:
                # read day first, as an Indonesian sheet writes them; remembered, in case a later row shows
                # the sheet writes month first after all
                read = next(((number, parts[0]) for (number, _), parts, doubt in zip(block, texts, both_ways)
                             if doubt), None)
                if read is not None:
                    self.day_first_read.setdefault(sheet, read)
                return [None] * len(block)
            earlier = self.day_first_read.get(sheet)
            if earlier is not None:  # a block already on its way to the registry was read the other way
                raise UppksError("error_date_order_late", file=self.file, sheet=sheet or "-", row=earlier[0],
                                 value=earlier[1], example=witness[1], example_row=witness[0])
            self.month_first[sheet] = witness
        row, example = witness
        doubtful = []
        for parts, doubt in zip(texts, both_ways):
            if doubt:
                text, first, second, year = parts
                doubtful.append(UppksError(key, field=field_name, value=text, example=example, row=row,
                                           day_first=_iso(year, second, first), month_first=_iso(year, first, second)))
            else:
                doubtful.append(None)
        return doubtful

    def groups(self, block: list[tuple[int, tuple]], fields: list[str], column):
        """For each row: (district code, name key, kecamatan, name) or None, the refusals of its
        name and missing district, and its district and kecamatan as read (or refused)."""
        districts = column("district", _district)
        codes_beside = column(DISTRICT_CODE_BESIDE, str)
        places = self._memo("kecamatan")
        subdistricts = [self._value(places, (district.code, text), _subdistrict)
                        if text is not None and not isinstance(district, (UppksError, type(None))) else None
                        for district, text in zip(districts, column("subdistrict", clean_text))]
        name_at = fields.index("name") if "name" in fields else None
        for index, (_, values) in enumerate(block):
            refusals = []
            try:
                name, key = name_and_key(values[name_at] if name_at is not None else None)
            except UppksError as refusal:
                name = key = None
                refusals.append(refusal)
            district, subdistrict = districts[index], subdistricts[index]
            if district is None:
                refusals.append(UppksError("error_required", field="district"))
            elif not isinstance(district, UppksError) and codes_beside[index] is not None:
                code_refusal = district_code_refusal(district, codes_beside[index])
                if code_refusal is not None:
                    refusals.append(code_refusal)
            group = None
            if key is not None and district is not None and not isinstance(district, UppksError):
                group = (district.code, key, subdistrict, name)
            yield group, refusals, district, subdistrict

    @staticmethod
    def events(block: list[tuple[int, tuple]], sheet: str | None, headers: dict, fields: list[str],
               outcomes: list[tuple[list, tuple]], filled: dict | None = None):
        """("rows", ...) and ("refused", ...) events for a block, in the sheet's order; outcomes
        are (refusals, row) per row, and `filled` what the sheet gave every row (its month)."""
        kept_numbers, rows, givens = [], [], []
        for (number, values), (refusals, row) in zip(block, outcomes):
            given = {f: v for f, v in zip(fields, values) if v is not None}
            for field_name, value in (filled or {}).items():  # the rejects file then imports again alone
                given.setdefault(field_name, value)
            if refusals:
                if rows:  # the rows before it first: the report lists rows in the sheet's order
                    yield ("rows", sheet, kept_numbers, rows, givens)
                    kept_numbers, rows, givens = [], [], []
                yield ("refused", sheet, number, given, [problem(r, headers) for r in refusals])
                continue
            kept_numbers.append(number)
            rows.append(row)
            givens.append(given)
        if rows:
            yield ("rows", sheet, kept_numbers, rows, givens)


class MonthlyChecker(GroupRowChecker):
    """Checks blocks of a monthly sheet's rows: each distinct month and number is read once."""

    def check_block(self, block: list[tuple[int, tuple]], sheet: str | None, headers: dict, fields: list[str],
                    month: str | None):
        column = self.columns(block, fields)
        today = _dt.date.today()  # once a block: asked for each row, it is a system call a row
        periods = column("period", lambda value: _period(value, month), month, depends_on=month)
        numbers = [column(field_name, lambda value, field_name=field_name: report_value(field_name, value))
                   for field_name in MONTHLY_FIELDS]
        doubtful = self.date_order(block, fields, "reported_on", sheet, "error_reported_on_order")
        outcomes = []
        for index, (group, refusals, district, subdistrict) in enumerate(self.groups(block, fields, column)):
            if doubtful[index] is not None:
                refusals.append(doubtful[index])
            period = periods[index]
            if period is None:
                refusals.append(UppksError("error_monthly_period_missing", field="period"))
            report = tuple(column_values[index] for column_values in numbers)
            refusals += [value for value in (district, period, subdistrict, *report)
                         if isinstance(value, UppksError)]
            if not refusals:
                refusal = rule_refusal(dict(zip(MONTHLY_FIELDS, report)), period, today)
                if refusal:
                    refusals.append(refusal)
            outcomes.append((refusals, (*group, period, report) if not refusals else None))
        yield from self.events(block, sheet, headers, fields, outcomes, {"period": month} if month else None)


_SLASHED = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$")


def _slashed(value) -> tuple[str, int, int, int] | None:
    """A cell's date written with two numbers before the year ("3/11/2026"): (text, first, second, year)."""
    if type(value) is not str:
        return None
    match = _SLASHED.match(value.strip())
    return (value.strip(), int(match.group(1)), int(match.group(3)), int(match.group(4))) if match else None


def _iso(year: int, month: int, day: int) -> str:
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:  # 31/4: a day only the other reading has
        return "-"


def _district(value):
    return resolve_district(value)


def _subdistrict(place: tuple) -> str:
    """A kecamatan as the registry spells it when the reference knows it ("Kec. Mutiara": Mutiara)."""
    from uppks_cli.domain.reference import district_by_code

    code, text = place
    location, _ = resolve_location(district_by_code()[code], text, None)
    return location.subdistrict


def _period(value, sheet_month: str | None) -> str:
    """A row's own month: 2025-10, 10/2025, "Oktober 2025", or a spreadsheet date; it
    must be the sheet's when the title or --period names one."""
    text = clean_text(value) or ""
    found = period_in(text) or (period_in(text[:7]) if len(text) >= 10 and text[4] == "-" else None)
    if found is None:
        raise UppksError("error_period", field="period", value=text)
    if sheet_month and found != sheet_month:
        raise UppksError("error_monthly_period_differs", field="period", value=text, period=sheet_month)
    return found
