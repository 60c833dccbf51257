"""Rules a new user broke: each must hold for add, edit and import alike."""

import json
import sqlite3

import pytest

from uppks_cli.reports.summary import kb_rate


def test_kb_needs_pus_in_add_edit_and_import(run, tmp_path):
    refused = run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa", "--members", "10",
                  "--members-kb", "9")
    assert (refused.exit_code, refused.stderr) == (1, (
        "Error: members_kb: 9 PUS members using KB are given without the number of PUS members; give members_pus "
        "too (the KB rate is counted on it).\n"))
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa", "--members", "10",
        "--members-pus", "9", "--members-kb", "9")
    cleared = run("edit", "1", "--members-pus", "")
    assert cleared.exit_code == 1 and "give members_pus too" in cleared.stderr
    sheet = tmp_path / "kb.csv"
    sheet.write_text("Nama Kelompok,Kabupaten,Jenis Usaha,Jml Anggota,Anggota PUS,PUS ber-KB\n"
                     "UPPKA Melati,Pidie,jasa,10,,9\n", encoding="utf-8")
    imported = json.loads(run("import", str(sheet), "-f", "json").stdout)
    assert [(e["row"], e["column"]) for e in imported["errors"]] == [(2, "Anggota PUS")]
    assert run("count").stdout == "1\n"


def test_a_kb_rate_is_never_above_100(run, db_path):
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa", "--members", "10",
        "--members-pus", "4", "--members-kb", "4")
    raw = sqlite3.connect(db_path)  # a registry written before the rule: KB without PUS
    raw.execute("UPDATE groups SET members_pus = NULL, members_kb = 9")
    raw.execute("UPDATE group_totals SET members_pus = 0, members_kb = 9")
    raw.commit()
    raw.close()
    rows = json.loads(run("summary", "-f", "json").stdout)
    assert [row["kb_rate"] for row in rows if row["groups"]] == [None]
    checked = run("check")
    assert checked.exit_code == 1 and "1 group breaks members_kb <= members_pus <= members" in checked.stdout
    assert (kb_rate(9, 0), kb_rate(9, 4), kb_rate(4, 4), kb_rate(1, 3)) == (None, None, 100.0, 33.3)


@pytest.mark.parametrize("option, value, message", [
    ("--members", "081234567890", "members: '081234567890' is more than 5,000; check the number (a phone number in "
                                  "the wrong column?)."),
    ("--members", str(2**63), f"members: '{2**63}' is more than 5,000; check the number (a phone number in the "
                              "wrong column?)."),
    ("--capital", "10000000000000", "capital: '10000000000000' is more than 9,999,999,999,999; check the number (a phone "
                                    "number in the wrong column?)."),
])
def test_numbers_have_sane_bounds(run, option, value, message):
    refused = run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa", option, value)
    assert (refused.exit_code, refused.stderr) == (1, f"Error: {message}\n")
    assert run("count").stdout == "0\n"


def test_a_bound_is_written_as_the_readers_language_writes_numbers(run):
    refused = run("--lang", "id", "add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa",
                  "--capital", "10000000000000")
    assert refused.stderr == ("Galat: modal: '10000000000000' lebih dari 9.999.999.999.999; periksa angkanya (nomor HP "
                              "di kolom yang salah?).\n")


def test_every_kind_of_apostrophe_is_one_name(run, tmp_path):
    sheet = tmp_path / "marifah.csv"
    sheet.write_text("Nama Kelompok,Kabupaten,Jenis Usaha,Jml Anggota\n"
                     "UPPKA Ma\u2019rifah,Aceh Besar,makanan,12\n"
                     "UPPKA Ma'rifah,Aceh Besar,makanan,12\n"
                     "UPPKA Ma\u02bcrifah,Aceh Besar,makanan,12\n", encoding="utf-8")
    imported = json.loads(run("import", str(sheet), "-f", "json").stdout)
    assert (imported["inserted"], imported["duplicates"]) == (1, 2)
    assert run("count", "--search", "rifah").stdout == "1\n"


