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

from uppks_cli.registry.columns import TOTAL_MEASURES, TOTAL_PAPERS

# what each row of group_totals counts and sums, after its key
_AMOUNTS = ("groups", *TOTAL_MEASURES, *TOTAL_PAPERS)
_INTO = f"INSERT INTO group_totals (status, district_code, product_type, {', '.join(_AMOUNTS)}) "
_ADDED = "ON CONFLICT (status, district_code, product_type) DO UPDATE SET " + ", ".join(
    f"{amount} = {amount} + excluded.{amount}" for amount in _AMOUNTS)
_UPSERT = f"{_INTO}VALUES (?, ?, ?, {', '.join('?' for _ in _AMOUNTS)}) {_ADDED}"
# the same amounts recounted from the groups
_RECOUNTED = ("count(*), " + ", ".join(f"coalesce(sum({m}), 0)" for m in TOTAL_MEASURES) + ", "
              + ", ".join(f"count({paper})" for paper in TOTAL_PAPERS))


def key_and_amounts(group) -> tuple[tuple, tuple]:
    return ((group["status"] or "active", group["district_code"], group["product_type"]),
            tuple(group[m] or 0 for m in TOTAL_MEASURES) + tuple(int(group[p] is not None) for p in TOTAL_PAPERS))


def add(conn: sqlite3.Connection, deltas: dict[tuple, list]) -> None:
    """Apply {(status, district, type): [groups, members, pus, kb, nib, pirt, halal]} changes."""
    conn.executemany(_UPSERT, [(*key, *amounts) for key, amounts in deltas.items() if any(amounts)])


def add_inserted(conn: sqlite3.Connection, first_id: int, next_id: int) -> None:
    """Count the groups just inserted with ids first_id up to next_id (not included).

    An import adds a block's new groups this way: SQLite sums rows it has just
    written, instead of Python counting them one by one.
    """
    if next_id > first_id:
        conn.execute(f"{_INTO}SELECT status, district_code, product_type, {_RECOUNTED} FROM groups "
                     f"WHERE id >= ? AND id < ? GROUP BY status, district_code, product_type {_ADDED}",
                     (first_id, next_id))


def change(conn: sqlite3.Connection, before, after) -> None:
    """Move one group's contribution from its old totals to its new ones (either may be None)."""
    deltas: dict[tuple, list] = defaultdict(lambda: [0] * len(_AMOUNTS))
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
    """Recount the summary's totals from the groups (after an undo, and once when the table is made)."""
    conn.execute("DELETE FROM group_totals")
    conn.execute(f"{_INTO}SELECT status, district_code, product_type, {_RECOUNTED} FROM groups "
                 "GROUP BY status, district_code, product_type")


_KEY = "coalesce(g.subdistrict_code, g.district_code || ' ' || coalesce(g.subdistrict, '-'))"
_START = "min(coalesce(g.founded_year || '-01', '9999'), substr(g.created_at, 1, 7))"
_SUMMED = ("meetings", "meetings_virtual", "families", "attended", "members_pus", "members_kb", "turnover",
           "capital_received")
# the recap's running totals as a recount from the reports and the groups gives them
_MONTHLY_RECOUNT = (
    f"SELECT r.period, g.district_code, g.product_type, {_KEY}, count(*), "
    f"{', '.join(f'coalesce(sum(r.{c}), 0)' for c in _SUMMED)} FROM monthly_reports r "
    "JOIN groups g ON g.id = r.group_id GROUP BY 1, 2, 3, 4")
_MONTHLY_KEPT = (f"SELECT period, district_code, product_type, subdistrict_key, reporting, {', '.join(_SUMMED)} "
                 "FROM monthly_totals WHERE reporting != 0")
_STARTS_RECOUNT = (f"SELECT g.district_code, g.product_type, {_KEY}, {_START}, count(*) FROM groups g "
                   "GROUP BY 1, 2, 3, 4")
_STARTS_KEPT = "SELECT district_code, product_type, subdistrict_key, start_period, groups FROM group_starts " \
               "WHERE groups != 0"


def rebuild_monthly(conn: sqlite3.Connection) -> None:
    """Recount the recap's running totals (derived data: nothing is lost)."""
    conn.execute("DELETE FROM monthly_totals")
    conn.execute(f"INSERT INTO monthly_totals (period, district_code, product_type, subdistrict_key, reporting, "
                 f"{', '.join(_SUMMED)}) {_MONTHLY_RECOUNT}")
    conn.execute("DELETE FROM group_starts")
    conn.execute(f"INSERT INTO group_starts (district_code, product_type, subdistrict_key, start_period, groups) "
                 f"{_STARTS_RECOUNT}")


def monthly_differences(conn: sqlite3.Connection) -> list[tuple]:
    found = []
    for recount, kept in ((_MONTHLY_RECOUNT, _MONTHLY_KEPT), (_STARTS_RECOUNT, _STARTS_KEPT)):
        found += [tuple(row) for row in conn.execute(
            f"SELECT * FROM ({recount} EXCEPT {kept}) UNION ALL SELECT * FROM ({kept} EXCEPT {recount})")]
    return found


def differences(conn: sqlite3.Connection) -> list[tuple]:
    """Rows where the running totals and a full recount disagree (empty when all is well)."""
    from uppks_cli.registry.facts import facts_differences

    recount = f"SELECT status, district_code, product_type, {_RECOUNTED} FROM groups " \
        "GROUP BY status, district_code, product_type"
    kept = (f"SELECT status, district_code, product_type, {', '.join(_AMOUNTS)} FROM group_totals WHERE "
            + " OR ".join(f"{amount} != 0" for amount in _AMOUNTS))
    return [tuple(row) for row in conn.execute(
        f"SELECT * FROM ({recount} EXCEPT {kept}) UNION ALL SELECT * FROM ({kept} EXCEPT {recount})")
            ] + monthly_differences(conn) + facts_differences(conn)
