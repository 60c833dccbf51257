"""Nothing lost: concurrent writers, kills, broken files, backups, restores, history."""

import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uppks_cli.domain.groups import (
    GroupFilter,
    add_group,
    edit_group,
    list_groups,
    set_status,
)
from uppks_cli.errors import UppksError
from uppks_cli.importing import import_files
from uppks_cli.registry import connection as db_module
from uppks_cli.registry.backup import backup, prune
from uppks_cli.registry.connection import SCHEMA_VERSION, connect
from uppks_cli.registry.history import group_history

HEADER = ["Nama Kelompok", "Kabupaten", "Jenis Usaha", "Jml Anggota"]


def uppks(*args, env=None, **kwargs):
    executable = Path(sys.executable).parent / "uppks"
    return subprocess.run([str(executable), *args], capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env={**os.environ, **(env or {})}, timeout=120, **kwargs)


def start_uppks(*args):
    executable = Path(sys.executable).parent / "uppks"
    return subprocess.Popen([str(executable), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL)


def wait_for_write(database: Path) -> Path:
    """Wait until a big writer is inside its transaction: its write-ahead log holds pages."""
    log = Path(str(database) + "-wal")
    deadline = time.monotonic() + 60
    while not (log.exists() and log.stat().st_size > 0) and time.monotonic() < deadline:
        time.sleep(0.01)
    return log


def groups_csv(path: Path, rows: int, prefix: str) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number in range(rows):
            writer.writerow([f"UPPKA {prefix} {number}", "Pidie", "jasa", 5])
    return path


def test_two_imports_on_a_new_file_at_once(tmp_path):
    database = tmp_path / "baru.db"
    first = groups_csv(tmp_path / "a.csv", 3000, "A")
    second = groups_csv(tmp_path / "b.csv", 3000, "B")
    runs = [start_uppks("--db", str(database), "import", str(path)) for path in (first, second)]
    results = [(run.wait(timeout=120), *run.communicate()) for run in runs]
    assert [code for code, _, _ in results] == [0, 0], results
    assert not any("locked" in err for _, _, err in results)
    assert uppks("--db", str(database), "count").stdout == "6000\n"
    batches = json.loads(uppks("--db", str(database), "imports", "-f", "json").stdout)
    assert sorted(b["inserted"] for b in batches) == [3000, 3000]


def test_add_while_an_import_writes(tmp_path):
    database = tmp_path / "r.db"
    connect(database).close()  # made and migrated before the race
    big = groups_csv(tmp_path / "big.csv", 300000, "X")
    importing = start_uppks("--db", str(database), "import", str(big))
    assert wait_for_write(database).exists()
    added = uppks("--db", str(database), "add", "--name", "UPPKA Sela", "--district", "Pidie",
                  "--product-type", "jasa")
    assert importing.wait(timeout=120) == 0
    assert added.returncode == 0, added.stderr
    assert added.stderr == "Another uppks is writing to the registry; waiting for it to finish...\n"
    assert uppks("--db", str(database), "count").stdout == "300001\n"


def test_counting_during_a_big_import_answers_from_before_it(tmp_path):
    database = tmp_path / "r.db"
    assert uppks("--db", str(database), "add", "--name", "UPPKA Sela", "--district", "Pidie",
                 "--product-type", "jasa").returncode == 0
    importing = start_uppks("--db", str(database), "import", str(groups_csv(tmp_path / "big.csv", 300000, "C")))
    assert wait_for_write(database).exists()
    counted = uppks("--db", str(database), "count")
    still_importing = importing.poll() is None
    assert importing.wait(timeout=120) == 0
    assert (counted.stdout, counted.stderr, still_importing) == ("1\n", "", True)
    assert uppks("--db", str(database), "count").stdout == "300001\n"
    assert sorted(path.name for path in tmp_path.glob("r.db*")) == ["r.db"]


def test_reading_a_file_another_process_is_writing_says_so(tmp_path):
    """A count that cannot even read while a writer holds the file waits and says why."""
    database = tmp_path / "r.db"
    assert uppks("--db", str(database), "add", "--name", "UPPKA Sela", "--district", "Pidie",
                 "--product-type", "jasa").returncode == 0
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    counting = start_uppks("--db", str(database), "count")
    time.sleep(1.5)
    assert counting.poll() is None, "count did not wait for the writer"
    holder.execute("ROLLBACK")
    holder.close()
    out, err = counting.communicate(timeout=60)
    assert (out, err) == ("1\n", "Another uppks is writing to the registry; waiting for it to finish...\n")


def test_kill_during_import_leaves_the_registry_as_before(tmp_path):
    database = tmp_path / "r.db"
    assert uppks("--db", str(database), "add", "--name", "UPPKA Lama", "--district", "Pidie",
                 "--product-type", "jasa").returncode == 0
    big = groups_csv(tmp_path / "big.csv", 120000, "K")
    importing = start_uppks("--db", str(database), "import", str(big))
    journal = wait_for_write(database)
    time.sleep(0.3)
    assert importing.poll() is None, "the import finished before it could be killed"
    os.kill(importing.pid, signal.SIGKILL)
    importing.wait(timeout=30)
    assert journal.exists()  # a hot journal: the next open rolls the half-done write back
    checked = uppks("--db", str(database), "check", "--format", "json")
    assert checked.returncode == 0, checked.stdout
    assert json.loads(checked.stdout)["counts"]["groups"] == 1
    assert uppks("--db", str(database), "list", "-f", "csv").stdout.splitlines()[1].split(",")[1] == "UPPKA Lama"
    assert uppks("--db", str(database), "imports", "-f", "json").stdout == "[]\n"
    assert not journal.exists()


@pytest.mark.parametrize("content, expected", [
    (b"\x89random\x00bytes" * 400, "is not a readable uppks database (file is not a database)"),
    (b"daftar kelompok UPPKA\n" * 200, "is not a readable uppks database (file is not a database)"),
])
def test_files_that_are_not_databases(run, tmp_path, content, expected):
    path = tmp_path / "bukan.db"
    path.write_bytes(content)
    result = run("--db", str(path), "count")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.count("\n") == 1 and expected in result.stderr
    assert path.read_bytes() == content


def test_truncated_database(run, tmp_path):
    path = tmp_path / "potong.db"
    conn = connect(path)
    import_files(conn, [str(Path(__file__).parent / "fixtures" / "district-sheets.xlsx")])
    conn.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    result = run("--db", str(path), "list")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path} is not a readable uppks database (database disk image is malformed)")
    assert result.stderr.count("\n") == 1