def test_an_older_registry_gets_the_new_identity(tmp_path):
    from sqlite_utils import Database

    from uppks_cli.registry.connection import connect
    from uppks_cli.registry.migrations import registry_migrations

    path = tmp_path / "v4.db"
    raw = sqlite3.connect(path, isolation_level=None)
    registry_migrations.apply(Database(raw), stop_before="m005_identity_ignores_apostrophes")
    raw.execute("PRAGMA user_version = 4")
    raw.execute("INSERT INTO groups (name, name_key, district_code, product_type, created_at, updated_at) "
                "VALUES ('UPPKA Ma''rifah', 'ma rifah', '11.06', 'makanan', '2025-01-01T00:00:00Z', "
                "'2025-01-01T00:00:00Z')")
    raw.execute("INSERT INTO group_totals VALUES ('active', '11.06', 'makanan', 1, 0, 0, 0)")
    raw.close()
    conn = connect(path)
    assert conn.execute("SELECT name_key FROM groups").fetchone()[0] == "marifah"
    assert conn.execute("SELECT product_type FROM product_type_aliases WHERE alias_key = 'keripik'").fetchone()[0] == (
        "makanan")
    assert list((tmp_path / "backups").glob("v4-*-before-migration.db"))
    conn.close()


@pytest.mark.parametrize("name, message", [
    ("UPPKA Ma\u2019rifah Café\x1b[31m", "nama kelompok: 'UPPKA Ma\u2019rifah Café\\x1b[31m' berisi karakter kendali "
                                      "(ditampilkan dengan escape); hapus karakter itu."),
    ("UPPKA Ma\u2019rifah\tCafé", "nama kelompok: 'UPPKA Ma\u2019rifah\\tCafé' berisi tab atau ganti baris; tulis nama "
                                "dalam satu baris."),
])
def test_a_refused_name_shows_its_letters_as_typed_and_only_the_control_character_escaped(run, name, message):
    # the apostrophe and the accent were written \u2019 and \xe9, as if they were what is wrong
    refused = run("--lang", "id", "add", "--name", name, "--district", "Pidie", "--product-type", "jasa")
    assert (refused.exit_code, refused.stderr) == (1, f"Galat: {message}\n")


@pytest.mark.parametrize("name", ["UPPKA\x1b[31mMawar", "UPPKA Mawar\x07"])
def test_an_escape_or_bell_in_a_name_is_refused_as_a_control_character(run, name):
    # not as a tab or line break, which it is not
    refused = run("add", "--name", name, "--district", "Pidie", "--product-type", "jasa")
    shown = name.encode("unicode_escape").decode()
    assert (refused.exit_code, refused.stderr) == (
        1, f"Error: name: '{shown}' holds a control character (shown escaped); remove it.\n")
    assert run("count").stdout == "0\n"


@pytest.mark.parametrize("name", ["UPPKA\tMawar", "UPPKA Mawar\nJaya", "UPPKA\u2028Mawar"])
def test_a_tab_or_line_break_inside_a_name_is_refused(run, tmp_path, name):
    refused = run("add", "--name", name, "--district", "Pidie", "--product-type", "jasa")
    shown = name.encode("unicode_escape").decode()
    assert (refused.exit_code, refused.stderr) == (
        1, f"Error: name: '{shown}' has a tab or line break inside; write the name on one line.\n")
    sheet = tmp_path / "tab.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        import csv

        csv.writer(handle).writerows([["Nama Kelompok", "Kabupaten", "Jenis Usaha"], [name, "Pidie", "jasa"]])
    imported = json.loads(run("import", str(sheet), "-f", "json").stdout)
    assert [(e["row"], e["value"]) for e in imported["errors"]] == [(2, name)]


def test_founding_years_as_offices_write_them(conn, tmp_path):
    import datetime

    from openpyxl import Workbook

    from uppks_cli.importing import import_files

    book = Workbook()
    sheet = book.active
    sheet.append(["Nama Kelompok", "Kabupaten", "Jenis Usaha", "Tahun Berdiri", "Ketua", "No HP"])
    written = ["Mei 2015", "16/05/2015", "16-05-2015", "05/2015", datetime.date(2015, 5, 16), 42140, "2015", 2015.0]
    for index, year in enumerate(written):
        sheet.append([f"UPPKA Mawar {index}", "Pidie", "jasa", year, "-", "\u2013"])
    book.save(tmp_path / "tahun.xlsx")
    report = import_files(conn, [str(tmp_path / "tahun.xlsx")])
    assert report.counts["inserted"] == len(written)
    assert {tuple(row) for row in conn.execute("SELECT founded_year, leader, phone FROM groups")} == {
        (2015, None, None)}


