"""Monthly reports as stored: one per group and month, and the sums a recap reads.

Groups are chosen with a GroupFilter inside a subquery, so a report's own
columns (notes, members_pus) never meet the filter's.
"""

from __future__ import annotations

import copy
import json
import sqlite3

from uppks_cli.errors import UppksError
from uppks_cli.registry.connection import joined_on_pairs
from uppks_cli.registry.groups import GroupFilter
from uppks_cli.registry.history import record

REPORT_COLUMNS = ("meetings", "meetings_virtual", "families", "attended", "members_pus", "members_kb", "turnover",
                  "capital_received", "capital_source", "reported_on", "notes")
SUMMED = ("meetings", "meetings_virtual", "families", "attended", "members_pus", "members_kb", "turnover",
          "capital_received")
# a kecamatan by its code; one not in the reference (kept as typed) by district and name
DIMENSION_COLUMNS = {"district": "district_code", "product_type": "product_type",
                     "subdistrict": "coalesce(subdistrict_code, district_code || ' ' || coalesce(subdistrict, '-'))"}


def _chosen(group_filter: GroupFilter, columns: str = "id") -> tuple[str, list]:
    where, params = group_filter.where()
    return f"(SELECT {columns} FROM groups{where})", params


def report_of(conn: sqlite3.Connection, group_id: int, period: str) -> dict | None:
    return _stored(conn, group_id, period)[0]


def _stored(conn: sqlite3.Connection, group_id: int, period: str) -> tuple[dict | None, int | None]:
    """A report as stored, and the import batch that last wrote it."""
    row = conn.execute(f"SELECT {', '.join(REPORT_COLUMNS)}, batch_id FROM monthly_reports "
                       "WHERE group_id = ? AND period = ?", (group_id, period)).fetchone()
    return (dict(zip(REPORT_COLUMNS, row)), row[-1]) if row else (None, None)


def save_report(conn: sqlite3.Connection, group_id: int, period: str, row: dict, stamp: str, source: str,
                batch_id: int | None = None) -> tuple[str, dict | None]:
    """Write a group's report for a month inside the caller's transaction:
    ("added" | "replaced" | "unchanged", the report it replaced). A replaced one
    is recorded in the group's history with what changed; the one returned carries
    the batch that had written it (batch_id), for undo-import."""
    values = {column: row.get(column) for column in REPORT_COLUMNS}
    before, before_batch = _stored(conn, group_id, period)
    if before == values:
        return "unchanged", before
    if before is None:
        add_reports(conn, [(group_id, period, values)], stamp, batch_id)
        return "added", None
    replace_reports(conn, [(group_id, period, values, before, source)], stamp, batch_id)
    return "replaced", {**before, "batch_id": before_batch}


def stored_reports(conn: sqlite3.Connection, keys) -> dict[tuple[int, str], tuple[dict, int | None]]:
    """_stored for many (group, month) pairs at once: each report found, and its batch."""
    return {(row[0], row[1]): (dict(zip(REPORT_COLUMNS, row[2:-1])), row[-1]) for row in joined_on_pairs(
        conn, keys, ("group_id", "period"),
        f"SELECT r.group_id, r.period, {', '.join('r.' + column for column in REPORT_COLUMNS)}, r.batch_id "
        "FROM wanted CROSS JOIN monthly_reports r ON r.group_id = wanted.group_id AND r.period = wanted.period")}


def add_reports(conn: sqlite3.Connection, reports: list[tuple[int, str, dict]], stamp: str,
                batch_id: int | None) -> None:
    """Insert new reports, (group, month, values by REPORT_COLUMNS), in one statement."""
    conn.executemany(
        f"INSERT INTO monthly_reports (group_id, period, {', '.join(REPORT_COLUMNS)}, batch_id, created_at, "
        f"updated_at) VALUES (?, ?, {', '.join('?' for _ in REPORT_COLUMNS)}, ?, ?, ?)",
        [(group_id, period, *map(values.get, REPORT_COLUMNS), batch_id, stamp, stamp)
         for group_id, period, values in reports])


