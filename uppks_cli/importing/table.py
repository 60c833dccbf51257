"""Finding the table in a district's sheet.

Real sheets have title rows above the header ("DATA KELOMPOK UPPKA", "PROVINSI
ACEH"), a two-row header with merged cells, a row of column numbers under it,
a "JUMLAH" row at the bottom and a signature block below that. This module
finds the header, maps its columns to fields, and yields only the group rows.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import operator
import re
from collections.abc import Iterator

from uppks_cli.domain.reference import DISTRICT_CODE_BESIDE, find_district, fold
from uppks_cli.domain.values import EMPTY_DASHES, clean_text, restore_neutralised
from uppks_cli.errors import UppksError
from uppks_cli.importing.headers import GROUP_COUNT, GROUP_HEADINGS, IGNORED, Headings, header_key
from uppks_cli.importing.rows import RowSorter, is_empty, rows_to_look_at

HEADER_SEARCH_ROWS = 40
# rows read and checked together
BLOCK_ROWS = 1000
_OWN_DISTRICT_KEYS = {"district", "district code"}


class Column:
    # plain classes, not dataclasses: loading dataclasses (and inspect) was a tenth of an import's start-up
    __slots__ = ("index", "header", "field")

    def __init__(self, index: int, header: str, field: str | None):
        self.index, self.header, self.field = index, header, field


class Layout:
    def __init__(self, header_rows: tuple[int, ...], columns: list[Column], recap: str | None = None):
        self.header_rows, self.columns = header_rows, columns
        self.notes: list[tuple[str, dict]] = []
        # A district office's sheet often names its district only in the title
        # ("KABUPATEN PIDIE") or the sheet's name; then every row belongs to it.
        self.default_district: str | None = None
        self.label_columns: list[int] = []
        # the fields each record's values tuple holds, in order
        self.fields: list[str] = []
        # the header of a column that counts groups, when the sheet is a recap, not a list
        self.recap = recap
        # the text of the title rows above the header ("KEADAAN BULAN OKTOBER 2025")
        self.titles: list[str] = []


def _text(value) -> str:
    return clean_text(value) or ""


def _parents(parent: list, child: list) -> list[str]:
    """Spread a group heading over the columns under it.

    Where the file kept no merge information, a blank parent cell above a
    filled child cell belongs to the nearest heading on its left whose own
    child is filled ("JUMLAH ANGGOTA" over "TOTAL | PUS | PUS BER-KB").
    """
    spread, current = [], ""
    for index in range(max(len(parent), len(child))):
        above = _text(parent[index]) if index < len(parent) else ""
        below = _text(child[index]) if index < len(child) else ""
        if above:
            current = above if below else ""
            spread.append(above)
        elif below and current:
            spread.append(current)
        else:
            current = ""
            spread.append("")
    return spread


def _map_row(cells: list, parents: list[str] | None, mappings: dict, headings: Headings) -> list[Column]:
    columns = []
    for index in range(max(len(cells), len(parents or []))):
        child = _text(cells[index]) if index < len(cells) else ""
        parent = parents[index] if parents and index < len(parents) else ""
        if parent and header_key(parent) == header_key(child):
            parent = ""  # a vertically merged heading repeated in both rows
        if not child and not parent:
            columns.append(Column(index, "", None))
            continue
        header = f"{parent} / {child}" if parent and child else (child or parent)
        columns.append(Column(index, header, headings.field_for(child, parent, mappings)))
    return columns


def _map_three(top: list, middle: list, bottom: list, mappings: dict, headings: Headings) -> list[Column]:
    """A header over three rows ("KEADAAN ANGGOTA" over "JUMLAH | PUS" over "JUMLAH | BER-KB")."""
    upper, middle_spread = _parents(top, middle), _parents(middle, bottom)
    columns = []
    for index in range(max(len(top), len(middle), len(bottom))):
        levels: list[str] = []
        for row in (upper, middle_spread, [_text(cell) for cell in bottom]):
            text = row[index] if index < len(row) else ""
            if text and (not levels or header_key(levels[-1]) != header_key(text)):
                levels.append(text)  # a heading merged down over rows counts once
        if not levels:
            columns.append(Column(index, "", None))
            continue
        field_name = headings.field_for(levels[-1], " ".join(levels[:-1]) or None, mappings)
        if field_name is None and len(levels) == 3:
            field_name = headings.field_for(levels[2], levels[1], mappings)
        columns.append(Column(index, " / ".join(levels), field_name))
    return columns


def _header_goes_on(single: list[Column], below: list, spread: list[str]) -> bool:
    """Whether the row under a heading row is still the header, though its sub-headings name no field
    ("JUMLAH ANGGOTA" over "L | P"): then it is no group's row, whichever reading names more fields.

    It is, when the name's heading is merged down into it (a merge is read into every cell it spans),
    or when it has no name and only short words, each under a heading spread over several columns.
    A row that puts a word under a heading of one column ("Pidie" under "Kabupaten") is data."""
    name_at = next((c.index for c in single if c.field == "name"), None)
    if name_at is None:
        return False
    if name_at < len(below) and not is_empty(below[name_at]):
        return header_key(below[name_at]) == header_key(single[name_at].header)
    keys = [header_key(text) for text in spread]
    filled = [index for index, value in enumerate(below) if not is_empty(value)]
    return bool(filled) and all(
        type(below[index]) is str and len(below[index].strip()) <= _SUB_HEADING_LENGTH
        and not _NUMBER_LIKE.fullmatch(below[index].strip()) and keys[index]
        and keys[index] in (keys[index - 1] if index else None, keys[index + 1] if index + 1 < len(keys) else None)
        for index in filled)


_SUB_HEADING_LENGTH = 40
_NUMBER_LIKE = re.compile(r"[\d.,%\s()+-]+")


def _score(columns: list[Column]) -> int:
    fields = {c.field for c in columns if c.field and c.field != IGNORED}
    return len(fields) if "name" in fields and len(fields) >= 2 else 0


def find_layout(rows: list[tuple[int, list]], mappings: dict, hidden_columns: set = frozenset(),
                headings: Headings = GROUP_HEADINGS) -> tuple[Layout, int] | None:
    """The header among the first rows: (layout, index of the first row after it).

    A hidden column is named and not read, so a visible one of the same field wins."""
    best = None
    counted: dict[int, tuple] = {}  # columns that count groups, by position: a recap's
    candidates = [(i, r) for i, r in enumerate(rows[:HEADER_SEARCH_ROWS]) if any(not is_empty(c) for c in r[1])]
    for position, (index, (number, cells)) in enumerate(candidates):
        single = _map_row(cells, None, mappings, headings)
        options = [(_score(single), (number,), single, index + 1)]
        if position + 1 < len(candidates):
            next_index, (next_number, next_cells) = candidates[position + 1]
            if next_index == index + 1:
                spread = _parents(cells, next_cells)
                double = _map_row(next_cells, spread, mappings, headings)
                options.append((_score(double), (number, next_number), double, next_index + 1))
                if _header_goes_on(single, next_cells, spread):
                    options[0] = (0,) + options[0][1:]  # the row under it is no group's row
                if position + 2 < len(candidates) and candidates[position + 2][0] == index + 2:
                    last_index, (last_number, last_cells) = candidates[position + 2]
                    triple = _map_three(cells, next_cells, last_cells, mappings, headings)
                    options.append((_score(triple), (number, next_number, last_number), triple, last_index + 1))
        for score, header_rows, columns, after in options:
            counted.update((c.index, (c.header, header_rows, columns, after)) for c in columns if c.field == GROUP_COUNT)
            # a title right above the header is not a second header row: on a tie, fewer rows
            if score and (best is None or (score, -len(header_rows)) > (best[0], -len(best[1]))):
                best = (score, header_rows, columns, after)
    name_at = next((c.index for c in best[2] if c.field == "name"), None) if best else None
    recap = counted.get(name_at) if best else next(iter(counted.values()), None)
    if recap is not None and best is not None and recap[1][0] > best[1][-1]:
        recap = None  # a totals row below the header ("JUMLAH KELOMPOK"), not a recap's header
    if recap is not None:
        # "JUMLAH" over "KELOMPOK": the column counts groups; it names none
        header, header_rows, columns, after = recap
        return Layout(header_rows=header_rows, columns=columns, recap=header), after
    if best is None:
        return None
    _, header_rows, columns, after = best
    layout = Layout(header_rows=header_rows, columns=columns)
    for column in columns:
        if column.index in hidden_columns and column.header:
            column.field = IGNORED
            layout.notes.append(("note_column_hidden", {"column": column.header}))
    seen: dict[str, str] = {}
    for column in columns:
        if column.field in (None, IGNORED) or not column.header:
            if column.header and column.field is None:
                layout.notes.append(("note_column_unmapped", {"column": column.header}))
            continue
        if column.field in seen:
            if {header_key(column.header), header_key(seen[column.field])} <= _OWN_DISTRICT_KEYS:
                # An export of this tool carries the district as code and as name.
                # The name is read: a spreadsheet program turns the code 11.10
                # into the number 11.1, but leaves "Aceh Singkil" alone.
                first = next(c for c in columns if c.header == seen[column.field])
                keep, drop = (column, first) if header_key(column.header) == "district" else (first, column)
                # ... and checks the code against it, when the code is whole
                keep.field, drop.field = "district", DISTRICT_CODE_BESIDE
                seen["district"] = keep.header
                continue
            layout.notes.append(("note_column_repeated", {"column": column.header, "field": column.field,
                                                          "first": seen[column.field]}))
            column.field = None
            continue
        seen[column.field] = column.header
        if column.field == "founded_year" and (header_key(column.header).split() or [""])[0] in _DATE_WORDS:
            layout.notes.append(("note_column_year_only", {"column": column.header}))  # the day is not kept
    return layout, after


# a founding column headed as a day or a month ("Tanggal Berdiri"): only the year is a group's field
_DATE_WORDS = {"tanggal", "tgl", "bulan", "bln"}


def _title_district(title_rows: list[tuple[int, list]], sheet_name: str | None) -> str | None:
    """The district a sheet without a district column belongs to, from its title or its tab.

    Both are read; when they name different districts (a copied template) the
    sheet is refused rather than one of them believed.
    """
    found = set()
    for _, cells in title_rows:
        for value in cells:
            text = _text(value)
            if text and len(text) <= 80:
                district = _district_in(text, after=("kabupaten", "kab", "kota"))
                if district:
                    found.add(district)
    from_sheet = _district_in(sheet_name) if sheet_name else None
    if from_sheet and found and found != {from_sheet}:
        raise UppksError("error_import_district_conflict", sheet=sheet_name, title=", ".join(sorted(found)),
                         tab=from_sheet)
    if len(found) > 1:
        raise UppksError("error_import_districts_in_title", sheet=sheet_name or "-", title=", ".join(sorted(found)))
    return found.pop() if found else from_sheet


def _district_in(text: str, after: tuple[str, ...] = ()) -> str | None:
    """A district named in a title or a sheet tab: "KABUPATEN PIDIE", "ACEH UTARA 2025",
    "Aceh Utara (Okt)", "01. Simeulue"."""
    words = [word for word in fold(text).split() if not word.isdigit()]
    phrases = [" ".join(words)]
    if after:
        for start, word in enumerate(words):
            if word in after:
                phrases += [" ".join(words[start:start + size]) for size in (4, 3, 2)]
    else:
        # a tab is short: every run of words, longest first ("aceh utara okt" -> "aceh utara")
        phrases += [" ".join(words[start:start + size]) for size in range(len(words) - 1, 0, -1)
                    for start in range(len(words) - size + 1)]
    for phrase in phrases:
        district = find_district(phrase)
        if district:
            return district.name
    return None


def table_records(rows: Iterator[tuple[int, list]], mappings: dict, sheet_name: str | None = None,
                  restore: bool = False, text_only: bool = False, block_rows: int = BLOCK_ROWS,
                  hidden_rows=(), hidden_columns=(), error_rows=(), uncomputed=None,
                  headings: Headings = GROUP_HEADINGS
                  ) -> tuple[Layout | None, Iterator[list[tuple[int, tuple]]]]:
    """Find the header, then yield blocks of (row number, values), one per group row.

    values is a tuple aligned with layout.fields, None for an empty cell.
    text_only: every cell is text (CSV), so a block is read a column at a
    time; block_rows: how many rows are read and checked together.
    """
    rows = iter(rows)
    head = []
    for item in rows:
        head.append(item)
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    found = find_layout(head, mappings, set(hidden_columns), headings)
    if found is None:
        return None, iter(())
    layout, after = found
    if layout.recap:
        return layout, iter(())
    title_rows = [item for item in head[:after] if item[0] < layout.header_rows[0]]
    layout.titles = [text for _, cells in title_rows for text in map(_text, cells) if text]
    if not any(c.field == "district" for c in layout.columns):
        layout.default_district = _title_district(title_rows, sheet_name)
        if layout.default_district:
            layout.notes.append(("note_district_from_title", {"district": layout.default_district}))

    mapped = [(c.index, c.field) for c in layout.columns if c.field and c.field != IGNORED]
    layout.fields = [field_name for _, field_name in mapped]
    name_slot = layout.fields.index("name") if "name" in layout.fields else None
    if layout.default_district:
        layout.fields.append("district")
    layout.label_columns = sorted({c.index for c in layout.columns
                                   if c.field in ("name", "district", "subdistrict", "village", IGNORED)} | {0, 1, 2})
    default_district = layout.default_district
    slots = [index for index, _ in mapped]
    take = operator.itemgetter(*slots) if len(slots) > 1 else (lambda cells: (cells[slots[0]],))
    widest = max(slots) if slots else -1

    # the row counter or an export's id alone does not make a row
    ignored = {c.index for c in layout.columns if c.field == IGNORED}
    # the header's last filled column: a row's filled cells past it have no heading
    width = max((c.index + 1 for c in layout.columns if c.header), default=0)
    header_of = {c.index: c.header for c in layout.columns}
    # a formula without its result matters where a field is read (not in the No. column or an ignored one)
    uncomputed = {row: header_of[min(indexes.intersection(slots))] for row, indexes in (uncomputed or {}).items()
                  if indexes.intersection(slots)}
    sorter = RowSorter(layout.fields[:len(mapped)], layout.label_columns, ignored, layout.notes, set(hidden_rows),
                       [header_of[index] for index, _ in mapped], set(error_rows), uncomputed)

    def row_values(cells: list) -> tuple:
        """One row's values, cell by cell."""
        values = []
        cell_count = len(cells)
        for index, field_name in mapped:
            value = None
            if index < cell_count:
                value = cells[index]
                kind = type(value)
                if kind is str:
                    value = _text_cell(value, restore)
                elif value is not None:
                    value = _cell_value(value, field_name)
            values.append(value)
        return tuple(values)

    def doubtful_rows(rows_values: list[tuple]) -> list[int]:
        names = [row[name_slot] for row in rows_values] if name_slot is not None else [None] * len(rows_values)
        return rows_to_look_at(names, list(map(tuple.count, rows_values, itertools.repeat(None))), len(mapped))

    def text_values(raw: tuple) -> list[tuple]:
        """row_values for a block of text rows (CSV), worked a column at a time."""
        columns = [_text_column(column, restore) for column in zip(*map(take, raw))]
        return list(zip(*columns))

    def records():
        """Blocks of (row number, values) of groups' rows, one block per block_rows rows read."""
        source = itertools.chain(head[after:], rows)
        while True:
            chunk = list(itertools.islice(source, block_rows))
            if not chunk:
                return
            numbers, raw = zip(*chunk)
            if text_only and min(map(len, raw)) > widest:
                rows_values = text_values(raw)
            else:
                rows_values = [row_values(cells) for cells in raw]
            spilled = ()
            if max(map(len, raw)) > width:
                spilled = {index for index, cells in enumerate(raw)
                           if len(cells) > width and any(not is_empty(cell) for cell in cells[width:])}
            kept = sorter.keep(numbers, raw, rows_values, doubtful_rows(rows_values), spilled)
            tail = (default_district,) if default_district else ()
            block = [(numbers[index], rows_values[index] + tail) for index in kept]
            if block:
                yield block

    return layout, records()


def _text_column(column: tuple[str, ...], restore: bool) -> list | tuple:
    """A column of text cells with blanks as None (and neutralised cells restored).

    Most columns have no blank-looking or quoted cell at all; the tests for
    that run in C, and only a column that has one is gone through cell by cell.
    """
    joined = "".join(column)
    if True in map(str.isspace, column) or (restore and "'" in joined) or (
            ("-" in joined or "\u2013" in joined or "\u2014" in joined)
            and _DASHES.intersection(map(str.strip, column))):
        return [_text_cell(value, restore) for value in column]
    if "" in column:
        return [value or None for value in column]
    return column


_DASHES = EMPTY_DASHES


def _text_cell(value: str, restore: bool) -> str | None:
    """A text cell as a value: None if blank or a lone dash, a neutralised formula restored."""
    if not value or value.isspace() or value.strip() in _DASHES:
        return None
    return restore_neutralised(value) if restore and value[0] == "'" else value


def _cell_value(value, field_name: str):
    if type(value) in (int, float) or field_name == "name":
        return value  # a date or TRUE in the name cell goes to the checker as it is, to be refused
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.year if field_name == "founded_year" else value.isoformat()
    if isinstance(value, _dt.time):
        return value.isoformat()
    return value
