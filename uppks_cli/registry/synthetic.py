"""SYNTHETIC monthly reports and activities for the benchmark: invented numbers for the groups
already in a registry, written straight by SQLite (the benchmark times commands, not this)."""

from __future__ import annotations

import sqlite3

KINDS = ("visit", "training", "meeting", "capital")


def fill_coaching(conn: sqlite3.Connection, periods: list[str], activities: int, last_day: str, stamp: str) -> None:
    """A report for nine groups in ten for every period (members and KB varying a little), and
    `activities` activities spread over the groups and the two years before `last_day`."""
    months = " UNION ALL ".join("SELECT ? AS period" for _ in periods)
    with conn:
        conn.execute(
            "INSERT INTO monthly_reports (group_id, period, meetings, families, attended, members_pus, members_kb, "
            "created_at, updated_at) "
            f"SELECT g.id, p.period, 2, g.members, g.members / 2, g.members_pus, "
            "max(coalesce(g.members_kb, 0) - abs(random()) % 3, 0), ?, ? "
            f"FROM groups g JOIN ({months}) p WHERE g.members_pus IS NOT NULL AND abs(random()) % 10 != 0 "
            "ORDER BY g.id, p.period", [stamp, stamp, *periods])
        highest = conn.execute("SELECT max(id) FROM groups").fetchone()[0] or 1
        kinds = " ".join(f"WHEN {number} THEN '{kind}'" for number, kind in enumerate(KINDS))
        conn.execute(
            "WITH RECURSIVE counter(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM counter WHERE n < ?) "
            "INSERT INTO activities (group_id, date, kind, topic, amount, partner, created_at) "
            "SELECT group_id, day, kind, 'Pembinaan', CASE kind WHEN 'capital' THEN 5000000 END, "
            "CASE kind WHEN 'capital' THEN 'Bank' END, ? FROM ("
            f"SELECT abs(random()) % ? + 1 AS group_id, date(?, '-' || (abs(random()) % 730) || ' days') AS day, "
            f"CASE abs(random()) % {len(KINDS)} {kinds} END AS kind FROM counter) "
            "ORDER BY group_id", [activities, stamp, highest, last_day])
