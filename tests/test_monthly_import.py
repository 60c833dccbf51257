"""`uppks monthly import` and `uppks monthly export`: district sheets of monthly reports
in, every report out again, and the round trip exact."""

import csv
import datetime
import json
import os
import sqlite3
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
WORKBOOK = str(FIXTURES / "monthly-pidie-oktober-2025.xlsx")
WINDOWS_CSV = str(FIXTURES / "monthly-pidie-oktober-2025-cp1252.csv")
PIDIE_GROUPS = [("UPPKA Mawar", "Mutiara"), ("UPPKA Melati", "Pidie"), ("UPPKA Seulanga", "Simpang Tiga"),
                ("UPPKA Cempaka", "Delima"), ("UPPKA Kenanga Indah", "Mutiara"), ("UPPKA Teratai", "Kembang Tanjong"),
                ("UPPKA Seroja", "Mutiara"), ("UPPKA Ma’rifah", "Mutiara")]
KEYS = ("group_id", "period", "meetings", "meetings_virtual", "families", "attended", "members_pus", "members_kb",
        "turnover", "capital_received", "capital_source", "reported_on", "notes")


@pytest.fixture
def pidie(run):
    for name, subdistrict in PIDIE_GROUPS:
        result = run("add", "--name", name, "--district", "Pidie", "--product-type", "jasa", "--subdistrict",
                     subdistrict)
        assert result.exit_code == 0, result.stderr


def reports(run, *terms):
    rows = json.loads(run("monthly", "list", *terms, "-f", "json").stdout)
    return [tuple(row[key] for key in KEYS) for row in rows]


def write_csv(path: Path, rows, encoding="utf-8", delimiter=",") -> str:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return str(path)


def test_a_district_workbook_imports_its_month_refuses_and_names_every_other_row(run, pidie, tmp_path):
    refused = run("monthly", "import", WORKBOOK, "-f", "json")
    report = json.loads(refused.stdout)
    assert (refused.exit_code, report["written"], report["inserted"], report["invalid"]) == (1, False, 3, 3)
    assert reports(run) == []
    assert [(e["row"], e["column"], e["value"], e["message"]) for e in report["errors"]] == [
        (11, "KELUARGA HADIR", "10", "attended (10) is more than families (8); the families that attended are counted among the member "
            "families, so one of the two numbers is wrong."),
        (12, "NAMA KELOMPOK", "UPPKA Kenanga", "no registered group in Pidie is named 'UPPKA Kenanga' (closest there: "
         "UPPKA Kenanga Indah, UPPKA Seulanga); correct the name, or register the group first (uppks add, uppks "
         "import)."),
        (14, "SUMBER MODAL", "", "capital received needs its source in the 'SUMBER MODAL' column: one of bank, "
         "baznas, pegadaian, apbn, apbd, dana_desa, swadaya, mitra, lainnya.")]
    assert [(n["kind"], n.get("row"), n.get("period") or n.get("text") or n.get("label")) for n in
            report["files"][0]["notes"]] == [
        ("note_period_from_title", None, "2025-10"), ("note_district_from_title", None, None),
        ("note_column_numbers", 7, None), ("note_row_hidden", 13, "UPPKA Teratai"), ("note_totals_row", 15, "JUMLAH"),
        ("note_not_read_line", 17, "Sigli, 3 November 2025"), ("note_not_read_line", 18, "Kepala Bidang KB"),
        ("note_not_read_below", 20, "NAMA PEJABAT"), ("note_not_read_line", 21, "NIP. 19700101 199003 2 001")]
    assert refused.stderr.endswith("Nothing was written: 3 rows were refused. Fix them and import again, or add "
                                   "--skip-invalid to import the rest.\n")

    rejects = tmp_path / "ditolak.csv"
    written = run("monthly", "import", WORKBOOK, "--skip-invalid", "--rejects", str(rejects))
    assert written.exit_code == 0
    assert written.stderr.splitlines()[0] == (
        f"{WORKBOOK} [Pidie]: reports: 3 added, 0 replaced, 0 unchanged, 0 duplicates, 3 refused")
    assert written.stderr.endswith("Batch 1 written: reports: 3 added, 0 replaced. Undo with: uppks undo-import 1\n")
    assert reports(run) == [
        (1, "2025-10", 2, 1, 20, 15, 12, 9, 1_500_000, None, None, "2025-11-02", "Rapat rutin"),
        (2, "2025-10", 1, 0, 24, 20, 18, 10, 2_500_000, 2_000_000, "baznas", "2025-11-03", None),
        (3, "2025-10", 2, None, 12, 12, 12, 9, 3_000_000, None, None, None, "+ dua anggota baru")]
    with rejects.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["row"], row["name"], row["period"], row["attended"], row["capital_received"]) for row in rows] == [
        ("11", "UPPKA Cempaka", "2025-10", "10", ""), ("12", "UPPKA Kenanga", "2025-10", "9", ""),
        ("14", "UPPKA Seroja", "2025-10", "10", "1 jt")]
    assert oct(os.stat(rejects).st_mode & 0o777) == "0o600"

    again = run("monthly", "import", WORKBOOK, "--skip-invalid", "-f", "json")
    assert {k: json.loads(again.stdout)[k] for k in ("batch", "inserted", "updated", "unchanged", "invalid")} == {
        "batch": None, "inserted": 0, "updated": 0, "unchanged": 3, "invalid": 3}
    assert again.stderr.endswith("Nothing to write: the registry already holds these reports as they are.\n")


