"""`uppks activity import`: the districts' logs of coaching activities, through the same
reading, reports, rejects file and batches as the other imports.

Each row is matched to a registered group as a monthly report row is; a row for a
group the registry does not have is refused with the closest names of its
district. An activity already logged (same group, day, kind and topic) is a
duplicate and is not added again, so importing a file twice adds nothing; one that
says otherwise (another amount, another partner, a paper the group has otherwise)
is refused, saying both. A
certification row may set the group's NIB, P-IRT or halal number (obtained on the
activity's day); the batch keeps the papers as they were, so `undo-import` removes
its activities and puts the papers back.
"""

from __future__ import annotations

import sqlite3

from uppks_cli.domain.coaching import differences, kind_said, said_of
from uppks_cli.domain.groups import checked
from uppks_cli.domain.legality import DATE_OF, PAPERS
from uppks_cli.errors import DataWarning, Message, UppksError
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
        changes, group = {}, None
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
        if found is not None:
            first = self.added.get(found[0])
            # the same activity said otherwise: which is right is the office's to say; a cell left
            # empty (a redacted export's officer, a log without attendance) says nothing against it
            differs = differences(found[2], activity)
            papers_differ = {paper: changes[paper] for paper in PAPERS if paper in changes}
            if differs or papers_differ:
                where_logged = first or Message("activity_number", number=found[0])
                message = (Message("error_activity_differs", id=group_id, date=activity["date"],
                                   kind=kind_said(activity["kind"]), topic=activity["topic"], where=where_logged,
                                   logged=said_of(differs, 0), given=said_of(differs, 1)) if differs
                           else Message("error_activity_paper_differs", id=group_id, where=where_logged,
                                        logged=said_of(papers_differ, 0), given=said_of(papers_differ, 1)))
                self.refuse(file, sheet, number, given, [("topic", headers.get("topic", "topic"), message)],
                            file_report)
                return
            file_report.counts["duplicates"] += 1
            warning = (DataWarning("warning_activity_repeated", id=group_id, date=activity["date"],
                                   kind=kind_said(activity["kind"]), topic=activity["topic"], first=first)
                       if first is not None else DataWarning("warning_activity_logged", number=found[0], id=group_id))
            self._warn(file, sheet, number, warning)
            return
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
