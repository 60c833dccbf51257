import csv
import json
import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uppks_cli.domain.groups import GroupFilter, add_group, count_groups
from uppks_cli.domain.identity import name_key
from uppks_cli.errors import UppksError
from uppks_cli.importing import ImportOptions, import_files
from uppks_cli.importing.headers import field_for
from uppks_cli.importing.rows import is_column_number_row
from uppks_cli.importing.sources import sniff_delimiter
from uppks_cli.reports.summary import summarise

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def by_district(conn, status="active"):
    return {row["district"]: (row["groups"], row["members"], row["members_pus"], row["members_kb"])
            for row in summarise(conn, ("district",), GroupFilter(status=status)) if row["groups"]}


def group_named(conn, name):
    return dict(conn.execute("SELECT * FROM groups WHERE name = ?", (name,)).fetchone())


@pytest.mark.parametrize("workbook", ["district-sheets.xlsx", "district-sheets.xls", "district-sheets.ods"])
def test_workbook_with_titles_merged_header_totals_and_signature(conn, workbook):
    report = import_files(conn, [fixture(workbook)])
    assert report.written and report.batch == 1
    assert {k: report.counts[k] for k in ("inserted", "updated", "invalid", "duplicates")} == {
        "inserted": 8, "updated": 0, "invalid": 0, "duplicates": 0}
    assert report.files[0].sheets == ["Pidie", "Bireuen"]
    assert by_district(conn) == {"Pidie": (5, 79, 61, 44), "Bireuen": (3, 37, 27, 22)}
    mawar = group_named(conn, "UPPKA Mawar")
    assert (mawar["phone"], mawar["capital"], mawar["village_code"], mawar["founded_year"], mawar["product_type"]) == (
        "081234567890", 1_500_000, "11.07.13.2001", 2015, "anyaman")
    assert group_named(conn, "UPPKA Cempaka")["capital"] == 2_500_000
    assert (group_named(conn, "UPPKA Harapan")["subdistrict"], group_named(conn, "UPPKA Harapan")["subdistrict_code"]) == (
        "Kuala", "11.11.14")
    notes = [(n.get("sheet"), n["kind"], n.get("row")) for n in report.files[0].notes]
    assert notes == [("Pidie", "note_district_from_title", None), ("Pidie", "note_column_numbers", 7),
                     ("Pidie", "note_totals_row", 13), ("Pidie", "note_not_read_line", 15),
                     ("Pidie", "note_not_read_line", 16), ("Pidie", "note_not_read_below", 18),
                     ("Pidie", "note_not_read_line", 19), ("Bireuen", "note_column_unmapped", None),
                     ("Bireuen", "note_totals_row", 7), ("Catatan", "note_sheet_skipped", None)]


@pytest.mark.parametrize("include_hidden", [False, True])
def test_an_xls_sheets_hidden_rows_columns_sheets_and_error_cells_are_named(run, include_hidden):
    """The same as XLSX: an old .xls keeps them in binary records, read before the sheet."""
    result = run("import", fixture("hidden-parts.xls"), "--skip-invalid", "-f", "json",
                 *(["--include-hidden"] if include_hidden else []))
    report = json.loads(result.stdout)
    notes = [(note["kind"], note.get("row")) for note in report["files"][0]["notes"]]
    names = [row["name"] for row in json.loads(run("list", "-f", "json").stdout)]
    if include_hidden:  # the hidden column is read (and matches no field), the hidden sheet's row too
        assert notes == [("note_column_unmapped", None), ("note_district_from_title", None), ("note_row_error_cell", 6)]
        assert [(error["sheet"], error["row"], error["column"]) for error in report["errors"]] == [
            ("Lama", 2, "district")]
        assert sorted(names) == ["UPPKA Bubar", "UPPKA Mawar", "UPPKA Melati"]
    else:
        assert notes == [("note_column_hidden", None), ("note_district_from_title", None), ("note_row_hidden", 5),
                         ("note_row_error_cell", 6), ("note_sheet_hidden", None)]
        assert sorted(names) == ["UPPKA Mawar", "UPPKA Melati"]


def test_windows_1252_semicolon_csv(conn):
    report = import_files(conn, [fixture("aceh-besar-cp1252.csv")])
    assert report.counts["inserted"] == 3
    assert by_district(conn) == {"Aceh Besar": (3, 50, 40, 33)}
    marifah = group_named(conn, "UPPKS Ma\u2019rifah")
    assert (marifah["leader"], marifah["phone"], marifah["subdistrict_code"]) == ("Ma\u2019rifah", "081234567890", "11.06.07")


def test_utf8_bom_csv_with_the_tools_own_keys(conn):
    report = import_files(conn, [fixture("banda-aceh-bom.csv")])
    assert report.counts["inserted"] == 2 and report.files[0].notes == []
    assert by_district(conn) == {"Banda Aceh": (2, 46, 34, 30)}
    assert group_named(conn, "UPPKA Nurul, Ulee Kareng")["product_type"] == "perdagangan"
    assert group_named(conn, "UPPKA Sakinah")["phone"] == "081299990000"


def test_utf16_tab_separated_unicode_text(conn):
    report = import_files(conn, [fixture("gayo-utf16.txt")])
    assert report.counts["inserted"] == 2
    assert by_district(conn) == {"Aceh Tengah": (1, 13, 9, 8), "Bener Meriah": (1, 21, 17, 15)}
    assert group_named(conn, "UPPKA Kerawang")["product_type"] == "kerajinan"


