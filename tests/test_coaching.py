"""Coaching: business papers, the activity log, and the groups that need a visit."""

import datetime as dt
import json
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uppks_cli.cli.attention_view import as_json, json_text
from uppks_cli.cli.words import Words
from uppks_cli.domain.coaching import attention
from uppks_cli.domain.groups import add_group
from uppks_cli.errors import Message
from uppks_cli.registry.coaching import add_activity
from uppks_cli.registry.connection import connect
from uppks_cli.registry.groups import GroupFilter
from uppks_cli.registry.monthly import save_report
from uppks_cli.reports.formats import to_json

TODAY = dt.date(2026, 11, 28)  # last month, the latest a report is due for: 2026-10


def _group(conn, name, product_type="jasa", **more):
    return add_group(conn, {"name": name, "district": "Pidie", "product_type": product_type, **more})[0]


def _report(conn, group_id, period, **values):
    save_report(conn, group_id, period, values, "2026-11-01T00:00:00Z", "test")


def _activity(conn, group_id, date, kind="visit"):
    add_activity(conn, group_id, {"date": date, "kind": kind, "topic": "Kunjungan"}, "2026-11-01T00:00:00Z",
                 "activity")


def _busy(conn, group_id):
    """A report for last month and a recent visit: nothing but what the test builds is a reason."""
    _report(conn, group_id, "2026-10", families=10)
    _activity(conn, group_id, "2026-11-01")


def test_every_reason_fires_at_its_threshold_and_not_just_short_of_it(conn):
    a = _group(conn, "UPPKA A just short")  # report 3 months ago included, activity exactly 6 months ago
    _report(conn, a, "2026-08", families=10)
    _activity(conn, a, "2026-05-28")
    b = _group(conn, "UPPKA B silent")
    _report(conn, b, "2026-07", families=10)
    _activity(conn, b, "2026-05-27")
    c = _group(conn, "UPPKA C kb falling")
    _report(conn, c, "2026-04", families=10, members_pus=10, members_kb=10)  # before the window: not compared
    _report(conn, c, "2026-05", families=10, members_pus=10, members_kb=8)
    _report(conn, c, "2026-10", families=10, members_pus=10, members_kb=7)
    _activity(conn, c, "2026-11-01")
    d = _group(conn, "UPPKA D kb just short")
    _report(conn, d, "2026-05", families=1000, members_pus=1000, members_kb=800)
    _report(conn, d, "2026-10", families=1000, members_pus=1000, members_kb=701)
    _activity(conn, d, "2026-11-01")
    e = _group(conn, "UPPKA E members falling")
    _report(conn, e, "2026-05", families=20)
    _report(conn, e, "2026-10", families=16)
    _activity(conn, e, "2026-11-01")
    f = _group(conn, "UPPKA F members just short")
    _report(conn, f, "2026-05", families=100)
    _report(conn, f, "2026-10", families=81)
    _activity(conn, f, "2026-11-01")
    g = _group(conn, "UPPKA G food", "makanan")
    _busy(conn, g)
    h = _group(conn, "UPPKA H food with papers", "makanan", pirt="206110101012326", halal="ID11110000123450121")
    _busy(conn, h)
    i = _group(conn, "UPPKA I quiet a year")
    _report(conn, i, "2025-10", families=10)
    _activity(conn, i, "2025-11-27")
    j = _group(conn, "UPPKA J quiet just short of a year")
    _report(conn, j, "2025-11", families=10)
    _activity(conn, j, "2025-11-28")
    found = attention(conn, GroupFilter(), today=TODAY)
    words = Words("en")
    shown = [(group["name"], [(code, words.of(detail)) for code, detail in group["reasons"]]) for group in found]
    assert shown == [
        ("UPPKA I quiet a year", [
            ("no_report", "no monthly report for 3 months (last: 2025-10)"),
            ("no_activity", "no activity logged for 6 months (last: 2025-11-27)"),
            ("inactive_soon", "no report or activity for 12 months (last report: 2025-10; last activity: "
                              "2025-11-27): propose deactivation")]),
        ("UPPKA B silent", [("no_report", "no monthly report for 3 months (last: 2026-07)"),
                            ("no_activity", "no activity logged for 6 months (last: 2026-05-27)")]),
        ("UPPKA G food", [("no_pirt", "food group without a P-IRT"),
                          ("no_halal", "food group without a halal certificate")]),
        ("UPPKA J quiet just short of a year", [
            ("no_report", "no monthly report for 3 months (last: 2025-11)"),
            ("no_activity", "no activity logged for 6 months (last: 2025-11-28)")]),
        ("UPPKA C kb falling", [("kb_falling", "KB rate down from 80.0% (2026-05) to 70.0% (2026-10)")]),
        ("UPPKA E members falling", [("members_falling", "member families down 20%, from 20 (2026-05) to 16 "
                                                         "(2026-10)")]),
    ]
    in_indonesian = Words("id")
    falling = next(group for group in found if group["name"] == "UPPKA C kb falling")
    assert [in_indonesian.of(detail) for _, detail in falling["reasons"]] == [
        "persentase PUS ber-KB turun dari 80,0% (2026-05) ke 70,0% (2026-10)"]


