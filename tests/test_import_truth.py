"""No silent wrong numbers: the kinds of real district file that once gave a wrong count.

Every file here is made the way an office makes it (openpyxl for workbooks, csv for
text), and every test asserts the exact groups, numbers and notes.
"""

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from uppks_cli.domain.groups import GroupFilter
from uppks_cli.importing import ImportOptions, import_files
from uppks_cli.reports.summary import summarise

PROVINCE_HEADER = ["NO", "NAMA KELOMPOK", "KAB/KOTA", "KECAMATAN", "JENIS USAHA", "JML ANGGOTA"]


def workbook(path: Path, sheets: dict[str, list[list]]) -> str:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return str(path)


def write_csv(path: Path, rows: list[list], delimiter: str = ",") -> str:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return str(path)


def names(conn) -> list[str]:
    return [row[0] for row in conn.execute("SELECT name FROM groups ORDER BY id")]


def notes(report) -> list[tuple]:
    return [(n["kind"], n.get("row")) for f in report.files for n in f.notes]


def members_by_district(conn) -> dict:
    return {row["district"]: (row["groups"], row["members"])
            for row in summarise(conn, ("district",), GroupFilter()) if row["groups"]}


def test_subtotals_inside_a_province_sheet_are_named_and_reading_goes_on(conn, tmp_path):
    path = workbook(tmp_path / "provinsi.xlsx", {"REKAP PROVINSI": [
        ["DATA KELOMPOK UPPKA PROVINSI ACEH"],
        [],
        PROVINCE_HEADER,
        [1, "UPPKA Mawar", "Aceh Besar", "Ingin Jaya", "anyaman", 20],
        [2, "UPPKA Melati", "Aceh Besar", "Darul Imarah", "makanan", 10],
        [None, "JUMLAH KAB. ACEH BESAR", None, None, None, 30],
        [3, "UPPKA Seulanga", "Pidie", "Mutiara", "jasa", 7],
        [4, "UPPKA Cempaka", "Pidie", "Delima", "kerajinan", 8],
        ["Sub Total", None, None, None, None, 15],
        [5, "UPPKA Saree", "Bireuen", "Jeumpa", "makanan", 5],
        [None, "JUMLAH KAB. BIREUEN", "", "", "", 5],
        [None, "JUMLAH", None, None, None, 50],
    ]})
    report = import_files(conn, [path])
    assert names(conn) == ["UPPKA Mawar", "UPPKA Melati", "UPPKA Seulanga", "UPPKA Cempaka", "UPPKA Saree"]
    assert members_by_district(conn) == {"Aceh Besar": (2, 30), "Pidie": (2, 15), "Bireuen": (1, 5)}
    assert notes(report) == [("note_totals_row", 6), ("note_totals_row", 9), ("note_totals_row", 11),
                             ("note_totals_row", 12)]


def test_a_group_typed_below_the_totals_and_a_remark_is_read(conn, tmp_path):
    path = write_csv(tmp_path / "pidie.csv", [
        ["Nama Kelompok", "Kabupaten", "Jenis Usaha", "Jml Anggota"],
        ["UPPKA Mawar", "Pidie", "anyaman", "20"],
        ["JUMLAH", "", "", "20"],
        ["Catatan: kelompok di bawah ini baru dibentuk", "", "", ""],
        ["UPPKA Tunas Baru", "Pidie", "jasa", "6"],
        ["Sigli, 31 Oktober 2025", "", "", ""],
        ["Kepala Bidang KB", "", "", ""],
        ["Cut Nyak", "", "", ""],
    ])
    report = import_files(conn, [path])
    assert names(conn) == ["UPPKA Mawar", "UPPKA Tunas Baru"]
    assert notes(report) == [("note_totals_row", 3), ("note_not_read_line", 4), ("note_not_read_line", 6),
                             ("note_not_read_line", 7), ("note_not_read_below", 8)]


