"""The bundled, made-up example: a separate database to try the tool on.

It never touches the officer's registry: it writes its own file, marked as an
example, and will only ever replace a file that carries that mark.
"""

from __future__ import annotations

import os
from pathlib import Path

from uppks_cli.domain.reference import data_dir
from uppks_cli.errors import UppksError
from uppks_cli.files import written_whole
from uppks_cli.importing import import_files
from uppks_cli.registry import meta
from uppks_cli.registry.connection import connect, transaction

EXAMPLE_FILE = "contoh-kelompok-rekaan.csv"


def load_example(path: Path) -> int:
    """Write the example groups to a fresh database at `path`; returns how many."""
    if path.exists() and not meta.is_example(path):
        raise UppksError("error_demo_target", path=str(path))
    if not path.parent.exists():
        raise UppksError("error_db_folder_missing", path=str(path), folder=str(path.parent))
    # built beside the target and moved onto it in one step, never half-built
    with written_whole(path) as building:
        conn = connect(building)
        try:
            report = import_files(conn, [os.path.join(data_dir(), EXAMPLE_FILE)])
            if report.counts["invalid"]:
                raise UppksError("error_demo_example", count=report.counts["invalid"])
            with transaction(conn):
                meta.mark_example(conn)
            return meta.group_count(conn)
        finally:
            conn.close()
