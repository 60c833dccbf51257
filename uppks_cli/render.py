"""Output: one choice of format (table, csv, json, markdown) for every command.

Machine formats go to stdout with stable English keys; a table's headings come
from the message catalogue. Rich is imported only when a table is drawn.
"""

from __future__ import annotations

import csv
import io
import json
import sys

FORMATS = ("table", "csv", "json")
SUMMARY_FORMATS = ("table", "csv", "json", "markdown")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return str(value)


def _number_text(value, language: str) -> str:
    """Numbers as the officer reads them: 1.500.000 and 12,5 in Indonesian."""
    if value is None:
        return "-"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _cell(value)
    text = f"{value:,.1f}" if isinstance(value, float) else f"{value:,d}"
    if language == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def to_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_csv(rows: list[dict], keys: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(keys)
    for row in rows:
        writer.writerow([_cell(row.get(key)) for key in keys])
    return buffer.getvalue()


def to_markdown(rows: list[dict], columns: list[tuple[str, str]], language: str,
                total_row: dict | None = None) -> str:
    def escape(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    numeric = [_is_numeric(rows, key) for key, _ in columns]
    lines = ["| " + " | ".join(escape(heading) for _, heading in columns) + " |",
             "|" + "|".join("---:" if n else "---" for n in numeric) + "|"]
    for row in rows + ([total_row] if total_row else []):
        cells = [_number_text(row.get(key), language) if n else escape(_cell(row.get(key)))
                 for (key, _), n in zip(columns, numeric)]
        if row is total_row:
            cells = [f"**{c}**" if c else c for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _is_numeric(rows: list[dict], key: str) -> bool:
    values = [row.get(key) for row in rows if row.get(key) is not None]
    return bool(values) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def print_table(rows: list[dict], columns: list[tuple[str, str]], language: str,
                title: str | None = None, total_row: dict | None = None, file=None) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_footer=False)
    numeric = [_is_numeric(rows + ([total_row] if total_row else []), key) for key, _ in columns]
    for (_, heading), is_number in zip(columns, numeric):
        table.add_column(heading, justify="right" if is_number else "left", overflow="fold")
    for row in rows:
        table.add_row(*[_number_text(row.get(key), language) if n else _cell(row.get(key))
                        for (key, _), n in zip(columns, numeric)])
    if total_row:
        table.add_section()
        table.add_row(*[_number_text(total_row.get(key), language) if n else _cell(total_row.get(key))
                        for (key, _), n in zip(columns, numeric)], style="bold")
    Console(file=file or sys.stdout).print(table)


def print_record(record: dict, labels: dict[str, str], language: str, file=None) -> None:
    """One group as a two-column table: field, value."""
    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for key, value in record.items():
        shown = _number_text(value, language) if isinstance(value, int) and key not in (
            "id", "founded_year") else _cell(value)
        table.add_row(labels.get(key, key), shown or "-")
    Console(file=file or sys.stdout).print(table)


_EIGHTHS = " \u258f\u258e\u258d\u258c\u258b\u258a\u2589"


def bar(value: float, largest: float, width: int) -> str:
    """A horizontal bar of block characters, in eighths of a character."""
    if largest <= 0 or value <= 0:
        return ""
    eighths = round(8 * width * value / largest)
    return "\u2588" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")


def print_bar_chart(lines: list[dict], label_key: str, title: str, language: str, value_key: str = "groups",
                    file=None) -> None:
    """Groups per line as bars sized to the terminal; the number stays beside
    each bar, so the chart reads the same without colour."""
    from rich.console import Console

    console = Console(file=file or sys.stdout)
    labels = [_cell(line.get(label_key)) for line in lines]
    numbers = [_number_text(line.get(value_key) or 0, language) for line in lines]
    label_width = max((len(label) for label in labels), default=0)
    number_width = max((len(number) for number in numbers), default=0)
    room = max(console.width - label_width - number_width - 4, 10)
    largest = max((line.get(value_key) or 0 for line in lines), default=0)
    console.print(title, style="bold", highlight=False)
    for label, number, line in zip(labels, numbers, lines):
        console.print(f"{label:<{label_width}}  {number:>{number_width}} {bar(line.get(value_key) or 0, largest, room)}",
                      highlight=False, soft_wrap=True)
