"""What a workbook's own XML says that python-calamine does not tell before reading.

Rows and columns an office hid (a disbanded group hidden instead of deleted,
last year's member column hidden beside this year's): python-calamine reads
every cell, hidden or not, and tells which sheets are hidden but not which
rows or columns. And how far a sheet's cells reach: calamine makes room
for every cell of the rectangle up to the farthest one, so a single cell at
XFD1048576 would ask for hundreds of gigabytes; the sheet is refused first.
Old .xls files keep the same in the binary records of their "Workbook" stream
(BIFF8), found inside the file's compound-document container with olefile.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATION = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_RELATION = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def hidden_rows_and_columns(path, workbook_format: str) -> dict[str, tuple]:
    """{sheet name: (hidden row numbers as the program shows them, hidden column indexes from 0,
    the farthest row and column any cell is in (0 when not known), rows with an error cell,
    {row: column indexes from 0 of its formulas saved without their result})}."""
    if workbook_format == "xls":
        try:
            return _xls(path)
        except Exception:  # olefile raises its own types and Python's for a broken container
            return {}  # a workbook calamine can read but this cannot: nothing is known hidden
    try:
        with zipfile.ZipFile(path) as archive:
            if workbook_format == "xlsx":
                return _xlsx(archive)
            if workbook_format == "ods":
                return _ods(archive)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError, OSError):
        pass  # a workbook calamine can read but this cannot: nothing is known hidden
    return {}


# tags with or without a namespace prefix (x:row), attributes in either kind of quotes
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*>")
_COL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?col\b[^>]*>")
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\b[^>]*?\sr=[\"']([A-Z]{1,3})([0-9]{1,7})[\"']")
# a cell holding an Excel error (#DIV/0!, #REF!): python-calamine gives it as an empty cell
_ERROR_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\b(?=[^>]*\st=[\"']e[\"'])[^>]*?\sr=[\"'][A-Z]{1,3}([0-9]{1,7})[\"']")
# a cell with its content: a formula whose result was never saved (a file written by a program
# that does not calculate, as openpyxl) is read by python-calamine as an empty cell
_FULL_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\b([^>]*?)(?<!/)>(.*?)</(?:[A-Za-z_][\w.-]*:)?c>", re.S)
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f\b")
_SAVED_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?v>\s*[^<\s]")
_TEXT_RESULT = re.compile(rb"\st=[\"'](?:str|s|inlineStr)[\"']")
_REFERENCE = re.compile(rb"\sr=[\"']([A-Z]{1,3})([0-9]{1,7})[\"']")
_ATTRIBUTE = re.compile(rb"\s(r|min|max|hidden)=[\"']([^\"']*)[\"']")
_CHUNK = 1 << 20


def _attributes(tag: bytes) -> dict:
    return {name.decode(): value.decode() for name, value in _ATTRIBUTE.findall(tag)}


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _xlsx(archive: zipfile.ZipFile) -> dict:
    relations = {node.get("Id"): node.get("Target") for node in ElementTree.fromstring(
        archive.read("xl/_rels/workbook.xml.rels")).iter(f"{_PACKAGE_RELATION}Relationship")}
    found = {}
    for sheet in ElementTree.fromstring(archive.read("xl/workbook.xml")).iter(f"{_MAIN}sheet"):
        target = relations.get(sheet.get(f"{_RELATION}id"), "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        found[sheet.get("name")] = _scan_sheet(archive, member)
    return found


def _scan_sheet(archive: zipfile.ZipFile, member: str) -> tuple:
    """Hidden rows, hidden columns, the farthest row and column a cell is in, the rows with
    an error cell and the formulas without their result, read from the sheet's XML a
    megabyte at a time."""
    rows, columns, last_row, last_column, errors, uncomputed = set(), set(), 0, 0, set(), {}
    tail = pending = b""
    with archive.open(member) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            data = tail + chunk
            # keep an unfinished tag for the next round
            cut = data.rfind(b"<") if chunk else len(data)
            ready, tail = data[:cut], data[cut:]
            for tag in _ROW.findall(ready):
                attributes = _attributes(tag)
                if attributes.get("hidden") in ("1", "true") and attributes.get("r", "").isdigit():
                    rows.add(int(attributes["r"]))
            for tag in _COL.findall(ready):
                attributes = _attributes(tag)
                if attributes.get("hidden") in ("1", "true"):
                    columns.update(range(int(attributes["min"]) - 1, int(attributes["max"])))
            for letters, number in _CELL.findall(ready):
                last_column = max(last_column, _column_number(letters))
                last_row = max(last_row, int(number))
            errors.update(map(int, _ERROR_CELL.findall(ready)))
            pending = _uncomputed_formulas(pending + ready, uncomputed, not chunk)
            if not chunk:
                return rows, columns, last_row, last_column, errors, uncomputed


def _uncomputed_formulas(data: bytes, found: dict, whole: bool) -> bytes:
    """Add to found {row: column indexes} the formula cells of data's whole rows that were saved
    without their result, and give back what follows the last whole row (all of it when
    `whole`), to be read with the next chunk."""
    end = data.rfind(b"row>")
    cut = len(data) if whole else end + 4 if end >= 0 else 0
    if _FORMULA_TAG.search(data, 0, cut):
        for cell in _FULL_CELL.finditer(data, 0, cut):
            attributes, content = cell.groups()
            if _FORMULA_TAG.search(content) and not _SAVED_VALUE.search(content) and not _TEXT_RESULT.search(attributes):
                where = _REFERENCE.search(attributes)
                if where:
                    found.setdefault(int(where.group(2)), set()).add(_column_number(where.group(1)) - 1)
    return data[cut:]


def _ods(archive: zipfile.ZipFile) -> dict:
    found = {}
    cells = (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell")
    with archive.open("content.xml") as stream:
        sheet = rows = columns = None
        row_number = column_index = cell_index = last_row = last_column = 0
        row_filled = False
        for event, node in ElementTree.iterparse(stream, events=("start", "end")):
            if event == "start" and node.tag == f"{_TABLE}table":
                sheet, rows, columns, row_number, column_index = node.get(f"{_TABLE}name"), set(), set(), 0, 0
                last_row = last_column = 0
            elif event == "start" and node.tag == f"{_TABLE}table-row":
                cell_index, row_filled = 0, False
            elif event == "end" and node.tag in cells:
                repeated = int(node.get(f"{_TABLE}number-columns-repeated", "1"))
                cell_index += repeated
                # a cell with a value or any text: calamine makes room up to it
                if node.get(f"{_OFFICE}value-type") or len(node):
                    last_column, row_filled = max(last_column, cell_index), True
            elif event == "end" and node.tag == f"{_TABLE}table-column":
                repeated = int(node.get(f"{_TABLE}number-columns-repeated", "1"))
                if node.get(f"{_TABLE}visibility") in ("collapse", "filter"):
                    columns.update(range(column_index, column_index + repeated))
                column_index += repeated
            elif event == "end" and node.tag == f"{_TABLE}table-row":
                repeated = int(node.get(f"{_TABLE}number-rows-repeated", "1"))
                if node.get(f"{_TABLE}visibility") in ("collapse", "filter"):
                    rows.update(range(row_number + 1, row_number + 1 + min(repeated, 100_000)))
                row_number += repeated
                if row_filled:
                    last_row = row_number
                node.clear()
            elif event == "end" and node.tag == f"{_TABLE}table":
                found[sheet] = (rows, columns, last_row, last_column, set(), {})
    return found


# BIFF8 record types (Microsoft's [MS-XLS] 2.3)
_BOF, _EOF, _BOUNDSHEET, _ROW_RECORD, _COLINFO = 0x0809, 0x000A, 0x0085, 0x0208, 0x007D
_BOOLERR, _FORMULA = 0x0205, 0x0006
# records of one cell: row and column are their first four bytes
_ONE_CELL = frozenset((0x00FD, 0x0203, 0x027E, 0x0201, 0x0204, 0x00D6, _BOOLERR, _FORMULA))
# records of a run of cells in one row (MULRK, MULBLANK): the last column is their last two bytes
_CELL_RUN = frozenset((0x00BD, 0x00BE))
_BIFF8 = 0x0600


def _xls(path) -> dict:
    import olefile

    if not olefile.isOleFile(str(path)):
        return {}
    with olefile.OleFileIO(str(path)) as container:
        name = "Workbook" if container.exists("Workbook") else "Book"
        data = container.openstream(name).read()
    if len(data) < 8 or struct.unpack_from("<HHH", data)[::2] != (_BOF, _BIFF8):
        return {}  # not BIFF8 (Excel 5 and older): nothing is known
    found, position = {}, 0
    while position + 4 <= len(data):
        kind, length = struct.unpack_from("<HH", data, position)
        record = data[position + 4:position + 4 + length]
        position += 4 + length
        if kind == _EOF:
            break
        if kind == _BOUNDSHEET and length >= 8 and record[5] == 0:  # a worksheet, not a chart or macro sheet
            start, count, wide = struct.unpack_from("<I", record)[0], record[6], record[7] & 1
            title = record[8:8 + count * (2 if wide else 1)].decode("utf-16-le" if wide else "latin-1")
            found[title] = _xls_sheet(data, start)
    return found


def _xls_sheet(data: bytes, position: int) -> tuple:
    """Hidden rows, hidden columns, the farthest row and column a cell is in, and the rows with an
    error cell, of the worksheet whose records start at `position`."""
    rows, columns, errors = set(), set(), set()
    last_row = last_column = depth = 0
    while position + 4 <= len(data):
        kind, length = struct.unpack_from("<HH", data, position)
        record = data[position + 4:position + 4 + length]
        position += 4 + length
        if kind == _BOF:  # the sheet's own, or a chart's inside it
            depth += 1
        elif kind == _EOF:
            depth -= 1
            if depth <= 0:
                break
        elif kind in _ONE_CELL and length >= 4:
            row, column = struct.unpack_from("<HH", record)
            last_row, last_column = max(last_row, row + 1), max(last_column, column + 1)
            if (kind == _BOOLERR and length >= 8 and record[7] == 1) or (
                    kind == _FORMULA and length >= 14 and record[12:14] == b"\xff\xff" and record[6] == 2):
                errors.add(row + 1)
        elif kind in _CELL_RUN and length >= 6:
            row = struct.unpack_from("<H", record)[0]
            last_row = max(last_row, row + 1)
            last_column = max(last_column, struct.unpack_from("<H", record, length - 2)[0] + 1)
        elif kind == _ROW_RECORD and length >= 16 and struct.unpack_from("<H", record, 12)[0] & 0x20:
            rows.add(struct.unpack_from("<H", record)[0] + 1)
        elif kind == _COLINFO and length >= 10 and struct.unpack_from("<H", record, 8)[0] & 1:
            first, last = struct.unpack_from("<HH", record)
            columns.update(range(first, min(last, 255) + 1))
    return rows, columns, last_row, last_column, errors, {}  # a FORMULA record always holds its result
