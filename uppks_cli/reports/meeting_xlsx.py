"""The meeting report as an XLSX workbook: a sheet per table, a native bar chart."""

from __future__ import annotations

from pathlib import Path

from uppks_cli.reports.meeting_content import heading_lines, sections


def write_xlsx(data: dict, path: Path) -> None:
    """One sheet per table, styled headings, fitted widths, frozen headings and a native bar chart."""
    import xlsxwriter

    words = data["words"]

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
        sheet_names = [words("sheet_summary"), words("sheet_districts"), words("sheet_product_types"), words("sheet_cross"),
                       words("sheet_changes")]
        for index, (section_title, lines, columns, total_line) in enumerate(sections(data)):
            sheet = workbook.add_worksheet(sheet_names[index][:31])
            sheet.write_string(0, 0, section_title, title)
            top = 1
            if index == 0:
                for offset, line in enumerate(heading_lines(data)):
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
                    "name": words("col_groups"),
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