def make_read_only(path: Path):
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
        return lambda: subprocess.run(["chattr", "-i", str(path)], check=True)
    mode = path.stat().st_mode
    path.chmod(0o555 if path.is_dir() else 0o444)
    return lambda: path.chmod(mode)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_file_or_folder(run, tmp_path, what):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "r.db"
    run("--db", str(path), "add", "--name", "UPPKA A", "--district", "Pidie", "--product-type", "jasa")
    undo = make_read_only(path if what == "file" else folder)
    try:
        result = run("--db", str(path), "add", "--name", "UPPKA B", "--district", "Pidie", "--product-type", "jasa")
        assert result.exit_code == 1
        assert result.stderr.count("\n") == 1
        assert result.stderr.startswith(f"Error: {path} cannot be")
        assert run("--db", str(path), "count").stdout == "1\n"
    finally:
        undo()


def test_full_disk(run, tmp_path, monkeypatch):
    path = tmp_path / "penuh.db"
    run("--db", str(path), "add", "--name", "UPPKA A", "--district", "Pidie", "--product-type", "jasa")
    real_connect = db_module.connect

    def small_disk(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        return conn

    monkeypatch.setattr(db_module, "connect", small_disk)
    result = run("--db", str(path), "import", str(groups_csv(tmp_path / "x.csv", 3000, "F")))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: the disk holding {path} is full; nothing was written. Free some space and try again.")
    monkeypatch.setattr(db_module, "connect", real_connect)
    assert run("--db", str(path), "count").stdout == "1\n"
    assert run("--db", str(path), "check").exit_code == 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3000), st.sampled_from([".csv", ".xlsx", ".json", ".ods", ".xls", ".txt"]))
def test_random_bytes_never_escape_as_a_traceback(conn, tmp_path, content, suffix):
    path = tmp_path / f"acak{suffix}"
    path.write_bytes(content)
    before = conn.execute("SELECT count(*) FROM groups").fetchone()[0]
    try:
        report = import_files(conn, [str(path)])
    except UppksError:
        written = 0
    else:
        written = report.counts["inserted"] if report.written else 0
    assert conn.execute("SELECT count(*) FROM groups").fetchone()[0] == before + written


