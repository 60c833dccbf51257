"""Importing district sheets into the registry, all or nothing.

Every row of every file is checked inside one transaction. Rows are written
as they pass, so memory stays flat however long the file. A fixed table of
bits (SeenIdentities) tells the rows that are surely new groups; the others
are matched against the database, which (not a Python set) finds the rows
that describe a group already registered or seen earlier. At the end
the transaction is committed only if no row was refused (or the officer asked
to skip refused rows); otherwise, or on --dry-run, Ctrl-C or a crash, it is
rolled back and the registry is exactly as before.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import itertools
import json
import os
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from uppks_cli import totals
from uppks_cli.db import transaction
from uppks_cli.errors import DataWarning, UppksError
from uppks_cli.groups import (
    IMPORT_FIELDS,
    ROW_COLUMNS,
    GroupCleaner,
    choose_same_group,
    filled_columns,
    now_iso,
    update_group,
)
from uppks_cli.history import record
from uppks_cli.i18n import t
from uppks_cli.import_headers import IGNORED, field_for, parse_mappings
from uppks_cli.import_sources import open_source, sheets
from uppks_cli.import_table import BLOCK_ROWS, table_records

COUNTS = ("inserted", "updated", "unchanged", "duplicates", "skipped", "invalid")
# how many errors and warnings of one kind a report lists before summarising
MAX_ERRORS = 10_000
EXAMPLES_PER_WARNING = 20
# the field a cross-field refusal is about, for the column in the report
_ERROR_FIELD = {"error_pus_over_members": "members_pus", "error_kb_over_pus": "members_kb",
                "error_kb_over_members": "members_kb"}


@dataclass
class ImportOptions:
    on_existing: str = "update"
    skip_invalid: bool = False
    dry_run: bool = False
    sheet: str | None = None
    encoding: str | None = None
    mappings: list[str] = field(default_factory=list)
    rejects: Path | None = None


@dataclass
class FileReport:
    file: str
    sha256: str = ""
    format: str = ""
    sheets: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    notes: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"file": self.file, "sha256": self.sha256, "format": self.format, "sheets": self.sheets,
                **self.counts, "notes": self.notes}


@dataclass
class ImportReport:
    batch: int | None = None
    dry_run: bool = False
    skip_invalid: bool = False
    written: bool = False
    counts: dict = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    files: list[FileReport] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    errors_total: int = 0
    warnings: list[dict] = field(default_factory=list)
    warnings_total: int = 0
    _warning_kinds: dict = field(default_factory=lambda: defaultdict(int))

    def add_error(self, entry: dict) -> None:
        self.errors_total += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(entry)

    def add_warning(self, entry: dict) -> None:
        self.warnings_total += 1
        self._warning_kinds[entry["kind"]] += 1
        if self._warning_kinds[entry["kind"]] <= EXAMPLES_PER_WARNING:
            self.warnings.append(entry)

    def more_warnings(self) -> dict[str, int]:
        """Per kind, how many warnings were counted but not listed."""
        return {kind: count - EXAMPLES_PER_WARNING for kind, count in self._warning_kinds.items()
                if count > EXAMPLES_PER_WARNING}

    def as_dict(self) -> dict:
        more = [{"message": t("warnings_more", count=count), "count": count, "kind": kind}
                for kind, count in self.more_warnings().items()]
        return {"batch": self.batch, "dry_run": self.dry_run, "written": self.written, **self.counts,
                "warnings": self.warnings + more, "errors": self.errors,
                "errors_total": self.errors_total, "files": [f.as_dict() for f in self.files]}


def _fingerprint(row: dict) -> str:
    return hashlib.sha1(repr(tuple(map(row.get, ROW_COLUMNS))).encode()).hexdigest()


class _RejectsWriter:
    """Refused rows, as they came, with the reason: a CSV to fix and import again."""

    COLUMNS = ("file", "sheet", "row", *IMPORT_FIELDS, "reason")

    def __init__(self, target: Path):
        self.target = target
        self.partial = target.with_name(target.name + ".partial")
        self.handle = self.partial.open("w", encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.handle)
        self.writer.writerow(self.COLUMNS)
        self.count = 0

    def write(self, file: str, sheet: str | None, row: int, values: dict, reason: str) -> None:
        self.count += 1
        self.writer.writerow([file, sheet or "", row, *("" if values.get(f) is None else values.get(f)
                                                         for f in IMPORT_FIELDS), reason])

    def finish(self, keep: bool) -> None:
        self.handle.close()
        if keep:
            os.replace(self.partial, self.target)
        else:
            self.partial.unlink(missing_ok=True)


class _Importer:
    def __init__(self, conn: sqlite3.Connection, options: ImportOptions, progress=None):
        self.conn = conn
        self.options = options
        self.cleaner = GroupCleaner(conn)
        self.mappings = parse_mappings(options.mappings)
        self.report = ImportReport(dry_run=options.dry_run, skip_invalid=options.skip_invalid)
        self.batch_id: int | None = None
        self.progress = progress
        self.rejects = None
        self.stamp = ""
        self.next_id = 1
        self.seen = SeenIdentities()
        self._runs: list[tuple] = []
        self._columns: tuple[str, ...] = ROW_COLUMNS
        self._deltas: dict = {}

    def run(self, names: list[str], stdin=None) -> ImportReport:
        if self.options.on_existing not in ("update", "skip"):
            raise UppksError("error_on_existing", value=self.options.on_existing)
        sources = []
        try:
            for name in names:
                sources.append(open_source(name, self.options.encoding, stdin=stdin))
            if self.options.rejects:
                if not self.options.rejects.parent.exists():
                    raise UppksError("error_rejects_folder", path=str(self.options.rejects))
                self.rejects = _RejectsWriter(self.options.rejects)
            self._import_all(sources)
        finally:
            for source in sources:
                source.close()
            if self.rejects:
                self.rejects.finish(keep=self.rejects.count > 0)
        return self.report

    def _import_all(self, sources) -> None:
        report = self.report
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS import_seen "
                          "(group_id INTEGER PRIMARY KEY, fingerprint TEXT, source TEXT)")
        self.conn.execute("DELETE FROM temp.import_seen")
        keep = False
        try:
            with transaction(self.conn):
                self.stamp = now_iso()
                cursor = self.conn.execute("INSERT INTO import_batches (started_at) VALUES (?)", (self.stamp,))
                self.batch_id = cursor.lastrowid
                self.next_id = self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM groups").fetchone()[0]
                self.seen.add_all(self.conn.execute("SELECT district_code, name_key FROM groups"))
                for source in sources:
                    file_report = FileReport(file=source.label, sha256=source.sha256, format=source.format)
                    report.files.append(file_report)
                    self._import_source(source, file_report, more_follow=source is not sources[-1])
                    for key in COUNTS:
                        report.counts[key] += file_report.counts[key]
                refused = report.counts["invalid"] > 0 and not self.options.skip_invalid
                wrote = report.counts["inserted"] + report.counts["updated"] > 0
                keep = wrote and not refused and not self.options.dry_run
                if keep:
                    self._record_batch(sources)
                else:
                    raise _RollBack()
        except _RollBack:
            pass
        report.written = keep
        report.batch = self.batch_id if keep else None

    def _record_batch(self, sources) -> None:
        counts = self.report.counts
        self.conn.execute(
            f"UPDATE import_batches SET finished_at = ?, {', '.join(f'{k} = ?' for k in COUNTS)} WHERE id = ?",
            [now_iso(), *(counts[k] for k in COUNTS), self.batch_id])
        for file_report in self.report.files:
            self.conn.execute(
                f"INSERT INTO import_files (batch_id, file, sha256, format, sheets, {', '.join(COUNTS)}) "
                f"VALUES (?, ?, ?, ?, ?, {', '.join('?' for _ in COUNTS)})",
                [self.batch_id, os.path.basename(file_report.file),
                 file_report.sha256, file_report.format, json.dumps(file_report.sheets, ensure_ascii=False),
                 *(file_report.counts[k] for k in COUNTS)])

    def _import_source(self, source, file_report: FileReport, more_follow: bool) -> None:
        cleaner = GroupCleaner(None, self.cleaner.vocabulary)
        if source.size >= PIPELINE_MIN_BYTES and _can_fork():
            events = _events_from_child(source, self.options, self.mappings, cleaner, self.seen,
                                        send_back=more_follow)
        else:
            events = checked_rows(source, self.options, self.mappings, cleaner, self.seen)
        headers: dict = {}
        fields: list = []
        for event in events:
            kind = event[0]
            if kind == "rows":
                self._write_rows(source.label, file_report, headers, fields, *event[1:])
            elif kind == "refused":
                _, sheet, number, values, problems = event
                self._refuse(source.label, sheet, number, values, problems, file_report)
            elif kind == "sheet":
                _, sheet, headers, fields = event
                self._columns = filled_columns(fields)
                if sheet is not None:
                    file_report.sheets.append(sheet)
            elif kind == "note":
                _, sheet, key, params = event
                file_report.notes.append(_note(key, **{"sheet": sheet, **params}))
            elif kind == "seen":
                self.seen.bits = event[1]
            elif kind == "progress" and self.progress:
                self.progress(*event[1:])

    def _refuse(self, file: str, sheet: str | None, number: int, values: dict, problems: list[tuple],
                file_report: FileReport) -> None:
        """Count and report a refused row: problems are (field, column, message)."""
        file_report.counts["invalid"] += 1
        for field_name, column, message in problems:
            value = values.get(field_name)
            self.report.add_error({"file": file, "sheet": sheet, "row": number, "column": column,
                                   "value": "" if value is None else str(value), "message": message})
        if self.rejects:
            self.rejects.write(file, sheet, number, values, " | ".join(message for _, _, message in problems))

    def _write_rows(self, file: str, file_report: FileReport, headers: dict, fields: list, sheet: str | None,
                    numbers: list[int], cells: list[tuple], known: dict[int, tuple], warnings: dict[int, list]
                    ) -> None:
        """Write a chunk of checked rows, in file order.

        Runs of rows the reader found surely new go in with one executemany
        each (per-row round trips were most of an import's time); a row whose
        identity may be known is matched against the registry on its own.
        Rows written earlier, this chunk's included, are in the database by
        then, so the database (not a Python set) finds repeats.
        """
        self._runs = []
        self._deltas = defaultdict(lambda: [0, 0, 0, 0])
        start = 0
        for index, given in known.items():
            if index > start:
                self._insert_run(file, file_report, sheet, numbers, cells, warnings, start, index)
            self._write_one(_Pending(file, sheet, numbers[index], given, headers, fields, self._columns,
                                     file_report, cells[index], warnings.get(index)))
            start = index + 1
        if start < len(cells):
            self._insert_run(file, file_report, sheet, numbers, cells, warnings, start, len(cells))
        totals.add(self.conn, self._deltas)

    def _insert_run(self, file: str, file_report: FileReport, sheet: str | None, numbers: list[int],
                    cells: list[tuple], warnings: dict[int, list], start: int, stop: int) -> None:
        run = cells if start == 0 and stop == len(cells) else cells[start:stop]
        self.conn.executemany(self._insert_sql(self._columns), run)
        self._runs.append((self.next_id, file, sheet, numbers, start, stop))
        self.next_id += stop - start
        file_report.counts["inserted"] += stop - start
        for index, row_warnings in warnings.items():
            if start <= index < stop:
                for warning in row_warnings:
                    self._warn(file, sheet, numbers[index], warning)
        self._count(run)

    def _count(self, run: list[tuple]) -> None:
        """Running totals of the new groups, added once per chunk."""
        deltas = self._deltas
        given = dict(zip(self._columns, zip(*run)))
        absent = itertools.repeat(None)
        for status, district, product_type, members, pus, kb in zip(*(given.get(c, absent) for c in _COUNTED)):
            counted = deltas[(status or "active", district, product_type)]
            counted[0] += 1
            counted[1] += members or 0
            counted[2] += pus or 0
            counted[3] += kb or 0

    def _write_one(self, item: "_Pending") -> None:
        """A row whose group may be registered already, or described by an earlier row."""
        row = item.row
        candidates = {found["id"]: found for found in self.conn.execute(
            "SELECT * FROM groups WHERE district_code = ? AND name_key = ? ORDER BY id",
            (row["district_code"], row["name_key"]))}
        group_id = choose_same_group([(i, found["subdistrict"]) for i, found in candidates.items()],
                                     row.get("subdistrict"))
        if group_id is not None:
            existing = candidates[group_id]
            if not self._seen_before(existing, item) and self._update(existing, item):
                self._warn_all(item)
            return
        self._insert_run(item.file, item.file_report, item.sheet, [item.number], [item.cells],
                         {0: item.warnings} if item.warnings else {}, 0, 1)

    def _warn_all(self, item: "_Pending") -> None:
        for warning in item.warnings or ():
            self._warn(item.file, item.sheet, item.number, warning)

    def _where_written(self, group_id: int) -> str | None:
        """Where in the files a group this chunk inserted came from."""
        for first_id, file, sheet, numbers, start, stop in self._runs:
            if first_id <= group_id < first_id + stop - start:
                return _where(file, sheet, numbers[start + group_id - first_id])
        return None

    def _insert_sql(self, columns: tuple[str, ...]) -> str:
        """The checked cells bind as they are; the values every row shares (times,
        batch) are written into the statement, being the tool's own (an ISO time,
        an integer), never text from the file. The id is SQLite's next rowid,
        the one next_id predicted: this import holds the write lock."""
        placeholders = ", ".join("coalesce(?, 'active')" if c == "status" else "?" for c in columns)
        columns = ", ".join(columns)
        return (f"INSERT INTO groups ({columns}, created_at, updated_at, batch_id, created_batch) "
                f"VALUES ({placeholders}, '{self.stamp}', '{self.stamp}', {int(self.batch_id):d}, "
                f"{int(self.batch_id):d})")

    def _repeated(self, item: "_Pending", same: bool, first: str, group_id: int) -> None:
        if same:
            item.file_report.counts["duplicates"] += 1
            self._warn(item.file, item.sheet, item.number, DataWarning("warning_duplicate_row", first=first))
        else:
            message = str(UppksError("error_same_group_differs", first=first, id=group_id))
            self._refuse(item.file, item.sheet, item.number, item.values,
                         [("name", item.headers.get("name", "name"), message)], item.file_report)

    def _seen_before(self, existing, item: "_Pending") -> bool:
        """Whether an earlier row of this import described the same group.

        Groups this batch wrote carry its id; groups it matched but left as
        they were go into a temporary table. Either way the database, not a
        Python set, remembers them, so memory stays flat.
        """
        if existing["batch_id"] == self.batch_id:
            same = all(existing[column] == item.row.get(column) for column in _given_columns(item.values))
            found = self.conn.execute("SELECT source FROM batch_changes WHERE batch_id = ? AND group_id = ?",
                                      (self.batch_id, existing["id"])).fetchone()
            first = (found[0] if found else self._where_written(existing["id"])
                     or t("earlier_row_of_group", id=existing["id"]))
        else:
            seen = self.conn.execute("SELECT fingerprint, source FROM temp.import_seen WHERE group_id = ?",
                                     (existing["id"],)).fetchone()
            if seen is None:
                return False
            same, first = seen[0] == _fingerprint(item.row), seen[1]
        self._repeated(item, same, first, existing["id"])
        return True

    def _update(self, existing, item: "_Pending") -> bool:
        """Bring a registered group up to date with the row; False if nothing was written."""
        current = dict(existing)
        counts = item.file_report.counts
        if self.options.on_existing == "skip":
            self._remember_unchanged(current, item)
            counts["skipped"] += 1
            return False
        update, _, refusals = self.cleaner.clean(item.values, current, collect=True)
        if refusals:
            self._refuse(item.file, item.sheet, item.number, item.values,
                         [_problem(refusal, item.headers) for refusal in refusals], item.file_report)
            return False
        changes = {column: value for column, value in update.items()
                   if column != "name_key" and current.get(column) != value}
        if not changes:
            self._remember_unchanged(current, item)
            counts["unchanged"] += 1
            return False
        update_group(self.conn, current["id"], changes, batch_id=self.batch_id)
        record(self.conn, current["id"], "imported", f"batch {self.batch_id}: {item.where}",
               {column: (current.get(column), value) for column, value in changes.items()}, self.stamp)
        self.conn.execute(
            "INSERT INTO batch_changes (batch_id, group_id, action, before, revision, source) "
            "VALUES (?, ?, 'updated', ?, ?, ?)",
            (self.batch_id, current["id"], json.dumps(current, ensure_ascii=False), current["revision"] + 1,
             item.where))
        counts["updated"] += 1
        return True

    def _remember_unchanged(self, current: dict, item: "_Pending") -> None:
        self.conn.execute("INSERT INTO temp.import_seen VALUES (?, ?, ?)",
                          (current["id"], _fingerprint(item.row), item.where))

    def _warn(self, file: str, sheet: str | None, number: int, warning: DataWarning) -> None:
        self.report.add_warning({"file": file, "sheet": sheet, "row": number, "kind": warning.key,
                                 "message": str(warning)})


def _given_columns(values: dict) -> set[str]:
    """The stored columns a row's fields decide (a district name decides district_code)."""
    columns = set()
    for field_name in values:
        if field_name == "district":
            columns.add("district_code")
        elif field_name in ("subdistrict", "village"):
            columns.update((field_name, field_name + "_code"))
        else:
            columns.add(field_name)
    return columns


