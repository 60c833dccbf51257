"""`uppks activity import`: the districts' logs of coaching activities, through the same
reading, reports, rejects file and batches as the other imports.

Each row is matched to a registered group as a monthly report row is; a row for a
group the registry does not have is refused with the closest names of its
district. An activity already logged (same group, day, kind and topic) is a
duplicate and is not added again, so importing a file twice adds nothing. A
certification row may set the group's NIB, P-IRT or halal number (obtained on the
activity's day); the batch keeps the papers as they were, so `undo-import` removes
its activities and puts the papers back.
"""

from __future__ import annotations

import sqlite3

from uppks_cli.domain.groups import checked
from uppks_cli.domain.legality import DATE_OF
from uppks_cli.errors import DataWarning, UppksError
from uppks_cli.importing import ImportOptions, ImportReport
from uppks_cli.importing.activity_rows import ActivityChecker, activity_rows
from uppks_cli.importing.checking import problem
from uppks_cli.importing.headers import ACTIVITY_HEADINGS, ACTIVITY_IMPORT_FIELDS
from uppks_cli.importing.monthly import NamedGroupWriter, import_named_rows
from uppks_cli.importing.report import FileReport
from uppks_cli.importing.writer import where
from uppks_cli.registry import coaching as stored
from uppks_cli.registry import groups as stored_groups
from uppks_cli.registry.history import record

_MAX_REMEMBERED = 100_000


def import_activities(conn: sqlite3.Connection, names: list[str], options: ImportOptions | None = None, stdin=None,
                      progress=None, describe=None) -> ImportReport:
    """Import activity sheets (or "-" for stdin) as one all-or-nothing batch of kind "activities"."""
    return import_named_rows(conn, names, options, stdin, progress, describe, "activities", ACTIVITY_HEADINGS,
                             ACTIVITY_IMPORT_FIELDS, ActivityChecker, activity_rows, ActivityWriter)


class ActivityWriter(NamedGroupWriter):
    """Logs each checked row's activity for its group, and the papers a certification set."""

    def __init__(self, conn: sqlite3.Connection, report: ImportReport, batch_id: int, stamp: str, rejects=None):
        super().__init__(conn, report, batch_id, stamp, rejects)
        self.added: dict[int, str] = {}  # activity number: where in the files this batch read it

    def _write_one(self, file: str, sheet: str | None, number: int, group_id: int, row: tuple, given: dict,
                   headers: dict, file_report: FileReport) -> None:
        activity, papers = row
        place = where(file, sheet, number)
        found = stored.find_activity(self.conn, group_id, activity["date"], activity["kind"], activity["topic"])
        if found is not None:
            file_report.counts["duplicates"] += 1
            first = self.added.get(found[0])
            warning = (DataWarning("warning_activity_repeated", id=group_id, date=activity["date"],
                                   kind=activity["kind"], topic=activity["topic"], first=first)
                       if first is not None else DataWarning("warning_activity_logged", number=found[0], id=group_id))
            self._warn(file, sheet, number, warning)
            return
        changes = {}
        if papers:
            group = dict(stored_groups.row_of(self.conn, group_id))
            try:
                values, _ = checked(self.conn, {**papers, **{DATE_OF[paper]: activity["date"] for paper in papers}},
                                    group)
            except UppksError as refusal:
                self.refuse(file, sheet, number, given, [problem(refusal, headers)], file_report)
                return
            changes = {column: (group[column], values[column]) for column in values
                       if group[column] != values[column]}
        activity_id = stored.add_activity(self.conn, group_id, activity, self.stamp, f"batch {self.batch_id}: "
                                          f"{place} activity", self.batch_id)
        if len(self.added) > _MAX_REMEMBERED:
            self.added.clear()
        self.added[activity_id] = place
        file_report.counts["inserted"] += 1
        if changes:
            stored_groups.update(self.conn, group_id, {column: after for column, (_, after) in changes.items()},
                                 self.stamp, batch_id=self.batch_id)
            record(self.conn, group_id, "imported", f"batch {self.batch_id}: {place}", changes, self.stamp)
            stored.remember_papers(self.conn, self.batch_id, group_id, changes, group["batch_id"], place)
            file_report.counts["updated"] += 1
