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

from uppks_cli.domain.groups import choose_same_group
from uppks_cli.domain.monthly import MONTHLY_FIELDS, near_names
from uppks_cli.domain.reference import district_by_code
from uppks_cli.errors import DataWarning, Message, UppksError
from uppks_cli.importing import ImportOptions, ImportReport, run_import
from uppks_cli.importing.checking import problem
from uppks_cli.importing.headers import MONTHLY_HEADINGS, MONTHLY_IMPORT_FIELDS
from uppks_cli.importing.monthly_rows import MonthlyChecker, monthly_rows
from uppks_cli.importing.pipeline import read_checked
from uppks_cli.importing.report import FileReport
from uppks_cli.importing.writer import EventWriter, sheet_place
from uppks_cli.registry import groups as stored_groups
from uppks_cli.registry import monthly as stored

# districts whose names are kept to suggest a close one: a refused row names a group of its district
_DISTRICTS_REMEMBERED = 4
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
    transaction: the groups of a block of rows are found at once, and a row whose group is not
    found is refused saying why."""

    def __init__(self, conn: sqlite3.Connection, report: ImportReport, batch_id: int, stamp: str, rejects=None):
        super().__init__(report, rejects)
        self.conn, self.batch_id, self.stamp = conn, batch_id, stamp
        self.district_names: dict = {}  # district code: (name key, name) of its groups, to suggest close names

    def write_rows(self, file: str, file_report: FileReport, headers: dict, fields: list, sheet: str | None,
                   numbers: list[int], rows: list[tuple], givens: list[dict]) -> None:
        self._write_block(file, sheet, numbers, rows, givens, self._groups(rows), headers, file_report)

    def _write_block(self, file: str, sheet: str | None, numbers: list[int], rows: list[tuple], givens: list[dict],
                     groups: list, headers: dict, file_report: FileReport) -> None:
        """Write a block of rows whose groups are found: the group, or the refusal saying why none."""
        for number, row, given, group in zip(numbers, rows, givens, groups):
            if isinstance(group, UppksError):
                self.refuse(file, sheet, number, given, [problem(group, headers)], file_report)
            else:
                self._write_one(file, sheet, number, group["id"], row[4:], given, headers, file_report)

    def _write_one(self, file: str, sheet: str | None, number: int, group_id: int, row: tuple, given: dict,
                   headers: dict, file_report: FileReport) -> None:
        raise NotImplementedError

    def _groups(self, rows: list[tuple]) -> list:
        """For each row (district code, name key, kecamatan, name, ...): the group it names (its
        id, district_code, product_type, subdistrict and subdistrict_code), or the refusal saying
        why there is none. Rows do not change who a group is,
        so the groups of a block are read before any of it is written."""
        registered = stored_groups.same_identities(self.conn, [(row[0], row[1]) for row in rows])
        found = []
        for district_code, key, subdistrict, name, *_ in rows:
            same_identity = registered.get((district_code, key), [])
            if len(same_identity) > 1:  # several groups of that name: their names for the refusal that may follow
                same_identity = stored_groups.same_identity(self.conn, district_code, key)
            try:
                group = choose_same_group(same_identity, subdistrict)
                found.append(group if group is not None
                             else self._unknown(district_code, key, subdistrict, name, same_identity))
            except UppksError as refusal:
                found.append(refusal)
        return found

    def _unknown(self, district_code: str, key: str, subdistrict: str | None, name: str,
                 same_name: list) -> UppksError:
        district = district_by_code()[district_code].name
        if same_name:  # registered, in another kecamatan
            return UppksError("error_monthly_group_elsewhere", field="name", name=name, district=district,
                              subdistrict=subdistrict, registered=", ".join(
                                  f"{group['id']} ({group['subdistrict'] or '-'})" for group in same_name))
        names = self.district_names.get(district_code)
        if names is None:
            if len(self.district_names) >= _DISTRICTS_REMEMBERED:
                self.district_names.clear()
            names = self.district_names[district_code] = dict(stored.names_in_district(self.conn, district_code))
        close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)
        return UppksError("error_monthly_group_unknown", field="name", name=name, district=district,
                          near=near_names(names[found] for found in close) if close else Message("near_none_there"))


class MonthlyWriter(NamedGroupWriter):
    """Writes each block of checked rows' reports for their groups, inside the import's transaction:
    the block's earlier rows and stored reports are read at once, and its reports written at once."""

    def __init__(self, conn: sqlite3.Connection, report: ImportReport, batch_id: int, stamp: str, rejects=None):
        super().__init__(conn, report, batch_id, stamp, rejects)
        stored.open_seen(conn)
        self.totals: stored.AddedReportTotals | None = None

    def write_events(self, label: str, events, file_report: FileReport, progress=None) -> None:
        # a file's added reports are counted in the recap's totals when it is read; a report
        # it replaces is counted by the triggers as it is written
        with stored.AddedReportTotals(self.conn) as self.totals:
            super().write_events(label, events, file_report, progress)

    def _write_block(self, file: str, sheet: str | None, numbers: list[int], rows: list[tuple], givens: list[dict],
                     groups: list, headers: dict, file_report: FileReport) -> None:
        keys = [(group["id"], row[4]) for group, row in zip(groups, rows) if not isinstance(group, UppksError)]
        seen = stored.seen_before(self.conn, keys)
        reports = stored.stored_reports(self.conn, keys)
        added, replaced, changes, noted = [], [], [], []
        place_of = sheet_place(file, sheet)
        for number, row, given, group in zip(numbers, rows, givens, groups):
            if isinstance(group, UppksError):
                self.refuse(file, sheet, number, given, [problem(group, headers)], file_report)
                continue
            group_id = group["id"]
            period, values = row[4:]
            key, place = (group_id, period), f"{place_of}{number}"
            report = dict(zip(MONTHLY_FIELDS, values))
            earlier = seen.get(key)
            if earlier is not None and earlier[1] == self.file_index:  # a second row of this file for the month
                # the first row's report is stored (or was already): the same, or a contradiction
                if reports[key][0] == report:
                    file_report.counts["duplicates"] += 1
                    self._warn(file, sheet, number, DataWarning("warning_duplicate_row", first=earlier[0]))
                else:
                    message = Message("error_monthly_report_differs", first=earlier[0], id=group_id, period=period)
                    self.refuse(file, sheet, number, given, [("name", headers.get("name", "name"), message)],
                                file_report)
                continue
            seen[key] = (place, self.file_index)
            noted.append((group_id, period, place, self.file_index))
            before, before_batch = reports.get(key, (None, None))
            if before is None:
                added.append((group_id, period, report))
                self.totals.add(period, group, report)
                outcome = "added"
            elif before == report:
                outcome = "unchanged"
            else:
                replaced.append((group_id, period, report, before, f"batch {self.batch_id}: {place}"))
                outcome = "replaced"
            file_report.counts[_COUNTED[outcome]] += 1
            if outcome != "unchanged":
                # the report as it was before the batch: the first change the batch makes to it is kept
                changes.append((group_id, period, {**before, "batch_id": before_batch} if before else None))
                reports[key] = (report, self.batch_id)  # what a later row of this block meets
        stored.add_reports(self.conn, added, self.stamp, self.batch_id)
        stored.replace_reports(self.conn, replaced, self.stamp, self.batch_id)
        stored.remember_batch_changes(self.conn, self.batch_id, changes)
        stored.note_seen(self.conn, noted)