def test_a_group_called_total_is_a_group(conn, tmp_path):
    path = workbook(tmp_path / "pidie.xlsx", {"Sheet1": [
        ["KABUPATEN PIDIE"],
        ["Nama Kelompok", "Jenis Usaha", "Ketua", "Jml Anggota"],
        ["UPPKA Mawar", "anyaman", "Nurhayati", 20],
        ["Total Sejahtera", "makanan", "Salmiah", 12],
        ["Jumlah Berkah", None, "Halimah", 9],
        ["JUMLAH", None, None, 41],
    ]})
    report = import_files(conn, [path], ImportOptions(skip_invalid=True))
    assert names(conn) == ["UPPKA Mawar", "Total Sejahtera"]
    # a group whose type was left empty is refused with the reason, never taken for a totals row
    assert [(e["row"], e["column"], e["message"].key) for e in report.errors] == [
        (5, "Jenis Usaha", "error_required_cell")]
    assert notes(report) == [("note_district_from_title", None), ("note_totals_row", 6)]


def test_a_totals_row_that_does_not_add_up_is_said(conn, tmp_path, en):
    path = write_csv(tmp_path / "bireuen.csv", [
        ["Nama Kelompok", "Kabupaten", "Jenis Usaha", "Jml Anggota"],
        ["UPPKA Saree", "Bireuen", "makanan", "10"],
        ["UPPKA Harapan", "Bireuen", "jasa", "9"],
        ["TOTAL", "", "", "25"],
    ])
    report = import_files(conn, [path])
    assert report.counts["inserted"] == 2
    assert [en.of(n["message"]) for n in report.files[0].notes] == [
        "row 4 ('TOTAL') is a totals row: not read as a group.",
        "row 4 ('TOTAL') gives 25 in column 'Jml Anggota', but the rows above it add up to 19; check the sheet."]


def test_numbered_template_rows_left_empty_are_passed_over(conn, tmp_path):
    path = write_csv(tmp_path / "template.csv", [
        ["No", "Nama Kelompok", "Kabupaten", "Jenis Usaha"],
        ["1", "UPPKA Mawar", "Pidie", "anyaman"],
        ["2", "", "", ""],
        ["3", "", "", ""],
    ])
    report = import_files(conn, [path])
    assert (names(conn), notes(report)) == (["UPPKA Mawar"], [])


@pytest.mark.parametrize("label", ["Sub Total", "SUBTOTAL", "Jumlah Kec. Mutiara", "Grand Total"])
def test_every_kind_of_totals_label(conn, tmp_path, label):
    path = write_csv(tmp_path / "x.csv", [
        ["No", "Nama Kelompok", "Kabupaten", "Jenis Usaha", "Jml Anggota"],
        ["1", "UPPKA Mawar", "Pidie", "anyaman", "20"],
        ["2", "UPPKA Melati", "Pidie", "jasa", "5"],
        ["", label, "", "", "25"],
        ["3", "UPPKA Cempaka", "Pidie", "jasa", "4"],
    ])
    report = import_files(conn, [path])
    assert names(conn) == ["UPPKA Mawar", "UPPKA Melati", "UPPKA Cempaka"]
    assert notes(report) == [("note_totals_row", 4)]


def test_a_recap_sheet_beside_the_data_sheet_is_skipped(conn, tmp_path, en):
    path = workbook(tmp_path / "aceh-besar.xlsx", {
        "DATA": [["Nama Kelompok", "Kabupaten", "Jenis Usaha", "Jml Anggota"],
                 ["UPPKA Mawar", "Aceh Besar", "makanan", 20], ["UPPKA Melati", "Aceh Besar", "makanan", 10],
                 ["UPPKA Seulanga", "Aceh Besar", "anyaman", 7]],
        "REKAP": [["REKAP PER JENIS USAHA"], ["JENIS USAHA", "JUMLAH", None, None],
                  [None, "KELOMPOK", "ANGGOTA", "PUS"], ["makanan", 2, 30, 20], ["anyaman", 1, 7, 5]],
    })
    report = import_files(conn, [path])
    assert members_by_district(conn) == {"Aceh Besar": (3, 37)}
    assert [en.of(n["message"]) for n in report.files[0].notes] == [
        "sheet 'REKAP' skipped: it counts groups (column 'JUMLAH / KELOMPOK') instead of listing them, so it is a recap."]


def test_a_recap_given_alone_is_refused(conn, tmp_path, en):
    from uppks_cli.errors import UppksError

    path = write_csv(tmp_path / "rekap.csv", [["Jenis Usaha", "Jumlah Kelompok", "Jumlah Anggota"],
                                              ["makanan", "2", "30"]])
    with pytest.raises(UppksError) as refused:
        import_files(conn, [path])
    assert en.of(refused.value) == (
        f"{path} (sheet -) counts groups in column 'Jumlah Kelompok' instead of listing them: it is a recap. "
        "Import the sheet or file that lists one group per row.")


