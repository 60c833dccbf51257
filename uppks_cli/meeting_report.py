"""The meeting report: totals, every district, product types, the cross
table and recent changes, as XLSX, a self-contained HTML page, or Markdown.
"""

from __future__ import annotations

import datetime as _dt
import html
import re
import sqlite3
from pathlib import Path

from uppks_cli.errors import UppksError
from uppks_cli.files import check_target, written_whole
from uppks_cli.groups import GroupFilter, public_group
from uppks_cli.i18n import current_language, t
from uppks_cli.render import _number_text, to_markdown
from uppks_cli.summary import summarise, totals
from uppks_cli.tables import MEASURES, cross_table, summary_table

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
                language: str, now: _dt.datetime | None = None) -> dict:
    """Everything the report shows, as plain values."""
    now = now or _dt.datetime.now()
    where, params = group_filter.where()
    latest = conn.execute(f"SELECT max(updated_at) FROM groups{where}", params).fetchone()[0]
    by_district = summarise(conn, ("district",), group_filter, language)
    since_text = since.isoformat()
    changed_where = (where + " AND " if where else " WHERE ") + "updated_at >= ?"
    changed = []
    for row in conn.execute(f"SELECT * FROM groups{changed_where} ORDER BY updated_at DESC, id",
                            [*params, since_text]):
        group = public_group(row)
        group["change"] = t("change_added") if group["created_at"] >= since_text else t("change_changed")
        changed.append(group)
    return {
        "language": language,
        "generated": now,
        "data_as_of": latest,
        "since": since,
        "totals": totals(by_district),
        "districts": by_district,
        "product_types": summarise(conn, ("product_type",), group_filter, language),
        "cross": summarise(conn, ("district", "product_type"), group_filter, language),
        "changed": changed,
    }


def _sections(data: dict):
    """(title, lines, columns, totals line) of every table, in report order."""
    total_line = {"label": t("total"), **data["totals"]}
    yield (t("report_totals"), [total_line], [("label", "")] + [(k, t("col_" + k)) for k in MEASURES], None)
    yield (t("summary_title_district"), *summary_table(data["districts"], ("district",)))
    yield (t("summary_title_product_type"), *summary_table(data["product_types"], ("product_type",)))
    yield (t("summary_title_district_product_type"), *cross_table(data["cross"], ("district", "product_type")))
    columns = [(key, t("col_" + key)) for key in CHANGE_COLUMNS]
    yield (t("report_changes", since=long_date(data["since"], data["language"])), data["changed"], columns, None)


def _heading_lines(data: dict) -> list[str]:
    language = data["language"]
    lines = [t("report_generated", date=long_date(data["generated"].date(), language),
               time=data["generated"].strftime("%H:%M"))]
    if data["data_as_of"]:
        as_of = _dt.date.fromisoformat(data["data_as_of"][:10])
        lines.append(t("report_data_as_of", date=long_date(as_of, language)))
    else:
        lines.append(t("report_empty"))
    return lines


def render_markdown(data: dict) -> str:
    language = data["language"]
    parts = [f"# {t('report_title')}", "", *(f"{line}  " for line in _heading_lines(data)), ""]
    for title, lines, columns, total_line in _sections(data):
        parts += [f"## {title}", ""]
        if lines:
            parts.append(to_markdown(lines, columns, language, total_line))
        else:
            parts += [t("report_no_changes"), ""]
    return "\n".join(parts)


