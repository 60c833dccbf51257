"""Monthly reports (R/I/UPPKA): one per group and month, recapped as the month was."""

import json
import sqlite3

import pytest

from uppks_cli.registry.connection import connect


def test_every_change_of_status_is_kept_with_its_time(run, db_path):
    for name in ("UPPKA Mawar", "UPPKA Melati"):
        assert run("add", "--name", name, "--district", "Pidie", "--product-type", "jasa").exit_code == 0
    assert run("deactivate", "1", "--reason", "bubar").exit_code == 0
    assert run("activate", "1").exit_code == 0
    raw = sqlite3.connect(db_path)
    changes = raw.execute("SELECT group_id, active FROM status_changes ORDER BY rowid").fetchall()
    stamps = raw.execute("SELECT s.at >= g.updated_at FROM status_changes s JOIN groups g ON g.id = s.group_id "
                         "ORDER BY s.rowid DESC LIMIT 1").fetchone()
    raw.close()
    assert (changes, stamps) == ([(1, 0), (1, 1)], (1,))


def test_undoing_the_import_that_stopped_a_group_counts_it_again(run, tmp_path):
    import json

    first = tmp_path / "a.csv"
    first.write_text("Nama Kelompok,Kabupaten,Jenis Usaha,Tahun Berdiri\nUPPKA Mawar,Pidie,jasa,2020\n"
                     "UPPKA Melati,Pidie,jasa,2020\n", encoding="utf-8")
    second = tmp_path / "b.csv"
    second.write_text("Nama Kelompok,Kabupaten,Jenis Usaha,Status\nUPPKA Mawar,Pidie,jasa,inactive\n",
                      encoding="utf-8")
    assert run("import", "--quiet", str(first)).exit_code == 0
    assert run("import", "--quiet", str(second)).exit_code == 0

    def pidie() -> int:
        rows = json.loads(run("recap", "pidie", "--period", "2100-01", "-f", "json").stdout)
        return rows[0]["groups"]

    stopped = pidie()
    assert run("undo-import", "2", "--yes").exit_code == 0
    assert (stopped, pidie()) == (1, 2)


def test_an_older_registry_learns_its_status_changes_from_history(tmp_path):
    from sqlite_utils import Database

    from uppks_cli.registry.migrations import registry_migrations

    path = tmp_path / "lama.db"
    raw = sqlite3.connect(path)
    registry_migrations.apply(Database(raw), stop_before="m006_monthly_reports")
    raw.execute("PRAGMA user_version = 5")
    for number, status in ((1, "active"), (2, "inactive"), (3, "active")):
        raw.execute("INSERT INTO groups (id, name, name_key, district_code, product_type, status, created_at, "
                    "updated_at) VALUES (?, ?, ?, '11.07', 'jasa', ?, '2025-01-0' || ? || 'T00:00:00Z', "
                    "'2025-06-01T00:00:00Z')", (number, f"UPPKA {number}", str(number), status, number))
    raw.execute("INSERT INTO group_history (group_id, at, action, source, changes) VALUES "
                "(3, '2025-03-01T00:00:00Z', 'deactivated', 'deactivate', '{\"status\": [\"active\", \"inactive\"]}'),"
                "(3, '2025-05-01T00:00:00Z', 'activated', 'activate', '{\"status\": [\"inactive\", \"active\"]}')")
    raw.commit()
    raw.close()
    conn = connect(path)
    found = [tuple(row) for row in conn.execute("SELECT group_id, at, active FROM status_changes ORDER BY rowid")]
    conn.close()
    assert found == [(2, "2025-01-02T00:00:00Z", 0), (3, "2025-03-01T00:00:00Z", 0), (3, "2025-05-01T00:00:00Z", 1)]


def add_group(run, name, district="Pidie", subdistrict=None, founded=None, product_type="jasa"):
    args = ["add", "--name", name, "--district", district, "--product-type", product_type]
    args += ["--subdistrict", subdistrict] if subdistrict else []
    args += ["--founded-year", str(founded)] if founded else []
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return int(result.stdout)


def report(run, group, period, *extra):
    result = run("monthly", "add", str(group), "--period", period, *extra)
    assert result.exit_code == 0, result.stderr
    return result.stderr


