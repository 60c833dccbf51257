"""Exports of the registry that open safely in Excel and LibreOffice.

Every field of every selected group, one row each, under the same column
names the importer reads, so an export imports back into an empty registry as
the same groups. Text that a spreadsheet would run as a formula is made inert.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from uppks_cli.domain.groups import GroupTexts
from uppks_cli.domain.values import neutralise
from uppks_cli.errors import UppksError
from uppks_cli.files import DELIMITERS, check_target, written_whole
from uppks_cli.registry.backup import registry_files
from uppks_cli.registry.columns import PUBLIC_FIELDS
from uppks_cli.registry.groups import GroupFilter
from uppks_cli.registry.monthly import REPORT_COLUMNS, listed
from uppks_cli.registry.safety import database_path
from uppks_cli.reports.formats import file_ending, write_csv_records, write_csv_texts, write_json_texts

EXPORT_FORMATS = ("csv", "xlsx", "json", "jsonl")
# A worksheet has 1,048,576 rows, the first of them the header; xlsxwriter would drop the rest silently.
XLSX_MOST_GROUPS = 1_048_575


def format_for(path: str | None, chosen: str | None) -> str:
    """The format asked for, else the one the file name suggests, else CSV. A format the name
    contradicts (x.xlsx --format csv) is refused: Excel could not open what the name promises."""
    named = None
    if path and path != "-":
        suffix = file_ending(path, {"." + known for known in EXPORT_FORMATS}).lstrip(".")
        named = suffix if suffix in EXPORT_FORMATS else None
    if chosen and named and chosen != named:
        raise UppksError("error_report_format_suffix", path=path, suffix="." + named, format=chosen)
    return chosen or named or "csv"


def export_cell(value):
    """A cell of a CSV export: empty for nothing, text with the formula guard, numbers as they are."""
    return "" if value is None else neutralise(value)


def write_csv(groups, handle, delimiter: str = ",", keys: tuple[str, ...] = PUBLIC_FIELDS) -> int:
    """The rows (tuples of `keys`, as group_rows gives them) as CSV, as they come, with CRLF line ends
    as spreadsheets write them."""
    if hasattr(groups, "texts"):
        return write_csv_texts(groups, keys, handle, export_cell, delimiter, "\r\n")
    return write_csv_records(groups, keys, handle, export_cell, delimiter, "\r\n")


def write_json(groups, handle, keys: tuple[str, ...] = PUBLIC_FIELDS) -> int:
    """One row a line inside one JSON array, written as they come."""
    if hasattr(groups, "texts"):
        return write_json_texts(groups, keys, handle, pretty=False)
    encode = json.JSONEncoder(ensure_ascii=False).encode
    handle.write("[")
    count = 0
    for group in groups:
        handle.write(("\n  " if count == 0 else ",\n  ") + encode(dict(zip(keys, group))))
        count += 1
    handle.write("\n]\n" if count else "]\n")
    return count


def write_jsonl(groups, handle, keys: tuple[str, ...] = PUBLIC_FIELDS) -> int:
    if hasattr(groups, "texts"):
        return write_json_texts(groups, keys, handle, pretty=False, array=False)
    encode = json.JSONEncoder(ensure_ascii=False).encode
    count = 0
    for group in groups:
        handle.write(encode(dict(zip(keys, group))) + "\n")
        count += 1
    return count


def write_xlsx(groups, path: Path, sheet_title: str = "groups", keys: tuple[str, ...] = PUBLIC_FIELDS) -> int:
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
        widths = [len(key) + 2 for key in keys]
        sheet.write_row(0, 0, keys, header)
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
    """Write the export; returns how many groups it holds (see write_export)."""
    check_export_options(export_format, delimiter)
    groups = GroupTexts(conn, group_filter, redact=redact)
    return write_export(conn, groups, PUBLIC_FIELDS, "groups", output, export_format, force, delimiter, bom, stdout)


def check_export_options(export_format: str, delimiter: str) -> None:
    if export_format not in EXPORT_FORMATS:
        raise UppksError("error_export_format", value=export_format, formats=", ".join(EXPORT_FORMATS))
    # the delimiters the importer recognises: an export always imports back
    if _delimiter(delimiter) not in DELIMITERS:
        raise UppksError("error_export_delimiter", value=delimiter)


def _delimiter(delimiter: str) -> str:
    return "\t" if delimiter in ("tab", "\\t") else delimiter


def write_export(conn: sqlite3.Connection, rows, keys: tuple[str, ...], sheet_title: str, output: str | None,
                 export_format: str, force: bool = False, delimiter: str = ",", bom: bool | None = None,
                 stdout=None) -> int:
    """Write rows (tuples of these keys, streamed) as an export; returns how many it holds.

    A file is written whole or not at all, never onto the registry, and an
    existing one is replaced only with `force`. The delimiter may be written as "tab".
    """
    check_export_options(export_format, delimiter)
    delimiter = _delimiter(delimiter)
    to_stdout = output in (None, "-")
    if to_stdout:
        if export_format == "xlsx":
            raise UppksError("error_export_xlsx_stdout")
        return _write_text(rows, stdout, export_format, delimiter, bool(bom) and export_format == "csv", keys)
    target = Path(output)
    check_target(target, force, protected=registry_files(database_path(conn)))
    with written_whole(target) as partial:
        if export_format == "xlsx":
            return write_xlsx(rows, partial, sheet_title, keys)
        # a BOM by default for CSV: Excel on Windows reads a BOM-less CSV as the local
        # code page; never for JSON, which a BOM makes unreadable to json.load and JSON.parse
        with_bom = export_format == "csv" and bom is not False
        with partial.open("w", encoding="utf-8-sig" if with_bom else "utf-8", newline="") as out:
            return _write_text(rows, out, export_format, delimiter, False, keys)


def _write_text(rows, handle, export_format: str, delimiter: str, bom: bool, keys: tuple[str, ...]) -> int:
    if bom:
        handle.write("\ufeff")
    if export_format == "csv":
        return write_csv(rows, handle, delimiter, keys)
    if export_format == "json":
        return write_json(rows, handle, keys)
    return write_jsonl(rows, handle, keys)


# A monthly report as `monthly list` and `monthly export` give it: the group it is of,
# by the number and by what `monthly import` matches it with, and the month's numbers.
MONTHLY_KEYS = ("group_id", "name", "district_code", "district", "subdistrict", "period", *REPORT_COLUMNS)


def monthly_rows(conn: sqlite3.Connection, group_filter: GroupFilter, period: str | None):
    """The chosen groups' reports (of one month, or all), with the district's name beside its code:
    the keys in MONTHLY_KEYS' order, so `monthly list --format json` names them as the CSV does."""
    from uppks_cli.reports.recap import district_name

    for row in listed(conn, group_filter, period):
        named = {**row, "district": district_name(row["district_code"])}
        yield {key: named[key] for key in MONTHLY_KEYS}


