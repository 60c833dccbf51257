"""Plain-text formats shared by the terminal and the reports: numbers as
officers read them, CSV, JSON and Markdown tables."""

from __future__ import annotations

import csv
import io
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
