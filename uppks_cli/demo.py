"""The bundled, made-up example: a separate database to try the tool on.

It never touches the officer's registry: it writes its own file, marked as an
example, and will only ever replace a file that carries that mark.
"""

from __future__ import annotations

import csv
import os
import sqlite3
from pathlib import Path

from uppks_cli.db import connect, transaction
from uppks_cli.errors import UppksError
from uppks_cli.groups import add_group
from uppks_cli.reference import data_dir

EXAMPLE_FILE = "contoh-kelompok-rekaan.csv"
EXAMPLE_MARK = "example"


def example_rows() -> list[dict]:
    with (data_dir() / EXAMPLE_FILE).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _is_example(path: Path) -> bool:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (EXAMPLE_MARK,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return bool(row and row[0] == "1")


def load_example(path: Path) -> int:
    """Write the example groups to a fresh database at `path`; returns how many."""
    if path.exists() and not _is_example(path):
        raise UppksError("error_demo_target", path=str(path))
    if not path.parent.exists():
        raise UppksError("error_db_folder_missing", path=str(path), folder=str(path.parent))
    building = path.with_name(path.name + ".building")
    building.unlink(missing_ok=True)
    conn = connect(building)
    try:
        for row in example_rows():
            add_group(conn, {key: value for key, value in row.items() if value != ""})
        with transaction(conn):
            conn.execute("INSERT INTO meta (key, value) VALUES (?, '1')", (EXAMPLE_MARK,))
        count = conn.execute("SELECT count(*) FROM groups").fetchone()[0]
    finally:
        conn.close()
    # the finished file replaces the old example in one step, never half-built
    os.replace(building, path)
    return count