@pytest.mark.parametrize("name", ["records.json", "records.jsonl"])
def test_json_and_json_lines_with_status(conn, name):
    report = import_files(conn, [fixture(name)])
    assert report.counts["inserted"] == 2
    assert by_district(conn) == {"Aceh Utara": (1, 17, 12, 9)}
    kambing = group_named(conn, "UPPKA Ternak Kambing")
    assert (kambing["status"], kambing["inactive_reason"], kambing["district_code"]) == ("inactive", "pindah", "11.13")


def test_reimport_changes_nothing(conn):
    import_files(conn, [fixture("district-sheets.xlsx")])
    before = [dict(r) for r in conn.execute("SELECT * FROM groups ORDER BY id")]
    again = import_files(conn, [fixture("district-sheets.ods")])
    assert (again.counts["inserted"], again.counts["updated"], again.counts["unchanged"]) == (0, 0, 8)
    assert (again.written, again.batch) == (False, None)
    assert [dict(r) for r in conn.execute("SELECT * FROM groups ORDER BY id")] == before
    assert conn.execute("SELECT count(*) FROM import_batches").fetchone()[0] == 1


def write_csv(path: Path, rows: list[list]) -> str:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return str(path)


HEADER = ["Nama Kelompok", "Kabupaten", "Kecamatan", "Jenis Usaha", "Jml Anggota"]


def test_renamed_programme_is_the_same_group(conn, tmp_path):
    add_group(conn, {"name": "UPPKS Mawar", "district": "Pidie", "subdistrict": "Mutiara", "product_type": "anyaman",
                     "members": "20"})
    report = import_files(conn, [write_csv(tmp_path / "a.csv", [
        HEADER,
        ["UPPKA  MAWAR.", "Kab. Pidie", "", "anyaman", "22"],         # same group, kecamatan missing in the file
        ["Kelompok Mawar", "Pidie", "Delima", "anyaman", "9"],          # another Mawar: kecamatan contradicts
        ["UPPKA Mawar", "Bireuen", "", "anyaman", "5"],                 # another district
    ])])
    assert (report.counts["updated"], report.counts["inserted"]) == (1, 2)
    first = conn.execute("SELECT name, members, revision FROM groups WHERE id = 1").fetchone()
    # the registered spelling stays, and the import says so
    assert tuple(first) == ("UPPKS Mawar", 22, 2)
    assert [(w["row"], w["kind"]) for w in report.warnings] == [(2, "warning_name_spelling")]


def test_duplicate_rows_in_one_file(conn, tmp_path, en):
    report = import_files(conn, [write_csv(tmp_path / "d.csv", [
        HEADER,
        ["UPPKA Melati", "Pidie", "", "makanan", "10"],
        ["UPPKA Melati", "PIDIE", "", "Makanan", "10"],
        ["UPPKA Melati", "Pidie", "", "makanan", "12"],
    ])])
    assert (report.counts["inserted"], report.counts["duplicates"], report.counts["invalid"]) == (1, 1, 1)
    assert en.of(report.warnings[0]["message"]) == "this row repeats d.csv:2 exactly; imported once."
    assert en.of(report.errors[0]["message"]) == (
        "this row describes the same group as d.csv:2 (group 1) but with different values; keep one row per group.")
    assert not report.written
    assert count_groups(conn, GroupFilter()) == 0


def test_on_existing_skip(conn, tmp_path):
    add_group(conn, {"name": "UPPKA Melati", "district": "Pidie", "product_type": "makanan", "members": "10"})
    report = import_files(conn, [write_csv(tmp_path / "s.csv", [HEADER, ["UPPKA Melati", "Pidie", "", "makanan", "30"]])],
                          ImportOptions(on_existing="skip"))
    assert report.counts["skipped"] == 1
    assert group_named(conn, "UPPKA Melati")["members"] == 10


def test_invalid_file_writes_nothing_and_names_every_row(run):
    result = run("import", fixture("invalid-rows.csv"), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert (report["batch"], report["written"], report["invalid"]) == (None, False, 8)
    assert [(e["row"], e["column"], e["value"]) for e in report["errors"]] == [
        (3, "Kab/Kota", "Aceh Besr"), (4, "Jml Anggota", "sepuluh"), (5, "Anggota PUS", "12"),
        (6, "Nama Kelompok", ""), (7, "No. HP", "12345"), (8, "Tahun Berdiri", "1890"),
        (9, "Jenis Usaha", "kosmetik"), (10, "Kab/Kota", "1101")]
    assert report["errors"][3]["message"] == "name is required but the cell is empty; fill in the 'Nama Kelompok' column."
    assert result.stderr.splitlines()[-1] == (
        "Nothing was written: 8 rows were refused. Fix them and import again, or add --skip-invalid to import the rest.")
    assert run("count", "--status", "all").stdout == "0\n"


def test_skip_invalid_writes_the_rest_and_the_rejects(run, tmp_path):
    rejects = tmp_path / "ditolak.csv"
    result = run("import", fixture("invalid-rows.csv"), "--skip-invalid", "--rejects", str(rejects))
    assert result.exit_code == 0, result.output
    assert run("count").stdout == "1\n"
    with rejects.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["row"] for row in rows] == ["3", "4", "5", "6", "7", "8", "9", "10"]
    assert (rows[1]["name"], rows[1]["members"], rows[1]["reason"]) == (
        "UPPKA Angka Salah", "sepuluh",
        "members: 'sepuluh' is not a whole number; write it as 25, 1.500.000 or 2,5 jt.")
    again = run("import", str(rejects), "--dry-run", "--format", "json")
    report = json.loads(again.stdout)
    assert (report["invalid"], report["files"][0]["notes"]) == (8, [])