def test_a_windows_csv_with_a_month_column_repeats_and_contradictions(run, pidie):
    result = run("monthly", "import", WINDOWS_CSV, "--skip-invalid", "-f", "json")
    report = json.loads(result.stdout)
    assert {k: report[k] for k in ("inserted", "duplicates", "invalid")} == {"inserted": 3, "duplicates": 1,
                                                                             "invalid": 2}
    assert [(n["kind"], n.get("encoding") or n.get("row")) for n in report["files"][0]["notes"]] == [
        ("note_encoding_guessed", "cp1252"), ("note_totals_row", 10)]
    assert [(w["row"], w["message"]) for w in report["warnings"]] == [
        (6, "this row repeats monthly-pidie-oktober-2025-cp1252.csv:5 exactly; imported once.")]
    assert [(e["row"], e["column"], e["message"]) for e in report["errors"]] == [
        (8, "Nama Kelompok", "this row is a second report of group 2 for 2025-10 in this file, with other numbers "
         "than monthly-pidie-oktober-2025-cp1252.csv:7; keep one row per group and month."),
        (9, "PUS ber-KB", "members_kb (14) is more than members_pus (12); PUS using KB are counted among the PUS, and "
         "need the PUS count beside them.")]
    assert reports(run) == [
        (1, "2025-09", 1, 1, 20, 18, 12, 9, 1_200_000, None, None, None, None),
        (2, "2025-10", 1, 0, 24, 20, 18, 10, 2_500_000, None, None, None, None),
        (8, "2025-10", 2, 0, 16, 16, 11, 8, 750_000, None, None, None, "Pengurus baru, ketua Nurlaila")]


@pytest.mark.parametrize("title, args, message", [
    ("KEADAAN BULAN OKTOBER 2025", ["--period", "2025-09"],
     "{file}: the title of sheet '-' says 2025-10 but --period says 2025-09; leave --period out to take the title's "
     "month, or correct the title."),
    ("REKAP UPPKA PIDIE", [],
     "{file}: sheet '-' does not say which month it reports (no 'Bulan' column, no month in its title); give --period "
     "2025-10, or add the month to the title."),
    ("LAPORAN BULAN JANUARI - MARET 2025", [],
     "{file}: the title of sheet '-' names several months (2025-01, 2025-03); import one month at a time, or add a "
     "'Bulan' column."),
])
def test_the_month_of_a_sheet_is_never_guessed(run, pidie, tmp_path, title, args, message):
    path = write_csv(tmp_path / "bulan.csv", [[title], ["Nama Kelompok", "Kabupaten", "Jml Keluarga Anggota"],
                                              ["UPPKA Mawar", "Pidie", "20"]])
    result = run("monthly", "import", path, *args)
    assert (result.exit_code, result.stderr) == (1, "Error: " + message.format(file=path) + "\n")
    assert reports(run) == []


