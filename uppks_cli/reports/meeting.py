"""The meeting report: totals, every district, product types, the cross
table and recent changes (meeting_content.py), written as XLSX
(meeting_xlsx.py), a self-contained HTML page (meeting_html.py) or Markdown.
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
from pathlib import Path

from uppks_cli.domain.values import parse_day_first_date, parse_written_date
from uppks_cli.errors import UppksError
from uppks_cli.files import check_target, written_whole
from uppks_cli.registry.backup import registry_files
from uppks_cli.registry.groups import GroupFilter
from uppks_cli.registry.safety import database_path
from uppks_cli.reports.formats import file_ending
from uppks_cli.reports.meeting_content import render_markdown, report_data

REPORT_FORMATS = ("xlsx", "html", "markdown")
DEFAULT_SINCE_DAYS = 30


def parse_since(text: str | None, today: _dt.date | None = None) -> _dt.date:
    """2025-10-01, "1 Oktober 2025" or 1/10/2025 (day first); by default, 30 days ago."""
    today = today or _dt.date.today()
    if not text:
        return today - _dt.timedelta(days=DEFAULT_SINCE_DAYS)
    cleaned = text.strip()
    try:
        return _dt.date.fromisoformat(cleaned)
    except ValueError:
        pass
    written = parse_written_date(cleaned) or parse_day_first_date(cleaned)
    if written is None:
        raise UppksError("error_since", value=text)
    return written


def write_report(conn: sqlite3.Connection, group_filter: GroupFilter, report_format: str | None, output: str,
                 since: _dt.date, words, force: bool = False, all_districts: bool = False) -> tuple[Path, str]:
    """Write the report; returns the file and its format (asked for, else from the file's name)."""
    target = Path(output)
    protected = registry_files(database_path(conn))
    # the registry, a device or a folder is named as such before the file's ending is looked at
    check_target(target, force=True, protected=protected)
    report_format = format_for(output, report_format)
    if report_format not in REPORT_FORMATS:
        raise UppksError("error_report_format", value=report_format, formats=", ".join(REPORT_FORMATS))
    check_target(target, force, protected=protected)
    data = report_data(conn, group_filter, since, words, all_districts=all_districts)
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
    return target, report_format


# what a report file may be called; a name without an ending is written as Markdown
FORMAT_OF_SUFFIX = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".xlsx": "xlsx",
                    "": "markdown"}


def format_for(path: str, chosen: str | None) -> str:
    """The format asked for, else the one the file name suggests.

    A name ending in anything else (rapat.pdf, rapat.docx) is refused, with or
    without --format: the file would not be what its name promises."""
    suffix = file_ending(path, FORMAT_OF_SUFFIX)
    if suffix not in FORMAT_OF_SUFFIX:
        raise UppksError("error_report_suffix", path=path, suffix=suffix,
                         suffixes=", ".join(key for key in FORMAT_OF_SUFFIX if key))
    if chosen and suffix and FORMAT_OF_SUFFIX[suffix] != chosen:
        raise UppksError("error_report_format_suffix", path=path, suffix=suffix, format=chosen)
    return chosen or FORMAT_OF_SUFFIX[suffix]
