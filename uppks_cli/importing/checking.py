"""Reading a source's sheets and checking their rows: a stream of events.

Needs no database, so it runs the same in this process or in a second one
(pipeline.py). Events are tuples:
("sheet", name, {field: header}, fields), ("rows", sheet, row numbers, cells,
{index: values} of rows that may be known, {index: warnings}, {index: problems}
of rows refused if they name no registered group),
("refused", sheet, row number, values, problems), ("note", sheet, key, params)
and ("progress", label, rows read, share of the file read or None).
"""

from __future__ import annotations

import itertools

from uppks_cli.domain.checker import FieldChecker, filled_columns
from uppks_cli.domain.reference import district_by_code
from uppks_cli.domain.values import clean_text
from uppks_cli.errors import Message, UppksError
from uppks_cli.importing.headers import (
    ACTIVITY_HEADINGS,
    GROUP_HEADINGS,
    IGNORED,
    MONTHLY_HEADINGS,
    Headings,
    header_key,
)
from uppks_cli.importing.sources import sheets
from uppks_cli.importing.table import BLOCK_ROWS, table_records

# the field a cross-field refusal is about, for the column in the report
_ERROR_FIELD = {"error_pus_over_members": "members_pus", "error_kb_over_pus": "members_kb",
                "error_kb_needs_pus": "members_pus", "error_monthly_pus_over_families": "members_pus",
                "error_monthly_kb_over_pus": "members_kb", "error_monthly_attended_over_families": "attended",
                "error_monthly_attended_without_families": "attended",
                "error_monthly_capital_source": "capital_source", "error_capital_source": "capital_source",
                "error_reported_on": "reported_on"}


# the keys only an export of this tool has together
_EXPORT_KEYS = {"id", "product_type", "created_at", "updated_at"}


def _is_export(columns) -> bool:
    return {header_key(column.header) for column in columns} >= {"id", "product type", "created at", "updated at"}


# the other field a rule across fields weighs: the column named when the sheet lacks the first
# (a sheet of PUS alone, weighed against the KB registered)
_ALSO_ABOUT = {"error_kb_over_pus": "members_pus", "error_pus_over_members": "members_pus",
               "error_monthly_kb_over_pus": "members_pus", "error_monthly_pus_over_families": "families",
               "error_monthly_attended_over_families": "families"}


def problem(refusal: UppksError, headers: dict) -> tuple[str, str, Message]:
    """(field, column as the file names it, message) for one refusal."""
    field_name = refusal.params.get("field") or _ERROR_FIELD.get(refusal.key, "")
    if headers and field_name not in headers and _ALSO_ABOUT.get(refusal.key) in headers:
        field_name = _ALSO_ABOUT[refusal.key]
    column = headers.get(field_name, field_name)
    if refusal.key == "error_required":
        # in a file the fix is to fill the cell, not to give an option
        return field_name, column, Message("error_required_cell", field=field_name, column=column)
    if refusal.key == "error_monthly_capital_source":
        return field_name, column, Message("error_monthly_capital_source_cell", column=column, **refusal.params)
    return field_name, column, Message(refusal.key, **refusal.params)


def _record_rows(rows, mappings: dict, notes: list, headings: Headings):
    """JSON objects: keys mapped like headers, each unknown key noted once; values
    come out aligned with the headings' fields. An object with nothing in a known key is
    named; a second key for a field already given ("Nama Kelompok" beside "name")
    is named once and not read, as a repeated column is."""
    fields: dict[str, str | None] = {}
    first_key: dict[str, str] = {}
    slots = {field_name: slot for slot, field_name in enumerate(headings.fields)}
    block = []
    for number, item in rows:
        values = [None] * len(headings.fields)
        filled = False
        for key, value in item.items():
            if key not in fields:
                target = headings.field_for(key, None, mappings)
                if target is None:
                    notes.append(("note_column_unmapped", {"column": key}))
                elif target != IGNORED and target in first_key and not _export_district_pair(first_key[target], key):
                    notes.append(("note_column_repeated", {"column": key, "field": target,
                                                           "first": first_key[target]}))
                    target = None
                elif target != IGNORED:
                    first_key.setdefault(target, key)
                fields[key] = target
            target = fields[key]
            if target and target != IGNORED and clean_text(value) is not None and (
                    values[slots[target]] is None or key == "district"):  # the name, as in table_records
                values[slots[target]] = value
                filled = True
        if filled:
            block.append((number, tuple(values)))
            if len(block) >= BLOCK_ROWS:
                yield block
                block = []
        elif any(clean_text(value) is not None for value in item.values()):
            shown = next(str(value) for value in item.values() if clean_text(value) is not None)
            notes.append(("note_not_read_unmapped", {"row": number, "text": shown[:60]}))
    if block:
        yield block


def _export_district_pair(first: str, other: str) -> bool:
    """This tool's export gives the district as code and as name: both are the district."""
    return {first, other} == {"district_code", "district"}


