"""The meeting report as an XLSX workbook: a sheet per table, a native bar chart,
each sheet set up to print on A4 one page wide, its heading row on every page.

Values are written as plain values, never formulas, whatever a name holds.
"""

from __future__ import annotations

from pathlib import Path

from uppks_cli.reports.formats import number_text
from uppks_cli.reports.meeting_content import heading_lines, kb_target_line, meets_target, sections, signature_lines

COUNT_FORMAT, RATE_FORMAT = "#,##0", "0.0"
# the widest a column is made; longer text (a long name, a group's reasons) wraps inside it, since
# text running past its column is cut by the next cell, or printed one page wide shrinks the sheet
WIDEST_COLUMN = 45
# a wrapped line holds fewer characters than the column is wide (words move whole); a line's height in points
WRAPPED_LINE, LINE_HEIGHT = WIDEST_COLUMN - 5, 15
A4 = 9
HEADING_FILL, TOTAL_FILL = "#DDEBF7", "#F2F2F2"
# the KB rate against the target: reached, not reached
MET_FILL, BELOW_FILL = "#E2EFDA", "#FCE4D6"
SHEET_KEYS = {"totals": "sheet_summary", "districts": "sheet_districts", "product_types": "sheet_product_types",
              "cross": "sheet_cross", "changes": "sheet_changes", "recap": "sheet_recap", "trend": "sheet_trend",
              "silent": "sheet_silent", "legality": "sheet_legality", "attention": "sheet_attention",
              "facilitation": "sheet_facilitation"}


class _Styles:
    """The workbook's cell formats, made once each."""

    def __init__(self, workbook):
        self.workbook, self.made = workbook, {}
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.bold = workbook.add_format({"bold": True})
        self.centred = workbook.add_format({"bold": True, "align": "center"})
        self.centred_plain = workbook.add_format({"align": "center", "font_size": 9})
        self.heading = workbook.add_format({"bold": True, "bg_color": HEADING_FILL, "border": 1, "text_wrap": True,
                                            "valign": "bottom"})
        self.name = workbook.add_format({"bold": True, "underline": True})

    def cell(self, total: bool, number_format: str | None = None, fill: str | None = None, wrap: bool = False):
        key = (total, number_format, fill, wrap)
        if key not in self.made:
            spec = {"border": 1, "valign": "top"}  # a row grown for wrapped text reads from its top
            if wrap:
                spec["text_wrap"] = True
            if total:
                spec.update(bold=True, bg_color=TOTAL_FILL)
            if number_format:
                spec["num_format"] = number_format
            if fill:
                spec["bg_color"] = fill
            self.made[key] = self.workbook.add_format(spec)
        return self.made[key]


def write_xlsx(data: dict, path: Path) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                               "strings_to_numbers": False})
    try:
        styles = _Styles(workbook)
        for section in sections(data):
            sheet = workbook.add_worksheet(data["words"](SHEET_KEYS[section.kind])[:31])
            _write_section(sheet, section, data, styles, workbook)
    finally:
        workbook.close()


def _write_section(sheet, section, data: dict, styles: _Styles, workbook) -> None:
    words = data["words"]
    width = len(section.columns)
    row = 0
    if section.kind == "totals":
        for name, text in data["letterhead"]:
            centred = styles.centred if name in ("letterhead.office", "letterhead.unit") else styles.centred_plain
            sheet.merge_range(row, 0, row, width - 1, text, centred)
            row += 1
        if data["letterhead"]:
            row += 1
        sheet.write_string(row, 0, data["title"], styles.title)
        row += 1
        for line in heading_lines(data) + ([kb_target_line(data)] if kb_target_line(data) else []):
            sheet.write_string(row, 0, line)
            row += 1
        row += 1
    sheet.write_string(row, 0, section.title, styles.title if section.kind != "totals" else styles.bold)
    top = row + 1
    widths = _write_table(sheet, top, section, data, styles)
    for column, column_width in enumerate(widths):
        sheet.set_column(column, column, column_width)
    if section.kind == "cross":
        sheet.set_row(top, 45)
    below = top + len(section.lines) + (1 if section.total else 0) + 1
    if not section.lines and section.kind == "changes":
        if not section.notes:
            sheet.write_string(top + 1, 0, words("report_no_changes"))
        below = top + 3
    for note in section.notes:
        sheet.write_string(below, 0, note)
        below += 1
    if section.kind == "totals" and data["signature"]:
        _write_signature(sheet, below + 1, min(3, width - 1), data["signature"], styles)
    sheet.freeze_panes(top + 1, 1 if section.kind == "cross" else 0)
    if section.kind == "districts" and section.lines:
        _insert_chart(workbook, sheet, section, top, width)
    if section.kind == "trend":
        _insert_line_chart(workbook, sheet, section, top, width)
    _print_setup(sheet, section, top, words)


