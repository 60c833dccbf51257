"""Output: one choice of format (table, csv, json, markdown) for every command.

Machine formats go to stdout with stable English keys; a table's headings come
from the message catalogue. Rich is imported only when a table is drawn.
"""

from __future__ import annotations

import sys

from uppks_cli.domain.values import visible
from uppks_cli.reports.formats import (
    cell_text,
    is_numeric,
    number_text,
    to_csv,
    to_json,
    to_markdown,
    write_csv_records,
    write_csv_texts,
    write_json_records,
    write_json_texts,
)


def emit(output: str, rows, keys, words, table_keys=None, title: str | None = None, total_row: dict | None = None,
         drop_order: tuple[str, ...] = (), wrapping: tuple[str, ...] = (), every_column: str = "csv") -> None:
    """Rows in the chosen format: JSON or CSV (stable English `keys`) on stdout, or a table
    of `table_keys` (default: keys) under headings in the reader's language; at a narrow
    terminal the columns in drop_order are left out first, and the reader is told which
    --format (`every_column`, one the command takes) shows them all; the
    `wrapping` columns wrap at their spaces where others are cut short."""
    if output == "json":
        emit_json(list(rows))
    elif output == "csv":
        if stdout_is_a_terminal():
            # a terminal runs the escape sequences a file name may hold: there they are shown, not sent
            rows = [{key: visible(value) if isinstance(value, str) else value for key, value in row.items()}
                    for row in rows]
        sys.stdout.write(("\ufeff" if stdout_is_a_file() else "") + to_csv(rows, list(keys)))
    else:
        print_table(list(rows), [(key, words("col_" + key)) for key in table_keys or keys], words,
                    title=title, total_row=total_row, drop_order=drop_order, wrapping=wrapping,
                    every_column=every_column)


def emit_records(output: str, rows, keys) -> None:
    """Tuples aligned with `keys` as JSON or CSV on stdout, written as they come, in the same
    bytes emit() gives for the same rows as dictionaries: a province's list needs no more
    memory than a kecamatan's."""
    texts = hasattr(rows, "texts")  # domain GroupTexts: SQLite writes each record's text
    if output == "json":
        (write_json_texts if texts else write_json_records)(rows, keys, sys.stdout)
    else:
        if stdout_is_a_file():
            sys.stdout.write("\ufeff")
        (write_csv_texts if texts else write_csv_records)(rows, keys, sys.stdout)


def stdout_is_a_file() -> bool:
    """Output sent to a file (`> groups.csv`), not a pipe or a terminal: a CSV there gets the
    BOM that `export` gives, so Excel reads its accents as UTF-8; a pipe gets none."""
    import os
    import stat

    try:
        return stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):
        return False


def stdout_is_a_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (ValueError, AttributeError):
        return False


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


def summary_markdown(title: str, rows: list[dict], columns: list[tuple[str, str]], words, total_row: dict) -> str:
    return f"**{title}**\n\n" + to_markdown(rows, columns, words.language, total_row)


def _console(file=None):
    from rich.console import Console

    return Console(file=file or sys.stdout)


def _cells(rows: list[dict], columns: list[tuple[str, str]], language: str, total_row: dict | None):
    """Every cell as the text shown, and which columns hold numbers."""
    everything = rows + ([total_row] if total_row else [])
    numeric = [is_numeric(everything, key) for key, _ in columns]
    texts = [[visible(number_text(row.get(key), language) if is_number else cell_text(row.get(key)))
              for (key, _), is_number in zip(columns, numeric)] for row in everything]
    return texts, numeric


def print_table(rows: list[dict], columns: list[tuple[str, str]], words, title: str | None = None,
                total_row: dict | None = None, drop_order: tuple[str, ...] = (), wrapping: tuple[str, ...] = (),
                file=None, every_column: str = "csv") -> None:
    """A table that fits the terminal with every word whole (see layout.py)."""
    from rich.cells import cell_len

    from uppks_cli.cli.layout import Column, fit

    console = _console(file)
    texts, numeric = _cells(rows, columns, words.language, total_row)
    measured = [Column(key, visible(heading), is_number, max((cell_len(line[index]) for line in texts), default=0),
                       wraps=key in wrapping, longest_word=max((cell_len(word) for line in texts
                                                                for word in line[index].split()), default=0)
                       if key in wrapping else 0)
                for index, ((key, heading), is_number) in enumerate(zip(columns, numeric))]
    shown, widths = fit(measured, console.width, drop_order)
    keep = [measured.index(column) for column in shown]
    body = [[line[index] for index in keep] for line in texts]
    _draw(console, shown, widths, body[:len(rows)], body[len(rows):], title)
    left_out = [column.heading for column in measured if column not in shown]
    if left_out:
        console.print(inert(words("table_left_out", columns=", ".join(left_out), format=every_column)),
                      style="dim", highlight=False)