def test_a_report_is_added_replaced_and_kept_in_history(run):

    add_group(run, "UPPKA Mawar Indah", founded=2015)
    assert report(run, "mawar indah", "2026-10", "--meetings", "2", "--families", "20", "--attended", "15",
                  "--members-pus", "12", "--members-kb", "9", "--turnover", "1,5 jt") == (
        "Report of 2026-10 added for group 1 (UPPKA Mawar Indah).\n")
    assert report(run, "1", "Oktober 2026", "--meetings", "2", "--families", "20", "--attended", "15",
                  "--members-pus", "12", "--members-kb", "9", "--turnover", "1.500.000") == (
        "Group 1 (UPPKA Mawar Indah) already has this report for 2026-10; nothing changed.\n")
    assert report(run, "1", "10/2026", "--meetings", "3", "--families", "20", "--attended", "16") == (
        "Report of 2026-10 for group 1 (UPPKA Mawar Indah) replaced; the one before is in `uppks history 1`.\n")
    history = json.loads(run("history", "1", "-f", "json").stdout)
    assert (history[0]["action"], history[0]["source"], history[0]["changes"]) == (
        "monthly_replaced", "monthly add 2026-10", {"meetings": [2, 3], "attended": [15, 16], "members_pus": [12, None],
                                                    "members_kb": [9, None], "turnover": [1500000, None]})
    shown = json.loads(run("show", "1", "-f", "json").stdout)["monthly_reports"]
    assert shown == [{"period": "2026-10", "meetings": 3, "meetings_virtual": None, "families": 20, "attended": 16,
                      "members_pus": None, "members_kb": None, "turnover": None, "capital_received": None,
                      "capital_source": None, "reported_on": None, "notes": None}]


@pytest.mark.parametrize("args, message", [
    (["--families", "10", "--attended", "12"],
     "attended (12) is more than families (10); the families that attended are counted among the member families, "
     "so one of the two numbers is wrong."),
    (["--families", "10", "--members-pus", "11"],
     "members_pus (11) is more than families (10); PUS families are counted among the member families."),
    (["--families", "10", "--members-kb", "3"],
     "members_kb: 3 PUS members using KB are given without the number of PUS members; give members_pus too (the KB "
     "rate is counted on it)."),
    (["--attended", "4"], "attended (4) is given without the number of member families; give the families too."),
    (["--capital-received", "2 jt"], "capital received needs its source: --capital-source bank, baznas, pegadaian, "
                                     "apbn, apbd, dana_desa, swadaya, mitra, lainnya."),
    (["--capital-received", "2 jt", "--capital-source", "koperasi"],
     "capital source 'koperasi' is not one of bank, baznas, pegadaian, apbn, apbd, dana_desa, swadaya, mitra, "
     "lainnya."),
    (["--period", "13/2026"], "period: '13/2026' is not a month; write 2026-10, 10/2026 or \"Oktober 2026\"."),
])
def test_a_report_that_breaks_a_rule_is_refused_with_one_line(run, args, message):
    add_group(run, "UPPKA Mawar")
    result = run("monthly", "add", "1", *(args if "--period" in args else ["--period", "2026-10", *args]))
    assert (result.exit_code, result.stderr) == (1, f"Error: {message}\n")
    assert run("monthly", "list", "-f", "json").stdout == "[]\n"


def test_a_group_named_by_several_or_no_groups_is_refused(run):
    add_group(run, "UPPKA Mawar Indah")
    add_group(run, "UPPKA Mawar Jaya")
    several = run("monthly", "add", "mawar", "--period", "2026-10", "--families", "3")
    assert several.stderr == ("Error: 'mawar' names several groups: 1 UPPKA Mawar Indah; 2 UPPKA Mawar Jaya; "
                              "give the group's number.\n")
    unknown = run("monthly", "add", "mawar indeh", "--period", "2026-10", "--families", "3")
    assert unknown.stderr == ("Error: no group is named 'mawar indeh' (closest names: UPPKA Mawar Indah); "
                              "see `uppks list --search` for the numbers.\n")


