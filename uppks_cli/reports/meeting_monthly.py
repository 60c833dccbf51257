"""The monthly part of the meeting report: last month's recap by district, the
twelve months' trend of reporting and KB rates, and the groups that have not
reported for three months or more. Shown only once the registry holds a report.
"""

from __future__ import annotations

import sqlite3

from uppks_cli.domain.monthly import last_month, next_period
from uppks_cli.registry import monthly as stored
from uppks_cli.registry.groups import GroupFilter
from uppks_cli.reports.recap import recap, recap_totals, trend

# a group silent this many months is listed; past LISTED_SILENT of them they are counted
SILENT_MONTHS = 3
LISTED_SILENT = 40
RECAP_COLUMNS = ("groups", "reporting", "reporting_rate", "meetings", "families", "attended", "attendance_rate",
                 "members_pus", "members_kb", "kb_rate")
TREND_COLUMNS = ("reporting_rate", "kb_rate")


def monthly_data(conn: sqlite3.Connection, group_filter: GroupFilter, today, language: str,
                 shown_districts: set[str]) -> dict | None:
    """The report's monthly figures, or None while no group has reported."""
    if not stored.any_report(conn):
        return None
    period = last_month(today)
    everyone = GroupFilter(group_filter.district_codes, group_filter.product_types, group_filter.subdistricts,
                           group_filter.search, "all")
    rows = [row for row in recap(conn, everyone, period, "district", language)
            if row["district_code"] in shown_districts]
    silent = stored.silent_since(conn, GroupFilter(group_filter.district_codes, group_filter.product_types,
                                                   group_filter.subdistricts, group_filter.search, "active"),
                                 next_period(period, 1 - SILENT_MONTHS))
    return {"period": period, "recap": rows, "recap_total": recap_totals(rows),
            "trend": trend(conn, everyone, next_period(period, -11), period), "silent": silent}


def monthly_sections(data: dict, section_type):
    """The recap, the trend and the silent groups as report sections."""
    monthly, words = data["monthly"], data["words"]
    if monthly is None:
        return
    from uppks_cli.reports.recap import district_name

    columns = [("district", words("col_district"))] + [(key, words("col_" + key)) for key in RECAP_COLUMNS]
    yield section_type("recap", words("recap_title_district", period=monthly["period"]), monthly["recap"], columns,
                       {**monthly["recap_total"], "district": words("total")})
    columns = [("period", words("col_period")), ("groups", words("col_groups")),
               ("reporting", words("col_reporting"))] + [(key, words("col_" + key)) for key in TREND_COLUMNS]
    yield section_type("trend", words("report_trend", first=monthly["trend"][0]["period"],
                                      last=monthly["period"]), monthly["trend"], columns)
    silent = monthly["silent"]
    lines = [{"row": number, "id": group["id"], "name": group["name"],
              "district": district_name(group["district_code"]), "leader": group["leader"], "phone": group["phone"],
              "last_period": group["last_period"] or words("report_never")}
             for number, group in enumerate(silent[:LISTED_SILENT], start=1)]
    notes = (words("report_silent_more", count=len(silent) - LISTED_SILENT),) if len(silent) > LISTED_SILENT else ()
    columns = [("row", words("col_row_number")), ("id", words("col_group_number")), ("name", words("col_name")),
               ("district", words("col_district")), ("leader", words("col_leader")), ("phone", words("col_phone")),
               ("last_period", words("col_last_period"))]
    yield section_type("silent", words("report_silent", months=SILENT_MONTHS), lines, columns, None, notes)