# The reports an import adds are summed into the recap's running totals by the importer, a file at
# a time, instead of by the trigger m006 made (monthly_added), which fires for each report and reads
# its group: for a province's month that was as long as writing the reports themselves. The sums
# are those of the trigger: a report counts once, its numbers as given (nothing as 0), under its
# month, its group's district, product type and kecamatan (the code, else district and name).
# `check` compares the totals with a recount; the tests hold the two ways equal.
_TOTALS_COLUMNS = ("reporting", *SUMMED)
_ADD_TO_TOTALS = (
    f"INSERT INTO monthly_totals (period, district_code, product_type, subdistrict_key, {', '.join(_TOTALS_COLUMNS)}) "
    f"VALUES (?, ?, ?, coalesce(?, ? || ' ' || coalesce(?, '-')), {', '.join('?' for _ in _TOTALS_COLUMNS)}) "
    f"ON CONFLICT DO UPDATE SET {', '.join(f'{c} = {c} + excluded.{c}' for c in _TOTALS_COLUMNS)}")


class AddedReportTotals:
    """The running totals of the reports an import adds, kept here and written at once; meanwhile
    the trigger that would count each of them is set aside, inside the import's transaction (a
    rollback puts it back with everything else)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.sums: dict[tuple, list[int]] = {}
        self.trigger: str | None = None

    def __enter__(self) -> AddedReportTotals:
        found = self.conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'monthly_added'"
                                  ).fetchone()
        if found is not None:
            self.trigger = found[0]
            self.conn.execute("DROP TRIGGER monthly_added")
        return self

    def add(self, period: str, group, report: dict) -> None:
        """Count a report added for a group (district_code, product_type, subdistrict_code, subdistrict)."""
        if self.trigger is None:
            return  # a registry without the trigger keeps no totals of reports
        place = (period, group["district_code"], group["product_type"], group["subdistrict_code"], group["subdistrict"])
        sums = self.sums.get(place)
        if sums is None:
            sums = self.sums[place] = [0] * len(_TOTALS_COLUMNS)
        sums[0] += 1
        for at, column in enumerate(SUMMED, start=1):
            sums[at] += report[column] or 0

    def __exit__(self, kind, error, traceback) -> None:
        if self.trigger is None:
            return
        if kind is None:
            self.conn.executemany(_ADD_TO_TOTALS, [
                (period, district_code, product_type, subdistrict_code, district_code, subdistrict, *sums)
                for (period, district_code, product_type, subdistrict_code, subdistrict), sums in self.sums.items()])
        self.sums = {}
        try:
            self.conn.execute(self.trigger)
        except sqlite3.Error:
            if kind is None:
                raise
            # leaving on an error, the import's transaction is rolled back, and the trigger with it


def replace_reports(conn: sqlite3.Connection, reports: list[tuple[int, str, dict, dict, str]], stamp: str,
                    batch_id: int | None) -> None:
    """Overwrite stored reports, (group, month, values, the report before, where the values came
    from), each recorded in its group's history with what changed."""
    conn.executemany(
        f"UPDATE monthly_reports SET {', '.join(f'{c} = ?' for c in REPORT_COLUMNS)}, batch_id = ?, updated_at = ? "
        "WHERE group_id = ? AND period = ?",
        [(*map(values.get, REPORT_COLUMNS), batch_id, stamp, group_id, period)
         for group_id, period, values, _, _ in reports])
    for group_id, period, values, before, source in reports:
        changes = {column: (before[column], values.get(column)) for column in REPORT_COLUMNS
                   if before[column] != values.get(column)}
        record(conn, group_id, "monthly_replaced", f"{source} {period}", changes, stamp)


def remove_report(conn: sqlite3.Connection, group_id: int, period: str) -> None:
    conn.execute("DELETE FROM monthly_reports WHERE group_id = ? AND period = ?", (group_id, period))


def put_back(conn: sqlite3.Connection, group_id: int, period: str, before: dict) -> None:
    conn.execute(f"UPDATE monthly_reports SET {', '.join(f'{c} = ?' for c in REPORT_COLUMNS)} "
                 "WHERE group_id = ? AND period = ?", (*[before.get(c) for c in REPORT_COLUMNS], group_id, period))


def remember_batch_changes(conn: sqlite3.Connection, batch_id: int,
                           changes: list[tuple[int, str, dict | None]]) -> None:
    """Keep, for undo-import, each report as it was before the batch (None: there was none):
    (group, month, report before); the first change the batch makes to a report is kept."""
    conn.executemany("INSERT OR IGNORE INTO monthly_batch_changes (batch_id, group_id, period, before) "
                     "VALUES (?, ?, ?, ?)", [(batch_id, group_id, period, json.dumps(before) if before else None)
                                             for group_id, period, before in changes])


