"""Coaching as stored: the activity log, legality counts, and what `attention` reads of each group.

Groups are chosen with a GroupFilter inside a subquery, as monthly.py does.
"""

from __future__ import annotations

import json
import sqlite3

from uppks_cli.errors import UppksError
from uppks_cli.registry.groups import GroupFilter, update
from uppks_cli.registry.history import record

ACTIVITY_COLUMNS = ("date", "kind", "topic", "done_by", "attended", "amount", "partner")
_INSERT = (f"INSERT INTO activities (group_id, {', '.join(ACTIVITY_COLUMNS)}, batch_id, created_at) "
           f"VALUES (?, {', '.join('?' for _ in ACTIVITY_COLUMNS)}, ?, ?)")


def _chosen(group_filter: GroupFilter, columns: str) -> tuple[str, list]:
    where, params = group_filter.where()
    return f"(SELECT {columns} FROM groups{where})", params


def add_activity(conn: sqlite3.Connection, group_id: int, activity: dict, stamp: str, source: str,
                 batch_id: int | None = None) -> int:
    """Write one checked activity inside the caller's transaction, and the group's history line."""
    values = [activity.get(column) for column in ACTIVITY_COLUMNS]
    cursor = conn.execute(_INSERT, (group_id, *values, batch_id, stamp))
    shown = {("by" if column == "done_by" else column): (None, value)
             for column, value in zip(ACTIVITY_COLUMNS, values) if value is not None}
    record(conn, group_id, "activity", f"{source} {cursor.lastrowid}", shown, stamp)
    return cursor.lastrowid


def remove_batch(conn: sqlite3.Connection, batch_id: int, stamp: str) -> int:
    """Take back the activities an import added; their history says so. Returns how many."""
    found = conn.execute("SELECT id, group_id FROM activities WHERE batch_id = ?", (batch_id,)).fetchall()
    for activity_id, group_id in found:
        record(conn, group_id, "activity_undone", f"batch {batch_id}: activity {activity_id}", None, stamp)
    conn.execute("DELETE FROM activities WHERE batch_id = ?", (batch_id,))
    return len(found)


def activities(conn: sqlite3.Connection, group_filter: GroupFilter, since: str | None = None,
               kind: str | None = None):
    """The chosen groups' activities, oldest first, with the group's name and place."""
    chosen, params = _chosen(group_filter, "id, name, district_code, subdistrict")
    clauses, more = [], []
    if since:
        clauses.append("a.date >= ?")
        more.append(since)
    if kind:
        clauses.append("a.kind = ?")
        more.append(kind)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    keys = ("id", "group_id", "name", "district_code", "subdistrict", *ACTIVITY_COLUMNS)
    return (dict(zip(keys, row)) for row in conn.execute(
        f"SELECT a.id, g.id, g.name, g.district_code, g.subdistrict, {', '.join('a.' + c for c in ACTIVITY_COLUMNS)} "
        f"FROM activities a JOIN {chosen} g ON g.id = a.group_id{where} ORDER BY a.date, a.id", [*params, *more]))


def facilitation_by_district(conn: sqlite3.Connection, group_filter: GroupFilter, since: str) -> dict:
    """{district_code: {kind: (activities, amount)}} of the chosen groups' activities on or after `since`."""
    # from the activities since the day (few), each group checked against the filter by its number:
    # choosing the groups first read every group of a national registry
    where, params = group_filter.where()
    chosen = where.replace(" WHERE ", " AND ", 1)
    found: dict = {}
    for district, kind, count, amount in conn.execute(
            f"SELECT g.district_code, a.kind, count(*), coalesce(sum(a.amount), 0) FROM activities a "
            f"JOIN groups g ON g.id = a.group_id WHERE a.date >= ? AND EXISTS (SELECT 1 FROM groups "
            f"WHERE groups.id = a.group_id{chosen}) GROUP BY g.district_code, a.kind", [since, *params]):
        found.setdefault(district, {})[kind] = (count, amount)
    return found


def legality_by_district(conn: sqlite3.Connection, group_filter: GroupFilter, food: str) -> dict:
    """{district_code: (groups, with NIB, food groups, food groups with P-IRT, food groups with halal)}."""
    where, params = group_filter.where()
    if group_filter.totals_answer():  # the running totals count the groups holding each paper
        food_only = "sum(CASE WHEN product_type = ? THEN {} ELSE 0 END)"
        return {row[0]: tuple(row[1:]) for row in conn.execute(
            f"SELECT district_code, sum(groups), sum(nib), {food_only.format('groups')}, {food_only.format('pirt')}, "
            f"{food_only.format('halal')} FROM group_totals{where} GROUP BY district_code HAVING sum(groups) > 0",
            [food, food, food, *params])}
    return {row[0]: tuple(row[1:]) for row in conn.execute(
        "SELECT district_code, count(*), count(nib), sum(product_type = ?), "
        "sum(product_type = ? AND pirt IS NOT NULL), sum(product_type = ? AND halal IS NOT NULL) "
        # "+": grouping along the index of names would read the groups in its order, far slower
        f"FROM groups{where} GROUP BY +district_code", [food, food, food, *params])}