def test_a_dash_in_a_csv_cell_means_empty(conn, tmp_path):
    from uppks_cli.importing import import_files

    sheet = tmp_path / "strip.csv"
    sheet.write_text("Nama Kelompok,Kabupaten,Jenis Usaha,Jml Anggota,No HP,Ketua\n"
                     "UPPKA Mawar,Pidie,jasa,-,0812-3456-7890, - \n", encoding="utf-8")
    import_files(conn, [str(sheet)])
    assert tuple(conn.execute("SELECT members, phone, leader FROM groups").fetchone()) == (None, "081234567890", None)


def test_a_product_typed_as_the_type_is_kept_as_the_product(run):
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "Keripik")
    run("add", "--name", "UPPKA Melati", "--district", "Pidie", "--product-type", "makanan", "--product", "Kue")
    run("add", "--name", "UPPKA Seulanga", "--district", "Pidie", "--product-type", "Makanan & Minuman Olahan")
    shown = [json.loads(run("show", str(group_id), "-f", "json").stdout) for group_id in (1, 2, 3)]
    assert [(group["product_type"], group["product"]) for group in shown] == [
        ("makanan", "Keripik"), ("makanan", "Kue"), ("makanan", None)]
    run("edit", "2", "--product-type", "Sambal")  # the product given before stays
    assert json.loads(run("show", "2", "-f", "json").stdout)["product"] == "Kue"


@pytest.mark.parametrize("argv", [["count", "keripik"], ["count", "--product-type", "keripik"]])
def test_counting_by_a_product_says_it_counts_the_whole_type(run, argv):
    from uppks_cli.cli.quick import parse_quick

    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "Keripik")
    run("add", "--name", "UPPKA Melati", "--district", "Pidie", "--product-type", "Kue")
    counted = run(*argv)
    assert (counted.stdout, counted.stderr) == ("2\n", (
        "Note: 'keripik' is a product of type makanan: every makanan group is counted, not only those making "
        "keripik; use --search to find a product.\n"))
    assert parse_quick(argv) is not None  # the quick path says the same (test_quick holds both equal)
    assert run("count", "makanan").stderr == ""


def test_add_refuses_a_group_an_import_would_take_for_a_registered_one(run):
    run("add", "--name", "UPPKA Mawar", "--district", "Aceh Besar", "--subdistrict", "Ingin Jaya",
        "--product-type", "jasa")
    again = run("add", "--name", "Kelompok MAWAR", "--district", "Abes", "--product-type", "jasa")
    assert (again.exit_code, again.stderr) == (1, (
        "Error: group 1 (UPPKA Mawar) is already registered with this name in this district; change it with "
        "`uppks edit 1`, or give the kecamatan if this is another group.\n"))
    other = run("add", "--name", "UPPKA Mawar", "--district", "Aceh Besar", "--subdistrict", "Darul Imarah",
                "--product-type", "jasa")
    assert (other.exit_code, other.stdout) == (0, "2\n")


@pytest.mark.parametrize("written", ["11.06.10", "110610"])
def test_a_kecamatan_given_by_its_code(run, written):
    from uppks_cli.domain.reference import subdistrict_by_code

    expected = subdistrict_by_code()["11.06.10"]
    run("add", "--name", "UPPKA Mawar", "--district", "Aceh Besar", "--subdistrict", written, "--product-type", "jasa")
    shown = json.loads(run("show", "1", "-f", "json").stdout)
    assert (shown["subdistrict"], shown["subdistrict_code"]) == (expected.name, "11.06.10")