def test_the_title_or_period_gives_the_month_and_a_row_of_another_month_is_refused(run, pidie, tmp_path):
    path = write_csv(tmp_path / "okt.csv", [["Bulan: Oktober 2025"], ["Nama Kelompok", "Kab/Kota", "Bulan",
                                                                     "Keluarga Hadir", "Jml Keluarga Anggota"],
                                            ["UPPKA Mawar", "Pidie", "", "18", "20"],
                                            ["UPPKA Melati", "Pidie", "09/2025", "5", "10"]])
    result = json.loads(run("monthly", "import", path, "--period", "Oktober 2025", "--skip-invalid", "-f",
                            "json").stdout)
    assert [(e["row"], e["message"]) for e in result["errors"]] == [
        (4, "period: this row says '09/2025' but the sheet is of 2025-10; correct the cell, or import the row with "
            "its own month's sheet.")]
    assert reports(run) == [(1, "2025-10", None, None, 20, 18, None, None, None, None, None, None, None)]
    no_title = write_csv(tmp_path / "tanpa-judul.csv", [["Nama Kelompok", "Kab/Kota", "Jml Keluarga Anggota"],
                                                        ["UPPKA Melati", "Pidie", "10"]])
    assert run("monthly", "import", no_title, "--period", "10/2025").exit_code == 0
    assert reports(run, "melati") == [(2, "2025-10", None, None, 10, None, None, None, None, None, None, None, None)]


def test_a_new_report_replaces_the_old_and_undo_puts_it_back(run, pidie, tmp_path):
    header = ["Nama Kelompok", "Kabupaten", "Kecamatan", "Periode", "Jml Keluarga Anggota", "Keluarga Hadir"]
    first = write_csv(tmp_path / "a.csv", [header, ["UPPKA Mawar", "Pidie", "Mutiara", "2025-10", "20", "15"],
                                           ["UPPKA Melati", "Pidie", "", "2025-10", "10", "9"]])
    second = write_csv(tmp_path / "b.csv", [header, ["mawar", "PIDIE", "MUTIARA", "Oktober 2025", "20", "17"],
                                            ["UPPKA Melati", "Pidie", "", "2025-10", "10", "9"],
                                            ["UPPKA Seroja", "Pidie", "Mutiara", "2025-10", "7", "7"]])
    assert run("monthly", "import", first).exit_code == 0
    replaced = run("monthly", "import", second)
    assert replaced.stderr.splitlines()[0] == f"{second}: reports: 1 added, 1 replaced, 1 unchanged, 0 duplicates, 0 refused"
    assert [row[:6] for row in reports(run)] == [(1, "2025-10", None, None, 20, 17), (2, "2025-10", None, None, 10, 9),
                                                 (7, "2025-10", None, None, 7, 7)]
    imports = json.loads(run("imports", "-f", "json").stdout)
    assert [(b["id"], b["kind"], b["inserted"], b["updated"], b["unchanged"]) for b in imports] == [
        (1, "monthly", 2, 0, 0), (2, "monthly", 1, 1, 1)]
    assert run("undo-import", "1", "--yes").stderr == (
        "Error: batch 1 cannot be undone: 1 of its reports was changed after it (group and month: 1 2025-10); undoing "
        "would lose that change.\n")
    assert run("undo-import", "2", "--yes").stderr == (
        "Batch 2 undone: 1 monthly report removed, 1 monthly report restored.\n")
    assert [row[:6] for row in reports(run)] == [(1, "2025-10", None, None, 20, 15), (2, "2025-10", None, None, 10, 9)]
    history = json.loads(run("history", "1", "-f", "json").stdout)
    assert [(h["action"], h["source"], h["changes"]) for h in history[:2]] == [
        ("undone", "batch 2 2025-10", {"attended": [17, 15]}),
        ("monthly_replaced", "batch 2: b.csv:2 2025-10", {"attended": [15, 17]})]
    # the batch is again the one that wrote the report, so it can be undone in turn
    assert run("undo-import", "1", "--yes").stderr == (
        "Batch 1 undone: 2 monthly reports removed, 0 monthly reports restored.\n")
    assert reports(run) == []


