"""A sheet of a few columns (the name, the district and the figures a district sends again)
updates the registered groups it names; only a group it would add needs what a new group needs."""

import csv
import json
from pathlib import Path

import pytest

from uppks_cli.domain.groups import add_group
from uppks_cli.importing import ImportOptions, import_files, pipeline

FIXTURES = Path(__file__).parent / "fixtures"


def write_csv(path: Path, rows: list[list]) -> str:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return str(path)


def stored(conn, name: str) -> tuple:
    row = conn.execute("SELECT product_type, members, members_pus, members_kb, halal, halal_date FROM groups "
                       "WHERE name = ?", (name,)).fetchone()
    return tuple(row) if row else None


@pytest.fixture
def mawar(conn):
    add_group(conn, {"name": "UPPKA Mawar", "district": "Pidie", "subdistrict": "Kota Sigli",
                     "product_type": "makanan", "members": "20", "members_pus": "12", "members_kb": "8",
                     "halal": "ID11110000123450125"})
    return "UPPKA Mawar"


@pytest.mark.parametrize("second_process", [False, True])
def test_a_sheet_of_kb_counts_alone_updates_the_registered_group(conn, tmp_path, mawar, monkeypatch, second_process):
    if second_process:  # the rows go between processes as they do for a big file
        monkeypatch.setattr(pipeline, "SECOND_PROCESS_MIN_BYTES", 1)
    path = write_csv(tmp_path / "kb.csv", [["Nama Kelompok", "Kabupaten/Kota", "Kecamatan", "PUS ber-KB"],
                                           ["UPPKS MAWAR", "Kab. Pidie", "Kota Sigli", "10"]])
    report = import_files(conn, [path])
    assert (report.written, report.counts["updated"], report.counts["inserted"], report.counts["invalid"]) == (
        True, 1, 0, 0)
    assert stored(conn, mawar) == ("makanan", 20, 12, 10, "ID11110000123450125", None)
    assert json.loads(conn.execute("SELECT changes FROM group_history WHERE action = 'imported'").fetchone()[0]) == {
        "members_kb": [8, 10]}


def test_a_row_of_such_a_sheet_for_a_group_not_registered_is_refused_saying_what_a_new_group_needs(
        conn, tmp_path, mawar, en):
    path = write_csv(tmp_path / "kb.csv", [["Nama Kelompok", "Kabupaten/Kota", "Kecamatan", "PUS ber-KB"],
                                           ["UPPKA Mawar", "Pidie", "Kota Sigli", "9"],
                                           ["UPPKA Melati", "Pidie", "Kota Sigli", "4"]])
    report = import_files(conn, [path])
    assert (report.written, report.counts["updated"], report.counts["invalid"]) == (False, 1, 1)
    error = report.errors[0]
    assert (error["row"], error["column"], error["value"]) == (3, "product_type", "")
    assert en.of(error["message"]) == (
        "UPPKA Melati is not a registered group of Pidie, and a new group needs its product_type, which this row "
        "does not give. Give it, or write the name, district and kecamatan as the registry has them (uppks list).")
    assert stored(conn, mawar)[3] == 8  # all or nothing

    rejects = tmp_path / "ditolak.csv"
    report = import_files(conn, [path], ImportOptions(skip_invalid=True, rejects=rejects))
    assert (report.written, report.counts["updated"], report.counts["invalid"]) == (True, 1, 1)
    assert stored(conn, mawar)[3] == 9 and stored(conn, "UPPKA Melati") is None
    with rejects.open(encoding="utf-8-sig", newline="") as handle:
        assert [(row["name"], row["members_kb"]) for row in csv.DictReader(handle)] == [("UPPKA Melati", "4")]


def test_kb_without_pus_is_weighed_against_the_pus_registered(conn, tmp_path, mawar, en):
    path = write_csv(tmp_path / "kb.csv", [["Nama Kelompok", "Kabupaten/Kota", "PUS ber-KB"],
                                           ["UPPKA Mawar", "Pidie", "13"]])
    report = import_files(conn, [path])
    assert (report.written, report.counts["invalid"]) == (False, 1)
    assert en.of(report.errors[0]["message"]) == (
        "members_kb: 13 is more than members_pus (12); PUS members using KB are counted among PUS members, "
        "so correct one of them.")
    assert stored(conn, mawar)[3] == 8


def test_a_new_group_in_such_a_sheet_still_needs_pus_beside_kb(conn, tmp_path, en):
    path = write_csv(tmp_path / "baru.csv", [["Nama Kelompok", "Kabupaten/Kota", "Jenis Usaha", "PUS ber-KB"],
                                             ["UPPKA Melati", "Pidie", "jasa", "4"]])
    report = import_files(conn, [path])
    assert (report.written, report.counts["invalid"]) == (False, 1)
    assert en.of(report.errors[0]["message"]) == (
        "members_kb: 4 PUS members using KB are given without the number of PUS members; give members_pus too "
        "(the KB rate is counted on it).")