def test_the_rejects_file_runs_no_formula_and_gives_the_cells_back_as_typed(run, tmp_path):
    """A refused row's cells that a spreadsheet would run (=, +, -, @) carry the formula guard in the
    rejects file; fixed and imported again, the group gets them as the district typed them."""
    rejects = tmp_path / "ditolak.csv"
    sheet = write_csv(tmp_path / "=rumus.csv", [HEADER + ["Ketua"], ["UPPKA Mawar", "Pidie", "Mutiara", "anyaman",
                                                                   "dua", '=HYPERLINK("http://x","klik")'],
                                                ["@SUM(A1)", "Pidie", "Mutiara", "jasa", "-5", "+62 812"]])
    assert run("import", sheet, "--skip-invalid", "--rejects", str(rejects), "--quiet").exit_code == 0
    with rejects.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["file"], row["name"], row["members"], row["leader"]) for row in rows] == [
        (sheet, "UPPKA Mawar", "dua", '\'=HYPERLINK("http://x","klik")'), (sheet, "'@SUM(A1)", "'-5", "'+62 812")]
    fixed = rejects.read_text(encoding="utf-8-sig").replace(",dua,", ",2,").replace(",'-5,", ",5,")
    rejects.write_text(fixed, encoding="utf-8-sig")
    assert run("import", str(rejects), "--quiet").exit_code == 0
    shown = json.loads(run("list", "-f", "json").stdout)
    assert [(group["name"], group["members"], group["leader"]) for group in shown] == [
        ("UPPKA Mawar", 2, '=HYPERLINK("http://x","klik")'), ("@SUM(A1)", 5, "+62 812")]


