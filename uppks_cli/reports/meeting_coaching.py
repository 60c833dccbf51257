"""The meeting report's coaching parts: business papers by district, the groups that need
attention, and the facilitation done since the report's date (visits, trainings, capital linked)."""

from __future__ import annotations

import datetime as _dt
import sqlite3

from uppks_cli.domain.coaching import attention
from uppks_cli.domain.reference import district_by_code
from uppks_cli.registry.coaching import facilitation_by_district
from uppks_cli.registry.groups import GroupFilter
from uppks_cli.reports.legality import LEGALITY_KEYS, legality_by_district, legality_totals
from uppks_cli.reports.meeting_changes import CHANGES_LISTED_AT_MOST, _quoted

FACILITATION_KEYS = ("district", "visits", "trainings", "capital_linked", "capital_amount", "other_activities")


def coaching_data(conn: sqlite3.Connection, group_filter: GroupFilter, since: _dt.date, shown_districts: set,
                  words) -> dict:
    """{"legality", "attention", "facilitation"}: each {"lines", "columns", "total", "note"}."""
    return {"legality": _legality(conn, group_filter, shown_districts, words),
            "attention": _attention(conn, group_filter, words),
            "facilitation": _facilitation(conn, group_filter, since, shown_districts, words)}


def _legality(conn, group_filter, shown_districts: set, words) -> dict:
    lines = [line for line in legality_by_district(conn, group_filter) if line["district_code"] in shown_districts]
    columns = [(key, words("col_" + key)) for key in LEGALITY_KEYS if key != "district_code"]
    return {"lines": lines, "columns": columns, "total": {**legality_totals(lines), "district": words("total")},
            "note": None}


def _district(code: str) -> str:
    known = district_by_code().get(code)
    return known.name if known else code


# Weighing a group's reasons reads the group and its facts, scattered through the file: a report
# weighs a province's groups, and past this many says which command lists them instead.
WEIGHED_AT_MOST = 50_000


def _attention(conn, group_filter, words) -> dict:
    from uppks_cli.domain.groups import count_groups

    terms = [_quoted(_district(code)) for code in group_filter.district_codes] + group_filter.product_types
    command = " ".join(["uppks", "attention", *terms])
    selected = count_groups(conn, group_filter)
    if selected > WEIGHED_AT_MOST:
        return {"lines": [], "columns": [("district", words("col_district")), ("groups", words("col_groups"))],
                "total": None, "note": words("report_attention_too_many", count=selected, command=command)}
    # one pass, as they come: the first few kept to be listed, every one counted by district
    listed, counted, total = [], {}, 0
    for group in attention(conn, group_filter, ordered=False):
        total += 1
        counted[group["district_code"]] = counted.get(group["district_code"], 0) + 1
        if len(listed) <= CHANGES_LISTED_AT_MOST:
            listed.append(group)
    if total <= CHANGES_LISTED_AT_MOST:
        listed.sort(key=lambda group: -len(group["reasons"]))  # stable: district and name order kept within
        lines = [{"row": number, "id": str(group["id"]), "name": group["name"],
                  "district": _district(group["district_code"]),
                  "reasons": "; ".join(words.of(detail) for _, detail in group["reasons"])}
                 for number, group in enumerate(listed, start=1)]
        columns = [(key, words(heading)) for key, heading in (("row", "col_row_number"), ("id", "col_group_number"),
                                                             ("name", "col_name"), ("district", "col_district"),
                                                             ("reasons", "col_reasons"))]
        return {"lines": lines, "columns": columns, "total": None, "note": None}
    order = list(district_by_code())
    lines = [{"district": _district(code), "groups": count}
             for code, count in sorted(counted.items(), key=lambda item: (
                 order.index(item[0]) if item[0] in order else len(order), item[0]))]
    return {"lines": lines, "columns": [("district", words("col_district")), ("groups", words("col_groups"))],
            "total": {"district": words("total"), "groups": total},
            "note": words("report_attention_counted", count=total, command=command)}


def _facilitation(conn, group_filter, since: _dt.date, shown_districts: set, words) -> dict:
    found = facilitation_by_district(conn, group_filter, since.isoformat())
    lines = []
    for code in [*district_by_code(), *sorted(set(found) - set(district_by_code()))]:
        if code not in found or code not in shown_districts and code in district_by_code():
            continue
        kinds = found[code]
        lines.append({"district": _district(code), "visits": kinds.get("visit", (0, 0))[0],
                      "trainings": kinds.get("training", (0, 0))[0],
                      "capital_linked": kinds.get("capital", (0, 0))[0],
                      "capital_amount": kinds.get("capital", (0, 0))[1],
                      "other_activities": sum(count for kind, (count, _) in kinds.items()
                                              if kind not in ("visit", "training", "capital"))})
    columns = [(key, words("col_" + key)) for key in FACILITATION_KEYS]
    total = {"district": words("total"), **{key: sum(line[key] for line in lines) for key in FACILITATION_KEYS[1:]}}
    return {"lines": lines, "columns": columns, "total": total if lines else None, "note": None}