def test_a_report_changed_after_its_batch_blocks_the_undo_and_reports_block_a_groups_undo(run, tmp_path):
    groups = write_csv(tmp_path / "g.csv", [["Nama Kelompok", "Kabupaten", "Jenis Usaha"],
                                            ["UPPKA Mawar", "Pidie", "jasa"]])
    assert run("import", groups).exit_code == 0
    monthly = write_csv(tmp_path / "m.csv", [["Nama Kelompok", "Kabupaten", "Bulan", "Jml Keluarga Anggota"],
                                             ["UPPKA Mawar", "Pidie", "2025-10", "20"]])
    assert run("monthly", "import", monthly).exit_code == 0
    assert run("undo-import", "1", "--yes").stderr == (
        "Error: batch 1 cannot be undone: 1 of the groups it added has monthly reports since (1); undoing would lose "
        "them. Undo the monthly imports of those reports first, or deactivate the wrong groups instead.\n")
    assert run("monthly", "add", "1", "--period", "2025-10", "--families", "21").exit_code == 0
    assert run("undo-import", "2", "--yes").stderr.startswith("Error: batch 2 cannot be undone: 1 of its reports was")
    assert reports(run)[0][4] == 21
    table = run("--lang", "id", "imports").stdout
    assert "laporan bulanan" in table and "kelompok" in table


def test_an_unknown_group_in_another_kecamatan_is_said_so(run, pidie, tmp_path):
    path = write_csv(tmp_path / "kec.csv", [["Nama Kelompok", "Kabupaten", "Kecamatan", "Bulan", "Jml Pertemuan"],
                                            ["UPPKA Mawar", "Pidie", "Delima", "2025-10", "1"]])
    result = json.loads(run("monthly", "import", path, "-f", "json").stdout)
    assert result["errors"][0]["message"] == ("'UPPKA Mawar' in Pidie is registered in another kecamatan than Delima: "
                                              "group 1 (Mutiara); correct the kecamatan.")


def test_the_export_keeps_the_export_guarantees(run, pidie, tmp_path, db_path):
    assert run("monthly", "add", "1", "--period", "2025-10", "--families", "3", "--notes", "=1+1").exit_code == 0
    target = tmp_path / "laporan.csv"
    done = run("monthly", "export", "-o", str(target))
    assert done.stderr == f"1 monthly report written to {target} (csv).\n"
    assert target.read_bytes().startswith(b"\xef\xbb\xbfgroup_id,name,district_code,district,subdistrict,period,")
    assert target.read_text(encoding="utf-8-sig").splitlines()[1] == (
        "1,UPPKA Mawar,11.07,Pidie,Mutiara,2025-10,,,3,,,,,,,,'=1+1")
    assert oct(os.stat(target).st_mode & 0o777) == "0o600"
    assert run("monthly", "export", "-o", str(target)).stderr.startswith("Error: ")
    assert target.read_text(encoding="utf-8-sig").count("\n") == 2
    onto_registry = run("monthly", "export", "-o", str(db_path), "--force")
    assert onto_registry.exit_code == 1 and sqlite3.connect(db_path).execute(
        "SELECT count(*) FROM monthly_reports").fetchone() == (1,)
    assert json.loads(run("monthly", "export", "-f", "json", "--period", "2025-11").stdout) == []


