"""The bundled, made-up example: a separate database to try the tool on.

It never touches the officer's registry: it writes its own file, marked as an
example, and will only ever replace a file that carries that mark.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from uppks_cli.db import connect, transaction
from uppks_cli.errors import UppksError
from uppks_cli.files import written_whole
from uppks_cli.importer import import_files
from uppks_cli.reference import data_dir

EXAMPLE_FILE = "contoh-kelompok-rekaan.csv"
EXAMPLE_MARK = "example"


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
    # built beside the target and moved onto it in one step, never half-built
    with written_whole(path) as building:
        conn = connect(building)
        try:
            report = import_files(conn, [str(data_dir() / EXAMPLE_FILE)])
            if report.counts["invalid"]:
                raise UppksError("error_demo_example", count=report.counts["invalid"])
            with transaction(conn):
                conn.execute("INSERT INTO meta (key, value) VALUES (?, '1')", (EXAMPLE_MARK,))
            return conn.execute("SELECT count(*) FROM groups").fetchone()[0]
        finally:
            conn.close()