@pytest.mark.parametrize("content", [
    b"PK\x03\x04" + os.urandom(300),                  # a broken xlsx
    b"[" * 100_000,                                  # JSON nested beyond reason
    b"{\"name\": " + b"[" * 100_000 + b"\n",         # the same in JSON Lines
    b"Nama Kelompok,Kabupaten\n\"UPPKA " + b"x" * 3_000_000 + b"\",Pidie\n",  # one huge field
    (Path(__file__).parent / "fixtures" / "district-sheets.xlsx").read_bytes()[:3000],  # truncated
])
def test_broken_import_files_are_refused(run, tmp_path, content):
    path = tmp_path / "kiriman"
    path.write_bytes(content)
    result = run("import", str(path))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"Error: {path}")


def test_hostile_text_never_becomes_sql(conn, run):
    hostile = "x'); DROP TABLE groups; --"
    add_group(conn, {"name": hostile, "district": "Pidie", "product_type": "jasa", "notes": "' OR 1=1 --"})
    assert [g["name"] for g in list_groups(conn, GroupFilter(search="' OR 1=1 --"))] == [hostile]
    assert list(list_groups(conn, GroupFilter(search="%' OR '1'='1"))) == []
    assert run("list", "--sort", "name; DROP TABLE groups").exit_code == 1
    assert [g["name"] for g in json.loads(run("list", "--search", hostile, "-f", "json").stdout)] == [hostile]
    assert conn.execute("SELECT count(*) FROM groups").fetchone()[0] == 1


def test_no_journal_left_behind_and_the_main_file_alone_holds_everything(run, db_path, tmp_path):
    run("import", str(Path(__file__).parent / "fixtures" / "district-sheets.xlsx"))
    run("edit", "1", "--members", "21")
    assert sorted(p.name for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)) == [db_path.name]
    copy = tmp_path / "usb" / "salinan.db"
    copy.parent.mkdir()
    shutil.copyfile(db_path, copy)
    raw = sqlite3.connect(copy)
    assert raw.execute("SELECT count(*), sum(members) FROM groups").fetchone() == (8, 117)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_backup_is_consistent_while_another_process_writes(tmp_path):
    database = tmp_path / "r.db"
    big = groups_csv(tmp_path / "big.csv", 30000, "C")
    importing = start_uppks("--db", str(database), "import", str(big))
    copies = []
    while importing.poll() is None and len(copies) < 5:
        result = uppks("--db", str(database), "backup", str(tmp_path / f"copy{len(copies)}.db"))
        if result.returncode == 0:
            copies.append(Path(result.stdout.strip()))
    assert importing.wait(timeout=120) == 0
    copies.append(Path(uppks("--db", str(database), "backup", str(tmp_path / "last.db")).stdout.strip()))
    for copy in copies:
        raw = sqlite3.connect(copy)
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert raw.execute("SELECT count(*) FROM groups").fetchone()[0] in (0, 30000)
        raw.close()
        assert oct(copy.stat().st_mode & 0o777) == "0o600"
    assert sqlite3.connect(copies[-1]).execute("SELECT count(*) FROM groups").fetchone()[0] == 30000


def test_backups_folder_keeps_the_newest(conn, db_path):
    made = [backup(conn, db_path, keep=3) for _ in range(5)]
    kept = sorted((db_path.parent / "backups").iterdir())
    assert kept == made[2:]
    assert prune(db_path.parent / "backups", db_path.stem, 1) == made[2:4]


