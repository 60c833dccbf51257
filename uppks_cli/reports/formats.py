"""Plain-text formats shared by the terminal and the reports: numbers as
officers read them, CSV, JSON and Markdown tables."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return str(value)


def local_time_text(stored: str | None) -> str:
    """A stored UTC time (2026-11-28T04:35:06Z) as the clock on the officer's laptop
    shows it (2026-11-28 11:35 in WIB): the machine's own time zone, to the minute."""
    import datetime

    if not stored:
        return ""
    try:
        moment = datetime.datetime.strptime(stored, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        return stored
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def number_text(value, language: str) -> str:
    """Numbers as the officer reads them: 1.500.000 and 12,5 in Indonesian."""
    if value is None:
        return "-"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return cell_text(value)
    text = f"{value:,.1f}" if isinstance(value, float) else f"{value:,d}"
    if language == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def to_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_csv(rows: list[dict], keys: list[str]) -> str:
    """CSV with the export's formula guard: a name like "=HYPERLINK(...)" stays text in a spreadsheet."""
    from uppks_cli.domain.values import neutralise

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(keys)
    for row in rows:
        writer.writerow([neutralise(cell_text(row.get(key))) for key in keys])
    return buffer.getvalue()


# How many records are encoded and written at a time: memory stays flat however many there are.
CHUNK = 1000


def write_json_records(rows, keys, handle) -> int:
    """to_json() of the records, then a new line, written chunk by chunk: tuples of plain values
    (from the registry) aligned with `keys`, as the same bytes a list of dictionaries gives.

    json.dumps with an indent runs the slow pure-Python encoder; the C encoder writes each
    item separator as a new line and the indent instead (a string's own new lines are
    escaped, so every real new line is one of these)."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",\n    ", ": ")).encode
    keys = tuple(keys)
    count = 0
    rows = iter(rows)
    while chunk := [dict(zip(keys, row)) for row in itertools.islice(rows, CHUNK)]:
        text = encode(chunk)[2:-2].replace("},\n    {", "\n  },\n  {\n    ")
        handle.write(("[\n  {\n    " if count == 0 else ",\n  {\n    ") + text + "\n  }")
        count += len(chunk)
    handle.write("\n]\n" if count else "[]\n")
    return count


def guarded_rows(rows, exact):
    """Rows a CSV writer takes as they are, but any row with a cell that the formula guard or a
    number's text may change (text starting with = + - @ tab, carriage return or an apostrophe;
    a number that is not a whole one of zero or more) is given as [exact(cell), ...] instead.

    Looking costs far less than exact() on every cell of a province."""
    from uppks_cli.domain.values import FORMULA_STARTS

    maybe_guarded = FORMULA_STARTS + ("'",)
    for row in rows:
        for value in row:
            if value.__class__ is str:
                if value.startswith(maybe_guarded):
                    break
            elif value is not None and (value.__class__ is not int or value < 0):
                break
        else:
            yield row
            continue
        yield [exact(value) for value in row]


def listing_cell(value) -> str:
    """A cell of a CSV listing: its text (cell_text), with the formula guard."""
    from uppks_cli.domain.values import neutralise

    return neutralise(cell_text(value))


def write_csv_records(rows, keys, handle, cell=listing_cell, delimiter: str = ",", lineterminator: str = "\n") -> int:
    """to_csv() of tuples aligned with `keys` (each cell through `cell`, the formula guard),
    written a block at a time as they come; returns how many. Exports pass their own cell,
    delimiter and line ends."""
    writer = csv.writer(handle, delimiter=delimiter, lineterminator=lineterminator)
    writer.writerow(keys)
    count = 0
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, CHUNK)):
        writer.writerows(guarded_rows(chunk, cell))
        count += len(chunk)
    return count


# CommonMark reads these as markup: a backslash before each keeps it a plain
# character (no link, emphasis, HTML tag or table cell from a group's name)
_MARKDOWN_MARKUP = str.maketrans({char: "\\" + char for char in "\\`*_[]<>|~#!"})
# "&" is markup only where it starts an entity ("&lt;", "&#60;"); "Makanan & Minuman" stays as it is
_ENTITY_START = re.compile(r"&(?=[#A-Za-z])")


def markdown_text(text: str) -> str:
    """Text for a Markdown table cell: every markup character escaped, on one line."""
    return _ENTITY_START.sub(r"\\&", " ".join(str(text).split()).translate(_MARKDOWN_MARKUP))


def to_markdown(rows: list[dict], columns: list[tuple[str, str]], language: str,
                total_row: dict | None = None) -> str:
    escape = markdown_text
    numeric = [is_numeric(rows, key) for key, _ in columns]
    lines = ["| " + " | ".join(escape(heading) for _, heading in columns) + " |",
             "|" + "|".join("---:" if n else "---" for n in numeric) + "|"]
    for row in rows + ([total_row] if total_row else []):
        cells = [number_text(row.get(key), language) if n else escape(cell_text(row.get(key)))
                 for (key, _), n in zip(columns, numeric)]
        if row is total_row:
            cells = [f"**{c}**" if c else c for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def is_numeric(rows: list[dict], key: str) -> bool:
    values = [row.get(key) for row in rows if row.get(key) is not None]
    return bool(values) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