def _write_table(sheet, top: int, section, data: dict, styles: _Styles) -> list[float]:
    """The heading row and the lines; returns the columns' widths."""
    language = data["language"]
    widths = [max(len(heading), 6) + 2 for _, heading in section.columns]
    if section.kind == "cross":  # the types' labels wrap over a few lines in narrow columns
        widths = [max(len(heading) / 2.5, *(len(word) + 1 for word in heading.split()), 7) + 2
                  for _, heading in section.columns]
        widths[0] = 18
    for column, (_, heading) in enumerate(section.columns):
        sheet.write_string(top, column, heading, styles.heading)
    for offset, line in enumerate(section.lines + ([section.total] if section.total else []), start=1):
        total = line is section.total
        lines = 1  # the row made as tall as its longest wrapped text: spreadsheets keep the height they are given
        for column, (key, _) in enumerate(section.columns):
            value = line.get(key)
            fill = None
            if key == "kb_rate":
                met = meets_target(value, data)
                fill = None if met is None else (MET_FILL if met else BELOW_FILL)
            if value is None:
                sheet.write_blank(top + offset, column, None, styles.cell(total, fill=fill))
            elif isinstance(value, float):
                sheet.write_number(top + offset, column, value, styles.cell(total, RATE_FORMAT, fill))
            elif isinstance(value, int) and not isinstance(value, bool):
                sheet.write_number(top + offset, column, value, styles.cell(total, COUNT_FORMAT, fill))
            else:
                wraps = len(str(value)) + 2 > WIDEST_COLUMN
                sheet.write_string(top + offset, column, str(value), styles.cell(total, fill=fill, wrap=wraps))
                if wraps:
                    lines = max(lines, -(-len(str(value)) // WRAPPED_LINE))
            shown = number_text(value, language) if isinstance(value, (int, float)) else str(value)
            widths[column] = min(max(widths[column], len(shown) + 2), WIDEST_COLUMN)
        if lines > 1:
            sheet.set_row(top + offset, LINE_HEIGHT * lines)
    return widths


def _write_signature(sheet, row: int, column: int, signature: dict, styles: _Styles) -> None:
    """Place and date, position, room to sign, the name underlined, the NIP."""
    for part, text in signature_lines(signature):
        if part == "name":
            row += 3
        sheet.write_string(row, column, text, styles.name if part == "name" else None)
        row += 1


def _insert_chart(workbook, sheet, section, top: int, width: int) -> None:
    chart = workbook.add_chart({"type": "bar"})
    sheet_ref = sheet.get_name()
    count = len(section.lines)
    chart.add_series({
        "name": section.columns[1][1],
        "categories": [sheet_ref, top + 1, 0, top + count, 0],
        "values": [sheet_ref, top + 1, 1, top + count, 1],
        "fill": {"color": "#2E75B6"},
    })
    chart.set_title({"name": section.title})
    chart.set_legend({"none": True})
    chart.set_y_axis({"reverse": True})
    # as tall as the table beside it, so both print on one landscape page
    chart.set_size({"width": 620, "height": max(20 * (count + 2), 240)})
    sheet.insert_chart(top, width + 1, chart)


def _insert_line_chart(workbook, sheet, section, top: int, width: int) -> None:
    """The reporting and KB rates month by month, a line each, from 0 to 100 %."""
    chart = workbook.add_chart({"type": "line"})
    sheet_ref = sheet.get_name()
    count = len(section.lines)
    for column, colour in ((3, "#2E75B6"), (4, "#C55A11")):
        chart.add_series({
            "name": [sheet_ref, top, column],
            "categories": [sheet_ref, top + 1, 0, top + count, 0],
            "values": [sheet_ref, top + 1, column, top + count, column],
            "line": {"color": colour, "width": 2.25}, "marker": {"type": "circle", "size": 4},
        })
    chart.set_title({"name": section.title})
    chart.set_y_axis({"min": 0, "max": 100})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 620, "height": 300})
    sheet.insert_chart(top, width + 1, chart)


def _print_setup(sheet, section, top: int, words) -> None:
    """A4, one page wide, the heading row repeated on every page, page numbers in the footer;
    landscape for the wide tables, the changes listed one by one and the districts beside their chart."""
    sheet.set_paper(A4)
    listed_changes = section.kind == "changes" and section.lines and section.total is None
    if section.wide or section.kind in ("districts", "trend") or listed_changes:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(top)
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
    sheet.set_footer("&C" + words("report_page", page="&P", pages="&N"))
