"""Each group's latest report and activity (group_facts), kept by triggers for `attention`: exact after
every kind of write, the same as a recount, found out by `check` when they drift and put back by
`check --repair`; and a registry made before them gets them when it is opened."""

import json
import sqlite3

from sqlite_utils import Database
from test_monthly_import import write_csv

from uppks_cli.registry.connection import SCHEMA_VERSION, connect
from uppks_cli.registry.facts import facts_differences, facts_of, recounted_facts
from uppks_cli.registry.migrations import registry_migrations

HEADER = ["Nama Kelompok", "Kabupaten", "Kecamatan", "Periode", "Jml Keluarga Anggota", "Anggota PUS",
          "PUS ber-KB"]
ACTIVITY_HEADER = ["Nama Kelompok", "Kabupaten", "Tanggal", "Jenis Kegiatan", "Topik"]
NOTHING = dict.fromkeys(("last_period", "last_activity", "kb_period", "kb", "pus", "families_period", "families",
                         "kb_high", "families_high"))


def _facts(db_path, group_id):
    conn = connect(db_path)
    try:
        kept = facts_of(conn, group_id)
        assert recounted_facts(conn, group_id) == kept
        assert facts_differences(conn) == []
        return kept
    finally:
        conn.close()


def _add(run, name, district="Pidie", subdistrict="Mutiara"):
    result = run("add", "--name", name, "--district", district, "--product-type", "jasa", "--subdistrict",
                 subdistrict)
    assert result.exit_code == 0, result.stderr


def test_reports_imported_replaced_and_undone_move_the_facts_exactly(run, db_path, tmp_path):
    _add(run, "UPPKA Mawar")
    assert _facts(db_path, 1) is None
    first = write_csv(tmp_path / "a.csv", [HEADER, ["UPPKA Mawar", "Pidie", "Mutiara", "2026-08", "20", "10", "8"]])
    assert run("monthly", "import", first).exit_code == 0
    assert _facts(db_path, 1) == {**NOTHING, "last_period": "2026-08", "kb_period": "2026-08", "kb": 8, "pus": 10,
                                  "families_period": "2026-08", "families": 20, "kb_high": 80.0,
                                  "families_high": 20}
    # a later month without a KB rate moves the latest report, not the latest rate
    later = write_csv(tmp_path / "b.csv", [HEADER, ["UPPKA Mawar", "Pidie", "Mutiara", "2026-10", "15", "", ""]])
    assert run("monthly", "import", later).exit_code == 0
    assert _facts(db_path, 1) == {**NOTHING, "last_period": "2026-10", "kb_period": "2026-08", "kb": 8, "pus": 10,
                                  "families_period": "2026-10", "families": 15, "kb_high": 80.0,
                                  "families_high": 20}
    # an earlier month reported late moves nothing but the highest
    earlier = write_csv(tmp_path / "c.csv", [HEADER, ["UPPKA Mawar", "Pidie", "Mutiara", "2026-06", "30", "10", "9"]])
    assert run("monthly", "import", earlier).exit_code == 0
    assert _facts(db_path, 1) == {**NOTHING, "last_period": "2026-10", "kb_period": "2026-08", "kb": 8, "pus": 10,
                                  "families_period": "2026-10", "families": 15, "kb_high": 90.0,
                                  "families_high": 30}
    # replacing August with a lower rate, then undoing it
    replaced = write_csv(tmp_path / "d.csv", [HEADER, ["UPPKA Mawar", "Pidie", "Mutiara", "2026-08", "20", "10", "5"]])
    assert run("monthly", "import", replaced).exit_code == 0
    assert _facts(db_path, 1)["kb"] == 5
    assert run("undo-import", "4", "--yes").exit_code == 0
    assert _facts(db_path, 1)["kb"] == 8
    assert run("undo-import", "3", "--yes").exit_code == 0
    assert _facts(db_path, 1) == {**NOTHING, "last_period": "2026-10", "kb_period": "2026-08", "kb": 8, "pus": 10,
                                  "families_period": "2026-10", "families": 15, "kb_high": 80.0,
                                  "families_high": 20}
    assert run("undo-import", "2", "--yes").exit_code == 0
    assert run("undo-import", "1", "--yes").exit_code == 0
    assert _facts(db_path, 1) is None  # no report left: no row, as a recount gives none


def test_activities_added_imported_and_undone_move_the_last_activity(run, db_path, tmp_path):
    _add(run, "UPPKA Mawar")
    _add(run, "UPPKA Melati", subdistrict="Pidie")
    assert run("activity", "add", "UPPKA Mawar", "--date", "2026-09-01", "--kind", "visit", "--topic",
               "Pembukuan").exit_code == 0
    assert _facts(db_path, 1) == {**NOTHING, "last_activity": "2026-09-01"}
    assert run("activity", "add", "UPPKA Mawar", "--date", "2026-07-01", "--kind", "training", "--topic",
               "Pengemasan").exit_code == 0
    assert _facts(db_path, 1) == {**NOTHING, "last_activity": "2026-09-01"}
    logged = write_csv(tmp_path / "a.csv", [ACTIVITY_HEADER, ["UPPKA Mawar", "Pidie", "2026-10-12", "visit", "Kas"],
                                            ["UPPKA Melati", "Pidie", "2026-10-13", "visit", "Kas"]])
    written = run("activity", "import", logged)
    assert written.exit_code == 0, written.stderr
    assert (_facts(db_path, 1)["last_activity"], _facts(db_path, 2)["last_activity"]) == ("2026-10-12", "2026-10-13")
    assert run("undo-import", "1", "--yes").exit_code == 0
    assert (_facts(db_path, 1), _facts(db_path, 2)) == ({**NOTHING, "last_activity": "2026-09-01"}, None)