def test_dry_run_reports_but_writes_nothing(run):
    result = run("import", fixture("district-sheets.xlsx"), "--dry-run", "-f", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert (report["inserted"], report["batch"], report["dry_run"]) == (8, None, True)
    assert run("count").stdout == "0\n"
    assert result.stderr.splitlines()[-1] == "Dry run: nothing was written (would insert 8 and update 0)."


def test_undo_import_restores_and_refuses_after_later_changes(run, conn, tmp_path):
    assert run("import", fixture("district-sheets.xlsx")).exit_code == 0
    changed = write_csv(tmp_path / "u.csv", [HEADER, ["UPPKA Mawar", "Pidie", "Mutiara", "anyaman", "25"],
                                             ["UPPKA Baru", "Pidie", "", "jasa", "7"]])
    assert run("import", changed).exit_code == 0
    assert run("count").stdout == "9\n"
    refused = run("undo-import", "2")
    assert (refused.exit_code, refused.stderr) == (
        1, "Error: this replaces data and no question can be asked here; run `uppks undo-import 2 --yes` to confirm.\n")
    done = run("undo-import", "2", "--yes")
    assert done.stderr == "Batch 2 undone: 1 group removed, 1 group restored.\n"
    assert run("count").stdout == "8\n"
    assert json.loads(run("show", "1", "-f", "json").stdout)["members"] == 20
    assert run("undo-import", "2", "--yes").stderr.startswith("Error: batch 2 was already undone at ")
    run("edit", "3", "--members", "13")
    blocked = run("undo-import", "1", "--yes")
    assert blocked.stderr == ("Error: batch 1 cannot be undone: 1 of its groups was changed after it (3); undoing "
                              "would lose that change. Edit it by hand instead.\n")
    batches = json.loads(run("imports", "-f", "json").stdout)
    assert [(b["id"], b["inserted"], b["updated"], b["status"]) for b in batches] == [(1, 8, 0, "done"), (2, 1, 1, "undone")]
    assert batches[0]["files"][0]["file"] == "district-sheets.xlsx"
    assert len(batches[0]["files"][0]["sha256"]) == 64


def test_stdin_and_several_files(run):
    data = (FIXTURES / "banda-aceh-bom.csv").read_bytes()
    result = run("import", "-", fixture("gayo-utf16.txt"), "-f", "json", input=data)
    report = json.loads(result.stdout)
    assert [(f["file"], f["inserted"]) for f in report["files"]] == [("-", 2), (fixture("gayo-utf16.txt"), 2)]
    assert run("count").stdout == "4\n"


def test_map_and_sheet_options(run, tmp_path):
    custom = write_csv(tmp_path / "m.csv", [["Nama KUB", "Kab/Kota", "Jenis Usaha", "Bulan"],
                                           ["UPPKA Pelangi", "Pidie", "jasa", "Oktober"]])
    refused = run("import", custom)
    assert refused.stderr.startswith(f"Error: {custom}: no header row with a group name column was found")
    result = run("import", custom, "--map", "Nama KUB=name", "--map", "bulan=ignore")
    assert result.exit_code == 0, result.output
    assert "not imported" not in result.stderr
    assert run("import", fixture("district-sheets.xlsx"), "--sheet", "Bireuen").exit_code == 0
    assert run("count").stdout == "4\n"
    missing = run("import", fixture("district-sheets.xlsx"), "--sheet", "Aceh Besar")
    assert missing.stderr == (f"Error: {fixture('district-sheets.xlsx')} has no sheet 'Aceh Besar'; its sheets are: "
                              "Pidie, Bireuen, Catatan.\n")
    bad_map = run("import", custom, "--map", "Nama KUB")
    assert bad_map.stderr == "Error: --map: 'Nama KUB' is not HEADER=field; write e.g. --map \"Nama KUB=name\".\n"


@pytest.mark.parametrize("content, message", [
    (b"", "is empty; nothing to import."),
    (b"PK\x03\x04broken zip", "looks like zip/xlsx but cannot be read (damaged or incomplete)"),
    (b"\x00\x01\x02\x03" * 100, "is not a spreadsheet, CSV or JSON file (it holds binary data)"),
    (b"[{\"name\": \"x\",", "is not valid JSON (Expecting"),
    (b"{\"name\": 1}\n{broken\n", "line 2 is not valid JSON"),
])
def test_broken_files_are_refused_in_one_line(run, tmp_path, content, message):
    path = tmp_path / "kiriman.dat"
    path.write_bytes(content)
    result = run("import", str(path))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert run("count").stdout == "0\n"


def test_many_warnings_are_summarised(conn, tmp_path, en):
    rows = [HEADER + ["Gampong"]] + [[f"UPPKA {i}", "Pidie", "Mutiara", "jasa", "5", f"Gampong Baru {i}"]
                                     for i in range(50)]
    report = import_files(conn, [write_csv(tmp_path / "w.csv", rows)])
    assert report.warnings_total == 50
    assert len(report.warnings) == 20
    assert report.as_dict(en.of)["warnings"][-1] == {
        "message": "... and 30 more warnings like these.", "count": 30,
        "kind": "warning_village_unknown"}


def test_missing_file(run, tmp_path):
    result = run("import", str(tmp_path / "tidak-ada.xlsx"))
    assert result.stderr == f"Error: {tmp_path / 'tidak-ada.xlsx'}: no such file; check the name and folder.\n"


@pytest.mark.parametrize("header, parent, expected", [
    ("Nama Kelompok", None, "name"), ("NAMA KELOMPOK UPPKA", None, "name"), ("Kab/Kota", None, "district"),
    ("Kabupaten/Kota", None, "district"), ("Jenis Usaha", None, "product_type"), ("Jml Anggota", None, "members"),
    ("Anggota PUS", None, "members_pus"), ("PUS ber-KB", None, "members_kb"), ("Ketua", None, "leader"),
    ("No. HP", None, "phone"), ("Modal (Rp)", None, "capital"), ("Tahun Berdiri", None, "founded_year"),
    ("TOTAL", "JUMLAH ANGGOTA", "members"), ("PUS", "JUMLAH ANGGOTA", "members_pus"),
    ("PUS BER-KB", "JUMLAH ANGGOTA", "members_kb"), ("members_pus", None, "members_pus"),
    ("district_code", None, "district"), ("Omzet/bulan", None, "turnover"), ("Kode Pos", None, None), ("Bulan", None, None),
])
def test_header_spellings(header, parent, expected):
    assert field_for(header, parent) == expected


@pytest.mark.parametrize("sample, delimiter", [
    ("a;b;c\n1;2;3\n", ";"), ("a,b,c\n1,2,3\n", ","), ("a\tb\tc\n1\t2\t3\n", "\t"), ("a|b|c\n1|2|3\n", "|"),
    ("DATA KELOMPOK;;;\n;;;\nNama;Kab;Jenis;Anggota\nx, y;Pidie;jasa;3\n", ";"),
])
def test_delimiter_sniffing(sample, delimiter):
    assert sniff_delimiter(sample) == delimiter


def test_column_number_row():
    assert is_column_number_row([1.0, 2.0, 3.0, "", "(5)"]) is False
    assert is_column_number_row([1.0, 2.0, 3.0, 4, "5"]) is True
    assert is_column_number_row(["(1)", "(2)", "(3)"]) is True
    assert is_column_number_row([1, "UPPKA Mawar", 3]) is False


names = st.text(alphabet=string.ascii_letters + string.digits + " '", min_size=1, max_size=20)


@given(names, st.sampled_from(["UPPKS ", "UPPKA ", "Kelompok ", "uppka  ", "KELOMPOK UPPKS ", ""]),
       st.sampled_from(["", ".", " ", "-"]))
def test_name_key_ignores_programme_prefix_case_and_punctuation(name, prefix, suffix):
    base = name_key(name)
    if base and base.split()[0] not in ("uppks", "uppka", "kelompok"):
        assert name_key(prefix + name.upper() + suffix) == base
        assert name_key("  " + prefix.lower() + name + suffix) == base


def _events(conn, source_path, second_process: bool, more_follow: bool = False):
    """Every event the reader gives for a file, in this process or a second one, and the identities it saw."""
    from uppks_cli.domain.checker import FieldChecker
    from uppks_cli.domain.product_types import Vocabulary
    from uppks_cli.importing.pipeline import SeenIdentities, read_checked
    from uppks_cli.importing.sources import open_source

    source = open_source(source_path)
    seen = SeenIdentities()
    checker = FieldChecker(None, Vocabulary.load(conn))
    try:
        events = list(read_checked(source, ImportOptions(), {}, checker, seen, more_follow=more_follow,
                                   second_process=second_process))
    finally:
        source.close()
    return events, bytes(seen.bits)


@pytest.mark.parametrize("name", ["district-sheets.xlsx", "invalid-rows.csv"])
def test_second_process_reader_gives_the_same_events(conn, name):
    here = _events(conn, fixture(name), False, more_follow=True)
    there = _events(conn, fixture(name), True, more_follow=True)
    assert [event for event in here[0] if event[0] != "progress"] == [
        event for event in there[0] if event[0] != "progress"]
    assert here[1] == there[1]  # the identities go back for the files that follow
    assert any(event[0] == "refused" for event in here[0]) == (name == "invalid-rows.csv")


def test_a_big_file_goes_through_the_second_process_with_the_same_result(conn, tmp_path):
    """A file past the size at which a second process reads it, with repeats and refusals:
    30,000 groups, each named two or three times, and every 7,919th row refused."""
    rows = [HEADER] + [[f"UPPKA Seulanga Bungong Jeumpa {i % 30_000}", "Pidie", "Mutiara" if i % 2 else "", "jasa",
                        "lima" if i % 7_919 == 0 else str(5 + i % 3)] for i in range(80_000)]
    path = write_csv(tmp_path / "besar.csv", rows)
    assert Path(path).stat().st_size >= 4 << 20
    report = import_files(conn, [path], ImportOptions(skip_invalid=True))
    counts = {k: report.counts[k] for k in ("inserted", "updated", "unchanged", "duplicates", "invalid")}
    assert counts == {"inserted": 30_000, "updated": 0, "unchanged": 0, "duplicates": 49_989, "invalid": 11}
    assert conn.execute("SELECT count(*) FROM groups").fetchone()[0] == 30_000
    assert [e["row"] for e in report.errors] == [i + 2 for i in range(0, 80_000, 7_919)]


def test_a_later_file_sees_the_groups_of_an_earlier_one(conn, tmp_path, en):
    first = write_csv(tmp_path / "a.csv", [HEADER, ["UPPKA Mawar", "Pidie", "", "anyaman", "20"]])
    second = write_csv(tmp_path / "b.csv", [HEADER, ["UPPKA Mawar", "PIDIE", "", "anyaman", "20"],
                                            ["UPPKA Seulanga", "Pidie", "", "jasa", "7"]])
    report = import_files(conn, [first, second])
    # the later file finds the group the earlier one brought, as a later batch would
    assert [(f.counts["inserted"], f.counts["unchanged"], f.counts["duplicates"]) for f in report.files] == [
        (1, 0, 0), (1, 1, 0)]
    assert report.warnings == [] and conn.execute("SELECT count(*) FROM groups").fetchone()[0] == 2


def _imported(conn, path, **settings) -> tuple:
    report = import_files(conn, [path], ImportOptions(skip_invalid=True), **settings).as_dict(
        lambda message: message.key)
    groups = [tuple(r) for r in conn.execute("SELECT id, name, district_code, subdistrict, members, revision "
                                             "FROM groups")]
    return report, groups


def test_identities_sharing_a_slot_change_nothing(conn, tmp_path):
    """With eight slots nearly every identity looks seen and its row is looked up: same result."""
    from uppks_cli.registry.connection import connect

    add_group(conn, {"name": "UPPKA 7", "district": "Pidie", "subdistrict": "Mutiara", "product_type": "jasa",
                     "members": "5"})
    rows = [HEADER] + [[f"UPPKA {i % 1500}", "Pidie", "Mutiara" if i % 3 else "", "jasa", str(5 + (i >= 2990))]
                       for i in range(3000)]
    path = write_csv(tmp_path / "r.csv", rows)
    other = connect(tmp_path / "other.db")
    add_group(other, {"name": "UPPKA 7", "district": "Pidie", "subdistrict": "Mutiara", "product_type": "jasa",
                      "members": "5"})
    expected = _imported(conn, path)
    assert _imported(other, path, identity_slots=8) == expected
    assert {k: expected[0][k] for k in ("inserted", "unchanged", "duplicates", "invalid")} == {
        "inserted": 1499, "unchanged": 1, "duplicates": 1490, "invalid": 10}


@given(st.lists(st.tuples(st.sampled_from(["11.07", "11.06"]), st.sampled_from(["mawar", "melati", "seulanga", "x"])),
                max_size=40), st.sampled_from([1, 8, 1 << 10]))
def test_the_identity_table_never_misses_a_repeat(identities, slots):
    from uppks_cli.importing.pipeline import SeenIdentities

    table = SeenIdentities(slots)
    maybe = set(table.sort_out(identities))
    repeats = {index for index, identity in enumerate(identities) if identity in identities[:index]}
    assert repeats <= maybe


def test_second_process_reader_failure_writes_nothing(conn, tmp_path, en):
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"Nama Kelompok,Kabupaten,Jenis Usaha\n" + b"UPPKA A,Pidie,jasa\n" * 10 + b"\"unclosed," +
                       b"x" * 5_000_000 + b"\n")
    with pytest.raises(UppksError) as refused:
        import_files(conn, [str(broken)])
    assert (refused.value.key, refused.value.params["row"]) == ("error_import_csv", 12)
    assert en.of(refused.value).startswith(f"{broken} line 12: field larger than field limit")
    assert count_groups(conn, GroupFilter(status="all")) == 0


