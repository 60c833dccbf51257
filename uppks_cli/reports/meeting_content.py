"""What the meeting report says, in order: its data, its tables, its headings, and Markdown.

The report is written in the reader's language: `words(key, ...)` gives
every heading and sentence, and `words.language` says which language it is.
"""

from __future__ import annotations

import datetime as _dt
import sqlite3

from uppks_cli.domain.groups import public_group
from uppks_cli.registry import groups as stored
from uppks_cli.registry.groups import GroupFilter
from uppks_cli.reports.formats import to_markdown
from uppks_cli.reports.summary import summarise, totals
from uppks_cli.reports.tables import MEASURES, cross_table, summary_table


def long_date(value: _dt.date, words) -> str:
    """A date as it is written in letters, in the report's language: 31 Oktober 2025."""
    return words("date_long", day=value.day, month=words(f"month_{value.month}"), year=value.year)


CHANGE_COLUMNS = ("id", "name", "district", "product_type", "members", "status", "change", "updated_at")


def report_data(conn: sqlite3.Connection, group_filter: GroupFilter, since: _dt.date,
                words, now: _dt.datetime | None = None) -> dict:
    """Everything the report shows, as plain values."""
    now = now or _dt.datetime.now()
    language = words.language
    latest = stored.latest_change(conn, group_filter)
    by_district = summarise(conn, ("district",), group_filter, language)
    since_text = since.isoformat()
    changed = []
    for row in stored.select(conn, group_filter, since=since_text):
        group = public_group(row)
        group["change"] = words("change_added") if group["created_at"] >= since_text else words("change_changed")
        changed.append(group)
    return {
        "language": language,
        "words": words,
        "generated": now,
        "data_as_of": latest,
        "since": since,
        "totals": totals(by_district),
        "districts": by_district,
        "product_types": summarise(conn, ("product_type",), group_filter, language),
        "cross": summarise(conn, ("district", "product_type"), group_filter, language),
        "changed": changed,
    }


def sections(data: dict):
    """(title, lines, columns, totals line) of every table, in report order."""
    words = data["words"]
    total_line = {"label": words("total"), **data["totals"]}
    yield (words("report_totals"), [total_line], [("label", "")] + [(k, words("col_" + k)) for k in MEASURES], None)
    yield (words("summary_title_district"), *summary_table(data["districts"], ("district",), words))
    yield (words("summary_title_product_type"), *summary_table(data["product_types"], ("product_type",), words))
    yield (words("summary_title_district_product_type"), *cross_table(data["cross"], ("district", "product_type"), words))
    columns = [(key, words("col_" + key)) for key in CHANGE_COLUMNS]
    yield (words("report_changes", since=long_date(data["since"], words)), data["changed"], columns, None)


def heading_lines(data: dict) -> list[str]:
    words = data["words"]
    lines = [words("report_generated", date=long_date(data["generated"].date(), words),
               time=data["generated"].strftime("%H:%M"))]
    if data["data_as_of"]:
        as_of = _dt.date.fromisoformat(data["data_as_of"][:10])
        lines.append(words("report_data_as_of", date=long_date(as_of, words)))
    else:
        lines.append(words("report_empty"))
    return lines


def render_markdown(data: dict) -> str:
    words, language = data["words"], data["language"]
    parts = [f"# {words('report_title')}", "", *(f"{line}  " for line in heading_lines(data)), ""]
    for title, lines, columns, total_line in sections(data):
        parts += [f"## {title}", ""]
        if lines:
            parts.append(to_markdown(lines, columns, language, total_line))
        else:
            parts += [words("report_no_changes"), ""]
    return "\n".join(parts)