def test_a_name_that_is_a_number_is_refused(conn, tmp_path, en):
    path = write_csv(tmp_path / "angka.csv", [["Nama Kelompok", "Kabupaten", "Jenis Usaha"], ["3", "Pidie", "jasa"],
                                              ["UPPKA 17 Agustus", "Pidie", "jasa"]])
    report = import_files(conn, [path], ImportOptions(skip_invalid=True))
    assert names(conn) == ["UPPKA 17 Agustus"]
    assert [en.of(e["message"]) for e in report.errors] == [
        "name: '3' is a number, not a group's name; if the sheet counts groups (a recap), import the sheet that "
        "lists them."]


@pytest.mark.parametrize("written", ["81234567890.0", "081234567890.0", "+6281234567890.0", "62 812-3456-7890"])
def test_a_phone_written_as_a_float_keeps_its_digits(conn, tmp_path, written):
    path = write_csv(tmp_path / "hp.csv", [["Nama Kelompok", "Kabupaten", "Jenis Usaha", "No HP"],
                                           ["UPPKA Mawar", "Pidie", "jasa", written]])
    import_files(conn, [path])
    assert conn.execute("SELECT phone FROM groups").fetchone()[0] == "081234567890"


def test_rejects_keep_a_phone_as_the_sheet_showed_it(conn, tmp_path):
    path = workbook(tmp_path / "hp.xlsx", {"Pidie": [["Nama Kelompok", "Kabupaten", "Jenis Usaha", "No HP"],
                                                     ["UPPKA Mawar", "Pidie", "jasa", 81234567890],
                                                     ["UPPKA Melati", "Pidie", "kosmetik", 81299998888]]})
    rejects = tmp_path / "ditolak.csv"
    import_files(conn, [path], ImportOptions(skip_invalid=True, rejects=rejects))
    with rejects.open(encoding="utf-8-sig", newline="") as handle:
        row = next(csv.DictReader(handle))
    assert (row["name"], row["phone"]) == ("UPPKA Melati", "81299998888")
    conn.execute("INSERT INTO product_type_aliases VALUES ('kosmetik', 'kosmetik', 'lainnya')")
    import_files(conn, [str(rejects)])
    assert conn.execute("SELECT phone FROM groups WHERE name = 'UPPKA Melati'").fetchone()[0] == "081299998888"


def test_a_row_that_could_be_two_groups_is_refused_naming_them(conn, tmp_path, en):
    path = write_csv(tmp_path / "abes.csv", [
        ["Nama Kelompok", "Kabupaten", "Kecamatan", "Jenis Usaha", "Jml Anggota"],
        ["UPPKA Mawar", "Aceh Besar", "Ingin Jaya", "makanan", "20"],
        ["UPPKA Mawar", "Aceh Besar", "Darul Imarah", "makanan", "12"],
    ])
    import_files(conn, [path])
    later = write_csv(tmp_path / "abes-2.csv", [["Nama Kelompok", "Kabupaten", "Jenis Usaha", "Jml Anggota"],
                                                ["Kelompok Mawar", "Aceh Besar", "makanan", "25"]])
    report = import_files(conn, [later])
    assert report.counts["invalid"] == 1 and not report.written
    assert [en.of(e["message"]) for e in report.errors] == [
        "this row could be any of the groups named UPPKA Mawar in its district: 1 (Ingin Jaya), 2 (Darul Imarah); "
        "give the kecamatan so the row says which."]
    assert [row[0] for row in conn.execute("SELECT members FROM groups ORDER BY id")] == [20, 12]


def test_a_tab_and_a_title_that_disagree_are_refused(conn, tmp_path, en):
    from uppks_cli.errors import UppksError

    path = workbook(tmp_path / "template.xlsx", {"Aceh Tamiang": [
        ["DATA UPPKA KABUPATEN ACEH TIMUR"], [], ["Nama Kelompok", "Jenis Usaha"], ["UPPKA Mawar", "jasa"]]})
    with pytest.raises(UppksError) as refused:
        import_files(conn, [path])
    assert en.of(refused.value) == (
        f"{path}: sheet 'Aceh Tamiang' has no district column, and its title says Aceh Timur while its tab says "
        "Aceh Tamiang; add a district column, or correct the title or the tab.")
    assert names(conn) == []


