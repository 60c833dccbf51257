"""The meeting report as one self-contained HTML page, laid out for A4.

No scripts, fonts or links to anywhere: the file can be mailed and printed
as it is. Every value from the registry is escaped.
"""

from __future__ import annotations

import html

from uppks_cli.reports.formats import number_text
from uppks_cli.reports.meeting_content import heading_lines, sections


def _svg_bars(lines: list[dict], label_key: str, language: str, words) -> str:
    """An inline SVG bar chart of groups: no scripts, fonts or files from elsewhere."""
    row_height, label_width, bar_width = 16, 170, 380
    largest = max((line["groups"] for line in lines), default=0) or 1
    height = row_height * len(lines) + 4
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + bar_width + 60}" height="{height}" '
             f'role="img" aria-label="{html.escape(words("col_groups"))}">']
    for index, line in enumerate(lines):
        y = index * row_height + 2
        width = round(bar_width * line["groups"] / largest)
        parts.append(f'<text x="{label_width - 6}" y="{y + 12}" text-anchor="end" font-size="11">'
                     f'{html.escape(str(line[label_key]))}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 2}" width="{width}" height="{row_height - 4}" fill="#2e75b6"/>')
        parts.append(f'<text x="{label_width + width + 4}" y="{y + 12}" font-size="11">'
                     f'{html.escape(number_text(line["groups"], language))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _html_table(lines, columns, total_line, language) -> str:
    def cell(value, tag="td"):
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        text = number_text(value, language) if numeric else ("" if value is None else str(value))
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
    words, language = data["words"], data["language"]
    parts = [f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">',
             f"<title>{html.escape(words('report_title'))}</title><style>{_CSS}</style></head><body>",
             f"<h1>{html.escape(words('report_title'))}</h1>"]
    parts += [f"<p>{html.escape(line)}</p>" for line in heading_lines(data)]
    for index, (title, lines, columns, total_line) in enumerate(sections(data)):
        wide = ' class="wide"' if index == 3 else ""
        parts.append(f"<section{wide}><h2>{html.escape(title)}</h2>")
        if index == 1:
            parts.append(f'<div class="chart">{_svg_bars(lines, "district", language, words)}</div>')
        if index == 2:
            parts.append(f'<div class="chart">{_svg_bars(lines, "label", language, words)}</div>')
        parts.append(_html_table(lines, columns, total_line, language) if lines else
                     f"<p>{html.escape(words('report_no_changes'))}</p>")
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "".join(parts)