def test_a_halal_date_alone_dates_the_certificate_registered(conn, tmp_path, mawar):
    path = write_csv(tmp_path / "halal.csv", [["Nama Kelompok", "Kabupaten/Kota", "Tanggal Halal"],
                                              ["UPPKA Mawar", "Pidie", "2025-03-01"]])
    report = import_files(conn, [path])
    assert (report.written, report.counts["updated"]) == (True, 1)
    assert stored(conn, mawar)[4:] == ("ID11110000123450125", "2025-03-01")


def test_an_empty_product_type_cell_leaves_a_registered_groups_type_and_refuses_a_new_group(conn, tmp_path, mawar,
                                                                                           en):
    path = write_csv(tmp_path / "lengkap.csv", [["Nama Kelompok", "Kabupaten/Kota", "Jenis Usaha", "Jml Anggota"],
                                                ["UPPKA Mawar", "Pidie", "", "22"],
                                                ["UPPKA Melati", "Pidie", "", "9"]])
    report = import_files(conn, [path], ImportOptions(skip_invalid=True))
    assert (report.counts["updated"], report.counts["invalid"]) == (1, 1)
    assert stored(conn, mawar)[:2] == ("makanan", 22)
    assert en.of(report.errors[0]["message"]) == (
        "product_type is required but the cell is empty; fill in the 'Jenis Usaha' column.")


def test_such_a_row_said_twice_is_a_repeat_and_said_otherwise_is_refused(conn, tmp_path, mawar, en):
    path = write_csv(tmp_path / "kb.csv", [["Nama Kelompok", "Kabupaten/Kota", "PUS ber-KB"],
                                           ["UPPKA Mawar", "Pidie", "10"],
                                           ["UPPKA MAWAR", "Pidie", "10"],
                                           ["UPPKA Mawar", "Pidie", "11"]])
    report = import_files(conn, [path])
    assert (report.counts["updated"], report.counts["duplicates"], report.counts["invalid"]) == (1, 1, 1)
    assert en.of(report.errors[0]["message"]) == (
        "this row describes the same group as kb.csv:2 (group 1) but with different values; keep one row per group.")


def test_a_sheet_of_monthly_reports_given_to_the_groups_import_is_refused_naming_its_import(run, conn, tmp_path,
                                                                                           mawar):
    """Read as groups, its PUS columns would overwrite the groups' with one month's numbers."""
    path = write_csv(tmp_path / "oktober.csv", [["Nama Kelompok", "Kabupaten", "Bulan", "Anggota PUS", "PUS ber-KB"],
                                                ["UPPKA Mawar", "Pidie", "2025-10", "11", "3"]])
    result = run("import", path)
    assert (result.exit_code, result.stderr) == (1, (
        f"Error: {path} (sheet -) holds monthly reports (column 'Bulan'), not groups: import it with "
        "`uppks monthly import`. If it does list groups, say what that column holds: --map \"Bulan=FIELD\" or "
        "--map \"Bulan=ignore\".\n"))
    result = run("--lang", "id", "import", str(FIXTURES / "activity-pidie-tw3-2026.xlsx"))
    assert (result.exit_code, result.stderr) == (1, (
        f"Galat: {FIXTURES / 'activity-pidie-tw3-2026.xlsx'} (lembar TW III) berisi catatan kegiatan (kolom "
        "'JENIS KEGIATAN'), bukan daftar kelompok: impor dengan `uppks activity import`. Bila lembar ini memang "
        "daftar kelompok, sebutkan isi kolom itu: --map \"JENIS KEGIATAN=ISIAN\" atau --map \"JENIS KEGIATAN=ignore\".\n"))
    assert stored(conn, mawar)[1:4] == (20, 12, 8)