def _svg_bars(lines: list[dict], label_key: str, language: str) -> str:
    """An inline SVG bar chart of groups: no scripts, fonts or files from elsewhere."""
    row_height, label_width, bar_width = 16, 170, 380
    largest = max((line["groups"] for line in lines), default=0) or 1
    height = row_height * len(lines) + 4
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + bar_width + 60}" height="{height}" '
             f'role="img" aria-label="{html.escape(t("col_groups"))}">']
    for index, line in enumerate(lines):
        y = index * row_height + 2
        width = round(bar_width * line["groups"] / largest)
        parts.append(f'<text x="{label_width - 6}" y="{y + 12}" text-anchor="end" font-size="11">'
                     f'{html.escape(str(line[label_key]))}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 2}" width="{width}" height="{row_height - 4}" fill="#2e75b6"/>')
        parts.append(f'<text x="{label_width + width + 4}" y="{y + 12}" font-size="11">'
                     f'{html.escape(_number_text(line["groups"], language))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _html_table(lines, columns, total_line, language) -> str:
    def cell(value, tag="td"):
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        text = _number_text(value, language) if numeric else ("" if value is None else str(value))
        return f'<{tag}{" class=n" if numeric else ""}>{html.escape(text)}</{tag}>'

    head = "".join(f"<th>{html.escape(heading)}</th>" for _, heading in columns)
    body = "".join("<tr>" + "".join(cell(line.get(key)) for key, _ in columns) + "</tr>" for line in lines)
    if total_line:
        body += '<tr class="total">' + "".join(cell(total_line.get(key)) for key, _ in columns) + "</tr>"
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_CSS = """
@page { size: A4; margin: 14mm; }
body { font-family: "Segoe UI", Arial, sans-serif; font-size: 10pt; color: #111; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 16pt; margin-bottom: 2mm; } h2 { font-size: 12pt; margin-top: 8mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; }
th, td { border: 1px solid #999; padding: 1.5px 4px; text-align: left; }
th { background: #ddebf7; } td.n { text-align: right; } tr.total td { font-weight: bold; background: #f2f2f2; }
section { break-inside: avoid; page-break-inside: avoid; } .chart { margin: 2mm 0; }
@media print { section.wide { break-before: page; } }
"""


def render_html(data: dict) -> str:
    language = data["language"]
    parts = [f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">',
             f"<title>{html.escape(t('report_title'))}</title><style>{_CSS}</style></head><body>",
             f"<h1>{html.escape(t('report_title'))}</h1>"]
    parts += [f"<p>{html.escape(line)}</p>" for line in _heading_lines(data)]
    for index, (title, lines, columns, total_line) in enumerate(_sections(data)):
        wide = ' class="wide"' if index == 3 else ""
        parts.append(f"<section{wide}><h2>{html.escape(title)}</h2>")
        if index == 1:
            parts.append(f'<div class="chart">{_svg_bars(lines, "district", language)}</div>')
        if index == 2:
            parts.append(f'<div class="chart">{_svg_bars(lines, "label", language)}</div>')
        parts.append(_html_table(lines, columns, total_line, language) if lines else
                     f"<p>{html.escape(t('report_no_changes'))}</p>")
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "".join(parts)


def write_xlsx(data: dict, path: Path) -> None:
    """One sheet per table, styled headings, fitted widths, frozen headings and a native bar chart."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                               "strings_to_numbers": False})
    try:
        title = workbook.add_format({"bold": True, "font_size": 14})
        header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
        total = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
        plain = workbook.add_format({"border": 1})
        # one decimal for the KB rate, whatever the column
        decimal = {style: workbook.add_format({**base, "num_format": "0.0"}) for style, base in
                   (("total", {"bold": True, "bg_color": "#F2F2F2", "border": 1}), ("plain", {"border": 1}))}
        sheet_names = [t("sheet_summary"), t("sheet_districts"), t("sheet_product_types"), t("sheet_cross"),
                       t("sheet_changes")]
        for index, (section_title, lines, columns, total_line) in enumerate(_sections(data)):
            sheet = workbook.add_worksheet(sheet_names[index][:31])
            sheet.write_string(0, 0, section_title, title)
            top = 1
            if index == 0:
                for offset, line in enumerate(_heading_lines(data)):
                    sheet.write_string(1 + offset, 0, line)
                top = 4
            widths = [max(len(heading), 6) + 2 for _, heading in columns]
            for column, (_, heading) in enumerate(columns):
                sheet.write_string(top, column, heading, header)
            all_lines = lines + ([total_line] if total_line else [])
            for offset, line in enumerate(all_lines, start=1):
                style = total if line is total_line else plain
                for column, (key, _) in enumerate(columns):
                    value = line.get(key)
                    if value is None:
                        sheet.write_blank(top + offset, column, None, style)
                    elif isinstance(value, float):
                        sheet.write_number(top + offset, column, value,
                                           decimal["total" if line is total_line else "plain"])
                    elif isinstance(value, int) and not isinstance(value, bool):
                        sheet.write_number(top + offset, column, value, style)
                    else:
                        sheet.write_string(top + offset, column, str(value), style)
                    widths[column] = min(max(widths[column], len(str(value)) + 2), 45)
            for column, width in enumerate(widths):
                sheet.set_column(column, column, width)
            sheet.freeze_panes(top + 1, 1 if index == 3 else 0)
            if index == 1 and lines:
                chart = workbook.add_chart({"type": "bar"})
                sheet_ref = sheet.get_name()
                chart.add_series({
                    "name": t("col_groups"),
                    "categories": [sheet_ref, top + 1, 0, top + len(lines), 0],
                    "values": [sheet_ref, top + 1, 1, top + len(lines), 1],
                    "fill": {"color": "#2E75B6"},
                })
                chart.set_title({"name": section_title})
                chart.set_legend({"none": True})
                chart.set_y_axis({"reverse": True})
                chart.set_size({"width": 620, "height": 520})
                sheet.insert_chart(top, len(columns) + 1, chart)
    finally:
        workbook.close()


def write_report(conn: sqlite3.Connection, group_filter: GroupFilter, report_format: str, output: str,
                 since: _dt.date, force: bool = False) -> Path:
    if report_format not in REPORT_FORMATS:
        raise UppksError("error_report_format", value=report_format, formats=", ".join(REPORT_FORMATS))
    target = Path(output)
    check_target(target, force)
    data = report_data(conn, group_filter, since, current_language())
    with written_whole(target) as partial:
        if report_format == "xlsx":
            write_xlsx(data, partial)
        else:
            text = render_html(data) if report_format == "html" else render_markdown(data)
            partial.write_text(text, encoding="utf-8")
    return target


def format_for(path: str, chosen: str | None) -> str:
    """The format asked for, else the one the file name suggests, else Markdown."""
    if chosen:
        return chosen
    return {".xlsx": "xlsx", ".html": "html", ".htm": "html"}.get(Path(path).suffix.lower(), "markdown")