def test_a_group_is_not_called_silent_for_longer_than_it_has_been_there(conn):
    """A group registered this month with nothing logged has not gone 3 months without a report, and one
    founded this year not 12 months without anything: it is there since the January of its founding
    year, the month it was registered, or its earliest report or activity, whichever is first."""
    new = _group(conn, "UPPKA Baru")  # registered now, no founding year: not silent yet
    this_year = _group(conn, "UPPKA Tahun Ini", founded_year=2026)  # there since 2026-01
    old = _group(conn, "UPPKA Lama", founded_year=2015)
    reported_before = _group(conn, "UPPKA Lapor Lama")  # registered now, but reported long before
    _report(conn, reported_before, "2024-03", families=10)
    found = attention(conn, GroupFilter(), today=TODAY)
    assert [(group["id"], [code for code, _ in group["reasons"]]) for group in found] == [
        (old, ["no_report", "no_activity", "inactive_soon"]),
        (reported_before, ["no_report", "no_activity", "inactive_soon"]),
        (this_year, ["no_report", "no_activity"])]
    assert new not in [group["id"] for group in found]


def test_a_group_reporting_since_long_ago_is_there_since_its_earliest_report_not_its_latest(conn):
    """A group registered now from an old sheet (no founding year) with its reports from 2024 on, the last
    one last month, and no activity ever logged has been there since 2024-01: it has gone six months
    without an activity, however recent its latest report."""
    reporting = _group(conn, "UPPKA Lapor Terus")
    _report(conn, reporting, "2024-01", families=10)
    _report(conn, reporting, "2026-10", families=10)
    found = attention(conn, GroupFilter(), today=TODAY)
    assert [(group["id"], [code for code, _ in group["reasons"]]) for group in found] == [
        (reporting, ["no_activity"])]


def test_thresholds_are_options(conn):
    b = _group(conn, "UPPKA B")
    _report(conn, b, "2026-08", families=20)
    _report(conn, b, "2026-10", families=18)
    _activity(conn, b, "2026-09-01")
    codes = [code for code, _ in attention(conn, GroupFilter(), {"no_report_months": 2, "no_activity_months": 2,
                                                                 "members_drop": 10}, TODAY)[0]["reasons"]]
    assert codes == ["no_activity", "members_falling"]
    assert attention(conn, GroupFilter(), today=TODAY) == []