def export_monthly(conn: sqlite3.Connection, group_filter: GroupFilter, period: str | None, output: str | None,
                   export_format: str, force: bool = False, delimiter: str = ",", bom: bool | None = None,
                   stdout=None) -> int:
    """`monthly export`: every field of the chosen reports, under the names `monthly import` reads."""
    check_export_options(export_format, delimiter)
    rows = (tuple(row[key] for key in MONTHLY_KEYS) for row in monthly_rows(conn, group_filter, period))
    return write_export(conn, rows, MONTHLY_KEYS, "monthly", output, export_format, force, delimiter, bom, stdout)


# An activity as `activity list` and `activity export` give it: the group it is of, by
# the number and by what `activity import` matches it with, and the activity.
ACTIVITY_KEYS = ("id", "group_id", "name", "district_code", "district", "subdistrict", "date", "kind", "topic", "by",
                 "attended", "amount", "partner")


def activity_rows(conn: sqlite3.Connection, group_filter: GroupFilter, since: str | None, kind: str | None,
                  redact: bool = False):
    """The chosen groups' activities, oldest first, with the district's name; `redact` blanks who ran them.
    Tuples of ACTIVITY_KEYS, as the export's writers take rows."""
    from uppks_cli.registry.coaching import activities
    from uppks_cli.reports.recap import district_name

    for row in activities(conn, group_filter, since, kind):
        row.update(by=None if redact else row["done_by"], district=district_name(row["district_code"]))
        yield tuple(row[key] for key in ACTIVITY_KEYS)


def export_activities(conn: sqlite3.Connection, group_filter: GroupFilter, since: str | None, kind: str | None,
                      output: str | None, export_format: str, redact: bool = False, force: bool = False,
                      delimiter: str = ",", bom: bool | None = None, stdout=None) -> int:
    """`activity export`: every field of the chosen activities, under the names `activity import` reads."""
    check_export_options(export_format, delimiter)
    return write_export(conn, activity_rows(conn, group_filter, since, kind, redact), ACTIVITY_KEYS, "activities",
                        output, export_format, force, delimiter, bom, stdout)