# --- the round trip: whatever the registry holds, its export imports back as the same reports ---

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ROUND_TRIP_GROUPS = [("UPPKA Ma’rifah", "Pidie", "Mutiara"), ("Kelompok Cut Nyak Dhién", "Pidie", None),
                     ("UPPKS Mawar", "Pidie", "Delima"), ("UPPKA Mawar", "Pidie", "Mutiara"),
                     ("UPPKA Bungong Jeumpa", "Bireuen", "Kota Juang"), ("UPPKA \"Saree\" 2", "Aceh Besar", None)]
_COUNT = st.none() | st.integers(0, 5000)
_NOTES = st.none() | st.sampled_from(["=SUM(A1:A9)", "+62 812", "-5 keluarga", "@ketua", "'=1+1", "Rp 1.500.000",
                                      "12", "Catatan: ketua pindah", "JUMLAH", "ﾃｽﾄ 🌺 ‘kutip’"]) | st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=30)


@st.composite
def monthly_report(draw):
    families = draw(_COUNT)
    members_pus = None if families is None else draw(st.none() | st.integers(0, families))
    capital = draw(st.none() | st.integers(0, 10**13 - 1))
    return {"meetings": draw(st.none() | st.integers(0, 100)), "meetings_virtual": draw(st.none() | st.integers(0, 100)),
            "families": families, "attended": None if families is None else draw(st.none() | st.integers(0, families)),
            "members_pus": members_pus,
            "members_kb": None if members_pus is None else draw(st.none() | st.integers(0, members_pus)),
            "turnover": draw(st.none() | st.integers(0, 10**13 - 1)), "capital_received": capital,
            "capital_source": draw(st.sampled_from(["bank", "dana_desa", "lainnya"])) if capital else None,
            # a day reported comes after its month began (the latest month drawn) and not after today
            "reported_on": draw(st.none() | st.dates(datetime.date(2025, 10, 1), datetime.date.today()).map(
                lambda day: day.isoformat())),
            "notes": draw(_NOTES)}


def _stored(conn):
    return conn.execute("SELECT * FROM monthly_reports ORDER BY group_id, period").fetchall()


@pytest.fixture
def round_trip(conn):
    from uppks_cli.domain.groups import add_group

    for name, district, subdistrict in ROUND_TRIP_GROUPS:
        add_group(conn, {"name": name, "district": district, "product_type": "jasa", "subdistrict": subdistrict})
    return conn


@pytest.mark.parametrize("export_format", ["csv", "xlsx", "json", "jsonl"])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(1, len(ROUND_TRIP_GROUPS)), st.sampled_from(["1950-01", "2000-06", "2025-10"]),
                          monthly_report()), min_size=1, max_size=8, unique_by=lambda item: item[:2]))
def test_an_export_imports_back_as_exactly_the_same_reports(round_trip, tmp_path, export_format, written):
    from uppks_cli.domain.monthly import checked_report
    from uppks_cli.importing import ImportOptions
    from uppks_cli.importing.monthly import import_monthly
    from uppks_cli.registry.connection import transaction
    from uppks_cli.registry.groups import GroupFilter
    from uppks_cli.registry.monthly import save_report
    from uppks_cli.reports.export import export_monthly

    conn = round_trip
    with transaction(conn):
        conn.execute("DELETE FROM monthly_reports")
        for group_id, period, given_report in written:
            save_report(conn, group_id, period, checked_report(given_report), "2026-01-01T00:00:00Z", "test")
    before = [tuple(row)[:-3] for row in _stored(conn)]  # batch and times aside
    target = tmp_path / f"laporan-{len(os.listdir(tmp_path))}.{export_format}"
    assert export_monthly(conn, GroupFilter(status="all"), None, str(target), export_format) == len(written)
    again = import_monthly(conn, [str(target)], ImportOptions())
    assert (again.counts["unchanged"], again.counts["invalid"], again.written) == (len(written), 0, False)
    with transaction(conn):
        conn.execute("DELETE FROM monthly_reports")
    report = import_monthly(conn, [str(target)], ImportOptions())
    assert (report.counts["inserted"], report.counts["invalid"], report.errors) == (len(written), 0, [])
    assert [tuple(row)[:-3] for row in _stored(conn)] == before