def test_moving_deactivating_and_removing_a_group_keep_the_facts_right(run, db_path, tmp_path):
    _add(run, "UPPKA Mawar")
    report = write_csv(tmp_path / "a.csv", [HEADER, ["UPPKA Mawar", "Pidie", "Mutiara", "2026-10", "20", "10", "8"]])
    assert run("monthly", "import", report).exit_code == 0
    expected = {**NOTHING, "last_period": "2026-10", "kb_period": "2026-10", "kb": 8, "pus": 10,
                "families_period": "2026-10", "families": 20, "kb_high": 80.0, "families_high": 20}
    assert run("edit", "1", "--district", "Bireuen", "--subdistrict", "Jeumpa").exit_code == 0
    assert _facts(db_path, 1) == expected
    assert run("deactivate", "1", "--reason", "bubar").exit_code == 0
    assert _facts(db_path, 1) == expected
    # a group an import added, undone with it: its facts go with it
    groups = write_csv(tmp_path / "g.csv", [["Nama Kelompok", "Kabupaten/Kota", "Jenis Usaha"],
                                            ["UPPKA Baru", "Pidie", "Jasa"]])
    assert run("import", "--quiet", groups).exit_code == 0
    raw = sqlite3.connect(db_path)
    raw.execute("INSERT INTO group_facts (group_id, last_activity) VALUES (2, NULL)")
    raw.commit()
    raw.close()
    assert run("undo-import", "2", "--yes").exit_code == 0
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM group_facts WHERE group_id = 2").fetchone() == (0,)


def test_check_finds_drifted_facts_and_repair_recounts_them(run, db_path, tmp_path):
    _add(run, "UPPKA Mawar")
    report = write_csv(tmp_path / "a.csv", [HEADER, ["UPPKA Mawar", "Pidie", "Mutiara", "2026-10", "20", "10", "8"]])
    assert run("monthly", "import", report).exit_code == 0
    raw = sqlite3.connect(db_path)
    raw.execute("UPDATE group_facts SET kb = 9, last_activity = '2026-01-01' WHERE group_id = 1")
    raw.commit()
    raw.close()
    drifted = run("check", "-f", "json")
    assert (drifted.exit_code, json.loads(drifted.stdout)["problems"]) == (
        1, ["running totals differ from a recount; run `uppks check --repair`"])
    assert json.loads(run("check", "--repair", "-f", "json").stdout)["problems"] == []
    assert _facts(db_path, 1) == {**NOTHING, "last_period": "2026-10", "kb_period": "2026-10", "kb": 8, "pus": 10,
                                  "families_period": "2026-10", "families": 20, "kb_high": 80.0,
                                  "families_high": 20}


def test_a_registry_from_before_the_facts_gets_them_when_opened(tmp_path):
    path = tmp_path / "lama.db"
    raw = sqlite3.connect(path, isolation_level=None)
    registry_migrations.apply(Database(raw), stop_before="m009_group_facts")
    raw.execute("PRAGMA user_version = 8")
    raw.execute("INSERT INTO groups (id, name, district_code, product_type, created_at, updated_at) VALUES "
                "(1, 'UPPKA A', '11.07', 'jasa', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'), "
                "(2, 'UPPKA B', '11.07', 'jasa', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'), "
                "(3, 'UPPKA C', '11.07', 'jasa', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')")
    stamp = "'2026-01-01T00:00:00Z'"
    raw.execute("INSERT INTO monthly_reports (group_id, period, families, members_pus, members_kb, created_at, "
                f"updated_at) VALUES (1, '2026-07', 12, 4, 3, {stamp}, {stamp}), "
                f"(1, '2026-08', 10, 4, 1, {stamp}, {stamp}), (1, '2026-09', NULL, 0, 0, {stamp}, {stamp}), "
                f"(2, '2026-09', 5, NULL, NULL, {stamp}, {stamp})")
    raw.execute("INSERT INTO activities (group_id, date, kind, topic, created_at) VALUES "
                f"(1, '2026-05-01', 'visit', 'Kas', {stamp}), (1, '2026-06-02', 'visit', 'Kas', {stamp}), "
                f"(3, '2026-04-03', 'other', 'Kas', {stamp})")
    raw.close()
    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert [tuple(row) for row in conn.execute("SELECT * FROM group_facts ORDER BY group_id")] == [
        (1, "2026-09", "2026-06-02", "2026-08", 1, 4, "2026-08", 10, 75.0, 12),
        (2, "2026-09", None, None, None, None, "2026-09", 5, None, 5),
        (3, None, "2026-04-03", None, None, None, None, None, None, None)]
    assert facts_differences(conn) == []
    conn.close()