def test_automatic_backup_before_a_migration(tmp_path):
    from sqlite_utils import Database

    from uppks_cli.registry.migrations import registry_migrations

    path = tmp_path / "lama.db"
    raw = sqlite3.connect(path, isolation_level=None)
    registry_migrations.apply(Database(raw), stop_before="m003_group_history")
    raw.execute("PRAGMA user_version = 2")
    raw.close()
    connect(path).close()
    copies = list((tmp_path / "backups").glob("lama-*-before-migration.db"))
    assert len(copies) == 1
    assert sqlite3.connect(copies[0]).execute("PRAGMA user_version").fetchone()[0] == 2
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_check_reports_problems(run, db_path):
    run("add", "--name", "UPPKA A", "--district", "Pidie", "--product-type", "jasa", "--members", "5")
    result = run("check", "-f", "json")
    report = json.loads(result.stdout)
    assert (result.exit_code, report["ok"], report["counts"]["groups"], report["problems"]) == (0, True, 1, [])
    raw = sqlite3.connect(db_path)
    raw.execute("PRAGMA ignore_check_constraints = ON")
    raw.execute("UPDATE groups SET members_pus = 50")
    raw.commit()
    raw.close()
    broken = run("check", "-f", "json")
    assert broken.exit_code == 1
    assert json.loads(broken.stdout)["problems"] == [
        "integrity: CHECK constraint failed in groups", "1 group breaks members_kb <= members_pus <= members",
        "running totals differ from a recount; run `uppks check --repair`"]
    repaired = json.loads(run("check", "--repair", "-f", "json").stdout)
    assert repaired["problems"] == ["integrity: CHECK constraint failed in groups",
                                    "1 group breaks members_kb <= members_pus <= members"]


def test_restore_checks_keeps_and_replaces(run, db_path, tmp_path):
    run("add", "--name", "UPPKA A", "--district", "Pidie", "--product-type", "jasa")
    saved = Path(run("backup", str(tmp_path / "simpan.db")).stdout.strip())
    run("add", "--name", "UPPKA B", "--district", "Pidie", "--product-type", "jasa")
    not_a_backup = tmp_path / "catatan.db"
    not_a_backup.write_text("bukan basis data")
    refused = run("restore", str(not_a_backup), "--yes")
    assert refused.stderr == f"Error: {not_a_backup} cannot be restored: file is not a database. Choose another backup.\n"
    asks = run("restore", str(saved))
    assert asks.stderr == (f"Error: this replaces data and no question can be asked here; run "
                           f"`uppks restore {saved} --yes` to confirm.\n")
    done = run("restore", str(saved), "--yes")
    assert done.exit_code == 0 and "restored from" in done.stderr
    assert run("count").stdout == "1\n"
    kept = list((db_path.parent / "backups").glob("*-before-restore.db"))
    assert len(kept) == 1
    assert sqlite3.connect(kept[0]).execute("SELECT count(*) FROM groups").fetchone()[0] == 2


def test_history_of_a_group(conn, tmp_path):
    group_id, _ = add_group(conn, {"name": "UPPKA Mawar", "district": "Pidie", "product_type": "jasa", "members": "5"})
    edit_group(conn, group_id, {"members": "7"})
    set_status(conn, group_id, active=False, reason="bubar")
    path = groups_csv(tmp_path / "u.csv", 1, "x")
    path.write_text("Nama Kelompok,Kabupaten,Jenis Usaha,Jml Anggota\nUPPKA Mawar,Pidie,jasa,9\n")
    report = import_files(conn, [str(path)])
    from uppks_cli.registry.batches import undo_import

    undo_import(conn, report.batch)
    entries = group_history(conn, group_id)
    assert [e["action"] for e in entries] == ["undone", "imported", "deactivated", "edited", "created"]
    assert entries[0]["changes"]["members"] == [9, 7]
    assert entries[1]["changes"] == {"members": [7, 9]} and entries[1]["source"] == f"batch {report.batch}: u.csv:2"
    assert entries[2]["changes"] == {"status": ["active", "inactive"], "inactive_reason": [None, "bubar"]}
    assert entries[4]["changes"]["members"] == [None, 5]


def test_history_of_an_imported_group_and_cli(run):
    run("import", str(Path(__file__).parent / "fixtures" / "records.json"))
    run("edit", "1", "--members", "20")
    entries = json.loads(run("history", "1", "-f", "json").stdout)
    assert [e["action"] for e in entries] == ["edited", "imported"]
    assert entries[1]["source"] == "batch 1: records.json"
    assert run("history", "99").stderr == "Error: there is no group 99; see `uppks list --status all` for the numbers.\n"


def test_ctrl_c_during_an_import_keeps_nothing_and_says_so(tmp_path):
    database = tmp_path / "r.db"
    connect(database).close()
    importing = start_uppks("--db", str(database), "import", str(groups_csv(tmp_path / "big.csv", 120000, "I")))
    assert wait_for_write(database).exists()
    importing.send_signal(signal.SIGINT)
    _, err = importing.communicate(timeout=60)
    assert (importing.returncode, err) == (130, "Interrupted; nothing half-done was kept.\n")
    assert uppks("--db", str(database), "count").stdout == "0\n"