def test_the_recap_counts_groups_as_each_month_was(run, db_path):

    founded = [add_group(run, f"UPPKA Seulanga {n}", subdistrict="Mutiara", founded=2020) for n in range(4)]
    other = add_group(run, "UPPKA Bireuen", district="Bireuen", founded=2020)
    # group 4 stopped in June 2026: it counts in May, not in July
    raw = sqlite3.connect(db_path)
    raw.execute("INSERT INTO status_changes (group_id, at, active) VALUES (4, '2026-06-15T03:00:00Z', 0)")
    raw.commit()
    raw.close()
    report(run, founded[0], "2026-05", "--meetings", "2", "--families", "20", "--attended", "18",
           "--members-pus", "10", "--members-kb", "8", "--turnover", "1 jt")
    report(run, founded[1], "2026-05", "--meetings", "1", "--meetings-virtual", "1", "--families", "10",
           "--attended", "5", "--members-pus", "6", "--members-kb", "3")
    report(run, founded[0], "2026-07", "--families", "20", "--attended", "20", "--members-pus", "10",
           "--members-kb", "9")
    report(run, other, "2026-07", "--families", "5", "--attended", "5")
    may = json.loads(run("recap", "--period", "2026-05", "-f", "json").stdout)
    pidie = next(row for row in may if row["district"] == "Pidie")
    assert {key: pidie[key] for key in ("groups", "reporting", "reporting_rate", "meetings", "families", "attended",
                                        "attendance_rate", "members_pus", "members_kb", "kb_rate", "turnover")} == {
        "groups": 4, "reporting": 2, "reporting_rate": 50.0, "meetings": 4, "families": 30, "attended": 23,
        "attendance_rate": 76.7, "members_pus": 16, "members_kb": 11, "kb_rate": 68.8, "turnover": 1_000_000}
    assert len(may) == 23 and sum(row["groups"] for row in may) == 5
    july = {row["district"]: row for row in json.loads(run("recap", "--period", "2026-07", "-f", "json").stdout)}
    assert [(july[d]["groups"], july[d]["reporting"], july[d]["reporting_rate"]) for d in ("Pidie", "Bireuen")] == [
        (3, 1, 33.3), (1, 1, 100.0)]
    # a month with no reports at all: groups counted (group 4 stopped mid-June), rates of nothing empty
    june = json.loads(run("recap", "--period", "2026-06", "-f", "json").stdout)
    assert [(row["groups"], row["reporting"], row["reporting_rate"], row["kb_rate"]) for row in june
            if row["district"] == "Pidie"] == [(3, 0, 0.0, None)]
    trend = json.loads(run("trend", "--from", "2026-05", "--to", "2026-07", "-f", "json").stdout)
    assert [(row["period"], row["groups"], row["reporting"], row["kb_rate"]) for row in trend] == [
        ("2026-05", 5, 2, 68.8), ("2026-06", 4, 0, None), ("2026-07", 4, 2, 90.0)]
    kecamatan = json.loads(run("recap", "pidie", "--period", "2026-05", "--by", "subdistrict", "-f", "json").stdout)
    assert [(row["subdistrict"], row["groups"], row["reporting"]) for row in kecamatan if row["groups"]] == [
        ("Mutiara", 4, 2)]
    table = run("recap", "--period", "2026-05").stdout
    assert "│ ! Pidie " in table and "│ ! Bireuen " in table and "│ Sabang " in table  # no groups: not behind


def test_a_group_registered_after_the_month_it_reported_for_counts_in_that_month(run):
    # a new group's sheet brings last month's report: 2 of 1 groups reporting read "200,0%"
    old = add_group(run, "UPPKA Lama", founded=2020)
    new = add_group(run, "UPPKA Baru")  # registered now, no founding year
    report(run, old, "2020-10", "--families", "4")
    report(run, new, "2020-10", "--families", "6")
    table = run("--lang", "id", "recap", "pidie", "--period", "2020-10", "-f", "csv").stdout
    assert table.splitlines()[1].split(",")[:6] == ["2020-10", "11.07", "Pidie", "2", "2", "100.0"]
    trend = json.loads(run("trend", "--from", "2020-09", "--to", "2020-10", "-f", "json").stdout)
    assert [(row["period"], row["groups"], row["reporting"], row["reporting_rate"]) for row in trend] == [
        ("2020-09", 1, 0, 0.0), ("2020-10", 2, 2, 100.0)]
    kecamatan = json.loads(run("recap", "jasa", "--period", "2020-10", "--by", "subdistrict", "-f", "json").stdout)
    assert [(row["subdistrict"], row["groups"], row["reporting"]) for row in kecamatan if row["groups"]] == [
        ("-", 2, 2)]


