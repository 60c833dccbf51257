"""Each group's latest report and activity (group_facts), as `attention` reads them.

Triggers (migration m009) keep them in the transaction of every write; `uppks check` compares
them with a recount from the reports and the activities, and `check --repair` puts them back.
The recount is written apart from the triggers, so that a mistake in either shows.
"""

from __future__ import annotations

import sqlite3

FACT_COLUMNS = ("last_period", "last_activity", "kb_period", "kb", "pus", "families_period", "families", "kb_high",
                "families_high")
_KB = "r.members_pus > 0 AND r.members_kb IS NOT NULL"
_FAMILIES = "r.families IS NOT NULL"
# one pass over the reports in the order they are kept, the latest points then read by their month
_REPORTED = f"""(
    SELECT r.group_id, max(r.period) AS last_period,
           max(CASE WHEN {_KB} THEN r.period END) AS kb_period,
           max(CASE WHEN {_KB} THEN 100.0 * r.members_kb / r.members_pus END) AS kb_high,
           max(CASE WHEN {_FAMILIES} THEN r.period END) AS families_period,
           max(CASE WHEN {_FAMILIES} THEN r.families END) AS families_high
    FROM monthly_reports r GROUP BY r.group_id)"""
_ACTIVE = "(SELECT group_id, max(date) AS last_activity FROM activities GROUP BY group_id)"
_RECOUNT = f"""
    SELECT k.group_id, p.last_period, a.last_activity, p.kb_period, kb.members_kb, kb.members_pus,
           p.families_period, fam.families, p.kb_high, p.families_high
    FROM (SELECT group_id FROM monthly_reports UNION SELECT group_id FROM activities) k
    LEFT JOIN {_REPORTED} p ON p.group_id = k.group_id LEFT JOIN {_ACTIVE} a ON a.group_id = k.group_id
    LEFT JOIN monthly_reports kb ON kb.group_id = k.group_id AND kb.period = p.kb_period
    LEFT JOIN monthly_reports fam ON fam.group_id = k.group_id AND fam.period = p.families_period"""
_KEPT = f"SELECT group_id, {', '.join(FACT_COLUMNS)} FROM group_facts"


def facts_of(conn: sqlite3.Connection, group_id: int) -> dict | None:
    """One group's kept facts, or None when it has no row."""
    row = conn.execute(f"SELECT {', '.join(FACT_COLUMNS)} FROM group_facts WHERE group_id = ?", (group_id,)).fetchone()
    return dict(zip(FACT_COLUMNS, row)) if row else None


def recounted_facts(conn: sqlite3.Connection, group_id: int) -> dict | None:
    """One group's facts as a recount gives them, or None when it has no report or activity."""
    row = conn.execute(f"SELECT * FROM ({_RECOUNT}) WHERE group_id = ?", (group_id,)).fetchone()
    return dict(zip(FACT_COLUMNS, tuple(row)[1:])) if row else None


def facts_differences(conn: sqlite3.Connection) -> list[tuple]:
    """Groups whose kept facts and a recount disagree (empty when all is well)."""
    return [tuple(row) for row in conn.execute(
        f"SELECT * FROM ({_RECOUNT} EXCEPT {_KEPT}) UNION ALL SELECT * FROM ({_KEPT} EXCEPT {_RECOUNT})")]


def rebuild_facts(conn: sqlite3.Connection) -> None:
    """Count every group's facts again (derived data: nothing is lost)."""
    conn.execute("DELETE FROM group_facts")
    conn.execute(f"INSERT INTO group_facts (group_id, {', '.join(FACT_COLUMNS)}) {_RECOUNT}")