def test_progress_is_reported_for_long_files(conn, tmp_path):
    rows = [HEADER] + [[f"UPPKA {i}", "Pidie", "", "jasa", "5"] for i in range(2500)]
    path = write_csv(tmp_path / "long.csv", rows)
    seen = []
    import_files(conn, [path], progress=lambda label, done, share: seen.append((label, done, share)))
    assert [label for label, _, _ in seen] == [path, path, path]
    assert [done for _, done, _ in seen] == [1001, 2001, 2501]  # rows read, the header being row 1
    assert 0 < seen[0][2] < seen[1][2] < seen[2][2] == 1.0


def test_progress_of_a_workbook_is_told_by_its_rows(conn, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(HEADER)
    for number in range(1999):
        book.active.append([f"UPPKA {number}", "Pidie", "", "jasa", 5])
    path = tmp_path / "panjang.xlsx"
    book.save(path)
    seen = []
    import_files(conn, [str(path)], progress=lambda label, done, share: seen.append((done, share)))
    assert seen == [(1001, 1001 / 2000), (2000, 1.0)]  # blocks of a thousand rows after the header


def test_progress_bar_stays_off_when_piped(run, tmp_path):
    rows = [HEADER] + [[f"UPPKA {i}", "Pidie", "", "jasa", "5"] for i in range(2500)]
    result = run("import", write_csv(tmp_path / "long.csv", rows))
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'long.csv'}: 2500 inserted, 0 updated, 0 unchanged, 0 duplicates, 0 skipped, 0 refused",
        "Batch 1 written: 2500 inserted, 0 updated. Undo with: uppks undo-import 1"]