def batch_changes(conn: sqlite3.Connection, batch_id: int) -> list[tuple[int, str, dict | None]]:
    return [(row[0], row[1], json.loads(row[2]) if row[2] else None) for row in conn.execute(
        "SELECT group_id, period, before FROM monthly_batch_changes WHERE batch_id = ?", (batch_id,))]


def open_seen(conn: sqlite3.Connection) -> None:
    """The reports a monthly import has met so far, in a temporary table: the
    database, not a Python set, finds a second row for the same group and month."""
    # without rowid: one b-tree, not a table and the index of its key, for each row met
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS monthly_seen (group_id INTEGER, period TEXT, source TEXT, "
                 "file_index INTEGER, PRIMARY KEY (group_id, period)) WITHOUT ROWID")
    conn.execute("DELETE FROM temp.monthly_seen")


def seen_before(conn: sqlite3.Connection, keys) -> dict[tuple[int, str], tuple[str, int]]:
    """(source, file index) of the earlier row of this import for each (group, month) pair that had one."""
    return {(row[0], row[1]): (row[2], row[3]) for row in joined_on_pairs(
        conn, keys, ("group_id", "period"), "SELECT s.group_id, s.period, s.source, s.file_index "
        "FROM wanted CROSS JOIN temp.monthly_seen s ON s.group_id = wanted.group_id AND s.period = wanted.period")}


def note_seen(conn: sqlite3.Connection, seen: list[tuple[int, str, str, int]]) -> None:
    """Remember rows of this import: (group, month, source, file index)."""
    conn.executemany("INSERT OR REPLACE INTO temp.monthly_seen VALUES (?, ?, ?, ?)", seen)


def names_in_district(conn: sqlite3.Connection, district_code: str) -> list[tuple[str, str]]:
    """(name key, name) of every group of a district: where a close name is looked for."""
    return [tuple(row) for row in conn.execute("SELECT name_key, name FROM groups WHERE district_code = ? "
                                               "ORDER BY id", (district_code,))]


def batch_plan(conn: sqlite3.Connection, batch_id: int) -> dict:
    """What undoing a monthly import would do; refused, naming them, when a report it
    wrote was changed (or removed) after it."""
    changes = batch_changes(conn, batch_id)
    touched = []
    for group_id, period, _ in changes:
        found = conn.execute("SELECT batch_id FROM monthly_reports WHERE group_id = ? AND period = ?",
                             (group_id, period)).fetchone()
        if found is None or found[0] != batch_id:
            touched.append(f"{group_id} {period}")
    if touched:
        shown = ", ".join(touched[:10]) + (" ..." if len(touched) > 10 else "")
        raise UppksError("error_monthly_batch_touched", id=batch_id, count=len(touched), reports=shown)
    removed = sum(1 for _, _, before in changes if before is None)
    return {"batch": batch_id, "kind": "monthly", "remove": removed, "restore": len(changes) - removed}


def undo_batch(conn: sqlite3.Connection, batch_id: int, stamp: str) -> None:
    """Inside the caller's transaction: remove the reports a monthly import added, and
    put back those it replaced as they were, with the batch that had written them."""
    for group_id, period, before in batch_changes(conn, batch_id):
        if before is None:
            remove_report(conn, group_id, period)
            continue
        current = report_of(conn, group_id, period)
        put_back(conn, group_id, period, before)
        conn.execute("UPDATE monthly_reports SET batch_id = ?, updated_at = ? WHERE group_id = ? AND period = ?",
                     (before.get("batch_id"), stamp, group_id, period))
        record(conn, group_id, "undone", f"batch {batch_id} {period}",
               {c: (current[c], before.get(c)) for c in REPORT_COLUMNS if current[c] != before.get(c)}, stamp)


def groups_with_reports(conn: sqlite3.Connection, created_batch: int) -> list[int]:
    """The groups an import inserted that have monthly reports since."""
    return [row[0] for row in conn.execute(
        "SELECT DISTINCT g.id FROM groups g JOIN monthly_reports r ON r.group_id = g.id WHERE g.created_batch = ? "
        "ORDER BY g.id", (created_batch,))]


