"""Monthly and activity imports against district sheets of shapes they had not met: a groups
register given to them, sub-headings under merged headings, and the like."""

import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from test_monthly_import import PIDIE_GROUPS, reports, write_csv


@pytest.fixture
def pidie(run):
    for name, subdistrict in PIDIE_GROUPS:
        assert run("add", "--name", name, "--district", "Pidie", "--product-type", "jasa", "--subdistrict",
                   subdistrict).exit_code == 0


def _register(path: Path) -> str:
    """A K/0 register of groups, its state "KEADAAN BULAN OKTOBER 2025" in the title."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Pidie"
    sheet.append(["DATA KELOMPOK UPPKA KABUPATEN PIDIE"])
    sheet.append(["KEADAAN BULAN OKTOBER 2025"])
    sheet.append(["NO", "NAMA KELOMPOK", "KECAMATAN", "JENIS USAHA", "JUMLAH ANGGOTA", "ANGGOTA PUS", "PUS BER-KB",
                  "OMZET"])
    sheet.append([1, "UPPKA Mawar", "Mutiara", "makanan", 25, 20, 15, 1_500_000])
    sheet.append([2, "UPPKA Seulanga", "Simpang Tiga", "makanan", 15, 12, 10, 900_000])
    book.save(path)
    return str(path)


def test_a_groups_register_given_to_monthly_or_activity_import_is_refused_not_written_as_reports(
        run, pidie, tmp_path):
    register = _register(tmp_path / "kelompok.xlsx")
    refused = run("monthly", "import", register)
    assert (refused.exit_code, refused.stderr) == (1, (
        f"Error: {register} (sheet Pidie) lists groups (column 'JENIS USAHA') and has no column of a month's report "
        "(meetings, families, attended): import it with `uppks import`. If it does hold a month's reports, say what "
        "that column holds: --map \"JENIS USAHA=FIELD\" or --map \"JENIS USAHA=ignore\".\n"))
    assert run("monthly", "import", register, "--period", "2025-10", "--skip-invalid").exit_code == 1
    refused = run("--lang", "id", "activity", "import", register)
    assert (refused.exit_code, refused.stderr) == (1, (
        f"Galat: {register} (lembar Pidie) berisi daftar kelompok (kolom 'JENIS USAHA') tanpa kolom kegiatan "
        "(tanggal, jenis, kegiatan): impor dengan `uppks import`. Bila lembar ini memang catatan kegiatan, sebutkan "
        "isi kolom itu: --map \"JENIS USAHA=ISIAN\" atau --map \"JENIS USAHA=ignore\".\n"))
    assert reports(run) == [] and json.loads(run("imports", "-f", "json").stdout) == []
    # beside a sheet of reports, the register's sheet is skipped and named
    book = Workbook()
    book.active.title = "Kelompok"
    for row in (["Nama Kelompok", "Kecamatan", "Jenis Usaha", "Anggota PUS"], ["UPPKA Mawar", "Mutiara", "jasa", 9]):
        book.active.append(row)
    month = book.create_sheet("Okt")
    for row in (["Nama Kelompok", "Kabupaten", "Bulan", "Jml Keluarga Anggota"], ["UPPKA Mawar", "Pidie", "2025-10",
                                                                                  20]):
        month.append(row)
    both = str(tmp_path / "pidie.xlsx")
    book.save(both)
    written = run("monthly", "import", both)
    assert written.exit_code == 0, written.stderr
    assert ("  [Kelompok] sheet 'Kelompok' skipped: it lists groups (column 'Jenis Usaha') and has no column of a month's report "
            "(meetings, families, attended); import it with `uppks import`. If it does hold a month's reports, say "
            "what that column holds: --map \"Jenis Usaha=FIELD\" or --map \"Jenis Usaha=ignore\".") in (
        written.stderr.splitlines())
    assert reports(run) == [(1, "2025-10", None, None, 20, None, None, None, None, None, None, None, None)]
    # a month's sheet that does carry a group's column besides its own is read as reports
    sheet = write_csv(tmp_path / "laporan.csv", [["Nama Kelompok", "Kabupaten", "Jenis Usaha", "Bulan", "Keluarga Hadir",
                                                  "Jml Keluarga Anggota"],
                                                 ["UPPKA Melati", "Pidie", "anyaman", "2025-10", "8", "9"]])
    assert run("monthly", "import", sheet).exit_code == 0


def _quarter(path: Path, tabs, title: str) -> str:
    book = Workbook()
    for index, (tab, families) in enumerate(tabs):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = tab
        for row in ([title], ["Nama Kelompok", "Kecamatan", "Jml Keluarga Anggota", "Keluarga Hadir"],
                    ["UPPKA Mawar", "Mutiara", families, 10]):
            sheet.append(row)
    book.save(path)
    return str(path)


def test_a_workbook_of_a_sheet_per_month_takes_each_tabs_month_never_one_for_all(run, pidie, tmp_path):
    quarter = _quarter(tmp_path / "tw4.xlsx", [("Okt", 20), ("Nov", 21), ("Des", 22)],
                       "REKAP R/I/UPPKA KABUPATEN PIDIE TRIWULAN IV 2025")
    written = run("monthly", "import", quarter)
    assert written.exit_code == 0, written.stderr
    assert "  [Nov] no month column: every row is a report of 2025-11, as the sheet's name says." in (
        written.stderr.splitlines())
    assert [(row[1], row[4]) for row in reports(run)] == [("2025-10", 20), ("2025-11", 21), ("2025-12", 22)]
    # --period given for every sheet: the November sheet was written as October's reports
    named = _quarter(tmp_path / "tw4-tahun.xlsx", [("Oktober 2025", 30), ("November 2025", 31)],
                     "REKAP R/I/UPPKA KABUPATEN PIDIE")
    for args, sheet in (((named, "--period", "2025-10"), "November 2025"),
                        ((quarter, "--period", "2025-10", "--sheet", "Nov"), "Nov")):
        refused = run("monthly", "import", *args)
        assert (refused.exit_code, refused.stderr) == (1, (
            f"Error: {args[0]}: sheet '{sheet}' is named for another month than 2025-10, which its title or --period "
            "gives every sheet; import each month's sheet with its own month (--sheet NAME --period YYYY-MM), or "
            "correct the sheet's name or title.\n"))
    assert run("monthly", "import", named, "--sheet", "November 2025", "--period", "2025-11").exit_code == 0
    assert [(row[1], row[4]) for row in reports(run)] == [("2025-10", 20), ("2025-11", 31), ("2025-12", 22)]
    # a kecamatan named as a month (Juli, in Bireuen) is no month; a tab month without a year anywhere is none
    assert run("add", "--name", "UPPKA Bungong", "--district", "Bireuen", "--product-type", "jasa",
               "--subdistrict", "Juli").exit_code == 0
    juli = _quarter(tmp_path / "bireuen.xlsx", [("Juli", 12)], "R/I/UPPKA KABUPATEN BIREUEN BULAN OKTOBER 2025")
    book_rows = run("monthly", "import", juli)
    assert book_rows.exit_code == 1 and "no registered group in Bireuen is named 'UPPKA Mawar'" in book_rows.stderr
    alone = _quarter(tmp_path / "nov.xlsx", [("Nov", 40)], "REKAP R/I/UPPKA KABUPATEN PIDIE")
    assert run("monthly", "import", alone).stderr == (
        f"Error: {alone}: sheet 'Nov' does not say which month it reports (no 'Bulan' column, no month in its "
        "title); give --period 2025-10, or add the month to the title.\n")


def test_a_date_that_reads_both_ways_is_refused_in_a_sheet_that_writes_dates_month_first(run, pidie, tmp_path):
    # saved by an English spreadsheet: 10/28/2026 is only month first, so 11/3/2026 is not 11 March
    log = write_csv(tmp_path / "kegiatan.csv", [["Nama Kelompok", "Kabupaten", "Tanggal", "Jenis Kegiatan", "Materi"],
                                                ["UPPKA Melati", "Pidie", "11/3/2025", "kunjungan", "A"],
                                                ["UPPKA Mawar", "Pidie", "10/28/2025", "kunjungan", "B"],
                                                ["UPPKA Mawar", "Pidie", "10/5/2025", "kunjungan", "C"],
                                                ["UPPKA Mawar", "Pidie", "5/5/2025", "kunjungan", "D"]])
    report = json.loads(run("activity", "import", log, "--skip-invalid", "-f", "json").stdout)
    assert [(e["row"], e["message"]) for e in report["errors"]] == [
        (2, "date: '11/3/2025' is 2025-03-11 read day first but 2025-11-03 read month first, and this sheet writes "
            "its dates month first ('10/28/2025', row 3); write the day as 2026-10-12 so it says which, or correct "
            "that other date."),
        (3, "date: '10/28/2025' is not a date; write 2026-10-12, 12/10/2026 or \"12 Oktober 2026\"."),
        (4, "date: '10/5/2025' is 2025-05-10 read day first but 2025-10-05 read month first, and this sheet writes "
            "its dates month first ('10/28/2025', row 3); write the day as 2026-10-12 so it says which, or correct "
            "that other date.")]
    assert [(row["date"], row["topic"]) for row in json.loads(run("activity", "list", "-f", "json").stdout)] == [
        ("2025-05-05", "D")]
    sheet = write_csv(tmp_path / "laporan.csv", [["Nama Kelompok", "Kabupaten", "Bulan", "Jml Keluarga Anggota",
                                                  "Tgl Lapor"],
                                                 ["UPPKA Mawar", "Pidie", "2025-10", "10", "11/3/2025"],
                                                 ["UPPKA Melati", "Pidie", "2025-10", "10", "11/13/2025"]])
    refused = run("--lang", "id", "monthly", "import", sheet)
    assert refused.exit_code == 1 and (
        f"  {sheet} baris 2, kolom 'Tgl Lapor', nilai '11/3/2025': tanggal lapor: '11/3/2025' berarti 2025-03-11 bila "
        "hari ditulis dulu tetapi 2025-11-03 bila bulan ditulis dulu, dan lembar ini menulis bulan dulu ('11/13/2025', "
        "baris 3); tulis tanggalnya sebagai 2026-11-02 agar jelas, atau perbaiki tanggal yang lain itu."
    ) in refused.stderr.splitlines()
    # written day first throughout (13/10 is only day first), 3/11 is 3 November, as before
    sheet = write_csv(tmp_path / "laporan-id.csv", [["Nama Kelompok", "Kabupaten", "Bulan", "Jml Keluarga Anggota",
                                                     "Tgl Lapor"],
                                                    ["UPPKA Mawar", "Pidie", "2025-10", "10", "3/11/2025"],
                                                    ["UPPKA Melati", "Pidie", "2025-10", "10", "13/11/2025"]])
    assert run("monthly", "import", sheet).exit_code == 0
    assert [row[-2] for row in reports(run)] == ["2025-11-03", "2025-11-13"]


def test_a_month_first_date_below_rows_already_read_day_first_refuses_the_sheet(run, pidie, tmp_path):
    """A sheet's rows are checked a thousand at a time: when the first date that can only be month first comes
    after a thousand rows whose dates read both ways were read day first, those rows cannot be refused any
    more one by one; the whole import stops, nothing written, --skip-invalid or not."""
    rows = [["UPPKA Mawar", "Pidie", f"{day}/3/2025", "kunjungan", f"kunjungan {number}"]
            for number, day in enumerate([4, 5, 6, 7] * 250)]
    log = write_csv(tmp_path / "kegiatan.csv", [["Nama Kelompok", "Kabupaten", "Tanggal", "Jenis Kegiatan", "Materi"],
                                                *rows, ["UPPKA Mawar", "Pidie", "10/28/2025", "kunjungan", "akhir"]])
    refused = run("activity", "import", log, "--skip-invalid")
    assert (refused.exit_code, refused.stderr) == (1, (
        f"Error: {log} (sheet -): row 2's date '4/3/2025' reads both ways and was read day first, as nothing above it "
        "said otherwise, but row 1002 writes '10/28/2025', which can only be month first: the sheet's dates cannot all "
        "be read one way. Write its dates as 2026-11-03 and import it again; nothing was written.\n"))
    assert json.loads(run("activity", "list", "-f", "json").stdout) == []


def test_sub_headings_of_a_monthly_sheet_name_their_fields(run, pidie, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Pidie"
    sheet.append(["R/I/UPPKA KABUPATEN PIDIE BULAN OKTOBER 2025"])
    sheet.append(["NO", "NAMA KELOMPOK", "KECAMATAN", "FREKUENSI PERTEMUAN", None, "KELUARGA", None, "ANGGOTA PUS"])
    sheet.append([None, None, None, "LURING", "DARING", "ANGGOTA", "HADIR", "JML", "BER-KB"])
    for cells in ("A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:G2", "H2:I2"):
        sheet.merge_cells(cells)
    sheet.append([1, "UPPKA Mawar", "Mutiara", 2, 1, 20, 15, 12, 9])
    path = str(tmp_path / "ri.xlsx")
    book.save(path)
    written = run("monthly", "import", path)
    assert written.exit_code == 0, written.stderr
    assert "not imported" not in written.stderr
    assert reports(run) == [(1, "2025-10", 2, 1, 20, 15, 12, 9, None, None, None, None, None)]
