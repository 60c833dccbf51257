"""Plain-text formats shared by the terminal and the reports: numbers as
officers read them, CSV, JSON and Markdown tables."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re

from uppks_cli.domain.values import visible


def cell_text(value) -> str:
    if value is None:
        return ""
    if value is True or value is False:  # as JSON writes them, not Python's True and False
        return "true" if value else "false"
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


def file_ending(path: str, endings) -> str:
    """A file name's ending in lower case (".xlsx" for DAFTAR.XLSX), or the whole name when it is
    only one of `endings` (".html"), or "" for a name without one: how every written file's
    format is read from its name."""
    from pathlib import PurePath

    name = PurePath(path).name.lower()
    return PurePath(name).suffix or (name if name in endings else "")


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


class _Lines(list):
    """What a csv writer writes to when its lines are joined a chunk at a time (no Python call per line)."""

    write = list.append


def json_pieces(keys, pretty: bool) -> list[str]:
    """The text before each value of a record, and after the last, as to_json() writes a record
    of a list (pretty) or as a JSON line."""
    names = [json.dumps(key, ensure_ascii=False) for key in keys]
    if pretty:
        return ["{\n    " + names[0] + ": ", *(",\n    " + name + ": " for name in names[1:]), "\n  }"]
    return ["{" + names[0] + ": ", *(", " + name + ": " for name in names[1:]), "}"]


_PRETTY_ITEMS = json.JSONEncoder(ensure_ascii=False, separators=(",\n    ", ": ")).encode
_COMPACT = json.JSONEncoder(ensure_ascii=False).encode


def json_record(row, keys, pretty: bool) -> str:
    """One record laid out as json_pieces() says, written by Python."""
    record = dict(zip(keys, row))
    return "{\n    " + _PRETTY_ITEMS(record)[1:-1] + "\n  }" if pretty else _COMPACT(record)


def _completed(chunk: list, source, write) -> list[str]:
    """The texts of a chunk of (id, text), those SQLite left out (None) written by write(row). A group
    removed between the two reads (an undo-import meanwhile) is left out, as if read after it."""
    missing = [number for number, text in chunk if text is None]
    if not missing:
        return [text for _, text in chunk]
    rows = source.rows_of(missing)
    return [write(rows[number]) if text is None else text for number, text in chunk
            if text is not None or number in rows]


def write_json_texts(source, keys, handle, pretty: bool = True, array: bool = True) -> int:
    """The records of `source` (domain GroupTexts) as write_json_records() writes them (pretty), as the
    lines of a JSON array, one record a line (pretty=False), or as JSON lines (array=False).
    SQLite writes each record's text; Python only joins them."""
    count = 0
    texts = iter(source.texts(json_pieces(keys, pretty), as_json=True))
    while chunk := list(itertools.islice(texts, CHUNK)):
        parts = _completed(chunk, source, lambda row: json_record(row, keys, pretty))
        if not parts:
            continue
        if array:
            handle.write(("[\n  " if count == 0 else ",\n  ") + ",\n  ".join(parts))
        else:
            handle.write("\n".join(parts) + "\n")
        count += len(parts)
    if array:
        handle.write("\n]\n" if count else "[]\n")
    return count


def _plain_csv(text: str, lines: int, fields: int, delimiter: str, lineterminator: str) -> bool:
    """Whether `lines` lines of fields joined by the delimiter are what a csv writer writes for the same
    values, with nothing for the formula guard to change: no field holds the delimiter, a quote or a
    line break (the csv writer would quote it), and none starts with a character the guard may change
    (guarded_rows)."""
    from uppks_cli.domain.values import FORMULA_STARTS

    if text.count(delimiter) != lines * (fields - 1) or '"' in text or any(
            text.count(char) != lines * lineterminator.count(char) for char in "\r\n"):
        return False
    # a field starts the text, or follows a delimiter or a line end
    field_start = lineterminator[-1]
    for char in FORMULA_STARTS + ("'",):
        if char not in delimiter + lineterminator and char in text and (
                text.startswith(char) or delimiter + char in text or field_start + char in text):
            return False
    return True


def write_csv_texts(source, keys, handle, cell=listing_cell, delimiter: str = ",", lineterminator: str = "\n") -> int:
    """write_csv_records() of the records of `source` (domain GroupTexts), in the same bytes: SQLite
    joins each record's fields into a line, a chunk of lines is checked at once (_plain_csv), and only
    the lines of a chunk that fails are checked one by one; any line that fails, or that SQLite left
    out, is written from its values as write_csv_records() writes it."""
    lines = _Lines()
    writer = csv.writer(lines, delimiter=delimiter, lineterminator=lineterminator)
    writer.writerow(keys)
    handle.write(lines.pop())
    fields, count = len(keys), 0
    texts = iter(source.texts(["", *(delimiter for _ in keys[1:]), lineterminator], as_json=False))
    while chunk := list(itertools.islice(texts, CHUNK)):
        try:
            text = "".join([line for _, line in chunk])
        except TypeError:  # a line SQLite left out
            text = None
        if text is not None and _plain_csv(text, len(chunk), fields, delimiter, lineterminator):
            handle.write(text)
            count += len(chunk)
            continue
        chunk = [(number, line if line is not None and _plain_csv(line, 1, fields, delimiter, lineterminator)
                  else None) for number, line in chunk]

        def exact(row):
            writer.writerow([cell(value) for value in row])
            return lines.pop()
        parts = _completed(chunk, source, exact)
        handle.write("".join(parts))
        count += len(parts)
    return count


# CommonMark reads these as markup: a backslash before each keeps it a plain
# character (no link, emphasis, HTML tag or table cell from a group's name)
_MARKDOWN_MARKUP = str.maketrans({char: "\\" + char for char in "\\`*_[]<>|~#!"})
# "&" is markup only where it starts an entity ("&lt;", "&#60;"); "Makanan & Minuman" stays as it is
_ENTITY_START = re.compile(r"&(?=[#A-Za-z])")


def markdown_text(text: str) -> str:
    """Text for a Markdown table cell: every markup character escaped, on one line."""
    return _ENTITY_START.sub(r"\\&", visible(" ".join(str(text).split())).translate(_MARKDOWN_MARKUP))


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
    """Whether a column holds numbers: right-aligned, "-" where a value is missing. A rate
    (`kb_rate`, `reporting_rate`...) is one even when no line has a base for it."""
    values = [row.get(key) for row in rows if row.get(key) is not None]
    if not values:
        return key.endswith("_rate")
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