def test_map_and_dry_run_read_other_headers_and_write_nothing(run, pidie, tmp_path):
    path = write_csv(tmp_path / "lain.csv", [["Kelompok", "Kab", "Bln", "Hadir Pertemuan", "KK", "Kode Pos"],
                                             ["UPPKA Mawar", "Pidie", "10/2025", "9", "12", "24151"]])
    result = run("monthly", "import", path, "--map", "Hadir Pertemuan=attended", "--map", "KK=families", "--map",
                 "Bln=period", "--map", "Kode Pos=ignore", "--dry-run")
    assert result.stderr.splitlines() == [
        f"{path}: reports: 1 added, 0 replaced, 0 unchanged, 0 duplicates, 0 refused",
        "Dry run: nothing was written (reports: would add 1 and replace 0)."]
    assert reports(run) == []
    wrong = run("monthly", "import", path, "--map", "KK=members")
    assert wrong.stderr.startswith("Error: --map: 'members' in 'KK=members' is not a field; use one of name, district, "
                                   "subdistrict, period, meetings, meetings_virtual, families, attended,")


def test_a_month_cell_is_read_against_its_own_sheets_month(run, pidie, tmp_path):
    """The same cell text in two sheets of different months: right in the first, refused in the second."""
    from openpyxl import Workbook

    book = Workbook()
    october, november = book.active, book.create_sheet("November")
    october.title = "Oktober"
    for sheet, title, name in ((october, "KEADAAN BULAN OKTOBER 2025", "UPPKA Mawar"),
                               (november, "KEADAAN BULAN NOVEMBER 2025", "UPPKA Melati")):
        sheet.append([title])
        sheet.append(["Nama Kelompok", "Kabupaten", "Bulan", "Jml Keluarga Anggota"])
        sheet.append([name, "Pidie", "10/2025", "20"])
    path = tmp_path / "dua-bulan.xlsx"
    book.save(path)
    result = json.loads(run("monthly", "import", str(path), "--skip-invalid", "-f", "json").stdout)
    assert [(e["sheet"], e["row"], e["message"]) for e in result["errors"]] == [
        ("November", 3, "period: this row says '10/2025' but the sheet is of 2025-11; correct the cell, or import the "
         "row with its own month's sheet.")]
    assert reports(run) == [(1, "2025-10", None, None, 20, None, None, None, None, None, None, None, None)]


def test_rows_of_a_long_sheet_meet_their_groups_and_their_repeats_across_blocks(run, tmp_path):
    """More rows than one block: each finds its group, and a repeat far below its first row is still seen."""
    groups = [["Nama Kelompok", "Kabupaten", "Kecamatan", "Jenis Usaha"]] + [
        [f"UPPKA Bunga {number}", "Pidie", "Mutiara", "jasa"] for number in range(1, 1_051)]
    assert run("import", write_csv(tmp_path / "kelompok.csv", groups), "--quiet").exit_code == 0
    month = [["Nama Kelompok", "Kabupaten", "Kecamatan", "Bulan", "Jml Keluarga Anggota"]] + [
        [f"Bunga {number}", "Pidie", "Kec. Mutiara" if number % 2 else "Mutiara", "2025-10", str(number % 30 + 10)]
        for number in range(1, 1_051)]
    month += [["UPPKA Bunga 1", "Pidie", "Mutiara", "2025-10", "11"], ["UPPKA Bunga 2", "Pidie", "", "2025-10", "99"]]
    path = write_csv(tmp_path / "bulanan.csv", month)
    result = json.loads(run("monthly", "import", path, "--skip-invalid", "-f", "json").stdout)
    assert {k: result[k] for k in ("inserted", "duplicates", "invalid")} == {"inserted": 1_050, "duplicates": 1,
                                                                             "invalid": 1}
    assert [(w["row"], w["message"]) for w in result["warnings"]] == [
        (1_052, "this row repeats bulanan.csv:2 exactly; imported once.")]
    assert [(e["row"], e["message"]) for e in result["errors"]] == [
        (1_053, "this row is a second report of group 2 for 2025-10 in this file, with other numbers than "
                "bulanan.csv:3; keep one row per group and month.")]
    stored = reports(run)
    assert len(stored) == 1_050
    assert [row[:5] for row in stored[:2] + stored[-1:]] == [(1, "2025-10", None, None, 11),
                                                            (2, "2025-10", None, None, 12),
                                                            (1_050, "2025-10", None, None, 10)]