def test_trends_are_weighed_from_the_kept_latest_reports_as_from_all_of_them(conn):
    """attention reads each group's latest report from group_facts and looks at its earlier reports
    only where the rates may have fallen: the rounded rates still decide, later reports still count."""
    a = _group(conn, "UPPKA A rates round to the drop")  # 80.02% and 70.02%: 9.98 points, shown 80.0 and 70.0
    _report(conn, a, "2026-05", families=5000, members_pus=5000, members_kb=4001)
    _report(conn, a, "2026-10", families=5000, members_pus=5000, members_kb=3502)
    b = _group(conn, "UPPKA B rose after falling")  # the highest rate is older than the window
    _report(conn, b, "2026-01", families=10, members_pus=10, members_kb=10)
    _report(conn, b, "2026-06", families=10, members_pus=10, members_kb=5)
    _report(conn, b, "2026-10", families=10, members_pus=10, members_kb=6)
    c = _group(conn, "UPPKA C fell then reported again")
    _report(conn, c, "2026-06", families=30, members_pus=10, members_kb=9)
    _report(conn, c, "2026-09", families=20, members_pus=10, members_kb=5)
    _report(conn, c, "2026-10", families=20)  # no KB rate: September's is the latest rate
    for group in (a, b, c):
        _activity(conn, group, "2026-11-01")
    words = Words("en")
    shown = [(group["name"], [words.of(detail) for _, detail in group["reasons"]])
             for group in attention(conn, GroupFilter(), today=TODAY)]
    assert shown == [
        ("UPPKA C fell then reported again", [
            "KB rate down from 90.0% (2026-06) to 50.0% (2026-09)",
            "member families down 33%, from 30 (2026-06) to 20 (2026-10)"]),
        ("UPPKA A rates round to the drop", ["KB rate down from 80.0% (2026-05) to 70.0% (2026-10)"])]
    conn.execute("DELETE FROM monthly_reports WHERE group_id = ? AND period = '2026-09'", (c,))
    assert [(group["name"], [code for code, _ in group["reasons"]])
            for group in attention(conn, GroupFilter(), today=TODAY)] == [
        ("UPPKA A rates round to the drop", ["kb_falling"]), ("UPPKA C fell then reported again", ["members_falling"])]


def test_drops_of_nothing_asked_weigh_every_trend(conn):
    """With no drop asked (possible through the API), families that stayed the same have "fallen" by 0%,
    as they always did: the shortcut past groups whose families never were higher does not apply."""
    a = _group(conn, "UPPKA A steady")
    _report(conn, a, "2026-05", families=10, members_pus=10, members_kb=5)
    _report(conn, a, "2026-10", families=10, members_pus=10, members_kb=5)
    _activity(conn, a, "2026-11-01")
    assert attention(conn, GroupFilter(), today=TODAY) == []
    found = attention(conn, GroupFilter(), {"members_drop": 0, "kb_drop": 0}, TODAY)
    assert [(group["name"], [code for code, _ in group["reasons"]]) for group in found] == [
        ("UPPKA A steady", ["kb_falling", "members_falling"])]


def test_attention_as_json_csv_and_in_both_languages(run):
    assert run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "makanan", "--leader",
               "Bu Nur", "--phone", "0812 3456 7890", "--subdistrict", "Mutiara", "--founded-year", "2015"
               ).exit_code == 0
    assert run("add", "--name", "UPPKA Melati", "--district", "Bireuen", "--product-type", "jasa", "--founded-year",
               "2012").exit_code == 0
    result = run("attention", "pidie", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [{
        "id": 1, "name": "UPPKA Mawar", "district": "Pidie", "subdistrict": "Mutiara", "leader": "Bu Nur",
        "phone": "081234567890", "reasons": [
            {"code": "no_report", "detail": "no monthly report for 3 months (last: -)"},
            {"code": "no_activity", "detail": "no activity logged for 6 months (last: -)"},
            {"code": "no_pirt", "detail": "food group without a P-IRT"},
            {"code": "no_halal", "detail": "food group without a halal certificate"},
            {"code": "inactive_soon", "detail": "no report or activity for 12 months (last report: -; last "
                                                "activity: -): propose deactivation"}]}]
    # the details stay English in JSON whatever the language; a table says them in the reader's
    assert run("--lang", "id", "attention", "pidie", "-f", "json").stdout == result.stdout
    csv_lines = run("attention", "-f", "csv").stdout.splitlines()
    assert csv_lines[0] == "id,name,district_code,district,subdistrict,leader,phone,reasons,details"
    assert csv_lines[2] == ("2,UPPKA Melati,11.11,Bireuen,,,,no_report;no_activity;inactive_soon,no monthly report "
                            "for 3 months (last: -); no activity logged for 6 months (last: -); no report or "
                            "activity for 12 months (last report: -; last activity: -): propose deactivation")
    table = run("--lang", "id", "attention", "bireuen").stdout
    assert "1 kelompok perlu perhatian" in table and "tidak ada laporan bulanan selama 3 bulan" in table
    assert "1 group needs attention" in run("attention", "bireuen").stdout


def test_the_quick_path_answers_attention_as_the_full_command_line_does(run, capsys, monkeypatch):
    from uppks_cli.cli.quick import parse_quick, run_quick

    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "makanan")
    args = ["attention", "pidie", "--format", "json", "--no-report-months", "2"]
    values = parse_quick(args)
    assert values is not None
    assert run_quick(values) == 0
    assert capsys.readouterr().out == run(*args).stdout
    assert parse_quick(["attention", "--no-report-months", "0", "-f", "json"]) is None  # the full line refuses it
    assert run_quick(parse_quick(["count", "makanan", "--lacks", "pirt"])) == 0
    assert capsys.readouterr().out == run("count", "makanan", "--lacks", "pirt").stdout == "1\n"
    assert run("attention", "--no-report-months", "0").exit_code == 2