ATTENTION_KEYS = ("id", "name", "district_code", "subdistrict", "leader", "phone", "product_type", "pirt", "halal",
                  "last_period", "last_activity", "first_kb", "last_kb", "first_families", "last_families",
                  "start")
# How far below the KB drop asked a drop of the rates as stored may be and still be weighed: the
# rates are rounded to a tenth before they are compared, which moves their difference by less.
_KB_MARGIN = 1
# the first report from the trend's start with the point, where it may have fallen since to the latest
_FIRST = ("CASE WHEN f.{latest} > ? AND {may_fall} THEN (SELECT {shown} FROM (SELECT {columns} FROM monthly_reports r "
          "WHERE r.group_id = g.id AND r.period >= ? AND {has} ORDER BY r.period LIMIT 1) r WHERE {falls}) END")
_FIRST_KB = _FIRST.format(latest="kb_period", may_fall="f.kb_high - 100.0 * f.kb / f.pus >= ?",
                          shown="r.period || ' ' || r.members_kb || ' ' || r.members_pus",
                          columns="r.period, r.members_kb, r.members_pus",
                          has="r.members_pus > 0 AND r.members_kb IS NOT NULL",
                          falls="100.0 * r.members_kb / r.members_pus - 100.0 * f.kb / f.pus >= ?")
# (families can only have fallen by a share of one percent or more from more than there are now)
_FIRST_FAMILIES = _FIRST.format(latest="families_period", may_fall="(? < 1 OR f.families_high > f.families)",
                                shown="r.period || ' ' || r.families",
                                columns="r.period, r.families", has="r.families IS NOT NULL",
                                falls="r.families > 0 AND (r.families - f.families) * 100 >= ? * r.families")


# The month a group is known to be there from, when it has no report or no activity: the January of
# its founding year, the month it was registered (the recap's start, m006), or its earliest report or
# activity, whichever is first. Its reports and activities are searched only when the first two are
# later than the month asked about (the earliest any silence is weighed from): else they change nothing.
_REGISTERED = "min(coalesce(g.founded_year || '-01', '9999'), substr(g.created_at, 1, 7))"
_START = (f"CASE WHEN f.last_period IS NULL OR f.last_activity IS NULL THEN CASE WHEN {_REGISTERED} <= ? "
          f"THEN {_REGISTERED} ELSE min({_REGISTERED}, "
          "coalesce((SELECT min(period) FROM monthly_reports WHERE group_id = g.id), '9999'), "
          "coalesce((SELECT substr(min(date), 1, 7) FROM activities WHERE group_id = g.id), '9999')) END END")


def attention_facts(conn: sqlite3.Connection, group_filter: GroupFilter, trend_start: str, kb_drop: int,
                    members_drop: int, calm: tuple[str, str, str] | None = None, weighed_from: str = ""):
    """What `attention` weighs of each chosen group, as tuples in ATTENTION_KEYS order, in district
    and name order: its latest report and activity; and, only where the trend from `trend_start` on
    may have fallen by the drops given, its first report from then with a KB rate ("period kb pus")
    and with families ("period families"), else None; its latest reports with them, as
    group_facts keeps them; and, when it has no report or no activity, the month it is known to be
    there from (_START; any month up to `weighed_from` for a group known to be there by then), else None.

    `calm` (a period, a day, a product type) leaves out the groups that surely need no visit: reported
    in or after the period, with an activity on or after the day, not of the product type lacking a
    paper, and with no trend that may have fallen.

    The latest facts are group_facts, one row per group read by its number; a group's reports are
    searched only for the first since `trend_start`, and only when its latest point is later."""
    where, params = group_filter.where()
    if group_filter.district_codes:
        # A district's groups lie scattered through the file. Found by the index of names, they were
        # read in that order, each group and its facts from anywhere in the file; with their numbers
        # taken from the index first, both are read in the order they are stored, which is quicker.
        marks = ", ".join("?" for _ in group_filter.district_codes)
        where += f" AND id IN (SELECT id FROM groups WHERE district_code IN ({marks}))"
        params = [*params, *group_filter.district_codes]
    chosen = ("(SELECT id, name, district_code, subdistrict, leader, phone, product_type, pirt, halal, founded_year, "
              f"created_at FROM groups NOT INDEXED{where})")
    # a calm group is left out by SQLite: the groups that need a visit are all Python reads
    where = (" WHERE NOT (coalesce(f.last_period, '') >= ? AND coalesce(f.last_activity, '') >= ? AND "
             "(g.product_type IS NOT ? OR g.pirt IS NOT NULL AND g.halal IS NOT NULL) AND first_kb IS NULL AND "
             "first_families IS NULL)") if calm else ""
    sql = (f"SELECT g.id, g.name, g.district_code, g.subdistrict, g.leader, g.phone, g.product_type, g.pirt, "
           f"g.halal, f.last_period, f.last_activity, {_FIRST_KB} AS first_kb, "
           f"f.kb_period || ' ' || f.kb || ' ' || f.pus, {_FIRST_FAMILIES} AS first_families, "
           f"f.families_period || ' ' || f.families, {_START} "
           f"FROM {chosen} g LEFT JOIN group_facts f ON f.group_id = g.id{where} "
           f"ORDER BY g.district_code, g.name COLLATE NOCASE, g.id")
    trend = (trend_start, kb_drop - _KB_MARGIN, trend_start, kb_drop - _KB_MARGIN, trend_start, members_drop,
             trend_start, members_drop)
    return conn.execute(sql, [*trend, weighed_from, *params, *(calm or ())])


