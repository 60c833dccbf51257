"""Every row of a sheet is accounted for: imported, refused with a reason, or named as not read.

Sheets are generated the way districts make them: title rows, a one- or two-row
header, blank rows, subtotal rows after blocks, a totals row, remark and
signature lines, a group typed below them, and rows hidden in the workbook.
"""

import csv

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from uppks_cli.importing import ImportOptions, import_files
from uppks_cli.registry.connection import connect

TYPES = ["anyaman", "makanan", "jasa", "kosmetik"]  # kosmetik is unknown: its rows are refused


@st.composite
def sheets(draw):
    titles = draw(st.lists(st.sampled_from(["DATA KELOMPOK UPPKA", "PROVINSI ACEH", "KEADAAN BULAN OKTOBER 2025"]),
                           max_size=3))
    two_row_header = draw(st.booleans())
    blocks = draw(st.lists(st.lists(st.tuples(st.sampled_from(TYPES), st.integers(0, 60)), min_size=1,
                                    max_size=6), min_size=1, max_size=4))
    return {"titles": titles, "two_row_header": two_row_header, "blocks": blocks,
            "subtotals": draw(st.booleans()), "blank_every": draw(st.integers(2, 9)),
            "below": draw(st.booleans()), "hide": draw(st.sets(st.integers(0, 30), max_size=3)),
            "workbook": draw(st.booleans())}


def layout(spec) -> tuple[list[list], dict]:
    """The sheet's rows, and what each kind of row should come to."""
    rows = [[title] for title in spec["titles"]]
    if spec["two_row_header"]:
        rows += [["No", "Nama Kelompok", "Jenis Usaha", "JUMLAH ANGGOTA", ""], ["", "", "", "TOTAL", "PUS"]]
    else:
        rows += [["No", "Nama Kelompok", "Jenis Usaha", "Jml Anggota", "Anggota PUS"]]
    expected = {"groups": 0, "refused": 0, "named": 0, "members": 0, "hidden": 0, "rows": []}
    number, grand = 0, 0
    for block in spec["blocks"]:
        subtotal = 0
        for product_type, members in block:
            number += 1
            rows.append([str(number), f"UPPKA Seulanga {number}", product_type, members, members // 2])
            expected["rows"].append((len(rows), product_type, members))
            subtotal += members
            if number % spec["blank_every"] == 0:
                rows.append([])
        grand += subtotal
        if spec["subtotals"]:
            rows.append(["Sub Total", "", "", subtotal, ""])
            expected["named"] += 1
    rows.append(["", "JUMLAH", "", grand, ""])
    expected["named"] += 1
    if spec["below"]:
        rows.append(["", "Catatan: kelompok berikut baru dibentuk", "", "", ""])
        rows.append(["", "UPPKA Tunas Baru", "jasa", 4, 2])
        expected["rows"].append((len(rows), "jasa", 4))
        expected["named"] += 1
    rows += [["", "Sigli, 31 Oktober 2025"], ["", "Kepala Bidang KB"]]
    expected["named"] += 2
    return rows, expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheets())
def test_every_row_is_imported_refused_or_named(tmp_path, spec):
    rows, expected = layout(spec)
    hidden = set()
    if spec["workbook"]:
        path = tmp_path / "kabupaten-pidie.xlsx"
        book = Workbook()
        sheet = book.active
        sheet.title = "Pidie"
        for row in rows:
            sheet.append(row)
        group_rows = [number for number, _, _ in expected["rows"]]
        hidden = {group_rows[index] for index in spec["hide"] if index < len(group_rows)}
        for number in hidden:
            sheet.row_dimensions[number].hidden = True
        book.save(path)
    else:
        path = tmp_path / "kabupaten-pidie.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([["KABUPATEN PIDIE"]] + rows)
        expected["rows"] = [(number + 1, kind, members) for number, kind, members in expected["rows"]]
    database = tmp_path / "hitung.db"
    conn = connect(database)
    try:
        report = import_files(conn, [str(path)], ImportOptions(skip_invalid=True))
        shown = [(number, kind, members) for number, kind, members in expected["rows"] if number not in hidden]
        refused = [number for number, kind, _ in shown if kind == "kosmetik"]
        counts = report.counts
        assert counts["inserted"] == len(shown) - len(refused)
        assert [error["row"] for error in report.errors] == refused
        named = [note for note in report.files[0].notes if "row" in note]
        kinds = [note["kind"] for note in named]
        assert kinds.count("note_row_hidden") == len(hidden)
        differ = kinds.count("note_totals_differ")
        assert len(named) - len(hidden) - differ == expected["named"]
        # the sheet's own totals agree with its rows (a hidden group is in them, and counted)
        assert differ == 0
        stored = conn.execute("SELECT coalesce(sum(members), 0) FROM groups").fetchone()[0]
        assert stored == sum(members for _, kind, members in shown if kind != "kosmetik")
    finally:
        conn.close()
        database.unlink()
