"""District sheets as offices really shape them, read as they are written or refused saying why."""

from pathlib import Path

import pytest
from openpyxl import Workbook

from uppks_cli.importing import import_files

SPLIT_HEADER = [["DATA KELOMPOK UPPKA"], ["PROVINSI ACEH"], [],
                ["No", "Nama Kelompok", "Kabupaten/Kota", "Kecamatan", "Jenis Usaha", "JUMLAH ANGGOTA", None, "PUS",
                 None, "Modal (Rp)"],
                [None, None, None, None, None, "L", "P", "JML", "KB", None],
                [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
                [1, "Bungong Jeumpa", "Kab. Aceh Besar", "Kec. Darul Imarah", "anyaman", 2, 18, 12, 9,
                 "Rp. 1.500.000,-"],
                [2, "Seulanga", "KOTA BANDA ACEH", "Kec. Meuraxa", "makanan", 0, 20, "10", "5", "1,5 jt"],
                [None, "JUMLAH", None, None, None, 2, 38, 22, 14]]


def split_header_workbook(path: Path, merged: bool) -> str:
    book = Workbook()
    sheet = book.active
    for row in SPLIT_HEADER:
        sheet.append(row)
    if merged:  # as the office drew it; a sheet saved by some programs keeps no merges
        for cells in ("A4:A5", "B4:B5", "C4:C5", "D4:D5", "E4:E5", "F4:G4", "H4:I4", "J4:J5"):
            sheet.merge_cells(cells)
    book.save(path)
    return str(path)


@pytest.mark.parametrize("merged", [True, False])
def test_a_heading_split_into_sub_columns_no_field_names_is_still_the_header(conn, tmp_path, en, merged):
    """"JUMLAH ANGGOTA" over "L | P" names no field, so the one-row reading named more fields and took the
    row of sub-headings for a group's row: every row of the sheet was refused."""
    report = import_files(conn, [split_header_workbook(tmp_path / "aceh-besar.xlsx", merged)])
    assert (report.written, report.counts["inserted"], report.counts["invalid"]) == (True, 2, 0)
    assert [tuple(row) for row in conn.execute(
        "SELECT name, district_code, subdistrict, members, members_pus, members_kb, capital FROM groups")] == [
        ("Bungong Jeumpa", "11.06", "Darul Imarah", None, 12, 9, 1_500_000),
        ("Seulanga", "11.71", "Meuraxa", None, 10, 5, 1_500_000)]
    assert [en.of(note["message"]) for note in report.files[0].notes] == [
        "column 'JUMLAH ANGGOTA / L' was not imported: no field matches it. "
        "Use --map \"JUMLAH ANGGOTA / L=FIELD\" or --map \"JUMLAH ANGGOTA / L=ignore\".",
        "column 'JUMLAH ANGGOTA / P' was not imported: no field matches it. "
        "Use --map \"JUMLAH ANGGOTA / P=FIELD\" or --map \"JUMLAH ANGGOTA / P=ignore\".",
        "row 6 holds the column numbers (1, 2, 3 ...): not read as a group.",
        "row 9 ('JUMLAH') is a totals row: not read as a group."]


def test_a_words_row_under_headings_of_one_column_each_is_data_not_a_second_header_row(conn, tmp_path):
    path = tmp_path / "pidie.csv"
    path.write_text("Nama Kelompok,Kabupaten/Kota,Jenis Usaha\n,Pidie,makanan\nUPPKA Mawar,Pidie,anyaman\n",
                    encoding="utf-8")
    report = import_files(conn, [str(path)])
    assert [(error["row"], error["column"]) for error in report.errors] == [(2, "Nama Kelompok")]
    assert report.counts["invalid"] == 1 and not report.written


def test_a_control_character_in_a_name_is_said_to_be_one_not_a_line_break(conn, tmp_path, en):
    path = tmp_path / "pidie.csv"
    path.write_text('Nama Kelompok,Kabupaten,Jenis Usaha\nUPPKA \x1b[31mMawar,Pidie,jasa\nUPPKA Ting\x07,Pidie,jasa\n'
                    '"UPPKA\nMelati",Pidie,jasa\n', encoding="utf-8")
    report = import_files(conn, [str(path)])
    assert [(error["row"], error["value"], en.of(error["message"])) for error in report.errors] == [
        (2, "UPPKA \x1b[31mMawar", "name: 'UPPKA \\x1b[31mMawar' holds a control character (shown escaped); "
                                   "remove it."),
        (3, "UPPKA Ting\x07", "name: 'UPPKA Ting\\x07' holds a control character (shown escaped); remove it."),
        (4, "UPPKA\nMelati", "name: 'UPPKA\\nMelati' has a tab or line break inside; write the name on one line.")]


def test_a_founding_date_column_gives_the_year_and_says_the_day_is_not_kept(conn, tmp_path, en):
    """"Tanggal Berdiri" and "Bulan/Tahun Berdiri" matched no field: the founding year was dropped."""
    import datetime

    book = Workbook()
    sheet = book.active
    sheet.append(["Nama Kelompok", "Kabupaten/Kota", "Jenis Usaha", "Tanggal Berdiri"])
    sheet.append(["UPPKA Mawar", "Pidie", "jasa", datetime.datetime(2015, 5, 16)])
    sheet.append(["UPPKA Melati", "Pidie", "jasa", "16 Mei 2016"])
    book.save(tmp_path / "pidie.xlsx")
    report = import_files(conn, [str(tmp_path / "pidie.xlsx")])
    assert [tuple(row) for row in conn.execute("SELECT name, founded_year FROM groups")] == [
        ("UPPKA Mawar", 2015), ("UPPKA Melati", 2016)]
    assert [en.of(note["message"]) for note in report.files[0].notes] == [
        "column 'Tanggal Berdiri' is read as the year founded: a group keeps the year, not the day or month."]
    path = tmp_path / "bireuen.csv"
    path.write_text("Nama Kelompok,Kabupaten,Jenis Usaha,Bulan/Tahun Berdiri\nUPPKA Saree,Bireuen,jasa,Mei 2017\n",
                    encoding="utf-8")
    import_files(conn, [str(path)])
    assert conn.execute("SELECT founded_year FROM groups WHERE name = 'UPPKA Saree'").fetchone()[0] == 2017