def test_interrupted_import_leaves_the_registry_as_it_was(conn, tmp_path):
    add_group(conn, {"name": "UPPKA Lama", "district": "Pidie", "product_type": "jasa"})
    before = [tuple(r) for r in conn.execute("SELECT * FROM groups")]
    rows = [HEADER] + [[f"UPPKA {i}", "Pidie", "", "jasa", "5"] for i in range(3000)]
    written = []

    def interrupt_after_two_blocks(label, done, total):
        written.append(conn.execute("SELECT count(*) FROM groups").fetchone()[0])
        if len(written) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_files(conn, [write_csv(tmp_path / "i.csv", rows)], progress=interrupt_after_two_blocks)
    assert written == [1001, 2001]
    assert [tuple(r) for r in conn.execute("SELECT * FROM groups")] == before
    assert conn.execute("SELECT count(*) FROM import_batches").fetchone()[0] == 0


def test_encoding_can_be_forced(run):
    path = fixture("aceh-besar-cp1252.csv")
    wrong = run("import", path, "--encoding", "utf-8")
    assert wrong.stderr == f"Error: {path} is not valid utf-8 text; try --encoding cp1252 or --encoding utf-8.\n"
    unknown = run("import", path, "--encoding", "klingon")
    assert unknown.stderr == "Error: --encoding: 'klingon' is not an encoding Python knows; try utf-8 or cp1252.\n"
    assert run("count").stdout == "0\n"
    right = run("import", path, "--encoding", "cp1252", "-f", "json")
    assert json.loads(right.stdout)["inserted"] == 3
    assert json.loads(run("show", "1", "-f", "json").stdout)["leader"] == "Ma\u2019rifah"


def test_undo_asks_at_a_terminal(run, monkeypatch):
    from uppks_cli.cli import commands_groups as cli

    assert run("import", fixture("records.json")).exit_code == 0
    monkeypatch.setattr(cli, "stdin_is_terminal", lambda: True)
    declined = run("undo-import", "1", input="n\n")
    assert declined.exit_code == 1
    assert declined.stderr == ("Undo batch 1: remove 2 groups it added and restore 0 groups it changed? [y/N] n\n"
                               "Nothing was changed.\n")
    assert run("count", "--status", "all").stdout == "2\n"
    accepted = run("undo-import", "1", input="y\n")
    assert accepted.exit_code == 0 and accepted.stderr.endswith("Batch 1 undone: 2 groups removed, 0 groups restored.\n")
    assert run("count", "--status", "all").stdout == "0\n"


CELLS = ["UPPKA Mawar", "Sejahtera", "Tunas", "Gampong Baru", "JUMLAH", "Jumlah Kab. Pidie", "Total", "Pidie",
         "Bireuen", "jasa", "12", "", " ", "  \t", "'=1+1", "'-5", "Ma'rifah", "Mengetahui,", "Kepala Dinas",
         "Sigli, 02-11-2025", "NIP. 1970", "1", "2", "3"]


@given(st.lists(st.one_of(st.lists(st.sampled_from(CELLS), min_size=6, max_size=7),
                          st.lists(st.sampled_from(CELLS), max_size=5)), max_size=60),
       st.sampled_from([1, 2, 5, 1000]))
def test_text_rows_read_a_block_at_a_time_as_one_at_a_time(body, block_rows):
    """The CSV fast path (a block and a column at a time) finds the same rows,
    values, footer and notes as reading cell by cell."""
    from uppks_cli.importing.table import table_records

    header = ["No", "Nama Kelompok", "Kabupaten", "Jenis Usaha", "Jml Anggota", "Ketua"]
    rows = [(1, ["DATA UPPKA"]), (2, header)] + [(number, cells) for number, cells in enumerate(body, start=3)]
    results = []
    for text_only in (True, False):
        layout, records = table_records(iter([(n, list(c)) for n, c in rows]), {}, None, restore=True,
                                        text_only=text_only, block_rows=block_rows)
        results.append(([pair for block in records for pair in block], layout.notes, layout.fields))
    assert results[0] == results[1]


