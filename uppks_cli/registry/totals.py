"""Running totals per status, district and product type.

A meeting asks for counts and summaries over the whole registry; reading a
million groups for that takes a quarter of a second, reading these totals
(at most 2 x 23 x the product types rows) takes a millisecond. Every write
path keeps them current in its own transaction, and `uppks check` compares
them with a full recount.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict

from uppks_cli.registry.columns import TOTAL_MEASURES

_UPSERT = (
    "INSERT INTO group_totals (status, district_code, product_type, groups, members, members_pus, members_kb) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (status, district_code, product_type) DO UPDATE SET "
    "groups = groups + excluded.groups, members = members + excluded.members, "
    "members_pus = members_pus + excluded.members_pus, members_kb = members_kb + excluded.members_kb"
)


def key_and_amounts(group) -> tuple[tuple, tuple]:
    return ((group["status"] or "active", group["district_code"], group["product_type"]),
            tuple(group[m] or 0 for m in TOTAL_MEASURES))


def add(conn: sqlite3.Connection, deltas: dict[tuple, list]) -> None:
    """Apply {(status, district, type): [groups, members, pus, kb]} changes."""
    conn.executemany(_UPSERT, [(*key, *amounts) for key, amounts in deltas.items() if any(amounts)])


def add_inserted(conn: sqlite3.Connection, first_id: int, next_id: int) -> None:
    """Count the groups just inserted with ids first_id up to next_id (not included).

    An import adds a block's new groups this way: SQLite sums rows it has just
    written, instead of Python counting them one by one.
    """
    if next_id > first_id:
        conn.execute(
            "INSERT INTO group_totals (status, district_code, product_type, groups, members, members_pus, members_kb) "
            "SELECT status, district_code, product_type, count(*), coalesce(sum(members), 0), "
            "coalesce(sum(members_pus), 0), coalesce(sum(members_kb), 0) FROM groups WHERE id >= ? AND id < ? "
            "GROUP BY status, district_code, product_type "
            "ON CONFLICT (status, district_code, product_type) DO UPDATE SET "
            "groups = groups + excluded.groups, members = members + excluded.members, "
            "members_pus = members_pus + excluded.members_pus, members_kb = members_kb + excluded.members_kb",
            (first_id, next_id))


def change(conn: sqlite3.Connection, before, after) -> None:
    """Move one group's contribution from its old totals to its new ones (either may be None)."""
    deltas: dict[tuple, list] = defaultdict(lambda: [0, 0, 0, 0])
    if before is not None:
        key, amounts = key_and_amounts(before)
        for index, value in enumerate((1, *amounts)):
            deltas[key][index] -= value
    if after is not None:
        key, amounts = key_and_amounts(after)
        for index, value in enumerate((1, *amounts)):
            deltas[key][index] += value
    add(conn, deltas)


def rebuild(conn: sqlite3.Connection) -> None:
    """Recount everything from the groups (after an undo, and once when the table is made)."""
    conn.execute("DELETE FROM group_totals")
    conn.execute(
        "INSERT INTO group_totals (status, district_code, product_type, groups, members, members_pus, members_kb) "
        "SELECT status, district_code, product_type, count(*), coalesce(sum(members), 0), "
        "coalesce(sum(members_pus), 0), coalesce(sum(members_kb), 0) FROM groups "
        "GROUP BY status, district_code, product_type")


def differences(conn: sqlite3.Connection) -> list[tuple]:
    """Rows where the running totals and a full recount disagree (empty when all is well)."""
    recount = (
        "SELECT status, district_code, product_type, count(*) AS groups, coalesce(sum(members), 0) AS members, "
        "coalesce(sum(members_pus), 0) AS members_pus, coalesce(sum(members_kb), 0) AS members_kb "
        "FROM groups GROUP BY status, district_code, product_type")
    kept = ("SELECT status, district_code, product_type, groups, members, members_pus, members_kb "
            "FROM group_totals WHERE groups != 0 OR members != 0 OR members_pus != 0 OR members_kb != 0")
    return [tuple(row) for row in conn.execute(
        f"SELECT * FROM ({recount} EXCEPT {kept}) UNION ALL SELECT * FROM ({kept} EXCEPT {recount})")]