# the columns a running total needs, in the order _count takes them
_COUNTED = ("status", "district_code", "product_type", "members", "members_pus", "members_kb")


class _Pending:
    """A checked row whose group may be known: matched and written on its own."""

    __slots__ = ("file", "sheet", "number", "file_report", "cells", "warnings", "headers", "row", "values")

    def __init__(self, file, sheet, number, given, headers, fields, columns, file_report, cells, warnings):
        self.file, self.sheet, self.number, self.file_report = file, sheet, number, file_report
        self.cells, self.warnings, self.headers = cells, warnings, headers
        # the cleaned row by column, and the fields the file gave, as read
        self.row = dict(zip(columns, cells))
        self.values = {field_name: value for field_name, value in zip(fields, given) if value is not None}

    @property
    def where(self) -> str:
        return _where(self.file, self.sheet, self.number)


def _where(file: str, sheet: str | None, number: int) -> str:
    name = os.path.basename(file)
    return f"{name}:{number}" if sheet is None else f"{name}[{sheet}]:{number}"


class SeenIdentities:
    """The identities (district, name key) an import may already know.

    A fixed table of bits, one hash slot each (a Bloom filter with one hash):
    a clear bit means the group is surely new, so most rows of a big import
    skip the registry lookup; a set bit means the group is registered, or an
    earlier row had it, or another identity shares the slot (about 0.3% of
    slots once 100,000 identities are in), and the row is looked up. Its
    4 MB stay the same however long the file.
    """

    SLOTS = 1 << 25

    def __init__(self):
        self.bits = bytearray(self.SLOTS >> 3)

    def add_all(self, identities) -> None:
        self.sort_out(map(tuple, identities))

    def sort_out(self, identities) -> list[int]:
        """Add the identities; the positions of those that may have been seen."""
        bits, mask = self.bits, self.SLOTS - 1
        maybe = []
        for index, identity in enumerate(identities):
            slot = hash(identity) & mask
            bit = 1 << (slot & 7)
            if bits[slot >> 3] & bit:
                maybe.append(index)
            else:
                bits[slot >> 3] |= bit
        return maybe


