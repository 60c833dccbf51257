"""The meeting report: totals, every district, product types, the cross
table and recent changes (meeting_content.py), written as XLSX
(meeting_xlsx.py), a self-contained HTML page (meeting_html.py) or Markdown.
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
from pathlib import Path

from uppks_cli.domain.values import parse_written_date
from uppks_cli.errors import UppksError
from uppks_cli.files import check_target, written_whole
from uppks_cli.registry.backup import registry_files
from uppks_cli.registry.groups import GroupFilter
from uppks_cli.registry.safety import database_path
from uppks_cli.reports.meeting_content import render_markdown, report_data

REPORT_FORMATS = ("xlsx", "html", "markdown")
DEFAULT_SINCE_DAYS = 30


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
    written = parse_written_date(cleaned)
    if written is None:
        raise UppksError("error_since", value=text)
    return written


def write_report(conn: sqlite3.Connection, group_filter: GroupFilter, report_format: str, output: str,
                 since: _dt.date, words, force: bool = False) -> Path:
    if report_format not in REPORT_FORMATS:
        raise UppksError("error_report_format", value=report_format, formats=", ".join(REPORT_FORMATS))
    target = Path(output)
    check_target(target, force, protected=registry_files(database_path(conn)))
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
