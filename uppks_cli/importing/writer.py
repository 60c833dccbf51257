"""Matching checked rows to the registry and writing them, all inside one transaction.

Rows are written as they pass, so memory stays flat however long the file.
Rows the reader found surely new go in with one executemany per run; a row
whose group may be known is matched against the registry on its own, after
everything before it is written, so the database (not a Python set) finds the
rows that describe a group already registered or seen earlier.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3

from uppks_cli.domain.checker import FieldChecker, filled_columns
from uppks_cli.domain.groups import find_same_group
from uppks_cli.domain.product_types import ensure_codes
from uppks_cli.errors import DataWarning, Message, UppksError
from uppks_cli.importing.checking import problem
from uppks_cli.importing.report import FileReport, ImportReport, as_shown
from uppks_cli.registry import batches, totals
from uppks_cli.registry import groups as stored
from uppks_cli.registry.columns import FIELD_COLUMNS, ROW_COLUMNS
from uppks_cli.registry.history import record

# what tells two rows of one group apart; the name's spelling does not (UPPKS
# Mawar and UPPKA MAWAR are one group, its identity says so)
_COMPARED = tuple(column for column in ROW_COLUMNS if column not in ("name", "name_key"))


def fingerprint(row: dict) -> str:
    """What a checked row says, in a few bytes: two rows for one group agree or not."""
    return hashlib.sha1(repr(tuple(map(row.get, _COMPARED))).encode()).hexdigest()


def where(file: str, sheet: str | None, number: int) -> str:
    """A row's place as the officer finds it: file[sheet]:row."""
    return f"{sheet_place(file, sheet)}{number}"


def sheet_place(file: str, sheet: str | None) -> str:
    """What comes before a row's number in its place: file[sheet]:"""
    name = os.path.basename(file)
    return f"{name}:" if sheet is None else f"{name}[{sheet}]:"


class _Pending:
    """A checked row whose group may be known: matched and written on its own."""

    __slots__ = ("file", "sheet", "number", "file_report", "cells", "warnings", "headers", "row", "values", "if_new")

    def __init__(self, file, sheet, number, given, headers, fields, columns, file_report, cells, warnings,
                 if_new=None):
        self.file, self.sheet, self.number, self.file_report = file, sheet, number, file_report
        self.cells, self.warnings, self.headers = cells, warnings, headers
        self.if_new = if_new  # the problems of the row if it names no registered group
        # the cleaned row by column, and the fields the file gave, as read
        self.row = dict(zip(columns, cells))
        self.values = {field_name: value for field_name, value in zip(fields, given) if value is not None}

    @property
    def where(self) -> str:
        return where(self.file, self.sheet, self.number)


class EventWriter:
    """Takes one import's events in order: blocks of checked rows to write_rows(), refused
    rows to the report and the rejects file, notes, sheets and progress; the kind of
    import (groups, monthly reports) says how rows are written."""

    def __init__(self, report: ImportReport, rejects=None):
        self.report, self.rejects = report, rejects
        self.file_index = 0

    def write_events(self, label: str, events, file_report: FileReport, progress=None) -> None:
        # rows of one file that describe one group are repeats or contradictions; a later
        # file of the batch brings news of a group, as a later batch would
        self.file_index += 1
        self.begin_file()
        headers: dict = {}
        fields: list = []
        for event in events:
            kind = event[0]
            if kind == "rows":
                self.write_rows(label, file_report, headers, fields, *event[1:])
            elif kind == "refused":
                _, sheet, number, values, problems = event
                self.refuse(label, sheet, number, values, problems, file_report)
            elif kind == "sheet":
                _, sheet, headers, fields = event
                self.begin_sheet(fields)
                if sheet is not None:
                    file_report.sheets.append(sheet)
            elif kind == "note":
                _, sheet, key, params = event
                file_report.note(sheet, key, params)
            elif kind == "progress" and progress:
                progress(*event[1:])

    def begin_file(self) -> None:
        """A file's events follow."""

    def begin_sheet(self, fields: list) -> None:
        """A sheet's rows, with these fields, follow."""

    def write_rows(self, file: str, file_report: FileReport, headers: dict, fields: list, sheet, *rows) -> None:
        raise NotImplementedError

    def refuse(self, file: str, sheet: str | None, number: int, values: dict, problems: list[tuple],
               file_report: FileReport) -> None:
        """Count and report a refused row: problems are (field, column, Message)."""
        file_report.counts["invalid"] += 1
        for field_name, column, message in problems:
            self.report.add_error({"file": file, "sheet": sheet, "row": number, "column": column,
                                   "value": as_shown(values.get(field_name)), "message": message})
        if self.rejects:
            self.rejects.write(file, sheet, number, values, [message for _, _, message in problems])

    def _warn(self, file: str, sheet: str | None, number: int, warning: DataWarning) -> None:
        self.report.add_warning({"file": file, "sheet": sheet, "row": number, "kind": warning.key,
                                 "message": warning})