class _RollBack(Exception):
    """Leaves the import's transaction without committing."""


# --- reading and checking: the part that can run in a second process ---

# Files at least this big are read and checked in a second process while this
# one matches and writes: on two cores that takes about a third off a big import.
PIPELINE_MIN_BYTES = 4 << 20
EVENTS_PER_MESSAGE = 1000
PIPE_BYTES = 1 << 20


def _problem(refusal: UppksError, headers: dict) -> tuple[str, str, str]:
    """(field, column as the file names it, message) for one refusal."""
    field_name = refusal.params.get("field") or _ERROR_FIELD.get(refusal.key, "")
    column = headers.get(field_name, field_name)
    if refusal.key == "error_required":
        # in a file the fix is to fill the cell, not to give an option
        refusal = UppksError("error_required_cell", field=field_name, column=column)
    return field_name, column, str(refusal)


def _record_rows(rows, mappings: dict, notes: list):
    """JSON objects: keys mapped like headers, each unknown key noted once; values
    come out aligned with IMPORT_FIELDS."""
    fields: dict[str, str | None] = {}
    slots = {field_name: slot for slot, field_name in enumerate(IMPORT_FIELDS)}
    block = []
    for number, item in rows:
        values = [None] * len(IMPORT_FIELDS)
        filled = False
        for key, value in item.items():
            if key not in fields:
                fields[key] = field_for(key, None, mappings)
                if fields[key] is None:
                    notes.append(("note_column_unmapped", {"column": key}))
            target = fields[key]
            if target and target != IGNORED and value not in (None, "") and (
                    values[slots[target]] is None or key == "district"):  # the name, as in table_records
                values[slots[target]] = value
                filled = True
        if filled:
            block.append((number, tuple(values)))
            if len(block) >= BLOCK_ROWS:
                yield block
                block = []
    if block:
        yield block