def find_activity(conn: sqlite3.Connection, group_id: int, date: str, kind: str, topic: str):
    """The activity already logged for the group that day, of that kind and topic (the topic's case
    aside): (id, batch_id, {column: value} of what else it says, ACTIVITY_COLUMNS but the three), or None."""
    others = [column for column in ACTIVITY_COLUMNS if column not in ("date", "kind", "topic")]
    found = conn.execute(f"SELECT id, batch_id, {', '.join(others)} FROM activities WHERE group_id = ? AND date = ? "
                         "AND kind = ? AND topic = ? COLLATE NOCASE ORDER BY id LIMIT 1",
                         (group_id, date, kind, topic)).fetchone()
    return (found[0], found[1], dict(zip(others, found[2:]))) if found else None


def _paper_changes(conn: sqlite3.Connection, batch_id: int) -> list[tuple[int, dict]]:
    return [(group_id, json.loads(before)) for group_id, before in conn.execute(
        "SELECT group_id, before FROM batch_changes WHERE batch_id = ? ORDER BY group_id", (batch_id,))]


def remember_papers(conn: sqlite3.Connection, batch_id: int, group_id: int, changes: dict, batch_before,
                    source: str) -> None:
    """Keep the papers an activity import set on a group, {column: [before, after]}, and the batch that
    had last written the group, for undo-import. A later row of the batch keeps the first before."""
    found = conn.execute("SELECT before FROM batch_changes WHERE batch_id = ? AND group_id = ?",
                         (batch_id, group_id)).fetchone()
    kept = json.loads(found[0]) if found else {"columns": {}, "batch_id": batch_before}
    for column, (before, after) in changes.items():
        kept["columns"][column] = [kept["columns"].get(column, [before])[0], after]
    revision = conn.execute("SELECT revision FROM groups WHERE id = ?", (group_id,)).fetchone()[0]
    conn.execute("INSERT OR REPLACE INTO batch_changes (batch_id, group_id, action, before, revision, source) "
                 "VALUES (?, ?, 'updated', ?, ?, ?)", (batch_id, group_id, json.dumps(kept), revision, source))


def batch_plan(conn: sqlite3.Connection, batch_id: int) -> dict:
    """What undoing an activity import would do: its activities removed, the papers it set put back;
    refused when a paper it set was changed since."""
    touched = []
    for group_id, kept in _paper_changes(conn, batch_id):
        row = conn.execute("SELECT * FROM groups WHERE id = ?", (group_id,)).fetchone()
        if row is None or any(row[column] != after for column, (_, after) in kept["columns"].items()):
            touched.append(group_id)
    if touched:
        shown = ", ".join(str(group_id) for group_id in touched[:10]) + (" ..." if len(touched) > 10 else "")
        raise UppksError("error_activity_batch_touched", id=batch_id, count=len(touched), groups=shown)
    added = conn.execute("SELECT count(*) FROM activities WHERE batch_id = ?", (batch_id,)).fetchone()[0]
    return {"batch": batch_id, "kind": "activities", "remove": added,
            "restore": len(_paper_changes(conn, batch_id))}


def undo_batch(conn: sqlite3.Connection, batch_id: int, stamp: str) -> None:
    """Remove the activities the batch added and put back the papers it set, as they were."""
    remove_batch(conn, batch_id, stamp)
    for group_id, kept in _paper_changes(conn, batch_id):
        columns = kept["columns"]
        update(conn, group_id, {column: before for column, (before, _) in columns.items()}, stamp,
               batch_id=kept["batch_id"])
        record(conn, group_id, "undone", f"batch {batch_id}",
               {column: (after, before) for column, (before, after) in columns.items()}, stamp)


def groups_with_activities(conn: sqlite3.Connection, created_batch: int) -> list[int]:
    """The groups a groups import inserted that have activities logged since."""
    return [row[0] for row in conn.execute(
        "SELECT DISTINCT g.id FROM groups g JOIN activities a ON a.group_id = g.id WHERE g.created_batch = ? "
        "ORDER BY g.id", (created_batch,))]