def test_papers_are_checked_kept_and_filtered(run):
    assert run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "makanan", "--nib",
               "9120 0012 34567", "--pirt", "P-IRT No. 2061101010123-26", "--pirt-date", "4/3/2025",
               "--halal", "id11110000123450121").exit_code == 0
    assert run("add", "--name", "UPPKA Melati", "--district", "Pidie", "--product-type", "makanan").exit_code == 0
    assert run("add", "--name", "UPPKA Seulanga", "--district", "Pidie", "--product-type", "jasa").exit_code == 0
    group = json.loads(run("show", "1", "-f", "json").stdout)
    assert {key: group[key] for key in ("nib", "nib_date", "pirt", "pirt_date", "halal", "halal_date")} == {
        "nib": "9120001234567", "nib_date": None, "pirt": "206110101012326", "pirt_date": "2025-03-04",
        "halal": "ID11110000123450121", "halal_date": None}
    assert run("count", "makanan", "--lacks", "pirt").stdout == "1\n"
    assert run("count", "--has", "nib").stdout == "1\n"
    assert run("count", "--lacks", "halal").stdout == "2\n"
    assert [g["id"] for g in json.loads(run("list", "--lacks", "nib", "-f", "json").stdout)] == [2, 3]
    exported = run("export", "--has", "pirt", "-f", "json", "--redact").stdout
    assert [g["pirt"] for g in json.loads(exported)] == ["206110101012326"]  # not personal data
    edit = run("edit", "1", "--pirt", "")
    assert edit.stderr == "Group 1 changed: P-IRT: 206110101012326 -> -, P-IRT date: 2025-03-04 -> -.\n"
    legality = json.loads(run("summary", "--legality", "-f", "json").stdout)
    assert [line for line in legality if line["groups"]] == [
        {"district_code": "11.07", "district": "Pidie", "groups": 3, "nib": 1, "food_groups": 2, "food_pirt": 0,
         "food_halal": 1}]


@pytest.mark.parametrize("args, message", [
    (["--nib", "12345"], "NIB: '12345' is not an NIB; an NIB has 13 digits."),
    (["--pirt", "2061101010123"], "P-IRT: '2061101010123' is not a P-IRT number; a P-IRT number has 15 digits."),
    (["--halal", "=HALAL()"], "halal certificate: '=HALAL()' is not a halal certificate number; write it as issued "
                              "(ID...), letters and digits."),
    (["--nib-date", "2025-01-01"], "NIB date: a date obtained needs the number beside it (--nib)."),
    (["--nib", "9120001234567", "--nib-date", "31/02/2025"],
     "NIB date: '31/02/2025' is not a date; write 2026-10-12, 12/10/2026 or \"12 Oktober 2026\"."),
    (["--nib", "9120001234567", "--nib-date", "2099-01-01"], "NIB date: 2099-01-01 is in the future or before 1990."),
])
def test_a_bad_paper_is_refused_with_one_line_and_nothing_written(run, args, message):
    result = run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "makanan", *args)
    assert (result.exit_code, result.stderr, result.stdout) == (1, f"Error: {message}\n", "")
    assert run("count").stdout == "0\n"