def checked_rows(source, options: ImportOptions, mappings: dict, cleaner: GroupCleaner, seen: SeenIdentities):
    """Every row of a source, checked: a stream of events (tuples).

    ("sheet", name, {field: header}, fields), ("rows", sheet, row numbers,
    cells, {index: values} of rows that may be known, {index: warnings}),
    ("refused", sheet, row number, values, problems), ("note", sheet, key,
    params) and ("progress", label, done, total). Needs no database: it runs
    the same in this process or another.
    """
    found_any = False
    for sheet in sheets(source, options.sheet):
        notes: list = []
        if sheet.records:
            layout, records = None, _record_rows(sheet.rows, mappings, notes)
            headers: dict = {}
            fields = list(IMPORT_FIELDS)
        else:
            # CSV cells are all text, which lets the reader take a faster path
            text = source.format == "csv"
            layout, records = table_records(sheet.rows, mappings, sheet.name, restore=text, text_only=text)
            if layout is None:
                if options.sheet is not None or sheet.name is None:
                    raise UppksError("error_import_no_header", file=source.label, sheet=sheet.name or "-")
                yield ("note", sheet.name, "note_sheet_skipped", {"sheet": sheet.name})
                continue
            headers = {c.field: c.header for c in layout.columns if c.field and c.field != IGNORED}
            fields = layout.fields
        found_any = True
        yield ("sheet", sheet.name, headers, fields)
        label = source.label if sheet.name is None else f"{source.label} [{sheet.name}]"
        for block in records:
            yield from _checked_chunk(block, sheet.name, headers, fields, cleaner, seen)
            if sheet.position is not None:
                yield ("progress", label, sheet.position(), source.size)
            else:
                yield ("progress", label, block[-1][0], None)
        for key, params in (layout.notes if layout is not None else notes):
            yield ("note", sheet.name, key, params)
    if not found_any:
        raise UppksError("error_import_no_header", file=source.label, sheet="-")