class BatchWriter(EventWriter):
    """Writes one groups import's events into the open transaction and keeps its report."""

    def __init__(self, conn: sqlite3.Connection, report: ImportReport, checker: FieldChecker, on_existing: str,
                 batch_id: int, stamp: str, rejects=None):
        super().__init__(report, rejects)
        self.conn, self.checker = conn, checker
        self.on_existing, self.batch_id, self.stamp = on_existing, batch_id, stamp
        self.next_id = stored.next_id(conn)
        self.reserved = stored.reserves_numbers(conn)  # numbers of removed groups lie above the stored ones
        self._columns: tuple[str, ...] = ROW_COLUMNS
        self._type_at = ROW_COLUMNS.index("product_type")
        self.known_types = set(checker.vocabulary.codes)
        self.file_first_id = self.next_id
        self.updated_in_file: dict[int, int] = {}  # group id: the file whose row last changed it
        self._runs: list[tuple] = []
        # the groups numbered above this were inserted but are not yet in the search index and
        # the recap's counts: indexing each run as it is written made a big import far slower
        self.unindexed_after: int | None = None

    def begin_file(self) -> None:
        self.file_first_id = self.next_id

    def write_events(self, label: str, events, file_report: FileReport, progress=None) -> None:
        super().write_events(label, events, file_report, progress)
        self.index_inserted()

    def index_inserted(self) -> None:
        """Index the groups inserted since the last time, in one statement each."""
        if self.unindexed_after is not None:
            stored.index_for_search(self.conn, self.unindexed_after)
            self.unindexed_after = None

    def begin_sheet(self, fields: list) -> None:
        self._columns = filled_columns(fields)
        self._type_at = self._columns.index("product_type")

    def write_rows(self, file: str, file_report: FileReport, headers: dict, fields: list, sheet: str | None,
                    numbers: list[int], cells: list[tuple], known: dict[int, tuple], warnings: dict[int, list],
                    if_new: dict[int, list]) -> None:
        """Write a block of checked rows, in file order."""
        types = {row[self._type_at] for row in cells} - self.known_types - {None}
        if types:
            for code in ensure_codes(self.conn, types):
                file_report.note(sheet, "note_product_type_added", {"code": code})
            self.known_types |= types
        self._runs = []
        first_id = self.next_id
        start = 0
        for index, given in known.items():
            if index > start:
                self._insert_run(file, file_report, sheet, numbers, cells, warnings, start, index)
            self._write_one(_Pending(file, sheet, numbers[index], given, headers, fields, self._columns,
                                     file_report, cells[index], warnings.get(index), if_new.get(index)))
            start = index + 1
        if start < len(cells):
            self._insert_run(file, file_report, sheet, numbers, cells, warnings, start, len(cells))
        totals.add_inserted(self.conn, first_id, self.next_id)

    def _insert_run(self, file: str, file_report: FileReport, sheet: str | None, numbers: list[int],
                    cells: list[tuple], warnings: dict[int, list], start: int, stop: int) -> None:
        run = cells if start == 0 and stop == len(cells) else cells[start:stop]
        first_id = self.next_id if self.reserved else None
        if self.unindexed_after is None:
            self.unindexed_after = self.next_id - 1
        stored.insert_many(self.conn, self._columns, run, self.stamp, self.batch_id, first_id, index=False)
        self.reserved = False
        self._runs.append((self.next_id, file, sheet, numbers, start, stop))
        self.next_id += stop - start
        file_report.counts["inserted"] += stop - start
        for index, row_warnings in warnings.items():
            if start <= index < stop:
                for warning in row_warnings:
                    self._warn(file, sheet, numbers[index], warning)

    def _write_one(self, item: _Pending) -> None:
        """A row whose group may be registered already, or described by an earlier row."""
        row = item.row
        try:
            existing = find_same_group(self.conn, row["district_code"], row["name_key"], row.get("subdistrict"))
        except UppksError as refusal:
            self.refuse(item.file, item.sheet, item.number, item.values,
                        [problem(refusal, item.headers)], item.file_report)
            return
        if existing is not None:
            if not self._seen_before(existing, item) and self._update(existing, item):
                self._warn_all(item)
            return
        if item.if_new:
            self.refuse(item.file, item.sheet, item.number, item.values, self._if_new_problems(item),
                        item.file_report)
            return
        self._insert_run(item.file, item.file_report, item.sheet, [item.number], [item.cells],
                         {0: item.warnings} if item.warnings else {}, 0, 1)

    def _if_new_problems(self, item: _Pending) -> list:
        """The problems of a row that names no registered group. When the name is registered in the
        district but in another kecamatan, saying it is no registered group of the district would
        be untrue: the groups are named, so the officer can tell whether the kecamatan is the slip."""
        elsewhere = stored.same_identity(self.conn, item.row["district_code"], item.row["name_key"])
        if not elsewhere:
            return item.if_new
        groups = ", ".join(f"{row['id']} ({row['subdistrict'] or '-'})" for row in elsewhere)
        return [(field_name, column, Message("error_new_group_elsewhere", groups=groups,
                                             subdistrict=item.row.get("subdistrict") or "-", **message.params)
                 if message.key == "error_new_group_needs_column" else message)
                for field_name, column, message in item.if_new]

    def _warn_all(self, item: _Pending) -> None:
        for warning in item.warnings or ():
            self._warn(item.file, item.sheet, item.number, warning)

    def _where_written(self, group_id: int) -> str | None:
        """Where in the files a group this block inserted came from."""
        for first_id, file, sheet, numbers, start, stop in self._runs:
            if first_id <= group_id < first_id + stop - start:
                return where(file, sheet, numbers[start + group_id - first_id])
        return None

    def _repeated(self, item: _Pending, same: bool, first, group_id: int) -> None:
        if same:
            item.file_report.counts["duplicates"] += 1
            self._warn(item.file, item.sheet, item.number, DataWarning("warning_duplicate_row", first=first))
        else:
            message = Message("error_same_group_differs", first=first, id=group_id)
            self.refuse(item.file, item.sheet, item.number, item.values,
                        [("name", item.headers.get("name", "name"), message)], item.file_report)

    def _seen_before(self, existing, item: _Pending) -> bool:
        """Whether an earlier row of this import described the same group.

        Groups this batch wrote carry its id; groups it matched but left as
        they were are noted in the batch's temporary table. Either way the
        database, not a Python set, remembers them.
        """
        seen = batches.unchanged_before(self.conn, existing["id"])
        if seen is not None and seen[2] == self.file_index:  # an earlier row of this file left it as it was
            self._repeated(item, seen[0] == fingerprint(item.row), seen[1], existing["id"])
            return True
        if existing["batch_id"] == self.batch_id:
            if not self._written_by_this_file(existing):
                return False
            same = all(existing[column] == item.row.get(column)
                       for field_name in item.values if field_name != "name" for column in FIELD_COLUMNS.get(field_name, ()))
            first = (batches.update_source(self.conn, self.batch_id, existing["id"])
                     or self._where_written(existing["id"])
                     or Message("earlier_row_of_group", id=existing["id"]))
        else:
            return False
        self._repeated(item, same, first, existing["id"])
        return True

    def _written_by_this_file(self, existing) -> bool:
        if existing["created_batch"] == self.batch_id and existing["id"] >= self.file_first_id:
            return True
        return self.updated_in_file.get(existing["id"]) == self.file_index

    def _update(self, existing, item: _Pending) -> bool:
        """Bring a registered group up to date with the row; False if nothing was written."""
        if self.unindexed_after is not None and existing["id"] > self.unindexed_after:
            self.index_inserted()  # the triggers that follow a change expect the group indexed
        current = dict(existing)
        counts = item.file_report.counts
        if self.on_existing == "skip":
            batches.note_unchanged(self.conn, current["id"], fingerprint(item.row), item.where, self.file_index)
            counts["skipped"] += 1
            return False
        update, _, refusals = self.checker.check(item.values, current)
        if refusals:
            self.refuse(item.file, item.sheet, item.number, item.values,
                        [problem(refusal, item.headers) for refusal in refusals], item.file_report)
            return False
        changes = {column: value for column, value in update.items()
                   if column not in ("name", "name_key") and current.get(column) != value}
        if update.get("name", current["name"]) != current["name"]:
            # the same name spelt otherwise: the registered spelling stays, and the officer is told
            self._warn(item.file, item.sheet, item.number,
                       DataWarning("warning_name_spelling", value=update["name"], name=current["name"]))
        if not changes:
            batches.note_unchanged(self.conn, current["id"], fingerprint(item.row), item.where, self.file_index)
            counts["unchanged"] += 1
            return False
        inserted_here = current["created_batch"] == self.batch_id
        stored.update(self.conn, current["id"], changes, self.stamp, batch_id=self.batch_id, revise=not inserted_here)
        record(self.conn, current["id"], "imported", f"batch {self.batch_id}: {item.where}",
               {column: (current.get(column), value) for column, value in changes.items() if column != "name_key"},
               self.stamp)
        if not inserted_here:  # undoing the batch removes a group it inserted; nothing to keep
            batches.record_update(self.conn, self.batch_id, current, item.where)
        self.updated_in_file[current["id"]] = self.file_index
        counts["updated"] += 1
        return True