class Table:
    """One sheet's table, found: its columns (field: header), the fields of each
    row's values, and its rows in blocks; what was not read is in its notes."""

    __slots__ = ("sheet", "source", "layout", "headers", "fields", "records", "notes", "is_export")

    def __init__(self, sheet, source, layout, headers: dict, fields: list, records, notes: list, is_export: bool):
        self.sheet, self.source, self.layout, self.headers, self.fields = sheet, source, layout, headers, fields
        self.records, self.notes, self.is_export = records, notes, is_export

    @property
    def name(self) -> str | None:
        return self.sheet.name

    @property
    def titles(self) -> list[str]:
        return self.layout.titles if self.layout is not None else []

    def events(self, check_block):
        """("sheet", ...), the events check_block(block) gives for each block of rows
        with the progress after it, then the sheet's notes."""
        yield ("sheet", self.sheet.name, self.headers, self.fields)
        label = self.source.label if self.sheet.name is None else f"{self.source.label} [{self.sheet.name}]"
        for block in self.records:
            yield from check_block(block)
            yield ("progress", label, block[-1][0], _share_read(self.sheet, self.source, block[-1][0]))
        for key, params in self.notes:
            yield ("note", self.sheet.name, key, params)


def sheet_tables(source, options, mappings: dict, headings: Headings = GROUP_HEADINGS):
    """Every sheet of a source: events ("note", sheet, key, params) for what is not
    read, and ("table", Table) for each sheet with a table; refused when none has one."""
    found_any, other_kind = False, None
    for key, params in source.notes:
        yield ("note", None, key, params)
    for sheet in sheets(source, options.sheet):
        notes: list = []
        if sheet.hidden and not options.include_hidden and options.sheet is None:
            yield ("note", sheet.name, "note_sheet_hidden", {"sheet": sheet.name})
            continue
        hidden_rows, hidden_columns = ((), ()) if options.include_hidden else (sheet.hidden_rows, sheet.hidden_columns)
        first_keys: set = set()
        if sheet.records:
            first = next(sheet.rows, None)
            first_keys = set(first[1]) if first else set()
            rows = itertools.chain([first], sheet.rows) if first else sheet.rows
            layout, records = None, _record_rows(rows, mappings, notes, headings)
            headers: dict = {}
            fields = list(headings.fields)
        else:
            # CSV and web page cells are all text, which lets the reader take a faster path; only a CSV
            # may be this tool's export, whose formula guard is taken off
            text = source.format in ("csv", "html")
            try:
                layout, records = table_records(sheet.rows, mappings, sheet.name, restore=source.format == "csv",
                                                text_only=text,
                                                hidden_rows=hidden_rows, hidden_columns=hidden_columns,
                                                error_rows=sheet.error_rows, uncomputed=sheet.uncomputed,
                                                headings=headings)
            except UppksError as refusal:
                if "sheet" not in refusal.params:
                    raise
                raise UppksError(refusal.key, file=source.label, **refusal.params) from None
            if layout is not None and layout.recap:
                if options.sheet is not None or sheet.name is None:
                    raise UppksError("error_import_recap", file=source.label, sheet=sheet.name or "-",
                                     column=layout.recap)
                yield ("note", sheet.name, "note_sheet_recap", {"sheet": sheet.name, "column": layout.recap})
                continue
            if layout is None:
                if options.sheet is not None or sheet.name is None:
                    raise UppksError("error_import_no_header", file=source.label, sheet=sheet.name or "-")
                yield ("note", sheet.name, "note_sheet_skipped", {"sheet": sheet.name})
                continue
            other = _other_kind(layout.columns, headings)
            if other is not None:  # its rows would update groups with a month's numbers, or be taken for a month's
                kind, column = other
                refusal = other_kind or UppksError(f"error_import_{kind}_sheet", file=source.label,
                                                   sheet=sheet.name or "-", column=column)
                if options.sheet is not None or sheet.name is None:
                    raise refusal
                other_kind = refusal
                yield ("note", sheet.name, f"note_sheet_{kind}", {"sheet": sheet.name, "column": column})
                continue
            headers = {c.field: c.header for c in layout.columns if c.field and c.field != IGNORED}
            fields = layout.fields
            notes = layout.notes
        found_any = True
        is_export = _is_export(layout.columns if layout is not None else ()) or (
            layout is None and first_keys >= _EXPORT_KEYS)
        yield ("table", Table(sheet, source, layout, headers, fields, records, notes, is_export))
    if not found_any:
        raise other_kind or UppksError("error_import_no_header", file=source.label, sheet="-")


# Columns only a sheet of monthly reports, or a log of activities, has. Such a sheet given to a groups
# import has the group's name, district and PUS counts, and read as groups would update them with
# one month's numbers: it is not read, and the import it belongs to is named.
# (An activity's sheet counts who attended too: its own columns are looked for first.)
_OTHER_KINDS = (("activity", ACTIVITY_HEADINGS, frozenset({"kind", "topic"})),
                ("monthly", MONTHLY_HEADINGS, frozenset({"period", "meetings", "meetings_virtual", "attended"})))