def test_activities_are_logged_listed_and_in_history(run):
    run("add", "--name", "UPPKA Mawar Indah", "--district", "Pidie", "--product-type", "makanan")
    run("add", "--name", "UPPKA Melati", "--district", "Bireuen", "--product-type", "jasa")
    added = run("activity", "add", "mawar indah", "--date", "12/10/2026", "--kind", "visit", "--topic",
                "Pembukuan sederhana", "--by", "Nurlela", "--attended", "14")
    assert (added.exit_code, added.stderr) == (0, "Activity 1 (visit) logged for group 1 (UPPKA Mawar Indah).\n")
    certified = run("--lang", "id", "activity", "add", "1", "--date", "2026-11-02", "--kind", "certification",
                    "--topic", "Pendampingan P-IRT", "--pirt", "206110101012326")
    assert certified.stderr == ("Kegiatan 2 (sertifikasi) dicatat untuk kelompok 1 (UPPKA Mawar Indah).\n"
                                "Kelompok 1: P-IRT: - -> 206110101012326, tanggal P-IRT: - -> 2026-11-02.\n")
    capital = run("activity", "add", "2", "--date", "2026-10-20", "--kind", "capital", "--topic", "KUR mikro",
                  "--amount", "10 jt", "--partner", "BSI")
    assert capital.exit_code == 0
    listed = json.loads(run("activity", "list", "-f", "json").stdout)
    assert [(a["id"], a["group_id"], a["date"], a["kind"], a["by"], a["attended"], a["amount"], a["partner"])
            for a in listed] == [(1, 1, "2026-10-12", "visit", "Nurlela", 14, None, None),
                                 (3, 2, "2026-10-20", "capital", None, None, 10000000, "BSI"),
                                 (2, 1, "2026-11-02", "certification", None, None, None, None)]
    assert list(listed[0]) == ["id", "group_id", "name", "district_code", "district", "subdistrict", "date", "kind",
                               "topic", "by", "attended", "amount", "partner"]
    assert [a["by"] for a in json.loads(run("activity", "list", "-f", "json", "--redact").stdout)] == [None] * 3
    assert [a["id"] for a in json.loads(run("activity", "list", "pidie", "--since", "1/11/2026", "-f",
                                            "json").stdout)] == [2]
    assert [a["id"] for a in json.loads(run("activity", "list", "--kind", "capital", "-f", "json").stdout)] == [3]
    history = json.loads(run("history", "1", "-f", "json").stdout)
    assert [(h["action"], h["source"], h["changes"]) for h in history[:3]] == [
        ("edited", "activity 2", {"pirt": [None, "206110101012326"], "pirt_date": [None, "2026-11-02"]}),
        ("activity", "activity 2", {"date": [None, "2026-11-02"], "kind": [None, "certification"],
                                    "topic": [None, "Pendampingan P-IRT"]}),
        ("activity", "activity 1", {"date": [None, "2026-10-12"], "kind": [None, "visit"],
                                    "topic": [None, "Pembukuan sederhana"], "by": [None, "Nurlela"],
                                    "attended": [None, 14]})]
    assert "activity" in run("history", "1").stdout


@pytest.mark.parametrize("args, message", [
    (["--kind", "capital", "--topic", "KUR"], "a capital activity needs its amount and partner: --amount - "
                                              "--partner -."),
    (["--kind", "visit", "--topic", "x", "--amount", "5 jt"],
     "--amount belongs to a capital activity, not to the kind visit; use --kind capital."),
    (["--kind", "visit", "--topic", "x", "--pirt", "206110101012326"],
     "--nib, --pirt and --halal belong to a certification activity, not to the kind visit; use --kind certification."),
    (["--kind", "visit", "--topic", "  "], "topic is required but was not given; give it with --topic."),
])
def test_a_bad_activity_is_refused_with_one_line_and_nothing_written(run, args, message, en):
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "makanan")
    result = run("activity", "add", "1", "--date", "2026-10-12", *args)
    assert (result.exit_code, result.stderr) == (1, f"Error: {message}\n")
    assert run("activity", "list", "-f", "json").stdout == "[]\n"
    assert json.loads(run("show", "1", "-f", "json").stdout)["pirt"] is None