@pytest.mark.parametrize("text_only", [True, False])
def test_blank_and_neutralised_cells_and_the_totals_row(text_only):
    from uppks_cli.importing.table import table_records

    rows = [(1, ["Nama Kelompok", "Kabupaten", "Jml Anggota"]), (2, ["UPPKA A", "Pidie", " "]),
            (3, ["UPPKA B", "Pidie", "'=2"]), (4, ["JUMLAH", "", "9"]), (5, ["UPPKA C", "Pidie", "1"])]
    layout, records = table_records(iter(rows), {}, restore=True, text_only=text_only)
    assert [pair for block in records for pair in block] == [(2, ("UPPKA A", "Pidie", None)),
                                                             (3, ("UPPKA B", "Pidie", "=2")),
                                                             (5, ("UPPKA C", "Pidie", "1"))]
    assert layout.notes == [("note_totals_row", {"row": 4, "label": "JUMLAH"}), (
        "note_totals_differ", {"row": 4, "label": "JUMLAH", "column": "Jml Anggota", "sheet_value": 9, "rows_value": 0})]


SIGA_PAGE = """<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><style>td {{ mso-number-format: "@"; }}</style>
</head><body><script>var x = "<table>";</script>
<table border="1">
<tr><td colspan="6"><b>DATA KELOMPOK UPPKA</b></td></tr><tr><td colspan="6">KABUPATEN PIDIE</td></tr>
<tr><th rowspan="2">No</th><th rowspan="2">Nama Kelompok</th><th rowspan="2">Kecamatan</th>
    <th rowspan="2">Jenis Usaha</th><th colspan="2">JUMLAH ANGGOTA</th></tr>
<tr><th>TOTAL</th><th>PUS</th></tr>
<tr><td>1</td><td>UPPKA   Mawar</td><td>Mutiara</td><td>Anyaman</td><td>20</td><td>15</td></tr>
<tr><td>2</td><td>UPPKA Ma\u2019rifah &amp; Co</td><td>Delima</td><td>Makanan</td><td>1.250</td><td>12</td></tr>
<tr><td>3</td><td>UPPKA Baris<br>Dua</td><td>Delima</td><td>Jasa</td><td>7</td><td>{pus}</td></tr>
<tr><td colspan="4">JUMLAH</td><td>1.277</td><td>27</td></tr>
</table>{more}</body></html>"""


def test_a_web_page_saved_as_xls_is_read_as_excel_opens_it(run, tmp_path):
    """Web applications' "export to Excel" writes an HTML table named .xls: its merged title and
    headings, its totals row and its cells are read as from a workbook; a line break in a name is
    refused as in a workbook; a second table is a sheet of its own."""
    page = tmp_path / "siga-pidie.xls"
    page.write_bytes(SIGA_PAGE.format(pus="", more="").encode("cp1252"))
    result = run("import", str(page), "--skip-invalid", "-f", "json", "-q")
    report = json.loads(result.stdout)
    assert (result.exit_code, report["inserted"], report["invalid"], report["files"][0]["format"]) == (0, 2, 1, "html")
    assert report["errors"][0]["row"] == 7 and report["errors"][0]["value"] == "UPPKA Baris\nDua"
    assert [note["message"] for note in report["files"][0]["notes"]] == [
        "the file is not UTF-8: read as cp1252, the code page its accents fit best; if names look wrong, give "
        "--encoding.",
        "no district column: every row is taken to be in Pidie, as the sheet's title or tab says.",
        "row 8 ('JUMLAH') is a totals row: not read as a group."]
    groups = json.loads(run("list", "-f", "json").stdout)
    assert [(g["name"], g["district"], g["subdistrict"], g["product_type"], g["members"], g["members_pus"])
            for g in groups] == [("UPPKA Mawar", "Pidie", "Mutiara", "anyaman", 20, 15),
                                 ("UPPKA Ma\u2019rifah & Co", "Pidie", "Delima", "makanan", 1250, 12)]
    second = tmp_path / "dua-tabel.html"
    second.write_text(SIGA_PAGE.format(pus="1", more="<table><tr><td>Nama Kelompok</td><td>Kabupaten</td>"
                                       "<td>Jenis Usaha</td></tr><tr><td>UPPKA Seroja</td><td>Bireuen</td>"
                                       "<td>jasa</td></tr></table>"), encoding="utf-8")
    only_second = json.loads(run("import", str(second), "--sheet", "2", "--dry-run", "-f", "json", "-q").stdout)
    assert (only_second["inserted"], only_second["files"][0]["sheets"]) == (1, ["2"])
    missing = run("import", str(second), "--sheet", "3")
    assert missing.stderr == f"Error: {second} has no sheet '3'; its sheets are: 1, 2.\n"


@pytest.mark.parametrize("page, message", [
    ("<table><tr><td>Nama Kelompok<table><tr><td>x</td></tr></table></td></tr></table>",
     "{file} is a web page with a table inside a table; open it in Excel or LibreOffice, save it as .xlsx, and "
     "import that."),
    ("<!DOCTYPE html><html><body><p>Sesi Anda telah berakhir. Silakan masuk lagi.</p></body></html>",
     "{file} is a web page without a table; save the table from the web application again, or as .xlsx."),
    ('<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="A">'
     "<Table><Row><Cell><Data ss:Type=\"String\">Nama Kelompok</Data></Cell></Row></Table></Worksheet></Workbook>",
     "{file} is an Excel 2003 XML workbook, which uppks does not read; open it in Excel or LibreOffice, save it as "
     ".xlsx, and import that."),
])
def test_a_web_page_that_cannot_be_read_as_one_sheet_is_refused_saying_why(run, tmp_path, page, message):
    path = tmp_path / "ekspor.xls"
    path.write_text(page, encoding="utf-8")
    result = run("import", str(path))
    assert (result.exit_code, result.stderr) == (1, "Error: " + message.format(file=path) + "\n")
    assert run("count", "--status", "all").stdout == "0\n"


