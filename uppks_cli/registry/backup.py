"""Backups of the registry file.

A backup is a consistent single-file copy made with SQLite's backup API, safe
while another process writes. Backups live in a `backups` folder beside the
database, readable by the owner only, the newest KEEP_BACKUPS kept.
"""

from __future__ import annotations

import datetime as _dt
import shutil
import sqlite3
from pathlib import Path

from uppks_cli.files import check_target, written_whole

KEEP_BACKUPS = 10
BACKUP_FOLDER = "backups"


def backups_folder(db_path: Path) -> Path:
    return db_path.parent / BACKUP_FOLDER


def _stamp() -> str:
    return _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def backup(conn: sqlite3.Connection, db_path: Path, destination: Path | None = None, reason: str = "manual",
           keep: int = KEEP_BACKUPS) -> Path:
    """Copy the registry to `destination` (default: the backups folder); returns the copy's path."""
    automatic = destination is None
    if automatic:
        folder = backups_folder(db_path)
        folder.mkdir(mode=0o700, exist_ok=True)
        destination = folder / f"{db_path.stem}-{_stamp()}-{reason}.db"
    elif destination.is_dir():
        destination = destination / f"{db_path.stem}-{_stamp()}-{reason}.db"
    check_target(destination)
    with written_whole(destination) as partial:
        if conn.in_transaction:
            # We hold the write lock and have written nothing: the file on disk
            # is complete and nobody can change it, so its bytes are the copy.
            # (SQLite's backup API would wait for our own lock forever.)
            shutil.copyfile(db_path, partial)
        else:
            target = sqlite3.connect(partial)
            try:
                conn.backup(target)
            finally:
                target.close()
    if automatic:
        prune(backups_folder(db_path), db_path.stem, keep)
    return destination


def prune(folder: Path, stem: str, keep: int) -> list[Path]:
    """Remove all but the newest `keep` backups of this database; returns what was removed."""
    copies = sorted(folder.glob(f"{stem}-*.db"))
    removed = copies[:-keep] if keep > 0 else copies
    for old in removed:
        old.unlink()
    return removed
