"""The meeting report: totals, every district, product types, the cross
table and recent changes, as XLSX (meeting_xlsx.py), a self-contained HTML
page (meeting_html.py), or Markdown.

The report is written in the reader's language: `words(key, ...)` gives
every heading and sentence, and `words.language` says which language it is.
"""

from __future__ import annotations

import datetime as _dt
import re
import sqlite3
from pathlib import Path

from uppks_cli.domain.groups import public_group
from uppks_cli.errors import UppksError
from uppks_cli.files import check_target, written_whole
from uppks_cli.registry import groups as stored
from uppks_cli.registry.groups import GroupFilter
from uppks_cli.reports.formats import to_markdown
from uppks_cli.reports.summary import summarise, totals
from uppks_cli.reports.tables import MEASURES, cross_table, summary_table

REPORT_FORMATS = ("xlsx", "html", "markdown")
DEFAULT_SINCE_DAYS = 30
MONTHS = {
    "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}
_WRITTEN_DATE = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$")
CHANGE_COLUMNS = ("id", "name", "district", "product_type", "members", "status", "change", "updated_at")


def parse_since(text: str | None, today: _dt.date | None = None) -> _dt.date:
    """2025-10-01 or "1 Oktober 2025"; by default, 30 days ago."""
    today = today or _dt.date.today()
    if not text:
        return today - _dt.timedelta(days=DEFAULT_SINCE_DAYS)
    cleaned = text.strip()
    try:
        return _dt.date.fromisoformat(cleaned)
    except ValueError:
        pass
    match = _WRITTEN_DATE.match(cleaned)
    if match:
        name = match.group(2).lower()
        for months in MONTHS.values():
            lowered = [m.lower() for m in months]
            if name in lowered or name[:3] in [m[:3] for m in lowered]:
                month = lowered.index(name) + 1 if name in lowered else [m[:3] for m in lowered].index(name[:3]) + 1
                try:
                    return _dt.date(int(match.group(3)), month, int(match.group(1)))
                except ValueError:
                    break
    raise UppksError("error_since", value=text)


def long_date(value: _dt.date, language: str) -> str:
    return f"{value.day} {MONTHS[language][value.month - 1]} {value.year}"


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
    t = data["words"]
    total_line = {"label": t("total"), **data["totals"]}
    yield (t("report_totals"), [total_line], [("label", "")] + [(k, t("col_" + k)) for k in MEASURES], None)
    yield (t("summary_title_district"), *summary_table(data["districts"], ("district",), t))
    yield (t("summary_title_product_type"), *summary_table(data["product_types"], ("product_type",), t))
    yield (t("summary_title_district_product_type"), *cross_table(data["cross"], ("district", "product_type"), t))
    columns = [(key, t("col_" + key)) for key in CHANGE_COLUMNS]
    yield (t("report_changes", since=long_date(data["since"], data["language"])), data["changed"], columns, None)


def heading_lines(data: dict) -> list[str]:
    t, language = data["words"], data["language"]
    lines = [t("report_generated", date=long_date(data["generated"].date(), language),
               time=data["generated"].strftime("%H:%M"))]
    if data["data_as_of"]:
        as_of = _dt.date.fromisoformat(data["data_as_of"][:10])
        lines.append(t("report_data_as_of", date=long_date(as_of, language)))
    else:
        lines.append(t("report_empty"))
    return lines


def render_markdown(data: dict) -> str:
    t, language = data["words"], data["language"]
    parts = [f"# {t('report_title')}", "", *(f"{line}  " for line in heading_lines(data)), ""]
    for title, lines, columns, total_line in sections(data):
        parts += [f"## {title}", ""]
        if lines:
            parts.append(to_markdown(lines, columns, language, total_line))
        else:
            parts += [t("report_no_changes"), ""]
    return "\n".join(parts)


def write_report(conn: sqlite3.Connection, group_filter: GroupFilter, report_format: str, output: str,
                 since: _dt.date, words, force: bool = False) -> Path:
    if report_format not in REPORT_FORMATS:
        raise UppksError("error_report_format", value=report_format, formats=", ".join(REPORT_FORMATS))
    target = Path(output)
    check_target(target, force)
    data = report_data(conn, group_filter, since, words)
    with written_whole(target) as partial:
        if report_format == "xlsx":
            from uppks_cli.reports.meeting_xlsx import write_xlsx

            write_xlsx(data, partial)
        elif report_format == "html":
            from uppks_cli.reports.meeting_html import render_html

            partial.write_text(render_html(data), encoding="utf-8")
        else:
            text = render_markdown(data)
            partial.write_text(text, encoding="utf-8")
    return target


def format_for(path: str, chosen: str | None) -> str:
    """The format asked for, else the one the file name suggests, else Markdown."""
    if chosen:
        return chosen
    return {".xlsx": "xlsx", ".html": "html", ".htm": "html"}.get(Path(path).suffix.lower(), "markdown")