def test_who_has_not_reported_with_leader_and_phone(run):

    add_group(run, "UPPKA Mawar")
    run("add", "--name", "UPPKA Melati", "--district", "Pidie", "--product-type", "jasa", "--leader", "Fatimah",
        "--phone", "0812 3456 7890")
    report(run, 1, "2020-10", "--families", "4")
    missing = json.loads(run("monthly", "missing", "pidie", "--period", "2020-10", "-f", "json").stdout)
    assert missing == [{"id": 2, "name": "UPPKA Melati", "district_code": "11.07", "district": "Pidie",
                        "subdistrict": None, "leader": "Fatimah", "phone": "081234567890", "period": "2020-10",
                        "late": True}]
    # in CSV as JSON writes it, not as Python does (True)
    assert run("monthly", "missing", "pidie", "--period", "2020-10", "-f", "csv").stdout.splitlines() == [
        "id,name,district_code,district,subdistrict,leader,phone,period,late",
        "2,UPPKA Melati,11.07,Pidie,,Fatimah,081234567890,2020-10,true"]
    # asked by district or otherwise, only the chosen active groups: a stopped one, one of another district
    # and one that reported for another month are told apart
    add_group(run, "UPPKA Seroja", subdistrict="Mutiara")
    add_group(run, "UPPKA Kenanga", district="Bireuen", product_type="kuliner")
    add_group(run, "UPPKA Teratai")
    assert run("deactivate", "5").exit_code == 0
    report(run, 3, "2020-09", "--families", "4")

    def missing_ids(*terms):
        return [row["id"] for row in json.loads(run("monthly", "missing", *terms, "--period", "2020-10",
                                                         "-f", "json").stdout)]

    assert (missing_ids("pidie"), missing_ids(), missing_ids("kuliner"), missing_ids("mutiara"),
            missing_ids("pidie", "--status", "all")) == ([2, 3], [2, 3, 4], [4], [3], [2, 5, 3])


def test_the_meeting_report_has_the_months_recap_trend_and_silent_groups(run, tmp_path):
    import datetime

    from uppks_cli.domain.monthly import last_month, next_period

    month = last_month(datetime.date.today())
    add_group(run, "UPPKA Mawar", founded=2020)
    add_group(run, "UPPKA Melati", founded=2020)
    report(run, 1, month, "--families", "10", "--attended", "8", "--members-pus", "5", "--members-kb", "4")
    report(run, 1, next_period(month, -1), "--families", "10", "--attended", "8", "--members-pus", "5",
           "--members-kb", "2")
    target = tmp_path / "rapat.md"
    assert run("report", "-o", str(target)).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert f"## Monthly recap {month} by district\n" in text
    assert "| Pidie | 2 | 1 | 50.0 | 0 | 10 | 8 | 80.0 | 5 | 4 | 80.0 |" in text
    assert "| **Total** | **2** | **1** | **50.0** | **0** | **10** | **8** | **80.0** | **5** | **4** | **80.0** |" in text
    assert f"## Reporting and KB, month by month, {next_period(month, -11)} to {month}\n" in text
    assert f"| {next_period(month, -1)} | 2 | 1 | 50.0 | 40.0 |" in text
    assert "## Groups without a report for 3 months or more\n" in text
    assert "| 1 | 2 | UPPKA Melati | Pidie |  |  | never |" in text
    assert "UPPKA Mawar | Pidie |  |  |" not in text.split("## Groups without a report")[1]


def test_a_report_without_monthly_reports_has_no_monthly_part(run, tmp_path):
    add_group(run, "UPPKA Mawar")
    target = tmp_path / "rapat.md"
    assert run("report", "-o", str(target)).exit_code == 0
    assert "Monthly recap" not in target.read_text(encoding="utf-8")


