"""What a workbook's own XML says that python-calamine does not tell before reading.

Rows and columns an office hid (a disbanded group hidden instead of deleted,
last year's member column hidden beside this year's): python-calamine reads
every cell, hidden or not, and tells which sheets are hidden but not which
rows or columns. And how far a sheet's cells reach: calamine makes room
for every cell of the rectangle up to the farthest one, so a single cell at
XFD1048576 would ask for hundreds of gigabytes; the sheet is refused first.
Old .xls files keep these in binary records this does not read: their hidden
rows and columns are read like the others, as the README says.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATION = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_RELATION = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def hidden_rows_and_columns(path, workbook_format: str) -> dict[str, tuple[set[int], set[int], int, int]]:
    """{sheet name: (hidden row numbers as the program shows them, hidden column indexes from 0,
    the farthest row and column any cell is in (0 when not known), rows with an error cell)}."""
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
    """Hidden rows, hidden columns, the farthest row and column a cell is in, and the
    rows with an error cell, read from the sheet's XML a megabyte at a time."""
    rows, columns, last_row, last_column, errors = set(), set(), 0, 0, set()
    tail = b""
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
            if not chunk:
                return rows, columns, last_row, last_column, errors


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
                found[sheet] = (rows, columns, last_row, last_column, set())
    return found