def months_of(conn: sqlite3.Connection, group_id: int, last: int = 12) -> list[dict]:
    """A group's latest reports, newest first."""
    return [dict(zip(("period", *REPORT_COLUMNS), row)) for row in conn.execute(
        f"SELECT period, {', '.join(REPORT_COLUMNS)} FROM monthly_reports WHERE group_id = ? "
        "ORDER BY period DESC LIMIT ?", (group_id, last))]


def listed(conn: sqlite3.Connection, group_filter: GroupFilter, period: str | None):
    """Reports of the chosen groups, with the group's name and place, by period then group."""
    chosen, params = _chosen(group_filter, "id, name, district_code, subdistrict")
    where = " WHERE r.period = ?" if period else ""
    return (dict(zip(("group_id", "name", "district_code", "subdistrict", "period", *REPORT_COLUMNS), row))
            for row in conn.execute(
                f"SELECT g.id, g.name, g.district_code, g.subdistrict, r.period, "
                f"{', '.join('r.' + c for c in REPORT_COLUMNS)} FROM monthly_reports r JOIN {chosen} g "
                f"ON g.id = r.group_id{where} ORDER BY r.period, g.id", [*params, *([period] if period else [])]))


def without_report(conn: sqlite3.Connection, group_filter: GroupFilter, period: str) -> list[dict]:
    """The chosen groups with no report for the period."""
    where, params = group_filter.where()
    # Asked of a district's groups, the question is answered from two indexes (the groups'
    # numbers by district, the reports by month) before any group is read: only those without
    # a report are read, and the whole filter is applied to them.
    reported = "SELECT 1 FROM monthly_reports r INDEXED BY monthly_reports_period WHERE r.period = ? AND r.group_id = "
    if group_filter.district_codes:
        codes = group_filter.district_codes
        unreported = (f"id IN (SELECT x.id FROM groups x INDEXED BY groups_identity WHERE x.district_code IN "
                      f"({', '.join('?' for _ in codes)}) AND NOT EXISTS ({reported}x.id))")
        unreported_params = [*codes, period]
    else:
        unreported, unreported_params = f"NOT EXISTS ({reported}groups.id)", [period]
    keys = ("id", "name", "district_code", "subdistrict", "leader", "phone")
    return [dict(zip(keys, row)) for row in conn.execute(
        f"SELECT {', '.join(keys)} FROM groups{where}{' AND ' if where else ' WHERE '}{unreported} "
        "ORDER BY district_code, subdistrict, name", [*params, *unreported_params])]


# the running totals' column for each dimension of a recap
TOTALS_COLUMNS = {"district": "district_code", "product_type": "product_type", "subdistrict": "subdistrict_key"}


def _totals_where(group_filter: GroupFilter) -> tuple[str, list]:
    """The running totals' clause for a filter they answer (districts and product types)."""
    clauses, params = [], []
    for column, values in (("district_code", group_filter.district_codes),
                           ("product_type", group_filter.product_types)):
        if values:
            clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)
    return "".join(f" AND {clause}" for clause in clauses), params