def test_a_kecamatan_code_of_another_district_says_which(run):
    from uppks_cli.domain.reference import subdistrict_by_code

    added = run("add", "--name", "UPPKA Mawar", "--district", "Aceh Besar", "--subdistrict", "11.07.04",
                "--product-type", "jasa")
    assert added.stderr == (f"Warning: kecamatan code '11.07.04' is {subdistrict_by_code()['11.07.04'].name} in "
                            "Pidie, not in Aceh Besar; kept as written. Check the district or the code.\n")


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "json", "jsonl"])
def test_an_export_with_its_own_product_types_imports_into_an_empty_registry(run, tmp_path, suffix):
    run("product-types", "add", "kosmetik", "--label-id", "Kosmetik", "--label-en", "Cosmetics")
    run("add", "--name", "UPPKA Wangi", "--district", "Pidie", "--product-type", "kosmetik", "--members", "7")
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa")
    exported = tmp_path / f"semua.{suffix}"
    run("export", "-o", str(exported))
    other = tmp_path / "kosong.db"
    imported = run("--db", str(other), "import", str(exported), "-f", "json")
    report = json.loads(imported.stdout)
    assert (imported.exit_code, report["inserted"]) == (0, 2)
    assert [(note["kind"], note.get("code")) for note in report["files"][0]["notes"]] == [
        ("note_product_type_added", "kosmetik")]
    assert run("--db", str(other), "count", "kosmetik").stdout == "1\n"
    # a file that is not an export names no new type: the row is refused
    sheet = tmp_path / "kabupaten.csv"
    sheet.write_text("Nama Kelompok,Kabupaten,Jenis Usaha\nUPPKA Harum,Pidie,parfum\n", encoding="utf-8")
    assert json.loads(run("--db", str(other), "import", str(sheet), "-f", "json").stdout)["invalid"] == 1


def test_two_files_in_one_batch_or_two_give_the_same_registry(tmp_path):
    from uppks_cli.importing import import_files
    from uppks_cli.registry.connection import connect

    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("Nama Kelompok,Kabupaten,Kecamatan,Jenis Usaha,Jml Anggota\n"
                     "UPPKS Mawar,Pidie,Mutiara,anyaman,20\nUPPKA Melati,Pidie,,jasa,8\n", encoding="utf-8")
    second.write_text("Nama Kelompok,Kabupaten,Kecamatan,Jenis Usaha,Jml Anggota\n"
                      "UPPKA MAWAR,Pidie,Mutiara,anyaman,20\nKelompok Melati,Pidie,Mutiara,jasa,8\n",
                      encoding="utf-8")
    results = []
    for batches in ([[first, second]], [[first], [second]]):
        conn = connect(tmp_path / f"r{len(batches)}.db")
        for names in batches:
            import_files(conn, [str(name) for name in names])
        results.append([tuple(row) for row in conn.execute(
            "SELECT name, district_code, subdistrict, product_type, members FROM groups ORDER BY id")])
        conn.close()
    assert results[0] == results[1] == [("UPPKS Mawar", "11.07", "Mutiara", "anyaman", 20),
                                        ("UPPKA Melati", "11.07", "Mutiara", "jasa", 8)]


def test_a_batch_whose_files_change_one_group_twice_undoes_whole(run, tmp_path):
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa", "--members", "10")
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("Nama Kelompok,Kabupaten,Jenis Usaha,Jml Anggota\nUPPKA Mawar,Pidie,jasa,12\n"
                     "UPPKA Melati,Pidie,jasa,5\n", encoding="utf-8")
    second.write_text("Nama Kelompok,Kabupaten,Jenis Usaha,Jml Anggota\nUPPKA Mawar,Pidie,jasa,14\n"
                      "UPPKA Melati,Pidie,jasa,6\n", encoding="utf-8")
    report = json.loads(run("import", str(first), str(second), "-f", "json").stdout)
    assert [(f["inserted"], f["updated"]) for f in report["files"]] == [(1, 1), (0, 2)]
    assert run("summary", "-f", "csv").stdout.splitlines()[7] == "11.07,Pidie,2,20,0,0,"
    undone = run("undo-import", "1", "--yes")
    assert (undone.exit_code, undone.stderr) == (0, "Batch 1 undone: 1 group removed, 1 group restored.\n")
    assert json.loads(run("show", "1", "-f", "json").stdout)["members"] == 10
    assert run("count", "--status", "all").stdout == "1\n"
    assert run("check").exit_code == 0