def test_a_web_pages_footer_written_before_its_body_is_its_last_row_as_a_browser_shows_it(run, tmp_path):
    """HTML lets <tfoot> come before <tbody> (a web application's totals row): a browser and Excel show it
    below the rows, so it is the totals row after them, checked against them, not a row above them."""
    page = tmp_path / "ekspor.xls"
    page.write_text("<table><thead><tr><th>Nama Kelompok</th><th>Kabupaten</th><th>Jenis Usaha</th><th>Jml Anggota"
                    "</th></tr></thead><tfoot><tr><td colspan=3>JUMLAH</td><td>27</td></tr></tfoot><tbody><tr><td>"
                    "UPPKA Mawar</td><td>Pidie</td><td>jasa</td><td>20</td></tr><tr><td>UPPKA Melati</td><td>Pidie"
                    "</td><td>jasa</td><td>7</td></tr></tbody></table>", encoding="utf-8")
    report = json.loads(run("import", str(page), "-f", "json", "-q").stdout)
    assert (report["inserted"], report["invalid"], [note["message"] for note in report["files"][0]["notes"]]) == (
        2, 0, ["row 4 ('JUMLAH') is a totals row: not read as a group."])


def test_a_web_pages_title_above_its_table_and_signature_below_are_read_as_excel_shows_them(run, tmp_path):
    """A page's heading outside the table (an <h3> "KABUPATEN PIDIE") is a title row above it, as Excel
    shows it: the district comes from it; the place, date and name signed below are named, not read."""
    page = tmp_path / "ekspor.xls"
    page.write_text("<html><head><title>Ekspor SIGA</title></head><body><h3>DATA KELOMPOK UPPKA</h3>"
                    "<p>KABUPATEN <b>PIDIE</b></p><table><tr><th>Nama Kelompok</th><th>Jenis Usaha</th>"
                    "<th>Jml Anggota</th></tr><tr><td>UPPKA Mawar</td><td>jasa</td><td>20</td></tr></table>"
                    "<p>Sigli, 31 Oktober 2025</p><p>Kepala Bidang</p></body></html>", encoding="utf-8")
    report = json.loads(run("import", str(page), "-f", "json", "-q").stdout)
    assert (report["inserted"], report["invalid"], [note["message"] for note in report["files"][0]["notes"]]) == (
        1, 0, ["no district column: every row is taken to be in Pidie, as the sheet's title or tab says.",
               "row 5 ('Sigli, 31 Oktober 2025') is a signature, date or remark line: not read as a group.",
               "row 6 ('Kepala Bidang') is a signature, date or remark line: not read as a group."])
    assert [(g["name"], g["district"], g["members"]) for g in json.loads(run("list", "-f", "json").stdout)] == [
        ("UPPKA Mawar", "Pidie", 20)]


def test_a_web_pages_hidden_rows_caption_and_blocks_in_a_cell_read_as_excel_shows_them(run, tmp_path):
    """Excel's "Save as Web Page" hides a row with display:none: it is named and left out as a
    workbook's hidden row (--include-hidden reads it); a caption is a title row above the table; a
    block inside a cell is a line of its own, so a name split over two is refused, not run together."""
    page = tmp_path / "ekspor.xls"
    page.write_text("<table><caption>DATA UPPKA KABUPATEN BIREUEN</caption>"
                    "<tr><th>Nama Kelompok</th><th>Jenis Usaha</th></tr>"
                    "<tr><td>UPPKA Mawar</td><td>jasa</td></tr>"
                    "<tr style='display: none'><td>UPPKA Lama</td><td>jasa</td></tr>"
                    "<tr><td>UPPKA<div>Melati</div></td><td>jasa</td></tr></table>", encoding="utf-8")
    report = json.loads(run("import", str(page), "--skip-invalid", "-f", "json", "-q").stdout)
    assert (report["inserted"], [(e["row"], e["value"]) for e in report["errors"]]) == (1, [(5, "UPPKA\nMelati")])
    assert [note["message"] for note in report["files"][0]["notes"]] == [
        "no district column: every row is taken to be in Bireuen, as the sheet's title or tab says.",
        "row 4 ('UPPKA Lama') is hidden: not read as a group (add --include-hidden to read it)."]
    assert [g["name"] for g in json.loads(run("list", "-f", "json").stdout)] == ["UPPKA Mawar"]
    again = json.loads(run("import", str(page), "--skip-invalid", "--include-hidden", "-f", "json", "-q").stdout)
    assert (again["inserted"], again["unchanged"]) == (1, 1)


def test_text_in_a_web_pages_table_but_in_no_cell_is_a_row_of_its_own_not_lost(run, tmp_path):
    """A browser shows text written inside <table> but outside any cell apart from the table; it is
    read as a row of its own, and so named (here as the title giving the district), never dropped."""
    page = tmp_path / "ekspor.xls"
    page.write_text("<table>KABUPATEN BIREUEN<tr><th>Nama Kelompok</th><th>Jenis Usaha</th></tr>"
                    "<tr><td>UPPKA Mawar</td><td>jasa</td></tr></table>", encoding="utf-8")
    report = json.loads(run("import", str(page), "-f", "json", "-q").stdout)
    assert (report["inserted"], [note["message"] for note in report["files"][0]["notes"]]) == (
        1, ["no district column: every row is taken to be in Bireuen, as the sheet's title or tab says."])