def _checked_chunk(pending: list[tuple[int, tuple]], sheet: str | None, headers: dict, fields: list[str],
                   cleaner: GroupCleaner, seen: SeenIdentities):
    """Events for a chunk of read rows, checked together (see GroupCleaner.clean_new_rows).

    A row travels (between processes too) as a tuple of the cleaned columns
    its sheet can fill (filled_columns): tuples pickle and bind far faster
    than dicts. Only a row whose group may be known also carries its values
    as read; a new group is written from its cells alone.
    """
    if not pending:
        return
    columns = filled_columns(fields)
    checked = cleaner.clean_new_rows(fields, [values for _, values in pending], columns)
    cells, warnings = checked.cells, checked.warnings
    if checked.refusals:
        for index, refusals in sorted(checked.refusals.items()):
            number, values = pending[index]
            given = {f: v for f, v in zip(fields, values) if v is not None}
            yield ("refused", sheet, number, given, [_problem(r, headers) for r in refusals])
        kept = [index for index, row in enumerate(cells) if row is not None]
        warnings = {position: warnings[index] for position, index in enumerate(kept) if index in warnings}
        pending, cells = [pending[index] for index in kept], [cells[index] for index in kept]
        if not cells:
            return
    district_at, key_at = columns.index("district_code"), columns.index("name_key")
    known = seen.sort_out([(row[district_at], row[key_at]) for row in cells])
    yield ("rows", sheet, [number for number, _ in pending], cells, {index: pending[index][1] for index in known},
           warnings)


