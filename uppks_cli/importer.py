"""Importing district sheets into the registry, all or nothing.

Every row of every file is checked inside one transaction. Rows are written
as they pass, so memory stays flat however long the file, and the database
(not a Python set) finds rows that describe a group already seen. At the end
the transaction is committed only if no row was refused (or the officer asked
to skip refused rows); otherwise, or on --dry-run, Ctrl-C or a crash, it is
rolled back and the registry is exactly as before.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from uppks_cli.db import transaction
from uppks_cli.errors import DataWarning, UppksError
from uppks_cli.groups import (
    IMPORT_FIELDS, GroupCleaner, find_same_group, insert_group, now_iso, update_group,
)
from uppks_cli.import_headers import IGNORED, field_for, parse_mappings
from uppks_cli.import_sources import open_source, sheets
from uppks_cli.import_table import Layout, table_records

COUNTS = ("inserted", "updated", "unchanged", "duplicates", "skipped", "invalid")
# how many errors and warnings of one kind a report lists before summarising
MAX_ERRORS = 10_000
EXAMPLES_PER_WARNING = 20
# the field a cross-field refusal is about, for the column in the report
_ERROR_FIELD = {"error_pus_over_members": "members_pus", "error_kb_over_pus": "members_kb",
                "error_kb_over_members": "members_kb"}
# CSV/XLSX exports neutralise formula-like cells with a leading apostrophe (OWASP);
# the import takes it off again so a round trip is exact.
_NEUTRALISED = ("'=", "'+", "'-", "'@", "'\t", "'\r")


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

    def add_warning(self, entry: dict, kind: str) -> None:
        self.warnings_total += 1
        self._warning_kinds[kind] += 1
        if self._warning_kinds[kind] <= EXAMPLES_PER_WARNING:
            self.warnings.append(entry)

    def more_warnings(self) -> dict[str, int]:
        """Per kind, how many warnings were counted but not listed."""
        return {kind: count - EXAMPLES_PER_WARNING for kind, count in self._warning_kinds.items()
                if count > EXAMPLES_PER_WARNING}

    def as_dict(self) -> dict:
        from uppks_cli.i18n import t

        more = [{"message": t("warnings_more", count=count, example=kind), "count": count, "kind": kind}
                for kind, count in self.more_warnings().items()]
        return {"batch": self.batch, "dry_run": self.dry_run, "written": self.written, **self.counts,
                "warnings": self.warnings + more, "errors": self.errors,
                "errors_total": self.errors_total, "files": [f.as_dict() for f in self.files]}


def _fingerprint(row: dict) -> str:
    return hashlib.sha1(json.dumps(row, sort_keys=True, default=str).encode()).hexdigest()


def _restore_neutralised(value):
    if isinstance(value, str) and value.startswith(_NEUTRALISED):
        return value[1:]
    return value


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
                cursor = self.conn.execute("INSERT INTO import_batches (started_at) VALUES (?)", (now_iso(),))
                self.batch_id = cursor.lastrowid
                for source in sources:
                    file_report = FileReport(file=source.label, sha256=source.sha256, format=source.format)
                    report.files.append(file_report)
                    self._import_source(source, file_report)
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
                [self.batch_id, os.path.basename(file_report.file) if file_report.file != "-" else "-",
                 file_report.sha256, file_report.format, json.dumps(file_report.sheets, ensure_ascii=False),
                 *(file_report.counts[k] for k in COUNTS)])

    def _import_source(self, source, file_report: FileReport) -> None:
        found_any = False
        for sheet in sheets(source, self.options.sheet):
            if sheet.records:
                layout, records = None, self._record_rows(sheet, file_report)
            else:
                layout, records = table_records(sheet.rows, self.mappings, sheet.name)
                if layout is None:
                    if self.options.sheet is not None or sheet.name is None:
                        raise UppksError("error_import_no_header", file=source.label, sheet=sheet.name or "-")
                    file_report.notes.append(_note("note_sheet_skipped", sheet=sheet.name))
                    continue
            found_any = True
            if sheet.name is not None:
                file_report.sheets.append(sheet.name)
            for number, values, _ in records:
                self._import_row(source.label, sheet.name, number, values, layout, file_report)
                if self.progress and number % 1000 == 0:
                    self.progress(source, sheet, number)
            if layout is not None:
                for key, params in layout.notes:
                    file_report.notes.append(_note(key, sheet=sheet.name, **params))
        if not found_any:
            raise UppksError("error_import_no_header", file=source.label, sheet="-")

    def _record_rows(self, sheet, file_report: FileReport):
        """JSON objects: keys mapped like headers, each unknown key reported once."""
        fields: dict[str, str | None] = {}
        for number, item in sheet.rows:
            values = {}
            for key, value in item.items():
                if key not in fields:
                    fields[key] = field_for(key, None, self.mappings)
                    if fields[key] is None:
                        file_report.notes.append(_note("note_column_unmapped", column=key))
                target = fields[key]
                if target and target != IGNORED and value not in (None, "") and target not in values:
                    values[target] = value
            if values:
                yield number, values, item

    def _refuse(self, file: str, sheet: str | None, number: int, values: dict, layout: Layout | None,
                refusals: list[UppksError], file_report: FileReport) -> None:
        file_report.counts["invalid"] += 1
        reasons = []
        for refusal in refusals:
            field_name = refusal.params.get("field") or _ERROR_FIELD.get(refusal.key, "")
            column = layout.header_of(field_name) if layout else field_name
            value = values.get(field_name)
            if refusal.key == "error_required":
                # in a file the fix is to fill the cell, not to give an option
                refusal = UppksError("error_required_cell", field=field_name, column=column)
            message = str(refusal)
            reasons.append(message)
            self.report.add_error({"file": file, "sheet": sheet, "row": number, "column": column,
                                   "value": "" if value is None else str(value), "message": message})
        if self.rejects:
            self.rejects.write(file, sheet, number, values, " | ".join(reasons))

    def _import_row(self, file: str, sheet: str | None, number: int, values: dict, layout: Layout | None,
                    file_report: FileReport) -> None:
        values = {key: _restore_neutralised(value) for key, value in values.items()}
        row, warnings, refusals = self.cleaner.clean(values, None, collect=True)
        if refusals:
            self._refuse(file, sheet, number, values, layout, refusals, file_report)
            return
        where = f"{os.path.basename(file)}:{number}" if sheet is None else f"{os.path.basename(file)}[{sheet}]:{number}"
        fingerprint = _fingerprint(row)
        existing = find_same_group(self.conn, row["district_code"], row["name_key"], row.get("subdistrict"))
        if existing is not None:
            seen = self.conn.execute("SELECT fingerprint, source FROM temp.import_seen WHERE group_id = ?",
                                     (existing["id"],)).fetchone()
            if seen is not None:
                if seen[0] == fingerprint:
                    file_report.counts["duplicates"] += 1
                    self._warn(file, sheet, number, DataWarning("warning_duplicate_row", first=seen[1]))
                else:
                    self._refuse(file, sheet, number, values, layout,
                                 [UppksError("error_same_group_differs", first=seen[1], id=existing["id"])],
                                 file_report)
                return
            self.conn.execute("INSERT INTO temp.import_seen VALUES (?, ?, ?)", (existing["id"], fingerprint, where))
            if self.options.on_existing == "skip":
                file_report.counts["skipped"] += 1
                return
            current = dict(existing)
            update, warnings, refusals = self.cleaner.clean(values, current, collect=True)
            if refusals:
                self._refuse(file, sheet, number, values, layout, refusals, file_report)
                return
            changes = {column: value for column, value in update.items()
                       if column != "name_key" and current.get(column) != value}
            if not changes:
                file_report.counts["unchanged"] += 1
                return
            update_group(self.conn, existing["id"], changes, batch_id=self.batch_id)
            self.conn.execute(
                "INSERT INTO batch_changes (batch_id, group_id, action, before, revision, source) "
                "VALUES (?, ?, 'updated', ?, ?, ?)",
                (self.batch_id, existing["id"], json.dumps(current, ensure_ascii=False),
                 current["revision"] + 1, where))
            file_report.counts["updated"] += 1
        else:
            group_id = insert_group(self.conn, row, batch_id=self.batch_id)
            self.conn.execute("INSERT INTO temp.import_seen VALUES (?, ?, ?)", (group_id, fingerprint, where))
            self.conn.execute(
                "INSERT INTO batch_changes (batch_id, group_id, action, before, revision, source) "
                "VALUES (?, ?, 'inserted', NULL, 1, ?)", (self.batch_id, group_id, where))
            file_report.counts["inserted"] += 1
        for warning in warnings:
            self._warn(file, sheet, number, warning)

    def _warn(self, file: str, sheet: str | None, number: int, warning: DataWarning) -> None:
        self.report.add_warning({"file": file, "sheet": sheet, "row": number, "message": str(warning)},
                                warning.key)


class _RollBack(Exception):
    """Leaves the import's transaction without committing."""


def _note(key: str, **params) -> dict:
    from uppks_cli.i18n import t

    return {"kind": key, "message": t(key, **params), **{k: v for k, v in params.items() if v is not None}}


def import_files(conn: sqlite3.Connection, names: list[str], options: ImportOptions | None = None,
                 stdin=None, progress=None) -> ImportReport:
    """Import the files (or "-" for stdin) as one batch; see the module's note."""
    return _Importer(conn, options or ImportOptions(), progress).run(names, stdin=stdin)