def test_a_monthly_sheet_beside_the_groups_sheet_is_skipped_with_a_note(conn, tmp_path, en):
    from openpyxl import Workbook

    book = Workbook()
    groups = book.active
    groups.title = "Kelompok"
    groups.append(["Nama Kelompok", "Kabupaten", "Jenis Usaha", "Anggota PUS", "PUS ber-KB"])
    groups.append(["UPPKA Melati", "Pidie", "jasa", "10", "6"])
    month = book.create_sheet("Oktober")
    month.append(["Nama Kelompok", "Kabupaten", "Jumlah Pertemuan", "Anggota PUS", "PUS ber-KB"])
    month.append(["UPPKA Melati", "Pidie", "2", "10", "9"])
    path = tmp_path / "pidie.xlsx"
    book.save(path)
    report = import_files(conn, [str(path)])
    assert (report.counts["inserted"], report.counts["updated"]) == (1, 0)
    assert stored(conn, "UPPKA Melati")[2:4] == (10, 6)
    assert [en.of(note["message"]) for note in report.files[0].notes] == [
        "sheet 'Oktober' skipped: it holds monthly reports (column 'Jumlah Pertemuan'), not groups; import it with "
        "`uppks monthly import`. If it does list groups, say what that column holds: --map \"Jumlah Pertemuan=FIELD\" "
        "or --map \"Jumlah Pertemuan=ignore\"."]


def test_a_rule_broken_against_what_is_registered_names_the_column_the_sheet_has(conn, tmp_path, mawar, en):
    path = write_csv(tmp_path / "pus.csv", [["Nama Kelompok", "Kabupaten/Kota", "Anggota PUS"],
                                            ["UPPKA Mawar", "Pidie", "7"]])
    report = import_files(conn, [path])
    error = report.errors[0]
    assert (error["row"], error["column"], error["value"], en.of(error["message"])) == (
        2, "Anggota PUS", "7", "members_kb: 8 is more than members_pus (7); PUS members using KB are counted among "
                               "PUS members, so correct one of them.")


def test_a_groups_register_whose_column_reads_as_an_activitys_is_refused_saying_how_to_read_it(run, tmp_path):
    """A district's register may head its product type "Jenis Kegiatan" (the business it runs), which an
    activity log uses for the kind of activity: which it is cannot be told from the header, so the sheet
    is refused, but the refusal said only to use `uppks activity import`, which was wrong for this sheet."""
    path = write_csv(tmp_path / "pidie.csv", [["Nama Kelompok", "Kabupaten", "Jenis Kegiatan", "Jml Anggota"],
                                              ["UPPKA Seulanga", "Pidie", "anyaman", "14"]])
    result = run("import", path)
    assert (result.exit_code, result.stderr) == (1, (
        f"Error: {path} (sheet -) is a log of activities (column 'Jenis Kegiatan'), not of groups: import it with "
        "`uppks activity import`. If it does list groups, say what that column holds: --map \"Jenis Kegiatan=FIELD\" "
        "or --map \"Jenis Kegiatan=ignore\".\n"))
    result = run("import", path, "--map", "Jenis Kegiatan=product_type", "-f", "json")
    assert (result.exit_code, json.loads(result.stdout)["inserted"]) == (0, 1)
    assert json.loads(run("list", "-f", "json").stdout)[0]["product_type"] == "anyaman"


def test_a_row_whose_kecamatan_contradicts_the_registered_group_says_where_the_group_is(conn, tmp_path, mawar, en):
    """It was told that UPPKA Mawar "is not a registered group of Pidie", which it is, in Kota Sigli."""
    path = write_csv(tmp_path / "kb.csv", [["Nama Kelompok", "Kabupaten/Kota", "Kecamatan", "PUS ber-KB"],
                                           ["UPPKA Mawar", "Pidie", "Simpang Tiga", "9"]])
    report = import_files(conn, [path])
    assert (report.written, report.counts["updated"], report.counts["inserted"], report.counts["invalid"]) == (
        False, 0, 0, 1)
    assert en.of(report.errors[0]["message"]) == (
        "UPPKA Mawar is registered in Pidie in another kecamatan than Simpang Tiga: 1 (Kota Sigli). As a new group "
        "it needs its product_type, which this row does not give. If the row means that group, write its kecamatan "
        "as the registry has it; if it is another group, give its product_type.")
    assert stored(conn, mawar)[3] == 8


def test_on_existing_skip_that_writes_nothing_says_so_not_that_the_registry_holds_the_rows(run, tmp_path, mawar):
    """It said "the registry already holds these groups as they are" of a row whose PUS ber-KB differs."""
    path = write_csv(tmp_path / "kb.csv", [["Nama Kelompok", "Kabupaten/Kota", "PUS ber-KB"],
                                           ["UPPKA Mawar", "Pidie", "5"]])
    result = run("--lang", "en", "import", path, "--on-existing", "skip")
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (
        0, "Nothing to write: 1 row names a registered group, which --on-existing skip leaves as it is.")
    result = run("--lang", "id", "import", path, "--on-existing", "skip")
    assert result.stderr.splitlines()[-1] == (
        "Tidak ada yang ditulis: 1 baris menyebut kelompok yang sudah terdaftar, yang dibiarkan apa adanya karena "
        "--on-existing skip.")