@pytest.mark.parametrize("tab, district", [("ACEH UTARA 2025", "Aceh Utara"), ("Aceh Utara (Okt)", "Aceh Utara"),
                                           ("01. Simeulue", "Simeulue"), ("Kab. Pidie Jaya", "Pidie Jaya")])
def test_a_tab_names_the_district(conn, tmp_path, tab, district):
    path = workbook(tmp_path / "tab.xlsx", {tab: [["Nama Kelompok", "Jenis Usaha"], ["UPPKA Mawar", "jasa"]]})
    report = import_files(conn, [path])
    assert members_by_district(conn) == {district: (1, 0)}
    assert [(n["kind"], n.get("district")) for n in report.files[0].notes] == [("note_district_from_title", district)]


def test_a_dos_csv_is_read_in_its_code_page(conn, tmp_path, en):
    dos = tmp_path / "ms-dos.csv"
    dos.write_bytes("Nama Kelompok;Kabupaten;Jenis Usaha\r\nUPPKA Café Seulanga;Aceh Besar;makanan\r\n"
                    "UPPKA Señora Muñoz;Aceh Besar;jasa\r\n".encode("cp850"))
    report = import_files(conn, [str(dos)])
    assert names(conn) == ["UPPKA Café Seulanga", "UPPKA Señora Muñoz"]
    assert [en.of(n["message"]) for n in report.files[0].notes] == [
        "the file is not UTF-8: read as cp850, the code page its accents fit best; if names look wrong, give "
        "--encoding."]
    again = tmp_path / "utf8.csv"
    again.write_text("Nama Kelompok;Kabupaten;Jenis Usaha\nUPPKA Café Seulanga;Aceh Besar;makanan\n", encoding="utf-8")
    assert import_files(conn, [str(again)]).counts["unchanged"] == 1


def test_a_windows_csv_keeps_its_curly_apostrophe(conn, tmp_path):
    windows = tmp_path / "excel.csv"
    windows.write_bytes("Nama Kelompok;Kabupaten;Jenis Usaha;Ketua\r\nUPPKS Ma’rifah;Aceh Besar;makanan;Cut Ña’\r\n"
                        .encode("cp1252"))
    report = import_files(conn, [str(windows)])
    assert names(conn) == ["UPPKS Ma’rifah"]
    assert [n["kind"] for n in report.files[0].notes] == ["note_encoding_guessed"]


def test_one_windows_line_in_a_utf8_file_spoils_no_other_line(conn, tmp_path, en):
    mixed = tmp_path / "campur.csv"
    mixed.write_bytes("Nama Kelompok,Kabupaten,Jenis Usaha,Ketua\n".encode() +
                      "UPPKA Seulanga,Aceh Besar,makanan,Ma’rifah\n".encode("utf-8") +
                      "UPPKA Melati,Aceh Besar,makanan,Ma’rifah\n".encode("cp1252") +
                      "UPPKA Kenanga,Aceh Besar,makanan,Zulaikhá\n".encode("utf-8"))
    report = import_files(conn, [str(mixed)])
    assert [row[0] for row in conn.execute("SELECT leader FROM groups ORDER BY id")] == [
        "Ma’rifah", "Ma’rifah", "Zulaikhá"]
    assert [en.of(n["message"]) for n in report.files[0].notes] == [
        "1 line is not UTF-8 like the rest (line 3): read as cp1252; check it."]


