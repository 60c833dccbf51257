"""Totals by district, by product type, or both: what meetings ask for."""

from __future__ import annotations

import sqlite3

from uppks_cli.domain.product_types import product_types
from uppks_cli.domain.reference import districts, subdistricts_of, villages_of_district
from uppks_cli.errors import UppksError
from uppks_cli.registry import groups as stored
from uppks_cli.registry.groups import GroupFilter

DIMENSIONS = ("district", "product_type")
MEASURES = ("groups", "members", "members_pus", "members_kb")
_STORED_AS = {"district": "district_code", "product_type": "product_type"}


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
    """Share of PUS members using family planning, in percent (BKKBN's 'KB rate').

    None without PUS members, and None rather than above 100 when a registry
    kept from before the rule holds KB counts without PUS (`uppks check` names them)."""
    if not members_pus or members_kb > members_pus:
        return None
    return round(100.0 * members_kb / members_pus, 1)


def _with_rate(row: dict) -> dict:
    row["kb_rate"] = kb_rate(row["members_kb"], row["members_pus"])
    return row


def summarise(conn: sqlite3.Connection, by: tuple[str, ...], group_filter: GroupFilter,
              language: str = "en") -> list[dict]:
    """One row per district, per product type, or per pair; zeros included.

    Every district and every product type appears even with no groups, so a
    meeting sees who has nothing to report. `language` chooses the product
    types' labels.
    """
    found = {key: dict(zip(MEASURES, measures))
             for key, measures in stored.measures_by(conn, tuple(_STORED_AS[d] for d in by), group_filter).items()}
    axes = {
        "district": [({"district_code": d.code, "district": d.name}, d.code) for d in districts()],
        "product_type": [({"product_type": pt.code, "label": pt.label(language)}, pt.code)
                         for pt in product_types(conn)],
    }
    # a group whose district or product type is not in the reference still counts
    known = {dim: {code for _, code in axes[dim]} for dim in by}
    for key in found:
        for dim, code in zip(by, key):
            if code not in known[dim]:
                known[dim].add(code)
                label = ({"district_code": code, "district": code} if dim == "district"
                         else {"product_type": code, "label": code})
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
    counts = stored.counts_by(conn, "district_code")
    return [
        {"district_code": d.code, "bps_code": d.bps_code, "district": d.name,
         "official_name": d.official_name, "kind": d.kind,
         "subdistricts": len(subdistricts_of(d.code)), "villages": len(villages_of_district(d.code)),
         "groups": counts.get(d.code, 0)}
        for d in districts()
    ]


def product_type_reference(conn: sqlite3.Connection, language: str = "en") -> list[dict]:
    counts = stored.counts_by(conn, "product_type")
    return [
        {"product_type": pt.code, "label": pt.label(language), "label_id": pt.label_id,
         "label_en": pt.label_en, "aliases": pt.aliases, "groups": counts.get(pt.code, 0)}
        for pt in product_types(conn)
    ]
