"""The meeting report as one self-contained HTML page, laid out for A4.

No scripts, fonts or links to anywhere: the file can be mailed and printed
as it is. Every value from the registry and the settings is escaped.

Printed from Chromium (131 and later), the page numbers come from the page's
own margin box (`@page { @bottom-center }`) and a table too wide for a
portrait page gets a landscape one (a named page); browsers without margin
boxes print no page numbers of ours, or their own header and footer.
"""

from __future__ import annotations

import html

from uppks_cli.domain.values import visible
from uppks_cli.reports.formats import number_text
from uppks_cli.reports.meeting_content import heading_lines, kb_target_line, meets_target, sections, signature_lines


def _escape(text: str) -> str:
    """Text from the registry or the settings for the page: markup escaped, and control and
    direction-changing characters shown as their escapes, as the terminal shows them."""
    return html.escape(visible(str(text)))


def _svg_bars(lines: list[dict], label_key: str, language: str, words) -> str:
    """An inline SVG bar chart of groups, narrow enough to stand beside its table:
    no scripts, fonts or files from elsewhere."""
    row_height, label_width, bar_width = 14, 128, 120
    largest = max((line["groups"] for line in lines), default=0) or 1
    height = row_height * len(lines) + 4
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + bar_width + 34}" height="{height}" '
             f'role="img" aria-label="{_escape(words("col_groups"))}">']
    for index, line in enumerate(lines):
        y = index * row_height + 2
        width = round(bar_width * line["groups"] / largest)
        parts.append(f'<text x="{label_width - 4}" y="{y + 11}" text-anchor="end" font-size="9">'
                     f'{_escape(str(line[label_key]))}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 2}" width="{width}" height="{row_height - 4}" fill="#2e75b6"/>')
        parts.append(f'<text x="{label_width + width + 3}" y="{y + 11}" font-size="9">'
                     f'{_escape(number_text(line["groups"], language))}</text>')
    parts.append("</svg>")
    return "".join(parts)


_NAME_GAP = 9  # the names at the lines' ends, 8-point text, at least this far apart