def hidden_workbook(path: Path) -> str:
    """A disbanded group hidden instead of deleted, last year's members hidden, an old sheet hidden."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Pidie"
    for row in [["Nama Kelompok", "Kabupaten", "Jenis Usaha", "Jml Anggota", "Jml Anggota"],
                ["UPPKA Mawar", "Pidie", "anyaman", 30, 20],
                ["UPPKA Bubar", "Pidie", "jasa", 9, 9],
                ["UPPKA Melati", "Pidie", "makanan", 12, 10]]:
        sheet.append(row)
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["D"].hidden = True
    old = book.create_sheet("data lama")
    old.append(["Nama Kelompok", "Kabupaten", "Jenis Usaha"])
    old.append(["UPPKA Lama", "Pidie", "jasa"])
    old.sheet_state = "hidden"
    book.save(path)
    return str(path)


def test_hidden_rows_columns_and_sheets_are_left_out_and_named(conn, tmp_path, en):
    path = hidden_workbook(tmp_path / "tersembunyi.xlsx")
    report = import_files(conn, [path])
    assert [(row[0], row[1]) for row in conn.execute("SELECT name, members FROM groups ORDER BY id")] == [
        ("UPPKA Mawar", 20), ("UPPKA Melati", 10)]
    assert [en.of(n["message"]) for n in report.files[0].notes] == [
        "column 'Jml Anggota' is hidden: not read (add --include-hidden to read it).",
        "row 3 ('UPPKA Bubar') is hidden: not read as a group (add --include-hidden to read it).",
        "sheet 'data lama' is hidden: not read (add --include-hidden to read hidden sheets, rows and columns)."]


def test_hidden_things_are_read_when_asked(conn, tmp_path):
    path = hidden_workbook(tmp_path / "tersembunyi.xlsx")
    report = import_files(conn, [path], ImportOptions(include_hidden=True))
    assert names(conn) == ["UPPKA Mawar", "UPPKA Bubar", "UPPKA Melati", "UPPKA Lama"]
    # two member columns, both read now: the first (last year's) is taken and the second named
    assert [n["kind"] for n in report.files[0].notes] == ["note_column_repeated"]
    assert conn.execute("SELECT members FROM groups WHERE name = 'UPPKA Mawar'").fetchone()[0] == 30


def test_a_header_over_three_merged_rows(conn, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Bireuen"
    rows = [["DATA KELOMPOK UPPKA"], ["KABUPATEN BIREUEN"], [], [], [], [],
            ["NO", "NAMA KELOMPOK", "JENIS USAHA", "KEADAAN ANGGOTA", None, None],
            [None, None, None, "JUMLAH", "PUS", None],
            [None, None, None, None, "JUMLAH", "BER-KB"],
            [1, "UPPKA Saree", "makanan", 20, 15, 12], [2, "UPPKA Harapan", "jasa", 9, 5, 3]]
    for row in rows:
        sheet.append(row)
    for cells in ("A7:A9", "B7:B9", "C7:C9", "D7:F7", "D8:D9", "E8:F8"):
        sheet.merge_cells(cells)
    book.save(tmp_path / "tiga-baris.xlsx")
    report = import_files(conn, [str(tmp_path / "tiga-baris.xlsx")])
    assert [tuple(row) for row in conn.execute("SELECT name, members, members_pus, members_kb FROM groups")] == [
        ("UPPKA Saree", 20, 15, 12), ("UPPKA Harapan", 9, 5, 3)]
    assert [n["kind"] for n in report.files[0].notes] == ["note_district_from_title"]


def test_a_subtotal_with_a_type_beside_it_is_still_a_subtotal(conn, tmp_path):
    path = write_csv(tmp_path / "pidie.csv", [
        ["KABUPATEN PIDIE"], ["Nama Kelompok", "Jenis Usaha", "Jml Anggota"],
        ["UPPKA Mawar", "anyaman", "12"], ["UPPKA Melati", "anyaman", "10"],
        ["Sub Total", "anyaman", "23"], ["  JUMLAH", "", "23"],
        ["Total Sejahtera", "jasa", "45"]])
    report = import_files(conn, [path])
    assert names(conn) == ["UPPKA Mawar", "UPPKA Melati", "Total Sejahtera"]
    assert [(n["kind"], n.get("row")) for n in report.files[0].notes if n.get("row")] == [
        ("note_totals_row", 5), ("note_totals_differ", 5), ("note_totals_row", 6), ("note_totals_differ", 6)]


def test_the_same_group_twice_in_a_later_file_is_refused_as_in_a_file_alone(conn, tmp_path):
    first = write_csv(tmp_path / "f1.csv", [["Nama Kelompok", "Kabupaten", "Jenis Usaha", "Jml Anggota"],
                                            ["UPPKA Mawar", "Pidie", "jasa", "20"]])
    second = write_csv(tmp_path / "f2.csv", [["Nama Kelompok", "Kabupaten", "Jenis Usaha", "Jml Anggota"],
                                             ["UPPKA Mawar", "Pidie", "jasa", "20"],
                                             ["UPPKA Mawar", "Pidie", "jasa", "35"]])
    report = import_files(conn, [first, second])
    assert [(e["file"], e["row"]) for e in report.errors] == [(second, 3)] and not report.written


def test_a_totals_row_naming_groups_below_the_header_is_no_recap(conn, tmp_path):
    path = workbook(tmp_path / "daftar.xlsx", {"Pidie": [
        ["Nama Kelompok", "Kabupaten", "Jenis Usaha", "Jml Anggota"], ["UPPKA Mawar", "Pidie", "jasa", 20],
        ["JUMLAH KELOMPOK", None, None, 20]]})
    report = import_files(conn, [path])
    assert names(conn) == ["UPPKA Mawar"]
    assert [n["kind"] for n in report.files[0].notes] == ["note_totals_row"]


def test_a_utf8_file_with_a_bom_and_one_windows_line(conn, tmp_path, en):
    mixed = tmp_path / "bom.csv"
    mixed.write_bytes(b"\xef\xbb\xbf" + "Nama Kelompok,Kab/Kota,Jenis Usaha,Ketua\n".encode() +
                      "UPPKA Seulanga,Aceh Besar,makanan,Zulaikhá\n".encode() +
                      "UPPKA Melati,Aceh Besar,makanan,Ma’rifah\n".encode("cp1252"))
    report = import_files(conn, [str(mixed)])
    assert [row[0] for row in conn.execute("SELECT leader FROM groups ORDER BY id")] == ["Zulaikhá", "Ma’rifah"]
    assert [n["kind"] for n in report.files[0].notes] == ["note_encoding_mixed"]


def test_a_row_whose_cells_spill_past_the_headings_is_named(conn, tmp_path):
    path = tmp_path / "koma.csv"
    path.write_text("Nama Kelompok,Kabupaten,Jenis Usaha,Jml Anggota,Modal\nUPPKA A,Pidie,anyaman,20,500000\n"
                    "UPPKA B,Pidie,anyaman,20,1,500,000\n", encoding="utf-8")
    report = import_files(conn, [str(path)])
    assert names(conn) == ["UPPKA A"]
    assert [(n["kind"], n.get("row")) for n in report.files[0].notes] == [("note_row_spilled", 3)]


def test_every_json_object_is_imported_refused_or_named(conn, tmp_path, en):
    import json as json_module

    path = tmp_path / "data.json"
    path.write_text(json_module.dumps([
        {"name": "UPPKA A", "district": "Pidie", "product_type": "jasa"},
        {"Nama KUB": "UPPKA C", "Wilayah": "Pidie"},
        {"name": "UPPKA D", "Nama Kelompok": "UPPKA E", "district": "Pidie", "product_type": "jasa"},
    ]), encoding="utf-8")
    report = import_files(conn, [str(path)])
    assert names(conn) == ["UPPKA A", "UPPKA D"]
    assert [(n["kind"], n.get("row")) for n in report.files[0].notes] == [
        ("note_column_unmapped", None), ("note_column_unmapped", None), ("note_not_read_unmapped", 2),
        ("note_column_repeated", None)]


def test_a_date_or_true_in_the_name_cell_is_refused(conn, tmp_path):
    import datetime

    path = workbook(tmp_path / "nama.xlsx", {"Pidie": [
        ["Nama Kelompok", "Kabupaten", "Jenis Usaha"], [datetime.date(2020, 1, 1), "Pidie", "jasa"],
        [True, "Pidie", "jasa"], ["UPPKA Mawar", "Pidie", "jasa"]]})
    report = import_files(conn, [path], ImportOptions(skip_invalid=True))
    assert names(conn) == ["UPPKA Mawar"]
    assert [(e["row"], e["message"].key) for e in report.errors] == [(2, "error_name_not_text"),
                                                                     (3, "error_name_not_text")]


def test_an_excel_error_cell_is_named_not_read_as_empty(conn, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Pidie"
    sheet.append(["Nama Kelompok", "Kabupaten", "Jenis Usaha", "Jml Anggota"])
    sheet.append(["UPPKA Mawar", "Pidie", "jasa", 20])
    sheet.append(["UPPKA F", "Pidie", "jasa", "=1/0"])
    path = tmp_path / "galat.xlsx"
    book.save(path)
    from xlsx_edit import with_sheet_xml_replaced

    # as Excel saves it: the formula with its cached error value
    fixed = with_sheet_xml_replaced(path, tmp_path / "galat-cached.xlsx", b'<c r="D3"><f>1/0</f><v /></c>',
                                    b'<c r="D3" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    report = import_files(conn, [str(fixed)])
    assert names(conn) == ["UPPKA Mawar"]
    assert [(n["kind"], n.get("row")) for n in report.files[0].notes] == [("note_row_error_cell", 3)]


def test_a_group_named_like_a_remark_is_a_group(conn, tmp_path):
    path = write_csv(tmp_path / "sig.csv", [["KABUPATEN PIDIE"], ["Nama Kelompok", "Jenis Usaha"],
                                            ["Sumber Rezeki", "makanan"], ["An-Nur", "jasa"]])
    import_files(conn, [path])
    assert names(conn) == ["Sumber Rezeki", "An-Nur"]


def test_a_formula_saved_without_its_value_is_named_not_read_as_empty(conn, tmp_path, en):
    """A workbook written by a program that does not calculate (openpyxl, some web exports)
    keeps a formula without its result: python-calamine reads the cell as empty, which
    once stored UPPKA Melati with no members and no capital."""
    path = workbook(tmp_path / "rumus.xlsx", {"Data": [
        ["DATA UPPKA KABUPATEN PIDIE TAHUN 2025"],
        ["NO", "NAMA KELOMPOK", "JENIS USAHA", "JML ANGGOTA", "MODAL", "% KB"],
        [1, "UPPKA Mawar", "jasa", 20, 1000, "=D3/2"],
        [2, "UPPKA Melati", "jasa", "=10+5", "=1000*1500", "=D4/2"],
        ["JUMLAH", None, None, "=SUM(D3:D4)", "=SUM(E3:E4)"],
    ]})
    report = import_files(conn, [path], ImportOptions(mappings=["% KB=ignore"]))
    assert [tuple(row) for row in conn.execute("SELECT name, members, capital FROM groups")] == [
        ("UPPKA Mawar", 20, 1000)]
    assert [en.of(n["message"]) for n in report.files[0].notes] == [
        "no district column: every row is taken to be in Pidie, as the sheet's title or tab says.",
        "row 4 ('UPPKA Melati') has a formula in column 'JML ANGGOTA' whose result the file does not hold "
        "(it was saved by a program that does not calculate): not read; open the file in Excel or "
        "LibreOffice, save it, and import it again.",
        "row 5 ('JUMLAH') is a totals row: not read as a group."]


def test_a_formula_saved_with_its_value_is_read(conn, tmp_path):
    from xlsx_edit import with_sheet_xml_replaced

    path = workbook(tmp_path / "rumus.xlsx", {"Pidie": [
        ["Nama Kelompok", "Jenis Usaha", "Jml Anggota", "Anggota PUS"],
        ["UPPKA Melati", "jasa", "=10+5", "=C2-3"],
    ]})
    # as Excel and LibreOffice save it: each formula with its result
    once = with_sheet_xml_replaced(Path(path), tmp_path / "a.xlsx", b"<f>10+5</f><v />", b"<f>10+5</f><v>15</v>")
    fixed = with_sheet_xml_replaced(once, tmp_path / "b.xlsx", b"<f>C2-3</f><v />", b"<f>C2-3</f><v>12</v>")
    report = import_files(conn, [str(fixed)])
    assert [tuple(row) for row in conn.execute("SELECT name, members, members_pus FROM groups")] == [
        ("UPPKA Melati", 15, 12)]
    assert notes(report) == [("note_district_from_title", None)]


@pytest.mark.parametrize("suffix", ["json", "jsonl"])
def test_a_json_object_giving_a_key_twice_is_refused(run, tmp_path, suffix):
    """json keeps the last of two values under one key: the first name the file gave was dropped unsaid."""
    item = '{"name": "UPPKA Mawar", "district": "Pidie", "product_type": "jasa", "name": "UPPKA Melati"}'
    path = tmp_path / f"dua.{suffix}"
    path.write_text(f"[{item}]" if suffix == "json" else item + "\n", encoding="utf-8")
    result = run("--db", str(tmp_path / "r.db"), "import", str(path))
    where = str(path) if suffix == "json" else f"{path} line 1"
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", (
        f"Error: {where}: an object gives 'name' twice ('UPPKA Mawar', then 'UPPKA Melati'); keep one of them, "
        "as which is meant cannot be told.\n"))
    assert not (tmp_path / "r.db").exists() or run("--db", str(tmp_path / "r.db"), "count").stdout == "0\n"