def test_an_edit_edited_back_does_not_block_undo(run, tmp_path):
    sheet = tmp_path / "a.csv"
    sheet.write_text("Nama Kelompok,Kabupaten,Jenis Usaha,Jml Anggota\nUPPKA Mawar,Pidie,jasa,12\n", encoding="utf-8")
    run("import", str(sheet))
    run("edit", "1", "--members", "13")
    blocked = run("undo-import", "1", "--yes")
    assert blocked.exit_code == 1 and "was changed after it (1)" in blocked.stderr
    run("edit", "1", "--members", "12")
    undone = run("undo-import", "1", "--yes")
    assert (undone.exit_code, undone.stderr) == (0, "Batch 1 undone: 1 group removed, 0 groups restored.\n")


def test_undo_sees_an_edit_after_the_batch_whatever_its_reason_says(run, tmp_path):
    first, second = tmp_path / "u1.csv", tmp_path / "u2.csv"
    first.write_text("Nama Kelompok,Kabupaten,Jenis Usaha,Jml Anggota\nUPPKA Mawar,Pidie,jasa,10\n", encoding="utf-8")
    second.write_text("Nama Kelompok,Kabupaten,Jenis Usaha,Jml Anggota\nUPPKA Mawar,Pidie,jasa,20\n", encoding="utf-8")
    run("import", str(first))
    run("import", str(second))
    run("deactivate", "1", "--reason", "batch 2: cek ulang")
    refused = run("undo-import", "2", "--yes")
    assert refused.exit_code == 1 and "was changed after it (1)" in refused.stderr


def test_edit_refuses_to_give_a_group_another_groups_identity(run):
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--subdistrict", "Mutiara", "--product-type", "jasa")
    run("add", "--name", "UPPKA Melati", "--district", "Pidie", "--subdistrict", "Mutiara", "--product-type", "jasa")
    refused = run("edit", "2", "--name", "Kelompok Mawar")
    assert (refused.exit_code, refused.stderr) == (1, (
        "Error: group 1 (UPPKA Mawar) is already registered with this name in this district; change it with "
        "`uppks edit 1`, or give the kecamatan if this is another group.\n"))
    assert run("edit", "1", "--name", "UPPKA  MAWAR").exit_code == 0  # its own identity, spelt otherwise


@pytest.mark.parametrize("args, message", [
    (("alias", "Aceh Besar", "makanan"), "'Aceh Besar' is the name of district Aceh Besar; a product type spelt so would "
     "leave `uppks count Aceh Besar` unable to tell which is meant. Choose another spelling."),
    (("add", "kosmetik", "--label-id", "Kosmetik", "--label-en", "Pidie"), "'Pidie' is the name of district Pidie; a "
     "product type spelt so would leave `uppks count Pidie` unable to tell which is meant. Choose another spelling."),
    (("add", "kosmetik", "--label-id", "Kosmetik", "--label-en", "Cosmetics\x1b[31m"),
     "label_en: 'Cosmetics\\x1b[31m' holds a control character (shown escaped); remove it."),
])
def test_a_product_type_is_never_spelt_as_a_place_nor_with_a_control_character(run, args, message):
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa", "--subdistrict", "Mutiara")
    refused = run("product-types", *args)
    assert (refused.exit_code, refused.stderr) == (1, f"Error: {message}\n")
    # the places are still read as places
    assert [run("count", place).stdout for place in ("pidie", "aceh besar")] == ["1\n", "0\n"]
    assert "kosmetik" not in run("product-types", "-f", "csv").stdout


def test_a_product_types_spelling_refused_in_indonesian_is_named_in_indonesian(run):
    # the refusal said 'label_id:' and 'alias:', the code's names, in an Indonesian sentence
    refused = run("--lang", "id", "product-types", "add", "kosmetik", "--label-id", "Kosmetik\x07", "--label-en",
                  "Cosmetics")
    assert refused.stderr == ("Galat: label bahasa Indonesia: 'Kosmetik\\x07' berisi karakter kendali (ditampilkan "
                              "dengan escape); hapus karakter itu.\n")
    refused = run("--lang", "id", "product-types", "alias", "Kue\x1b", "makanan")
    assert refused.stderr == ("Galat: ejaan lain (alias): 'Kue\\x1b' berisi karakter kendali (ditampilkan dengan "
                              "escape); hapus karakter itu.\n")