def _can_fork() -> bool:
    import multiprocessing

    return (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


def _produce(sender, source, options, mappings, cleaner, seen, send_back) -> None:
    """In the second process: read and check, sending events in batches."""
    batch = []
    try:
        for event in checked_rows(source, options, mappings, cleaner, seen):
            batch.append(event)
            if len(batch) >= EVENTS_PER_MESSAGE or event[0] == "rows":
                sender.send(batch)
                batch = []
        if send_back:
            batch.append(("seen", seen.bits))  # the identities this file added, for the files after it
        batch.append(("done",))
    except (BrokenPipeError, ConnectionResetError, KeyboardInterrupt):
        return  # the parent stopped (Ctrl-C, kill): it rolls back; nothing to say here
    except UppksError as refusal:
        batch.append(("error", refusal.key, refusal.params))
    except Exception as exc:  # reported to the parent, which stops and rolls back
        batch.append(("crash", repr(exc)))
    try:
        sender.send(batch)
        sender.close()
    except OSError:
        pass


def _widen(connection) -> None:
    """A pipe that holds a few chunks, so the reader seldom waits for the writer."""
    try:
        import fcntl

        fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # the default size works, only a little slower


def _events_from_child(source, options, mappings, cleaner, seen, send_back: bool):
    """The events of checked_rows, produced by a forked process."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    _widen(sender)
    child = context.Process(target=_produce, args=(sender, source, options, mappings, cleaner, seen, send_back),
                            daemon=True)
    child.start()
    sender.close()
    try:
        while True:
            try:
                batch = receiver.recv()
            except EOFError:
                raise UppksError("error_import_reader_died", file=source.label) from None
            for event in batch:
                if event[0] == "done":
                    return
                if event[0] == "error":
                    raise UppksError(event[1], **event[2])
                if event[0] == "crash":
                    raise UppksError("error_import_reader_died", file=source.label)
                yield event
    finally:
        receiver.close()
        if child.is_alive():
            child.terminate()
        child.join()


def _note(key: str, **params) -> dict:
    return {"kind": key, "message": t(key, **params), **{k: v for k, v in params.items() if v is not None}}


def import_files(conn: sqlite3.Connection, names: list[str], options: ImportOptions | None = None,
                 stdin=None, progress=None) -> ImportReport:
    """Import the files (or "-" for stdin) as one batch; see the module's note."""
    # An import makes millions of short-lived tuples and dicts, none in a
    # cycle; the cyclic collector would keep rescanning them for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Importer(conn, options or ImportOptions(), progress).run(names, stdin=stdin)
    finally:
        if collecting:
            gc.enable()