def test_the_xlsx_report_draws_the_trend_as_a_line_chart(run, tmp_path):
    import datetime
    import zipfile

    from openpyxl import load_workbook

    from uppks_cli.domain.monthly import last_month

    add_group(run, "UPPKA Mawar", founded=2020)
    report(run, 1, last_month(datetime.date.today()), "--families", "10", "--members-pus", "5", "--members-kb", "4")
    target = tmp_path / "rapat.xlsx"
    assert run("report", "-o", str(target)).exit_code == 0
    book = load_workbook(target)
    assert book.sheetnames[4:8] == ["Monthly recap", "Trend", "Not reporting", "Changes"]
    assert book["Trend"].page_setup.orientation == "landscape"
    with zipfile.ZipFile(target) as archive:
        charts = [archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/charts/chart")]
    assert sum("<c:lineChart>" in chart for chart in charts) == 1


def test_the_running_totals_agree_with_the_reports_whatever_moves(run, db_path):
    from uppks_cli.registry.groups import GroupFilter
    from uppks_cli.registry.totals import monthly_differences
    from uppks_cli.reports.recap import recap

    for number in range(6):
        add_group(run, f"UPPKA Kenanga {number}", district=("Pidie", "Bireuen")[number % 2], founded=2019 + number)
    for number in range(1, 7):
        report(run, number, "2026-03", "--families", str(10 + number), "--attended", str(number),
               "--members-pus", str(number), "--members-kb", "1", "--turnover", f"{number}00.000")
    report(run, 2, "2026-03", "--families", "40", "--attended", "30")  # replaced
    assert run("edit", "3", "--district", "Aceh Besar", "--subdistrict", "Darul Imarah").exit_code == 0  # moved
    assert run("edit", "4", "--founded-year", "2026").exit_code == 0
    conn = connect(db_path)
    assert monthly_differences(conn) == []
    # the totals and a scan of the groups (a search reads the groups) give the same recap
    for by in ("district", "subdistrict", "product_type"):
        from_totals = recap(conn, GroupFilter(status="all"), "2026-03", by)
        scanned = recap(conn, GroupFilter(search="UPPKA", status="all"), "2026-03", by)
        assert from_totals == scanned, by
    aceh_besar = next(row for row in recap(conn, GroupFilter(status="all"), "2026-03", "district")
                      if row["district"] == "Aceh Besar")
    conn.close()
    assert (aceh_besar["groups"], aceh_besar["reporting"], aceh_besar["families"]) == (1, 1, 13)


def test_an_import_whose_groups_have_reported_is_not_undone(run, tmp_path):
    sheet = tmp_path / "pidie.csv"
    sheet.write_text("Nama Kelompok,Kabupaten,Jenis Usaha\nUPPKA Mawar,Pidie,jasa\nUPPKA Melati,Pidie,jasa\n",
                     encoding="utf-8")
    assert run("import", "--quiet", str(sheet)).exit_code == 0
    report(run, 2, "2026-10", "--families", "3")
    refused = run("undo-import", "1", "--yes")
    assert (refused.exit_code, refused.stderr) == (1, (
        "Error: batch 1 cannot be undone: 1 of the groups it added has monthly reports since (2); undoing would lose "
        "them. Undo the monthly imports of those reports first, or deactivate the wrong groups instead.\n"))
    assert run("count").stdout == "2\n"


def test_the_recap_and_the_follow_up_list_speak_indonesian(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    add_group(run, "UPPKA Mawar", founded=2020)
    add_group(run, "UPPKA Melati", founded=2020)
    report(run, 1, "2026-05", "--families", "10", "--attended", "8")
    table = run("--lang", "id", "recap", "pidie", "--period", "Mei 2026")
    assert table.stdout.splitlines()[0].strip() == "Rekap bulanan 2026-05 per kabupaten/kota"
    assert "│ ! Pidie " in table.stdout
    assert table.stderr == "1 baris bertanda ! kurang dari 85% kelompoknya melapor.\n"
    missing = run("--lang", "id", "monthly", "missing", "--period", "2026-05")
    assert missing.stdout.splitlines()[0].strip() == (
        "1 kelompok belum melapor untuk 2026-05 (batas 2026-06-03: terlambat)")
    refused = run("--lang", "id", "monthly", "add", "1", "--period", "2026-05", "--families", "2", "--attended", "3")
    assert refused.stderr == (
        "Galat: hadir (3) lebih dari keluarga (2); keluarga yang hadir dihitung di antara keluarga anggota, jadi salah "
        "satu angkanya keliru.\n")


def test_a_trend_chart_shows_a_month_without_a_rate_as_a_dash(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    add_group(run, "UPPKA Mawar", founded=2020)
    report(run, 1, "2026-07", "--families", "10", "--members-pus", "8", "--members-kb", "4")
    lines = run("trend", "--from", "2026-06", "--to", "2026-07", "--measure", "kb-rate", "--chart").stdout.splitlines()
    assert [line.rstrip() for line in lines] == ["PUS using KB (%), 2026-06 to 2026-07", "2026-06     -",
                                                 "2026-07  50.0 " + "█" * 45]


def test_notes_with_a_control_character_are_refused(run):
    add_group(run, "UPPKA Mawar")
    refused = run("monthly", "add", "1", "--period", "2026-10", "--families", "3", "--notes", "bagus\x1b[31mMERAH")
    assert (refused.exit_code, refused.stderr) == (1, (
        "Error: notes: 'bagus\\x1b[31mMERAH' holds a control character (shown escaped); remove it.\n"))


def test_an_activity_topic_with_a_control_character_is_refused(run):
    add_group(run, "UPPKA Mawar")
    refused = run("activity", "add", "1", "--date", "12/10/2026", "--kind", "visit", "--topic", "kunjungan\x07")
    assert (refused.exit_code, refused.stderr) == (
        1, "Error: topic: 'kunjungan\\x07' holds a control character (shown escaped); remove it.\n")


@pytest.mark.parametrize("by, first", [("product_type", "label"), ("kecamatan", "subdistrict"),
                                       ("product-type", "label")])
def test_recap_by_takes_either_spelling(run, by, first):
    add_group(run, "UPPKA Mawar", subdistrict="Mutiara")
    rows = json.loads(run("recap", "pidie", "--period", "2026-10", "--by", by, "-f", "json").stdout)
    assert first in rows[0]


def test_a_recap_with_no_line_behind_says_nothing_of_marks(run):
    add_group(run, "UPPKA Mawar", founded=2020)
    report(run, 1, "2026-10", "--families", "5")
    result = run("recap", "pidie", "--period", "2026-10")
    assert (result.exit_code, result.stderr, "!" in result.stdout) == (0, "", False)


def test_a_report_read_from_a_sheet_has_the_registrys_columns_in_their_order():
    """The importer compares a row's report with the stored one field by field, as dicts of the
    same keys: both must name the same fields."""
    from uppks_cli.domain.monthly import MONTHLY_FIELDS
    from uppks_cli.registry.monthly import REPORT_COLUMNS

    assert MONTHLY_FIELDS == REPORT_COLUMNS == (
        "meetings", "meetings_virtual", "families", "attended", "members_pus", "members_kb", "turnover",
        "capital_received", "capital_source", "reported_on", "notes")


@pytest.mark.parametrize("written, period", [
    ("2025-10", "2025-10"), ("10/2025", "2025-10"), ("Oktober 2025", "2025-10"), ("Okt 2025", "2025-10"),
    ("Okt-25", "2025-10"), ("Oct-25", "2025-10"), ("okt/2025", "2025-10"), ("Des - 24", "2024-12"),
    ("Agt-25", "2025-08"), ("Nop 2025", "2025-11"), ("Pebruari 2026", "2026-02"), ("ags/2025", "2025-08"),
    ("Mei-98", None), ("Okt-2", None), ("Okt-025", None), ("Oktober 25", None), ("25-Okt", None), ("Okt-", None),
])
def test_a_month_is_read_as_officers_and_excel_write_it_and_a_doubtful_one_is_not(written, period):
    """Excel shows a month cell formatted mmm-yy as "Okt-25" and writes that into a CSV; a two-digit
    year far ahead ("Mei-98") or a day before the month ("25-Okt") is no month."""
    from uppks_cli.domain.monthly import period_in

    assert period_in(written) == period


def test_history_says_what_happened_in_the_readers_words_and_numbers(run, monkeypatch):
    """A replaced report, an activity and a deactivation read in Indonesian: no catalogue key, no stored
    English value (active, capital), and amounts with the language's thousands."""
    add_group(run, "UPPKA Mawar Indah", founded=2015)
    for attended, turnover in (("15", "1,5 jt"), ("16", "12,5 jt")):
        report(run, "1", "2026-10", "--families", "1250", "--attended", attended, "--turnover", turnover,
               *(("--reported-on", "2/11/2026") if attended == "15" else ()))
    assert run("activity", "add", "1", "--date", "2026-10-20", "--kind", "capital", "--topic", "KUR",
               "--amount", "10 jt", "--partner", "BSI").exit_code == 0
    assert run("deactivate", "1", "--reason", "bubar").exit_code == 0
    monkeypatch.setenv("COLUMNS", "250")

    def said(language):
        lines = run("--lang", language, "history", "1").stdout.splitlines()
        return [(cells[1], cells[3]) for cells in ([cell.strip() for cell in line.split("│")[1:-1]]
                                                   for line in lines if line.startswith("│"))][:3]

    assert said("id") == [
        ("dinonaktifkan", "status: aktif -> tidak aktif; alasan nonaktif: - -> bubar"),
        ("kegiatan", "tanggal: - -> 2026-10-20; jenis: - -> permodalan; topik: - -> KUR; jumlah: - -> 10.000.000; "
                     "mitra: - -> BSI"),
        ("laporan bulanan diganti", "hadir: 15 -> 16; omzet: 1.500.000 -> 12.500.000; tanggal lapor: 2026-11-02 -> -")]
    assert said("en") == [
        ("deactivated", "status: active -> inactive; inactive_reason: - -> bubar"),
        ("activity", "date: - -> 2026-10-20; kind: - -> capital; topic: - -> KUR; amount: - -> 10,000,000; "
                     "partner: - -> BSI"),
        ("monthly report replaced", "attended: 15 -> 16; turnover: 1,500,000 -> 12,500,000; "
                                    "reported_on: 2026-11-02 -> -")]


def test_an_unknown_name_with_no_close_one_says_so_in_words(run, tmp_path):
    from test_monthly_import import write_csv

    add_group(run, "UPPKA Mawar")
    assert run("monthly", "add", "zzzz xxxx", "--period", "2026-10", "--families", "3").stderr == (
        "Error: no group is named 'zzzz xxxx' (no name is close); see `uppks list --search` for the numbers.\n")
    sheet = write_csv(tmp_path / "okt.csv", [["Nama Kelompok", "Kabupaten", "Bulan", "Jml Keluarga Anggota"],
                                             ["UPPKA Qwerty Zxcv", "Pidie", "2026-10", "5"]])
    said = run("--lang", "id", "monthly", "import", sheet, "-f", "json", "-q")
    assert json.loads(said.stdout)["errors"][0]["message"] == (
        "tidak ada kelompok terdaftar di Pidie bernama 'UPPKA Qwerty Zxcv' (tidak ada nama yang mirip di sana); "
        "perbaiki namanya, atau daftarkan kelompoknya dulu (uppks add, uppks import).")


@pytest.mark.parametrize("command", [("monthly", "add"), ("activity", "add")])
def test_a_group_number_too_big_for_the_registry_or_an_empty_reference_is_refused_in_one_line(run, command):
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa")
    run("add", "--name", "UPPKA Melati", "--district", "Pidie", "--product-type", "jasa")
    options = ("--period", "2025-10") if command[0] == "monthly" else (
        "--date", "2025-10-01", "--kind", "visit", "--topic", "Pembukuan")
    for reference, message in (
            (str(10**30), "there is no group 10000000000000000000…; see `uppks list --status all` for the numbers."),
            ("9" * 5000, "there is no group 99999999999999999999…; see `uppks list --status all` for the numbers."),
            ("²", "no group is named '²' (no name is close); see `uppks list --search` for the numbers."),
            (" ", "no group is named '' (no name is close); see `uppks list --search` for the numbers.")):
        refused = run(*command, reference, *options)
        assert (refused.exit_code, refused.stderr) == (1, f"Error: {message}\n")
    assert run(*command, "0000000000000000000000002", *options).stderr.startswith(
        ("Report of 2025-10 added for group 2 (UPPKA Melati)", "Activity 1 (visit) logged for group 2 (UPPKA Melati)"))


def test_monthly_list_json_names_the_keys_in_the_order_of_its_csv(run):
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "makanan", "--subdistrict", "Mutiara")
    run("monthly", "add", "1", "--period", "2026-10", "--families", "10", "--attended", "8")
    keys = ["group_id", "name", "district_code", "district", "subdistrict", "period", "meetings", "meetings_virtual",
            "families", "attended", "members_pus", "members_kb", "turnover", "capital_received", "capital_source",
            "reported_on", "notes"]
    assert run("monthly", "list", "-f", "csv").stdout.splitlines()[0] == ",".join(keys)
    listed = json.loads(run("monthly", "list", "-f", "json").stdout)
    assert [list(report) for report in listed] == [keys]  # the district was last, after the notes
    assert listed[0]["district"] == "Pidie" and listed[0]["families"] == 10
