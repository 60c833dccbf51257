"""Totals by district, by product type, or both: what meetings ask for."""

from __future__ import annotations

import sqlite3

from uppks_cli.errors import UppksError
from uppks_cli.groups import GroupFilter
from uppks_cli.product_types import product_types
from uppks_cli.reference import districts, subdistricts_of, villages_of_district

DIMENSIONS = ("district", "product_type")
MEASURES = ("groups", "members", "members_pus", "members_kb")


def parse_dimensions(text: str) -> tuple[str, ...]:
    """"district", "product-type" or "district,product-type" (either order, as typed)."""
    wanted = []
    for part in (text or "district").split(","):
        name = part.strip().lower().replace("-", "_")
        if name not in DIMENSIONS:
            raise UppksError("error_summary_by", value=text)
        if name not in wanted:
            wanted.append(name)
    return tuple(wanted)


def kb_rate(members_kb: int, members_pus: int) -> float | None:
    """Share of PUS members using family planning, in percent (BKKBN's 'KB rate')."""
    return round(100.0 * members_kb / members_pus, 1) if members_pus else None


def _with_rate(row: dict) -> dict:
    row["kb_rate"] = kb_rate(row["members_kb"], row["members_pus"])
    return row


def summarise(conn: sqlite3.Connection, by: tuple[str, ...], group_filter: GroupFilter,
              language: str = "en") -> list[dict]:
    """One row per district, per product type, or per pair; zeros included.

    Every district and every product type appears even with no groups, so a
    meeting sees who has nothing to report.
    """
    where, params = group_filter.where()
    columns = ", ".join(f"{d}_code" if d == "district" else d for d in by)
    if group_filter.totals_answer():
        sql = (f"SELECT {columns}, sum(groups), sum(members), sum(members_pus), sum(members_kb) "
               f"FROM group_totals{where} GROUP BY {columns} HAVING sum(groups) > 0")
    else:
        sql = (
            f"SELECT {columns}, count(*) AS groups, coalesce(sum(members), 0) AS members, "
            f"coalesce(sum(members_pus), 0) AS members_pus, coalesce(sum(members_kb), 0) AS members_kb "
            f"FROM groups{where} GROUP BY {columns}"
        )
    found = {tuple(row[:len(by)]): dict(zip(MEASURES, row[len(by):])) for row in conn.execute(sql, params)}
    types = product_types(conn)
    axes = {
        "district": [({"district_code": d.code, "district": d.name}, d.code) for d in districts()],
        "product_type": [({"product_type": pt.code, "label": pt.label(language)}, pt.code) for pt in types],
    }
    # a group whose district or product type is not in the reference still counts
    known = {dim: {code for _, code in axes[dim]} for dim in by}
    for key in found:
        for dim, code in zip(by, key):
            if code not in known[dim]:
                known[dim].add(code)
                label = {"district_code": code, "district": code} if dim == "district" else {"product_type": code, "label": code}
                axes[dim].append((label, code))
    rows = []
    if len(by) == 1:
        for keys, code in axes[by[0]]:
            rows.append(_with_rate({**keys, **found.get((code,), dict.fromkeys(MEASURES, 0))}))
    else:
        first, second = by
        for keys_a, code_a in axes[first]:
            for keys_b, code_b in axes[second]:
                measures = found.get((code_a, code_b), dict.fromkeys(MEASURES, 0))
                rows.append(_with_rate({**keys_a, **keys_b, **measures}))
    return rows


def totals(rows: list[dict]) -> dict:
    total = {measure: sum(row[measure] for row in rows) for measure in MEASURES}
    return _with_rate(total)


def district_reference(conn: sqlite3.Connection) -> list[dict]:
    """The 23 districts with both codes, the size of their reference lists and active groups."""
    counts = dict(conn.execute(
        "SELECT district_code, count(*) FROM groups WHERE status = 'active' GROUP BY district_code"
    ).fetchall())
    return [
        {"district_code": d.code, "bps_code": d.bps_code, "district": d.name,
         "official_name": d.official_name, "kind": d.kind,
         "subdistricts": len(subdistricts_of(d.code)), "villages": len(villages_of_district(d.code)),
         "groups": counts.get(d.code, 0)}
        for d in districts()
    ]


def product_type_reference(conn: sqlite3.Connection, language: str = "en") -> list[dict]:
    counts = dict(conn.execute(
        "SELECT product_type, count(*) FROM groups WHERE status = 'active' GROUP BY product_type"
    ).fetchall())
    return [
        {"product_type": pt.code, "label": pt.label(language), "label_id": pt.label_id,
         "label_en": pt.label_en, "aliases": pt.aliases, "groups": counts.get(pt.code, 0)}
        for pt in product_types(conn)
    ]