def test_a_number_too_long_for_python_is_refused_in_its_row_not_a_crash(run, pidie, tmp_path):
    """Past 4,300 digits int() fails, past 309 float() does: the row is refused saying so, in any format."""
    digits = "9" * 5_000
    path = write_csv(tmp_path / "panjang.csv", [["Nama Kelompok", "Kabupaten", "Bulan", "Jml Keluarga Anggota", "Omzet"],
                                                ["UPPKA Mawar", "Pidie", "2025-10", digits, "1"],
                                                ["UPPKA Melati", "Pidie", "2025-10", "1", "9" * 400 + " jt"],
                                                ["UPPKA Seroja", "Pidie", "2025-10", "7", "Rp 9.999.999.999.999,00"]])
    result = run("monthly", "import", path, "-f", "json")
    report = json.loads(result.stdout)
    assert (result.exit_code, report["inserted"], report["invalid"]) == (1, 1, 2)
    assert [(e["row"], e["column"], e["message"]) for e in report["errors"]] == [
        (2, "Jml Keluarga Anggota", "families: '99999999999999999999…' is 5000 characters long, far more than any "
                                    "count or amount; check the number."),
        (3, "Omzet", "turnover: '99999999999999999999…' is 403 characters long, far more than any count or amount; "
                     "check the number.")]
    as_json = tmp_path / "panjang.json"
    as_json.write_text('[{"name": "UPPKA Mawar", "district": "Pidie", "period": "2025-10", "families": ' + digits +
                       '}, {"name": "UPPKA Melati", "district": "Pidie", "period": "2025-10", "families": 12}]')
    result = run("monthly", "import", str(as_json), "--skip-invalid", "-f", "json")
    report = json.loads(result.stdout)
    assert [(e["row"], e["column"], e["message"]) for e in report["errors"]] == [
        (1, "families", "families: '99999999999999999999…' is 5000 characters long, far more than any count or "
                        "amount; check the number.")]
    assert reports(run) == [(2, "2025-10", None, None, 12, None, None, None, None, None, None, None, None)]
    assert run("add", "--name", "UPPKA Baru", "--district", "Pidie", "--product-type", "jasa", "--members",
               digits).stderr == ("Error: members: '99999999999999999999…' is 5000 characters long, far more than "
                                  "any count or amount; check the number.\n")


def test_the_titles_month_is_said_as_what_it_is_beside_a_month_column(run, pidie, tmp_path):
    """A sheet with a "Bulan" column and a month in its title: the note does not say there is no month column."""
    path = write_csv(tmp_path / "okt.csv", [["KEADAAN BULAN OKTOBER 2025"],
                                            ["Nama Kelompok", "Kabupaten", "Bulan", "Jml Keluarga Anggota"],
                                            ["UPPKA Mawar", "Pidie", "", "20"], ["UPPKA Melati", "Pidie", "10/2025", "9"]])
    result = run("monthly", "import", path)
    assert result.stderr.splitlines()[:2] == [
        f"{path}: reports: 2 added, 0 replaced, 0 unchanged, 0 duplicates, 0 refused",
        "  a row whose month cell is empty is a report of 2025-10, as the sheet's title says."]
    assert [row[:5] for row in reports(run)] == [(1, "2025-10", None, None, 20), (2, "2025-10", None, None, 9)]
    indonesian = run("--lang", "id", "monthly", "import", path, "--dry-run")
    assert indonesian.stderr.splitlines()[1] == (
        "  baris yang sel bulannya kosong adalah laporan 2025-10, sesuai judul lembarnya.")


