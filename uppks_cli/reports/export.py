"""Exports of the registry that open safely in Excel and LibreOffice.

Every field of every selected group, one row each, under the same column
names the importer reads, so an export imports back into an empty registry as
the same groups. Text that a spreadsheet would run as a formula is made inert.
"""

from __future__ import annotations

import csv
import itertools
import json
import sqlite3
from pathlib import Path

from uppks_cli.domain.groups import group_rows
from uppks_cli.domain.values import neutralise
from uppks_cli.errors import UppksError
from uppks_cli.files import DELIMITERS, check_target, written_whole
from uppks_cli.registry.backup import registry_files
from uppks_cli.registry.columns import PUBLIC_FIELDS
from uppks_cli.registry.groups import GroupFilter
from uppks_cli.registry.safety import database_path
from uppks_cli.reports.formats import CHUNK, guarded_rows

EXPORT_FORMATS = ("csv", "xlsx", "json", "jsonl")
# A worksheet has 1,048,576 rows, the first of them the header; xlsxwriter would drop the rest silently.
XLSX_MOST_GROUPS = 1_048_575


def format_for(path: str | None, chosen: str | None) -> str:
    """The format asked for, else the one the file name suggests, else CSV."""
    if chosen:
        return chosen
    if path and path != "-":
        suffix = Path(path).suffix.lower().lstrip(".")
        if suffix in EXPORT_FORMATS:
            return suffix
    return "csv"


def export_cell(value):
    """A cell of a CSV export: empty for nothing, text with the formula guard, numbers as they are."""
    return "" if value is None else neutralise(value)


def write_csv(groups, handle, delimiter: str = ",") -> int:
    """The groups (tuples of PUBLIC_FIELDS, as group_rows gives them) as CSV, as they come."""
    writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(PUBLIC_FIELDS)
    count = 0
    groups = iter(groups)
    while chunk := list(itertools.islice(groups, CHUNK)):
        writer.writerows(guarded_rows(chunk, export_cell))
        count += len(chunk)
    return count


def write_json(groups, handle) -> int:
    """One group a line inside one JSON array, written as they come."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    handle.write("[")
    count = 0
    for group in groups:
        handle.write(("\n  " if count == 0 else ",\n  ") + encode(dict(zip(PUBLIC_FIELDS, group))))
        count += 1
    handle.write("\n]\n" if count else "]\n")
    return count


def write_jsonl(groups, handle) -> int:
    encode = json.JSONEncoder(ensure_ascii=False).encode
    count = 0
    for group in groups:
        handle.write(encode(dict(zip(PUBLIC_FIELDS, group))) + "\n")
        count += 1
    return count


def write_xlsx(groups, path: Path, sheet_title: str = "groups") -> int:
    """An XLSX of plain values: strings are never read as formulas or links. Rows go to disk as
    they are written (constant memory); more groups than a sheet holds are refused."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False,
    })
    try:
        sheet = workbook.add_worksheet(sheet_title)
        header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        widths = [len(key) + 2 for key in PUBLIC_FIELDS]
        sheet.write_row(0, 0, PUBLIC_FIELDS, header)
        count = 0
        for count, group in enumerate(groups, start=1):
            if count > XLSX_MOST_GROUPS:
                raise UppksError("error_export_xlsx_too_many", most=XLSX_MOST_GROUPS)
            for column, value in enumerate(group):
                if value is None:
                    continue
                if isinstance(value, str):
                    sheet.write_string(count, column, value)
                else:
                    sheet.write_number(count, column, value)
                widths[column] = min(max(widths[column], len(str(value)) + 2), 50)
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width)
        sheet.freeze_panes(1, 0)
    finally:
        workbook.close()
    return count


def export_to(conn: sqlite3.Connection, group_filter: GroupFilter, output: str | None, export_format: str,
              redact: bool = False, force: bool = False, delimiter: str = ",", bom: bool | None = None,
              stdout=None) -> int:
    """Write the export; returns how many groups it holds.

    A file is written whole or not at all, and an existing one is replaced
    only with `force`. The delimiter may be written as "tab".
    """
    if export_format not in EXPORT_FORMATS:
        raise UppksError("error_export_format", value=export_format, formats=", ".join(EXPORT_FORMATS))
    if delimiter in ("tab", "\\t"):
        delimiter = "\t"
    # the delimiters the importer recognises: an export always imports back
    if delimiter not in DELIMITERS:
        raise UppksError("error_export_delimiter", value=delimiter)
    groups = group_rows(conn, group_filter, redact=redact)
    to_stdout = output in (None, "-")
    if to_stdout:
        if export_format == "xlsx":
            raise UppksError("error_export_xlsx_stdout")
        return _write_text(groups, stdout, export_format, delimiter, bom=bool(bom) and export_format == "csv")
    target = Path(output)
    check_target(target, force, protected=registry_files(database_path(conn)))
    with written_whole(target) as partial:
        if export_format == "xlsx":
            return write_xlsx(groups, partial)
        # a BOM by default for CSV: Excel on Windows reads a BOM-less CSV as the local
        # code page; never for JSON, which a BOM makes unreadable to json.load and JSON.parse
        with_bom = export_format == "csv" and bom is not False
        with partial.open("w", encoding="utf-8-sig" if with_bom else "utf-8", newline="") as out:
            return _write_text(groups, out, export_format, delimiter, bom=False)


def _write_text(groups, handle, export_format: str, delimiter: str, bom: bool) -> int:
    if bom:
        handle.write("\ufeff")
    if export_format == "csv":
        return write_csv(groups, handle, delimiter)
    if export_format == "json":
        return write_json(groups, handle)
    return write_jsonl(groups, handle)