def test_the_meeting_report_shows_papers_attention_and_facilitation(run, tmp_path):
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "makanan", "--nib",
        "9120001234567")
    run("add", "--name", "<b>Melati</b>", "--district", "Pidie", "--product-type", "jasa", "--founded-year", "2018")
    today = dt.date.today().isoformat()
    run("activity", "add", "1", "--date", today, "--kind", "visit", "--topic", "Kunjungan")
    run("activity", "add", "2", "--date", today, "--kind", "capital", "--topic", "KUR", "--amount", "2,5 jt",
        "--partner", "Pegadaian")
    target = tmp_path / "rapat.md"
    assert run("report", "pidie", "-o", str(target)).exit_code == 0
    text = target.read_text(encoding="utf-8")
    papers = text[text.index("## Business papers by district"):text.index("## Groups that need attention")]
    assert "| Pidie | 2 | 1 | 1 | 0 | 0 |" in papers
    needing = text[text.index("## Groups that need attention"):text.index("## Facilitation since")]
    assert "| 2 | 2 | \\<b\\>Melati\\</b\\> | Pidie | no monthly report for 3 months (last: -) |" in needing
    facilitation = text[text.index("## Facilitation since"):]
    assert "| Pidie | 1 | 0 | 1 | 2,500,000 | 0 |" in facilitation


def test_an_older_registry_gains_papers_and_an_empty_log(tmp_path):
    from sqlite_utils import Database

    from uppks_cli.registry.migrations import registry_migrations

    path = tmp_path / "lama.db"
    raw = sqlite3.connect(path)
    registry_migrations.apply(Database(raw), stop_before="m007_coaching")
    raw.execute("PRAGMA user_version = 6")
    raw.execute("INSERT INTO groups (id, name, name_key, district_code, product_type, created_at, updated_at) "
                "VALUES (1, 'UPPKA Mawar', 'mawar', '11.07', 'makanan', '2025-01-01T00:00:00Z', "
                "'2025-01-01T00:00:00Z')")
    raw.commit()
    raw.close()
    conn = connect(path)
    assert [tuple(row) for row in conn.execute("SELECT nib, pirt, halal FROM groups")] == [(None, None, None)]
    assert conn.execute("SELECT count(*) FROM activities").fetchone()[0] == 0
    conn.close()


def test_the_importer_reads_the_papers_headers(run, tmp_path):
    sheet = tmp_path / "pidie.csv"
    sheet.write_text("Nama Kelompok;Kab/Kota;Jenis Usaha;NIB;No. P-IRT;Tgl P-IRT;Sertifikat Halal\n"
                     "UPPKA Mawar;Pidie;Makanan;9120001234567;2061101010123-26;4/3/2025;ID11110000123450121\n"
                     "UPPKA Melati;Pidie;Makanan;-;;;\n", encoding="utf-8")
    result = run("import", str(sheet))
    assert result.exit_code == 0, result.stderr
    groups = json.loads(run("list", "-f", "json").stdout)
    assert [(g["nib"], g["pirt"], g["pirt_date"], g["halal"]) for g in groups] == [
        ("9120001234567", "206110101012326", "2025-03-04", "ID11110000123450121"), (None, None, None, None)]
    bad = tmp_path / "bad.csv"
    bad.write_text("Nama Kelompok;Kab/Kota;Jenis Usaha;PIRT\nUPPKA Seulanga;Pidie;Makanan;12345\n", encoding="utf-8")
    refused = run("import", str(bad))
    assert refused.exit_code == 1 and "is not a P-IRT number; a P-IRT number has 15 digits." in refused.stderr
    assert run("count").stdout == "2\n"


