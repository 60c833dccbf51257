"""Ctrl-C and kill -9, as a person or a script does them to the installed command."""

import csv
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from test_entry_point import uppks_executable

from uppks_cli.registry.connection import connect

WAITING = "Another uppks is writing to the registry; waiting for it to finish...\n"


def wait_for(condition, seconds: float = 20.0, what: str = "the condition"):
    """Poll until condition() is true; the test fails if it never is."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.02)
    pytest.fail(f"waited {seconds} s for {what}")


def children(pid: int) -> list[int]:
    """Processes whose parent is pid, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


@pytest.fixture
def registry_being_written(tmp_path):
    """A registry whose write lock another program holds until the test ends."""
    path = tmp_path / "sibuk.db"
    subprocess.run([uppks_executable(), "--db", str(path), "add", "--name", "UPPKA Mawar", "--district", "Pidie",
                    "--product-type", "anyaman"], check=True, capture_output=True)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    yield path
    holder.execute("ROLLBACK")
    holder.close()


@pytest.mark.parametrize("command", [["count"], ["count", "pidie"], ["list"], ["summary", "-f", "json"],
                                     ["add", "--name", "UPPKA Melati", "--district", "Pidie",
                                      "--product-type", "jasa"]])
def test_ctrl_c_while_waiting_for_a_writer_says_one_line(registry_being_written, tmp_path, command):
    stderr = tmp_path / "stderr.txt"
    with stderr.open("w") as sink:
        process = subprocess.Popen([uppks_executable(), "--db", str(registry_being_written), *command],
                                   stdout=subprocess.PIPE, stderr=sink, stdin=subprocess.DEVNULL, text=True)
        wait_for(lambda: stderr.read_text() == WAITING, what="the waiting message")
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=20)
    assert (process.returncode, out, stderr.read_text()) == (
        130, "", WAITING + "Interrupted; nothing half-done was kept.\n")


def test_kill_9_of_a_big_import_leaves_no_process_behind(tmp_path):
    big = tmp_path / "besar.csv"
    with big.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Nama Kelompok", "Kabupaten", "Jenis Usaha", "Jml Anggota", "Keterangan"])
        writer.writerows([f"UPPKA Seulanga {i}", "Pidie", "jasa", "7", "catatan " * 4] for i in range(150_000))
    assert big.stat().st_size >= 4 << 20  # big enough to be read by a second process
    database = tmp_path / "besar.db"
    process = subprocess.Popen([uppks_executable(), "--db", str(database), "import", "--quiet", str(big)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    reader = wait_for(lambda: children(process.pid), what="the second-process reader")[0]
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=20)
    wait_for(lambda: not alive(reader), what="the reader to end with its parent")
    conn = sqlite3.connect(database)
    assert conn.execute("SELECT count(*) FROM groups").fetchone()[0] == 0
    conn.close()


def write_sheet(path: Path, rows: int, name: str = "Seulanga") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Nama Kelompok", "Kabupaten", "Jenis Usaha", "Jml Anggota", "Keterangan"])
        writer.writerows([f"UPPKA {name} {i}", "Pidie", "jasa", "7", "catatan " * 4] for i in range(rows))
    return path


def size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def test_the_db_file_alone_is_whole_after_a_kill_9_mid_import(tmp_path):
    # the README's USB-stick habit: copy the .db file, and only it, once no uppks runs
    database = tmp_path / "kabupaten.db"
    subprocess.run([uppks_executable(), "--db", str(database), "import", "--quiet",
                    str(write_sheet(tmp_path / "awal.csv", 3, "Mawar"))], check=True, capture_output=True)
    before = size(database)
    big = write_sheet(tmp_path / "besar.csv", 250_000)
    process = subprocess.Popen([uppks_executable(), "--db", str(database), "import", "--quiet", str(big)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    wal = database.with_name(database.name + "-wal")
    wait_for(lambda: size(database) > before + (8 << 20) or size(wal) > 8 << 20, seconds=60,
             what="the import to have written 8 MB")
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=20)
    copy = tmp_path / "usb" / "kabupaten.db"
    copy.parent.mkdir()
    copy.write_bytes(database.read_bytes())
    conn = sqlite3.connect(copy)
    found = (conn.execute("PRAGMA integrity_check").fetchall(),
             [row[0] for row in conn.execute("SELECT name FROM groups ORDER BY id")])
    conn.close()
    assert found == ([("ok",)], ["UPPKA Mawar 0", "UPPKA Mawar 1", "UPPKA Mawar 2"])


def test_imports_side_by_side_all_land_and_leave_one_plain_file(tmp_path):
    database = tmp_path / "bersama.db"
    connect(database).close()
    sheets = [write_sheet(tmp_path / f"lembar{n}.csv", 20_000, f"Kenanga{n}") for n in range(3)]
    processes = [subprocess.Popen([uppks_executable(), "--db", str(database), "import", "--quiet", str(sheet)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                  text=True) for sheet in sheets]
    counts = [subprocess.run([uppks_executable(), "--db", str(database), "count"], capture_output=True,
                             text=True, timeout=120).stdout for _ in range(3)]
    results = [(process.wait(timeout=120), process.stderr.read()) for process in processes]
    # each one either wrote at once or waited for the others and said so
    assert all(code == 0 and err in ("", WAITING) for code, err in results), results
    assert all(count.strip().isdigit() for count in counts)
    conn = sqlite3.connect(database)
    found = (conn.execute("SELECT count(*) FROM groups").fetchone()[0],
             conn.execute("PRAGMA journal_mode").fetchone()[0])
    conn.close()
    assert found == (60_000, "delete")
    assert sorted(path.name for path in tmp_path.glob("bersama.db*")) == ["bersama.db"]