def _svg_lines(lines: list[dict], words) -> str:
    """The reporting rate and the KB rate month by month as two lines from 0 to 100 %,
    each named at its end; a month without a rate leaves a gap."""
    width, height, left, top, step = 300, 150, 28, 10, 24
    plot = height - 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + 90}" height="{height}" role="img" '
             f'aria-label="{_escape(words("col_reporting_rate"))}, {_escape(words("col_kb_rate"))}">']
    for percent in (0, 50, 100):
        y = top + plot - plot * percent / 100
        parts.append(f'<line x1="{left}" y1="{y}" x2="{left + step * (len(lines) - 1)}" y2="{y}" stroke="#ddd"/>'
                     f'<text x="{left - 3}" y="{y + 3}" font-size="8" text-anchor="end">{percent}%</text>')
    ends = []  # each line's name at its last point
    for key, colour in (("reporting_rate", "#2e75b6"), ("kb_rate", "#c55a11")):
        points, runs = [], []
        for index, line in enumerate(lines):
            if line[key] is None:
                runs.append(points)
                points = []
                continue
            points.append(f"{left + step * index},{top + plot - plot * min(line[key], 100) / 100:.1f}")
        runs.append(points)
        for run in runs:
            if len(run) > 1:
                parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(run)}"/>')
            elif run:
                x, y = run[0].split(",")
                parts.append(f'<circle cx="{x}" cy="{y}" r="2" fill="{colour}"/>')
        last = next((run[-1] for run in reversed(runs) if run), None)
        if last:
            x, y = last.split(",")
            ends.append([float(x) + 4, float(y) + 3, colour, words("col_" + key)])
    if len(ends) == 2 and abs(ends[0][1] - ends[1][1]) < _NAME_GAP:
        # two lines ending close together: their names moved apart around the middle, the higher one above
        upper, lower = sorted(ends, key=lambda end: end[1])
        middle = (upper[1] + lower[1]) / 2
        upper[1], lower[1] = middle - _NAME_GAP / 2, middle + _NAME_GAP / 2
    for x, y, colour, name in ends:
        parts.append(f'<text x="{x}" y="{y}" font-size="8" fill="{colour}">{_escape(name)}</text>')
    for index, line in enumerate(lines):
        if index % 2 == 0 or index == len(lines) - 1:
            parts.append(f'<text x="{left + step * index}" y="{height - 6}" font-size="7" text-anchor="middle">'
                         f'{_escape(line["period"][2:])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _html_table(section, data) -> str:
    language = data["language"]

    def cell(key, value, tag="td"):
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        text = number_text(value, language) if numeric else ("" if value is None else str(value))
        classes = ["n"] if numeric else []
        if key in _UNBROKEN:
            classes.append("nw")
        if value == 0 and tag == "td":
            classes.append("z")
        if key == "kb_rate":
            met = meets_target(value, data)
            classes += [] if met is None else ["met" if met else "below"]
        attribute = f' class="{" ".join(classes)}"' if classes else ""
        return f"<{tag}{attribute}>{_breakable(text)}</{tag}>"

    numeric = {key for key, _ in section.columns
               if any(isinstance(line.get(key), (int, float)) for line in section.lines)}
    head = "".join(f'<th{" class=n" if key in numeric else ""}>{_escape(heading)}</th>'
                   for key, heading in section.columns)
    body = "".join("<tr>" + "".join(cell(key, line.get(key)) for key, _ in section.columns) + "</tr>"
                   for line in section.lines)
    if section.total:
        body += '<tr class="total">' + "".join(cell(key, section.total.get(key)) for key, _ in section.columns) + "</tr>"
    return f'<table class="{section.kind}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


# a word longer than this gets a break opportunity every _PIECE characters
_LONG_WORD, _PIECE = 30, 15


def _breakable(text: str) -> str:
    """Escaped text whose over-long words may break (<wbr>): a browser sizes a table by its longest
    word, so one 200-letter name pushed the columns after it off the printed page."""
    words = text.split(" ")
    if all(len(word) <= _LONG_WORD for word in words):
        return _escape(text)
    return " ".join("<wbr>".join(_escape(word[start:start + _PIECE]) for start in range(0, len(word), _PIECE))
                    if len(word) > _LONG_WORD else _escape(word) for word in words)


# short values that read wrongly when wrapped (a time split from its date)
_UNBROKEN = {"row", "id", "members", "status", "change", "updated_at"}


def _css_text(text: str) -> str:
    """Text as a CSS string, quotes and backslashes escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _page_number_css(words) -> str:
    """The footer's "page X of Y" in the report's language, from the catalogue's one sentence."""
    marker = "\x00"
    pieces = words("report_page", page=f"{marker}page{marker}", pages=f"{marker}pages{marker}").split(marker)
    content = " ".join(f"counter({piece})" if index % 2 else _css_text(piece)
                       for index, piece in enumerate(pieces) if piece or index % 2)
    return f"@page {{ @bottom-center {{ content: {content}; font-size: 8pt; color: #555; }} }}"


_CSS = """
@page { size: A4; margin: 14mm 14mm 16mm; }
@page wide { size: A4 landscape; }
table.trend td:first-child { white-space: nowrap; }
body { font-family: "Segoe UI", Arial, sans-serif; font-size: 9.5pt; color: #111; margin: 0 auto; max-width: 182mm; }
h1 { font-size: 15pt; margin: 3mm 0 1mm; } h2 { font-size: 11.5pt; margin: 5mm 0 1.5mm; break-after: avoid; }
p { margin: 1mm 0; }
table { border-collapse: collapse; width: 100%; margin: 1.5mm 0; font-size: 9pt; }
th, td { border: 1px solid #999; padding: 1px 4px; text-align: left; }
th { background: #ddebf7; vertical-align: bottom; } .n { text-align: right; } td.z { color: #888; }
tr { break-inside: avoid; } tr.total td { font-weight: bold; background: #f2f2f2; }
td.met { background: #e2efda; } td.below { background: #fce4d6; }
section.small, .chart, .signature, .letterhead { break-inside: avoid; }
.pair { display: flex; gap: 4mm; align-items: flex-start; } .pair table { flex: 1; margin: 0; }
.pair .chart { flex: none; } .pair th { white-space: nowrap; }
td.nw { white-space: nowrap; } table.changes { font-size: 8.5pt; }
section.wide { page: wide; }
table.cross th { font-size: 8pt; overflow-wrap: break-word; width: 6%; } table.cross td:first-child { white-space: nowrap; }
.letterhead { text-align: center; border-bottom: 3px double #111; padding-bottom: 2mm; margin-bottom: 3mm; }
.letterhead .office { font-size: 13pt; font-weight: bold; } .letterhead .unit { font-size: 12pt; font-weight: bold; }
.letterhead .address, .letterhead .contact { font-size: 9pt; }
.signature { margin: 10mm 0 0 auto; width: 75mm; }
.signature .name { margin-top: 18mm; font-weight: bold; text-decoration: underline; }
@media print { body { max-width: none; } }
"""


def render_html(data: dict) -> str:
    words, language = data["words"], data["language"]
    title = _escape(data["title"])
    parts = [f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">',
             f"<title>{title}</title><style>{_CSS}{_page_number_css(words)}</style></head><body>"]
    if data["letterhead"]:
        parts.append('<div class="letterhead">' + "".join(
            f'<div class="{name.split(".")[1]}">{_escape(text)}</div>' for name, text in data["letterhead"])
            + "</div>")
    parts.append(f"<h1>{title}</h1>")
    parts += [f"<p>{_escape(line)}</p>" for line in heading_lines(data)]
    if kb_target_line(data):
        parts.append(f"<p>{_escape(kb_target_line(data))}</p>")
    for section in sections(data):
        kind = "wide" if section.wide else ("small" if len(section.lines) <= 12 else "long")
        parts.append(f'<section class="{kind}"><h2>{_escape(section.title)}</h2>')
        if not section.lines:
            if section.kind == "changes" and not section.notes:
                parts.append(f"<p>{_escape(words('report_no_changes'))}</p>")
        elif section.kind == "trend":
            parts.append(f'<div class="pair">{_html_table(section, data)}'
                         f'<div class="chart">{_svg_lines(section.lines, words)}</div></div>')
        elif section.kind in ("districts", "product_types"):
            label = "district" if section.kind == "districts" else "label"
            parts.append(f'<div class="pair">{_html_table(section, data)}'
                         f'<div class="chart">{_svg_bars(section.lines, label, language, words)}</div></div>')
        else:
            parts.append(_html_table(section, data))
        parts += [f"<p>{_escape(note)}</p>" for note in section.notes]
        parts.append("</section>")
    if data["signature"]:
        parts.append('<div class="signature">' + "".join(
            f'<div class="{part}">{_escape(text)}</div>' for part, text in signature_lines(data["signature"]))
            + "</div>")
    parts.append("</body></html>\n")
    return "".join(parts)
