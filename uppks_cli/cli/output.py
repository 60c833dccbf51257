"""Output: one choice of format (table, csv, json, markdown) for every command.

Machine formats go to stdout with stable English keys; a table's headings come
from the message catalogue. Rich is imported only when a table is drawn.
"""

from __future__ import annotations

import sys

from uppks_cli.cli.boundary import visible
from uppks_cli.reports.formats import cell_text, is_numeric, number_text, to_csv, to_json, to_markdown


def emit(output: str, rows, keys, words, table_keys=None, title: str | None = None, total_row: dict | None = None
         ) -> None:
    """Rows in the chosen format: JSON or CSV (stable English `keys`) on stdout, or a table
    of `table_keys` (default: keys) under headings in the reader's language."""
    if output == "json":
        emit_json(list(rows))
    elif output == "csv":
        sys.stdout.write(to_csv(rows, list(keys)))
    else:
        print_table(list(rows), [(key, words("col_" + key)) for key in table_keys or keys], words.language,
                    title=title, total_row=total_row)


def emit_json(data) -> None:
    """One object or a list of them as JSON on stdout (stable English keys)."""
    sys.stdout.write(to_json(data) + "\n")


def summary_text(rows: list[dict], dimensions: tuple[str, ...], output: str, words) -> str:
    """A summary as JSON, CSV (stable English keys, no totals line) or Markdown (headings, totals)."""
    from uppks_cli.reports.tables import summary_keys, summary_table

    if output == "json":
        return to_json(rows) + "\n"
    if output == "csv":
        return to_csv(rows, summary_keys(dimensions))
    lines, columns, total_row = summary_table(rows, dimensions, words)
    title = words("summary_title_" + "_".join(dimensions))
    return f"**{title}**\n\n" + to_markdown(lines, columns, words.language, total_row)


def print_table(rows: list[dict], columns: list[tuple[str, str]], language: str,
                title: str | None = None, total_row: dict | None = None, file=None) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=inert(title) if title else None, show_footer=False)
    numeric = [is_numeric(rows + ([total_row] if total_row else []), key) for key, _ in columns]
    for (_, heading), is_number in zip(columns, numeric):
        table.add_column(inert(heading), justify="right" if is_number else "left", overflow="fold")
    for row in rows:
        table.add_row(*[inert(number_text(row.get(key), language) if n else cell_text(row.get(key)))
                        for (key, _), n in zip(columns, numeric)])
    if total_row:
        table.add_section()
        table.add_row(*[inert(number_text(total_row.get(key), language) if n else cell_text(total_row.get(key)))
                        for (key, _), n in zip(columns, numeric)], style="bold")
    Console(file=file or sys.stdout).print(table)


def inert(text: str):
    """Text from the registry as Rich shows it: as typed, no markup read, control characters visible."""
    from rich.text import Text

    return Text(visible(text))


def print_record(record: dict, labels: dict[str, str], language: str, file=None) -> None:
    """One group as a two-column table: field, value."""
    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for key, value in record.items():
        shown = number_text(value, language) if isinstance(value, int) and key not in (
            "id", "founded_year") else cell_text(value)
        table.add_row(inert(labels.get(key, key)), inert(shown or "-"))
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
    labels = [visible(cell_text(line.get(label_key))) for line in lines]
    numbers = [number_text(line.get(value_key) or 0, language) for line in lines]
    label_width = max((len(label) for label in labels), default=0)
    number_width = max((len(number) for number in numbers), default=0)
    room = max(console.width - label_width - number_width - 4, 10)
    largest = max((line.get(value_key) or 0 for line in lines), default=0)
    console.print(inert(title), style="bold", highlight=False)
    for label, number, line in zip(labels, numbers, lines):
        console.print(inert(f"{label:<{label_width}}  {number:>{number_width}} "
                            f"{bar(line.get(value_key) or 0, largest, room)}"), highlight=False, soft_wrap=True)
