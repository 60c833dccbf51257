"""The month's recap ("yang ada vs yang lapor") and the trend over months.

A recap row counts the groups that existed and were active at the end of the
month (as the month was, from each group's changes of status), those that
reported, and the sums of their reports. Rates are to one decimal and None
when their base is 0, so a month without reports never shows 0 % as if measured.
"""

from __future__ import annotations

import sqlite3

from uppks_cli.domain.monthly import periods_between
from uppks_cli.domain.product_types import product_types
from uppks_cli.domain.reference import districts, subdistricts_of
from uppks_cli.errors import UppksError
from uppks_cli.registry import monthly as stored
from uppks_cli.registry.groups import GroupFilter

RECAP_DIMENSIONS = ("district", "subdistrict", "product_type")
RECAP_MEASURES = ("groups", "reporting", "reporting_rate", "meetings", "families", "attended", "attendance_rate",
                  "members_pus", "members_kb", "kb_rate", "turnover")
# a district reporting less than this is behind (the district dashboards on SIGA's recap flag below 85 %)
REPORTING_TARGET = 85.0
TREND_MEASURES = ("reporting_rate", "families", "kb_rate", "turnover")


def parse_recap_by(text: str | None) -> str:
    name = (text or "district").strip().lower().replace("-", "_")
    if name == "kecamatan":
        name = "subdistrict"
    if name not in RECAP_DIMENSIONS:
        raise UppksError("error_recap_by", value=text)
    return name


def rate(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _measures(existing: int, sums: dict | None) -> dict:
    sums = sums or {}
    reporting = sums.get("reporting", 0)
    families, attended = sums.get("families", 0), sums.get("attended", 0)
    pus, kb = sums.get("members_pus", 0), sums.get("members_kb", 0)
    return {"groups": existing, "reporting": reporting, "reporting_rate": rate(reporting, existing),
            "meetings": sums.get("meetings", 0) + sums.get("meetings_virtual", 0), "families": families,
            "attended": attended, "attendance_rate": rate(attended, families), "members_pus": pus,
            "members_kb": kb, "kb_rate": rate(kb, pus), "turnover": sums.get("turnover", 0)}


def _lines(conn: sqlite3.Connection, by: str, group_filter: GroupFilter, language: str) -> list[dict]:
    """Every line the recap shows, zeros included: districts, product types, or the kecamatan
    of the chosen districts (of all of Aceh when none is chosen)."""
    if by == "district":
        chosen = set(group_filter.district_codes)
        return [{"district_code": d.code, "district": d.name} for d in districts() if not chosen or d.code in chosen]
    if by == "product_type":
        return [{"product_type": pt.code, "label": pt.label(language)} for pt in product_types(conn)
                if not group_filter.product_types or pt.code in group_filter.product_types]
    lines = []
    for district in districts():
        if not group_filter.district_codes or district.code in group_filter.district_codes:
            lines += [{"district_code": district.code, "district": district.name, "subdistrict_code": s.code,
                       "subdistrict": s.name} for s in subdistricts_of(district.code)
                      if not group_filter.subdistricts or s.name in group_filter.subdistricts]
    return lines


def _key(line: dict, by: str) -> str:
    return line["subdistrict_code"] if by == "subdistrict" else line[stored.DIMENSION_COLUMNS[by]]


def _unknown_line(value: str, by: str) -> dict:
    """A line for a district, type or kecamatan the reference does not know, named as stored."""
    if by == "district":
        return {"district_code": value, "district": value}
    if by == "product_type":
        return {"product_type": value, "label": value}
    code, _, name = value.partition(" ")
    return {"district_code": code, "district": district_name(code), "subdistrict_code": value, "subdistrict": name}


def district_name(code: str) -> str:
    from uppks_cli.domain.reference import district_by_code

    known = district_by_code().get(code)
    return known.name if known else code


def recap(conn: sqlite3.Connection, group_filter: GroupFilter, period: str, by: str,
          language: str = "en") -> list[dict]:
    """One row per district (kecamatan, product type) for the month, zeros included."""
    existing = stored.existing_by(conn, group_filter, by, period)
    sums = stored.sums_by(conn, group_filter, by, [period])
    lines = _lines(conn, by, group_filter, language)
    known = {_key(line, by) for line in lines}
    found = {value for value, count in existing.items() if count} | {value for _, value in sums}
    lines += [_unknown_line(value, by) for value in sorted(found - known)]
    return [{"period": period, **line, **_measures(existing.get(_key(line, by), 0),
                                                   sums.get((period, _key(line, by))))} for line in lines]


def recap_totals(rows: list[dict]) -> dict:
    added = {key: sum(row[key] or 0 for row in rows) for key in
             ("groups", "reporting", "meetings", "families", "attended", "members_pus", "members_kb", "turnover")}
    return {**added, "reporting_rate": rate(added["reporting"], added["groups"]),
            "attendance_rate": rate(added["attended"], added["families"]),
            "kb_rate": rate(added["members_kb"], added["members_pus"])}


def trend(conn: sqlite3.Connection, group_filter: GroupFilter, first: str, last: str) -> list[dict]:
    """One row per month from first to last: the recap's totals of each month."""
    periods = periods_between(first, last)
    if len(periods) > 120:
        raise UppksError("error_trend_too_long", first=first, last=last)
    sums = stored.sums_by(conn, group_filter, None, periods)
    return [{"period": period, **_measures(stored.existing_by(conn, group_filter, None, period).get("", 0),
                                           sums.get((period, "")))} for period in periods]


MISSING_KEYS = ("id", "name", "district_code", "district", "subdistrict", "leader", "phone", "period", "late")


def missing(conn: sqlite3.Connection, group_filter: GroupFilter, period: str, today) -> list[dict]:
    """The chosen groups with no report for the month, and whether it is late (past the 3rd of the next)."""
    from uppks_cli.domain.monthly import due_date

    late = today > due_date(period)
    return [{**{key: row.get(key) for key in MISSING_KEYS[:3]}, "district": district_name(row["district_code"]),
             "subdistrict": row["subdistrict"], "leader": row["leader"], "phone": row["phone"], "period": period,
             "late": late} for row in stored.without_report(conn, group_filter, period)]


def recap_text(rows: list[dict], output: str) -> str:
    """A recap as JSON or CSV: stable English keys, the month first."""
    from uppks_cli.reports.formats import to_csv, to_json

    if output == "json":
        return to_json(rows) + "\n"
    keys = [key for key in rows[0] if key != "period"] if rows else []
    return to_csv(rows, ["period", *keys])