def existing_by(conn: sqlite3.Connection, group_filter: GroupFilter, dimension: str | None, period: str) -> dict:
    """Groups that existed and were active at the end of `period`, by dimension value.

    A group exists from its founding year, or without one from the month it was
    registered (a registry started this year still recaps last year's groups), until
    a change of status before the month's end made it inactive. The running totals
    (group_starts) answer a filter of districts and product types; others read the groups."""
    everyone = copy.copy(group_filter)
    everyone.status = "all"
    end = _end_of(period)
    year = int(period[:4])
    if everyone.totals_answer():
        column = TOTALS_COLUMNS[dimension] if dimension else "''"
        where, params = _totals_where(everyone)
        made = dict(conn.execute(f"SELECT {column}, sum(groups) FROM group_starts WHERE start_period <= ?{where} "
                                 f"GROUP BY {column}", [period, *params]).fetchall())
    else:
        column = DIMENSION_COLUMNS[dimension] if dimension else "''"
        chosen, params = _chosen(everyone, f"id, {column} AS dim, created_at, founded_year")
        made = dict(conn.execute(f"SELECT dim, count(*) FROM {chosen} g WHERE (g.created_at < ? OR "
                                 "g.founded_year <= ?) GROUP BY dim", [*params, end, year]).fetchall())
    column = DIMENSION_COLUMNS[dimension] if dimension else "''"
    where, params = everyone.where()
    where = where.replace(" WHERE ", " AND ", 1)
    stopped = conn.execute(
        # each group's latest change before the end; of two in one second, the one written last. The
        # changes lead (CROSS JOIN): they are few beside the groups, which SQLite, left to choose,
        # read all of in the order of the grouping
        f"SELECT {column}, count(*) FROM (SELECT group_id, active FROM status_changes s WHERE at < ? AND NOT EXISTS "
        "(SELECT 1 FROM status_changes t WHERE t.group_id = s.group_id AND t.at < ? AND (t.at > s.at OR "
        "(t.at = s.at AND t.rowid > s.rowid)))) s CROSS JOIN groups ON groups.id = s.group_id WHERE s.active = 0 "
        f"AND (groups.created_at < ? OR groups.founded_year <= ?){where} GROUP BY {column}",
        [end, end, end, year, *params]).fetchall()
    for value, count in stopped:
        made[value] = (made.get(value) or 0) - count
    # a group registered after the month that reported for it (a new group's sheet brings its last
    # month) was there: without it, 4 groups reporting out of 3 made "133% reporting". The reports
    # of the month are read only when the running totals know a group that starts after it.
    later = conn.execute("SELECT 1 FROM group_starts WHERE start_period > ? AND groups > 0 LIMIT 1", [period])
    chosen, params = _chosen(everyone, f"id, {column} AS dim, created_at, founded_year")
    for value, count in () if later.fetchone() is None else conn.execute(
            f"SELECT g.dim, count(*) FROM monthly_reports r JOIN {chosen} g ON g.id = r.group_id WHERE r.period = ? "
            "AND g.created_at >= ? AND (g.founded_year IS NULL OR g.founded_year > ?) GROUP BY g.dim",
            [*params, period, end, year]):
        made[value] = (made.get(value) or 0) + count
    return {value: count for value, count in made.items() if count}


def _end_of(period: str) -> str:
    year, month = int(period[:4]), int(period[5:])
    following = f"{year + month // 12:04d}-{month % 12 + 1:02d}"
    return following + "-01T00:00:00Z"


def sums_by(conn: sqlite3.Connection, group_filter: GroupFilter, dimension: str | None, periods: list[str]) -> dict:
    """{(period, dimension value): {reporting, meetings, families, ...}} over the chosen groups,
    from the running totals where they answer the filter."""
    everyone = copy.copy(group_filter)
    everyone.status = "all"
    marks = ", ".join("?" for _ in periods)
    if everyone.totals_answer():
        column = TOTALS_COLUMNS[dimension] if dimension else "''"
        where, params = _totals_where(everyone)
        query = (f"SELECT period, {column}, sum(reporting), {', '.join(f'sum({c})' for c in SUMMED)} "
                 f"FROM monthly_totals WHERE period IN ({marks}){where} GROUP BY period, {column}")
        arguments = [*periods, *params]
    else:
        column = DIMENSION_COLUMNS[dimension] if dimension else "''"
        chosen, params = _chosen(everyone, f"id, {column} AS dim")
        query = (f"SELECT r.period, g.dim, count(*), {', '.join(f'coalesce(sum(r.{c}), 0)' for c in SUMMED)} "
                 f"FROM monthly_reports r JOIN {chosen} g ON g.id = r.group_id WHERE r.period IN ({marks}) "
                 "GROUP BY r.period, g.dim")
        arguments = [*params, *periods]
    found = {}
    for row in conn.execute(query, arguments):
        if row[2]:
            found[(row[0], row[1])] = dict(zip(("reporting", *SUMMED), row[2:]))
    return found


def silent_since(conn: sqlite3.Connection, group_filter: GroupFilter, first_silent: str) -> list[dict]:
    """The chosen groups whose latest report is older than `first_silent` (or who never reported)."""
    chosen, params = _chosen(group_filter, "id, name, district_code, subdistrict, leader, phone")
    keys = ("id", "name", "district_code", "subdistrict", "leader", "phone", "last_period")
    return [dict(zip(keys, row)) for row in conn.execute(
        f"SELECT g.id, g.name, g.district_code, g.subdistrict, g.leader, g.phone, "
        "(SELECT max(period) FROM monthly_reports r WHERE r.group_id = g.id) AS last_period "
        f"FROM {chosen} g WHERE coalesce(last_period, '') < ? ORDER BY g.district_code, g.name",
        [*params, first_silent])]


def any_report(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT EXISTS (SELECT 1 FROM monthly_reports)").fetchone()[0] == 1
