"""`uppks monthly import`: the districts' sheets of monthly reports (R/I/UPPKA),
through the same reading, reports, rejects file and batches as a groups import.

Each row is matched to a registered group as a groups import matches (same
name key and district, a kecamatan that does not contradict); a row for a group
the registry does not have is refused with the closest names of its district.
A report for a group and month already there is replaced, and the batch keeps
the one before, so `undo-import` puts it back. Two rows of one file for the same
group and month are one report said twice, or refused when they differ; a later
file of the batch brings news, as a later batch would.
"""

from __future__ import annotations

import difflib
import sqlite3

from uppks_cli.domain.groups import find_same_group
from uppks_cli.domain.monthly import MONTHLY_FIELDS
from uppks_cli.domain.reference import district_by_code, fold
from uppks_cli.errors import DataWarning, Message, UppksError
from uppks_cli.importing import ImportOptions, ImportReport, run_import
from uppks_cli.importing.checking import problem
from uppks_cli.importing.headers import MONTHLY_HEADINGS, MONTHLY_IMPORT_FIELDS
from uppks_cli.importing.monthly_rows import MonthlyChecker, monthly_rows
from uppks_cli.importing.pipeline import read_checked
from uppks_cli.importing.report import FileReport
from uppks_cli.importing.writer import EventWriter, where
from uppks_cli.registry import groups as stored_groups
from uppks_cli.registry import monthly as stored

_MAX_REMEMBERED = 100_000
_COUNTED = {"added": "inserted", "replaced": "updated", "unchanged": "unchanged"}


def import_monthly(conn: sqlite3.Connection, names: list[str], options: ImportOptions | None = None, stdin=None,
                   progress=None, describe=None) -> ImportReport:
    """Import monthly report sheets (or "-" for stdin) as one all-or-nothing batch of kind "monthly"."""
    return import_named_rows(conn, names, options, stdin, progress, describe, "monthly", MONTHLY_HEADINGS,
                             MONTHLY_IMPORT_FIELDS, MonthlyChecker, monthly_rows, MonthlyWriter)


def import_named_rows(conn: sqlite3.Connection, names: list[str], options: ImportOptions | None, stdin, progress,
                      describe, kind: str, headings, fields: tuple[str, ...], checker, rows, writer) -> ImportReport:
    """The frame of an import whose rows name registered groups: rows(source, ...) checks a
    source's rows with checker(), and writer (a NamedGroupWriter) writes them."""
    options = options or ImportOptions()
    mappings = headings.parse_mappings(options.mappings)

    def begin(report: ImportReport, sources: list, rejects, batch_id: int, stamp: str):
        written = writer(conn, report, batch_id, stamp, rejects)

        def write(source, file_report: FileReport) -> None:
            events = read_checked(source, options, mappings, checker(), None, more_follow=False, rows=rows)
            written.write_events(source.label, events, file_report, progress)

        return write

    return run_import(conn, names, options, stdin, describe, fields, kind, begin)


class NamedGroupWriter(EventWriter):
    """Writes rows that name a registered group (monthly reports, activities) inside the import's
    transaction: each row's group is found by _group(), or the row refused saying why there is none."""

    def __init__(self, conn: sqlite3.Connection, report: ImportReport, batch_id: int, stamp: str, rejects=None):
        super().__init__(report, rejects)
        self.conn, self.batch_id, self.stamp = conn, batch_id, stamp
        self.groups: dict = {}  # (district, name key, kecamatan): the group's number, or why none

    def write_rows(self, file: str, file_report: FileReport, headers: dict, fields: list, sheet: str | None,
                   numbers: list[int], rows: list[tuple], givens: list[dict]) -> None:
        for number, row, given in zip(numbers, rows, givens):
            group_id = self._group(*row[:4])
            if isinstance(group_id, int):
                self._write_one(file, sheet, number, group_id, row[4:], given, headers, file_report)
            else:
                self.refuse(file, sheet, number, given, [problem(group_id, headers)], file_report)

    def _write_one(self, file: str, sheet: str | None, number: int, group_id: int, row: tuple, given: dict,
                   headers: dict, file_report: FileReport) -> None:
        raise NotImplementedError

    def _group(self, district_code: str, key: str, subdistrict: str | None, name: str):
        """The number of the group a row names, or the refusal saying why there is none."""
        wanted = (district_code, key, fold(subdistrict) if subdistrict else None)
        found = self.groups.get(wanted)
        if found is None:
            if len(self.groups) > _MAX_REMEMBERED:
                self.groups.clear()
            try:
                group = find_same_group(self.conn, district_code, key, subdistrict)
                found = group["id"] if group is not None else self._unknown(district_code, key, subdistrict, name)
            except UppksError as refusal:
                found = refusal
            self.groups[wanted] = found
        return found

    def _unknown(self, district_code: str, key: str, subdistrict: str | None, name: str) -> UppksError:
        district = district_by_code()[district_code].name
        same_name = stored_groups.same_identity(self.conn, district_code, key)
        if same_name:  # registered, in another kecamatan
            return UppksError("error_monthly_group_elsewhere", field="name", name=name, district=district,
                              subdistrict=subdistrict, registered=", ".join(
                                  f"{group['id']} ({group['subdistrict'] or '-'})" for group in same_name))
        names = dict(stored.names_in_district(self.conn, district_code))
        close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)
        return UppksError("error_monthly_group_unknown", field="name", name=name, district=district,
                          near=", ".join(names[found] for found in close) or "-")


class MonthlyWriter(NamedGroupWriter):
    """Writes each checked row's report for its group, inside the import's transaction."""

    def __init__(self, conn: sqlite3.Connection, report: ImportReport, batch_id: int, stamp: str, rejects=None):
        super().__init__(conn, report, batch_id, stamp, rejects)
        stored.open_seen(conn)

    def _write_one(self, file: str, sheet: str | None, number: int, group_id: int, row: tuple, given: dict,
                   headers: dict, file_report: FileReport) -> None:
        period, values = row
        place = where(file, sheet, number)
        fingerprint = repr(values)
        earlier = stored.seen_before(self.conn, group_id, period)
        if earlier is not None and earlier[2] == self.file_index:  # a second row of this file for the month
            if earlier[0] == fingerprint:
                file_report.counts["duplicates"] += 1
                self._warn(file, sheet, number, DataWarning("warning_duplicate_row", first=earlier[1]))
            else:
                message = Message("error_monthly_report_differs", first=earlier[1], id=group_id, period=period)
                self.refuse(file, sheet, number, given, [("name", headers.get("name", "name"), message)],
                            file_report)
            return
        outcome, before = stored.save_report(self.conn, group_id, period, dict(zip(MONTHLY_FIELDS, values)),
                                             self.stamp, f"batch {self.batch_id}: {place}", self.batch_id)
        file_report.counts[_COUNTED[outcome]] += 1
        if outcome != "unchanged":
            # the report as it was before the batch: the first change the batch makes to it is kept
            stored.remember_batch_change(self.conn, self.batch_id, group_id, period, before)
        stored.note_seen(self.conn, group_id, period, fingerprint, place, self.file_index)
