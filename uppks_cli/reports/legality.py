"""Legality by district: how many groups hold each business paper (`summary --legality`, the meeting report).

NIB concerns every group; P-IRT and halal certification concern food groups
(product type makanan), so they are counted among those, beside how many
there are.
"""

from __future__ import annotations

import sqlite3

from uppks_cli.domain.legality import FOOD_PRODUCT_TYPE
from uppks_cli.domain.reference import districts
from uppks_cli.registry.coaching import legality_by_district as stored_counts
from uppks_cli.registry.groups import GroupFilter

LEGALITY_KEYS = ("district_code", "district", "groups", "nib", "food_groups", "food_pirt", "food_halal")
_COUNTS = LEGALITY_KEYS[2:]


def legality_by_district(conn: sqlite3.Connection, group_filter: GroupFilter, only_found: bool = False) -> list[dict]:
    """One line per district (all 23, zeros included, unless `only_found`), then any district code
    the reference does not know."""
    found = stored_counts(conn, group_filter, FOOD_PRODUCT_TYPE)
    names = [(d.code, d.name) for d in districts()] + [(code, code) for code in sorted(found)
                                                         if code not in {d.code for d in districts()}]
    return [{"district_code": code, "district": name, **dict(zip(_COUNTS, (int(n or 0) for n in found[code])))}
            if code in found else {"district_code": code, "district": name, **dict.fromkeys(_COUNTS, 0)}
            for code, name in names if code in found or not only_found]


def legality_totals(rows: list[dict]) -> dict:
    return {key: sum(row[key] for row in rows) for key in _COUNTS}