def test_a_report_of_more_groups_than_it_weighs_names_the_command_instead(run, tmp_path, monkeypatch):
    from uppks_cli.reports import meeting_coaching

    monkeypatch.setattr(meeting_coaching, "WEIGHED_AT_MOST", 1)
    for name in ("UPPKA Mawar", "UPPKA Melati"):
        assert run("add", "--name", name, "--district", "Pidie", "--product-type", "makanan").exit_code == 0
    for suffix in ("md", "html", "xlsx"):
        assert run("report", "pidie", "-o", str(tmp_path / f"rapat.{suffix}")).exit_code == 0
    assert ("This selection holds 2 groups: too many to weigh one by one for a report; \\`uppks attention Pidie\\` "
            "lists the ones that need a visit.") in (tmp_path / "rapat.md").read_text(encoding="utf-8")


_TEXT = st.one_of(st.none(), st.text(max_size=12))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "id": st.integers(min_value=1, max_value=10**12), "name": st.text(min_size=1, max_size=12),
    "district_code": st.sampled_from(["11.07", "11.71", "99.99"]), "subdistrict": _TEXT, "leader": _TEXT,
    "phone": _TEXT, "reasons": st.lists(st.tuples(st.sampled_from(["no_report", "no_pirt"]),
                                                   st.builds(Message, st.just("reason_no_report"), months=st.integers(),
                                                             period=st.text(max_size=8))), max_size=3)}),
    max_size=4))
def test_the_json_of_attention_is_the_indented_json_of_its_rows(groups):
    """json_text builds the text itself, for speed: the same bytes as json.dumps with an indent."""
    english = Words("en")
    assert json_text(groups, english) == to_json(as_json(groups, english)) + "\n"


@pytest.mark.parametrize("option", ["--kb-drop", "--members-drop"])
@pytest.mark.parametrize("output", ["table", "json"])
def test_a_fall_of_more_than_100_is_refused_not_searched_for(run, option, output):
    # no group can fall 1000 points or percent: the list would be silently empty of that reason
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa")
    refused = run("attention", option, "1000", "--format", output)
    assert (refused.exit_code, refused.stdout, refused.stderr) == (2, "", (
        f"Error: Invalid value for '{option}': 1000 is not in the range 1<=x<=100. See `uppks attention --help`.\n"))
    assert run("attention", option, "100", "--format", output).exit_code == 0


def test_an_activity_added_twice_is_logged_once_and_one_said_otherwise_is_refused(run):
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "makanan")
    visit = ("activity", "add", "1", "--date", "2026-10-01", "--kind", "visit", "--topic", "Pembukuan")
    assert run(*visit, "--attended", "10").stderr == "Activity 1 (visit) logged for group 1 (UPPKA Mawar).\n"
    again = run(*visit[:-1], "pembukuan", "--attended", "10")
    assert (again.exit_code, again.stderr) == (
        0, "Activity 1 (visit) is already logged for group 1 (UPPKA Mawar) that day; nothing was added.\n")
    otherwise = run(*visit, "--attended", "12", "--by", "Nurlela")
    assert (otherwise.exit_code, otherwise.stderr) == (1, (
        "Error: group 1 already has this activity (2026-10-01, visit: Pembukuan) as activity 1, with by -; "
        "attended 10; this one says by Nurlela; attended 12. If it is another activity, give it another topic; to "
        "change a group's paper, use `uppks edit 1`.\n"))
    certification = ("activity", "add", "1", "--date", "2026-10-02", "--kind", "certification", "--topic", "P-IRT")
    run(*certification, "--pirt", "206110101012326")
    assert run(*certification, "--pirt", "206110101012326").exit_code == 0
    refused = run(*certification, "--pirt", "206110101012327")
    assert (refused.exit_code, refused.stderr) == (1, (
        "Error: group 1 already has this activity (2026-10-02, certification: P-IRT) as activity 2, with P-IRT "
        "206110101012326; this one says P-IRT 206110101012327. If it is another activity, give it another topic; to "
        "change a group's paper, use `uppks edit 1`.\n"))
    logged = json.loads(run("activity", "list", "-f", "json").stdout)
    assert [(a["id"], a["date"], a["kind"], a["topic"], a["attended"]) for a in logged] == [
        (1, "2026-10-01", "visit", "Pembukuan", 10), (2, "2026-10-02", "certification", "P-IRT", None)]
    assert json.loads(run("show", "1", "-f", "json").stdout)["pirt"] == "206110101012326"
