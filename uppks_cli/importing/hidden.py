"""Rows and columns an office hid in a workbook: a disbanded group hidden
instead of deleted, last year's member column hidden beside this year's.

python-calamine reads every cell, hidden or not, and tells which sheets are
hidden but not which rows or columns; so the few attributes that say so are
read here from the workbook's own XML (XLSX and ODS). Old .xls files keep
them in binary records this does not read: their hidden rows and columns are
read like the others, as the README says.
"""

from __future__ import annotations

import posixpath
import zipfile
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATION = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_RELATION = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def hidden_rows_and_columns(path, workbook_format: str) -> dict[str, tuple[set[int], set[int]]]:
    """{sheet name: (hidden row numbers as the program shows them, hidden column indexes from 0)}."""
    try:
        with zipfile.ZipFile(path) as archive:
            if workbook_format == "xlsx":
                return _xlsx(archive)
            if workbook_format == "ods":
                return _ods(archive)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError, OSError):
        pass  # a workbook calamine can read but this cannot: nothing is known hidden
    return {}


def _xlsx(archive: zipfile.ZipFile) -> dict:
    relations = {node.get("Id"): node.get("Target") for node in ElementTree.fromstring(
        archive.read("xl/_rels/workbook.xml.rels")).iter(f"{_PACKAGE_RELATION}Relationship")}
    found = {}
    for sheet in ElementTree.fromstring(archive.read("xl/workbook.xml")).iter(f"{_MAIN}sheet"):
        target = relations.get(sheet.get(f"{_RELATION}id"), "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        rows, columns = set(), set()
        with archive.open(member) as stream:
            for _, node in ElementTree.iterparse(stream):
                if node.tag == f"{_MAIN}row":
                    if node.get("hidden") in ("1", "true"):
                        rows.add(int(node.get("r")))
                    node.clear()
                elif node.tag == f"{_MAIN}col" and node.get("hidden") in ("1", "true"):
                    columns.update(range(int(node.get("min")) - 1, int(node.get("max"))))
        found[sheet.get("name")] = (rows, columns)
    return found


def _ods(archive: zipfile.ZipFile) -> dict:
    found = {}
    with archive.open("content.xml") as stream:
        sheet = rows = columns = None
        row_number = column_index = 0
        for event, node in ElementTree.iterparse(stream, events=("start", "end")):
            if event == "start" and node.tag == f"{_TABLE}table":
                sheet, rows, columns, row_number, column_index = node.get(f"{_TABLE}name"), set(), set(), 0, 0
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
                node.clear()
            elif event == "end" and node.tag == f"{_TABLE}table":
                found[sheet] = (rows, columns)
    return found