# The reverse: a groups register (K/0/UPPKA) given to a monthly or activity import names its groups
# and their PUS, KB and turnover, which a monthly import would write as one month's report (the title's
# "KEADAAN BULAN OKTOBER 2025" giving the month). A sheet with none of the columns only its own kind has,
# and a column only a register has, is refused, saying which import reads it.
_OWN_FIELDS = {"monthly": frozenset({"period", "meetings", "meetings_virtual", "families", "attended",
                                     "capital_received", "capital_source", "reported_on"}),
               "activity": frozenset({"date", "kind", "topic"})}
_REGISTER_FIELDS = frozenset({"members", "product_type", "product", "leader", "phone", "founded_year", "capital",
                              "nib", "pirt", "halal", "status", "inactive_reason"})


def _other_kind(columns, headings: Headings) -> tuple[str, str] | None:
    """("monthly" | "activity", the header that says so) for a groups import's sheet of another kind;
    ("register_monthly" | "register_activity", the header) for a groups register given to those imports."""
    if headings is not GROUP_HEADINGS:
        kind = "monthly" if headings is MONTHLY_HEADINGS else "activity"
        if any(column.field in _OWN_FIELDS[kind] for column in columns):
            return None
        for column in columns:
            if column.field is None and column.header and GROUP_HEADINGS.field_for(column.header) in _REGISTER_FIELDS:
                return f"register_{kind}", column.header
        return None
    for kind, other, markers in _OTHER_KINDS:
        for column in columns:
            if column.field is None and other.field_for(column.header) in markers:
                return kind, column.header
    return None


def checked_rows(source, options, mappings: dict, checker: FieldChecker, seen):
    """Every row of a source, checked: the stream of events described above.

    `seen` (pipeline.SeenIdentities) tells which rows may describe a group
    already known; only those carry their values as read.
    """
    for event in sheet_tables(source, options, mappings):
        if event[0] != "table":
            yield event
            continue
        table = event[1]
        # this tool's own export names product types by code, custom ones included
        sheet_checker = FieldChecker(None, checker.vocabulary.taking_new_codes()) if table.is_export else checker
        yield from table.events(lambda block, table=table, sheet_checker=sheet_checker: _checked_block(
            block, table.name, table.headers, table.fields, sheet_checker, seen))


def _share_read(sheet, source, row: int) -> float | None:
    """How much of the file is read, from 0 to 1, where it can be told (None for standard input)."""
    if sheet.position is not None and source.size:
        return min(sheet.position() / source.size, 1.0)
    if sheet.last_row:
        return min(row / sheet.last_row, 1.0)
    return None


def _checked_block(pending: list[tuple[int, tuple]], sheet: str | None, headers: dict, fields: list[str],
                   checker: FieldChecker, seen):
    """Events for a block of read rows, checked together.

    A row travels (between processes too) as a tuple of the cleaned columns
    its sheet can fill (filled_columns): tuples pickle and bind far faster
    than dicts. Only a row whose group may be known also carries its values
    as read; a new group is written from its cells alone.
    """
    if not pending:
        return
    columns = filled_columns(fields)
    checked = checker.check_rows(fields, [values for _, values in pending], columns, updating=True)
    cells, warnings, if_new = checked.cells, checked.warnings, checked.if_new
    if checked.refusals:
        for index, refusals in sorted(checked.refusals.items()):
            number, values = pending[index]
            given = {f: v for f, v in zip(fields, values) if v is not None}
            yield ("refused", sheet, number, given, [problem(r, headers) for r in refusals])
        kept = [index for index, row in enumerate(cells) if row is not None]
        warnings = {position: warnings[index] for position, index in enumerate(kept) if index in warnings}
        if_new = {position: if_new[index] for position, index in enumerate(kept) if index in if_new}
        pending, cells = [pending[index] for index in kept], [cells[index] for index in kept]
        if not cells:
            return
    district_at, key_at = columns.index("district_code"), columns.index("name_key")
    known = seen.sort_out([(row[district_at], row[key_at]) for row in cells])
    if if_new:  # rows that can only update a registered group are matched, and refused if none is found
        known = sorted({*known, *if_new})
        if_new = {index: [_new_group_problem(refusal, headers, cells[index], columns) for refusal in refusals]
                  for index, refusals in if_new.items()}
    yield ("rows", sheet, [number for number, _ in pending], cells, {index: pending[index][1] for index in known},
           warnings, if_new)


def _new_group_problem(refusal: UppksError, headers: dict, cells: tuple, columns: tuple) -> tuple[str, str, Message]:
    """The problem of a row that names no registered group and, as a new one, lacks what a new group
    needs: a column the sheet does not have is said to be missing (a sheet of a few columns
    updates registered groups), an empty cell to be filled."""
    field_name = refusal.params.get("field")
    if refusal.key != "error_required" or field_name in headers:
        return problem(refusal, headers)
    row = dict(zip(columns, cells))
    return field_name, field_name, Message("error_new_group_needs_column", name=row["name"], field=field_name,
                                           district=district_by_code()[row["district_code"]].name)