def test_skip_invalid_with_every_row_refused_says_so(run, pidie, tmp_path):
    """Not "the registry already holds these reports": none of them was read as valid."""
    path = write_csv(tmp_path / "salah.csv", [["Nama Kelompok", "Kabupaten", "Bulan", "Jml Keluarga Anggota"],
                                              ["UPPKA Mawar", "Pidie", "2025-10", "-3"],
                                              ["UPPKA Tidak Ada", "Pidie", "2025-10", "9"]])
    result = run("monthly", "import", path, "--skip-invalid")
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (
        0, "Nothing to write: all 2 rows read were refused (listed above).")
    one = write_csv(tmp_path / "satu.csv", [["Nama Kelompok", "Kabupaten", "Bulan", "Jml Keluarga Anggota"],
                                            ["UPPKA Mawar", "Pidie", "2025-10", "-3"]])
    assert run("monthly", "import", one, "--skip-invalid").stderr.splitlines()[-1] == (
        "Nothing to write: the 1 row read was refused (listed above).")
    groups = write_csv(tmp_path / "kelompok.csv", [["Nama Kelompok", "Kabupaten", "Jenis Usaha", "Jml Anggota"],
                                                   ["UPPKA Mawar", "Pidie", "anyaman", "-3"]])
    assert run("--lang", "id", "import", groups, "--skip-invalid").stderr.splitlines()[-1] == (
        "Tidak ada yang ditulis: setiap baris yang dibaca ditolak (1; lihat di atas).")
    assert reports(run) == [] and json.loads(run("imports", "-f", "json").stdout) == []


def test_a_month_to_come_or_a_day_reported_outside_its_time_is_refused(run, pidie, tmp_path):
    today = datetime.date.today()
    this_month = today.isoformat()[:7]
    to_come = f"{today.year + 1}-{today.month:02d}"
    sheet = write_csv(tmp_path / "laporan.csv", [
        ["Nama Kelompok", "Kabupaten", "Bulan", "Jml Keluarga Anggota", "Tgl Lapor"],
        ["UPPKA Mawar", "Pidie", to_come, "10", ""],
        ["UPPKA Melati", "Pidie", "2025-10", "10", "2025-09-30"],
        ["UPPKA Seulanga", "Pidie", "2025-10", "10", "2025-11-03"]])
    report = json.loads(run("monthly", "import", sheet, "-f", "json").stdout)
    assert [(e["row"], e["message"]) for e in report["errors"]] == [
        (2, f"period: {to_come} has not come yet (this month is {this_month}); a month is reported once it has "
            "begun, so check the year and month."),
        (3, "reported on: 2025-09-30 is before the month it reports (2025-10) began; check the day or the month.")]
    added = run("monthly", "add", "UPPKA Mawar", "--period", to_come, "--families", "10")
    assert (added.exit_code, added.stderr) == (1, (
        f"Error: period: {to_come} has not come yet (this month is {this_month}); a month is reported once it has "
        "begun, so check the year and month.\n"))
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    added = run("monthly", "add", "UPPKA Mawar", "--period", this_month, "--reported-on", tomorrow)
    assert (added.exit_code, added.stderr) == (1, (
        f"Error: reported on: {tomorrow} is in the future; write the day the report reached the office.\n"))
    assert reports(run) == []
    assert run("monthly", "add", "UPPKA Mawar", "--period", this_month, "--reported-on", today.isoformat()
               ).exit_code == 0