def _draw(console, columns, widths, body, footer, title) -> None:
    """Columns at the widths given: cells cut with an ellipsis, or wrapped at spaces (column.wraps)."""
    from rich.table import Table

    table = Table(title=inert(title) if title else None)
    for column, width in zip(columns, widths):
        heading = inert(column.heading)
        heading.no_wrap, heading.overflow = False, "fold"  # a heading wraps at its spaces; cells do not
        table.add_column(heading, justify="right" if column.numeric else "left", width=width,
                         no_wrap=not column.wraps, overflow="fold" if column.wraps else "ellipsis")
    for line in body:
        table.add_row(*[inert(text) for text in line])
    if footer:
        table.add_section()
        for line in footer:
            table.add_row(*[inert(text) for text in line], style="bold")
    console.print(table)


def print_cross_table(lines: list[dict], columns: list[tuple[str, str]], words, title: str, total_row: dict,
                      legend: dict[str, str], file=None) -> None:
    """District x product type, whole at any width: the product types under their codes when
    they fit; else under short codes with a legend; else in several tables of as many product
    types as fit, each with the districts, the totals in the first."""
    from rich.cells import cell_len

    from uppks_cli.cli.layout import Column, short_headings, table_width

    console = _console(file)
    label, *crossed = columns
    totals = [column for column in crossed if column[0] in ("groups", "members")]
    crossed = [column for column in crossed if column not in totals]
    texts, numeric = _cells(lines, columns, words.language, total_row)

    def measure(heading_of: dict) -> list[Column]:
        return [Column(key, visible(heading_of.get(key, heading)), numeric[index],
                       max((cell_len(line[index]) for line in texts), default=0), shortest=10_000)
                for index, (key, heading) in enumerate(columns)]

    whole = measure({})
    if table_width([column.natural for column in whole]) <= console.width:
        _draw(console, whole, [column.natural for column in whole], [line for line in texts[:-1]], texts[-1:], title)
        return
    # product-type codes shorten well (anya, kera); district names wrap at their spaces instead
    short = short_headings([key for key, _ in crossed]) if legend else {key: heading for key, heading in crossed}
    measured = measure(short)
    by_key = {column.key: column for column in measured}
    panels, panel = [], [label[0], *(key for key, _ in totals)]
    for key, _ in crossed:
        if panel and table_width([by_key[k].heading_wrapped for k in panel + [key]]) > console.width:
            panels.append(panel)
            panel = [label[0]]
        panel.append(key)
    panels.append(panel)
    index_of = {key: index for index, (key, _) in enumerate(columns)}
    for number, keys in enumerate(panels):
        shown = [by_key[key] for key in keys]
        body = [[line[index_of[key]] for key in keys] for line in texts]
        _draw(console, shown, [column.heading_wrapped for column in shown], body[:-1], body[-1:],
              title if number == 0 else None)
    if legend:
        console.print(inert(words("cross_table_legend", entries="; ".join(
            f"{short[key]} = {visible(legend.get(key, key))}" for key, _ in crossed))), highlight=False)


def inert(text: str):
    """Text from the registry as Rich shows it: as typed, no markup read, control characters visible."""
    from rich.text import Text

    return Text(visible(text))


# numbers that name or date something, written without the thousands of an amount (2.015 is no year)
NOT_AMOUNTS = ("id", "founded_year")


def value_text(key: str, value, language: str) -> str:
    """A stored value as a person reads it: an amount or a count with the language's thousands
    (1.250 in Indonesian), anything else as stored; "-" for nothing."""
    if isinstance(value, int) and not isinstance(value, bool) and key not in NOT_AMOUNTS:
        return number_text(value, language)
    return cell_text(value) or "-"


def print_record(record: dict, labels: dict[str, str], language: str, file=None) -> None:
    """One group as a two-column table: field, value."""
    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for key, value in record.items():
        table.add_row(inert(labels.get(key, key)), inert(value_text(key, value, language)))
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
    from rich.cells import cell_len, set_cell_size
    from rich.console import Console

    console = Console(file=file or sys.stdout)
    labels = [visible(cell_text(line.get(label_key))) for line in lines]
    numbers = [number_text(line.get(value_key), language) for line in lines]  # a rate of nothing is "-"
    number_width = max((len(number) for number in numbers), default=0)
    # labels measured in terminal cells (an emoji or a CJK character takes two), and one too long
    # for the line cut with "…", so every number and bar starts in the same column
    widest = max(console.width - number_width - 4 - 10, 8)
    labels = [label if cell_len(label) <= widest else set_cell_size(label, widest - 1) + "…" for label in labels]
    label_width = max((cell_len(label) for label in labels), default=0)
    labels = [set_cell_size(label, label_width) for label in labels]
    room = max(console.width - label_width - number_width - 4, 10)
    largest = max((line.get(value_key) or 0 for line in lines), default=0)
    console.print(inert(title), style="bold", highlight=False)
    for label, number, line in zip(labels, numbers, lines):
        console.print(inert(f"{label}  {number:>{number_width}} "
                            f"{bar(line.get(value_key) or 0, largest, room)}"), highlight=False, soft_wrap=True)
