"""Backups of the registry file.

A backup is a consistent single-file copy made with SQLite's backup API, safe
while another process writes. Backups live in a `backups` folder beside the
database, readable by the owner only, the newest KEEP_BACKUPS kept.
"""

from __future__ import annotations

import datetime as _dt
import re
import shutil
import sqlite3
from pathlib import Path

from uppks_cli.errors import UppksError
from uppks_cli.files import check_target, remove_stale_partials, written_whole
from uppks_cli.registry.meta import open_read_only

KEEP_BACKUPS = 10
BACKUP_FOLDER = "backups"


def backups_folder(db_path: Path) -> Path:
    return db_path.parent / BACKUP_FOLDER


def _stamp() -> str:
    return _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def backup(conn: sqlite3.Connection, db_path: Path, destination: Path | str | None = None, reason: str = "manual",
           keep: int = KEEP_BACKUPS) -> Path:
    """Copy the registry to `destination` (default: the backups folder); returns the copy's path.

    In the backups folder the newest `keep` copies of each kind are kept: the
    officer's own (`uppks backup`) and the automatic ones (before a migration,
    an undo or a restore) are counted apart, so one kind never pushes the other out.
    """
    automatic = destination is None
    # "/media/usb/" names a folder: when it is not there, no file called "usb" is made instead
    folder_meant = isinstance(destination, str) and destination.endswith(("/", "\\"))
    destination = Path(destination) if destination is not None else None
    if automatic:
        folder = backups_folder(db_path)
        folder.mkdir(mode=0o700, exist_ok=True)
        destination = folder / f"{backup_stem(db_path)}-{_stamp()}-{reason}.db"
    elif destination.is_dir():
        destination = destination / f"{backup_stem(db_path)}-{_stamp()}-{reason}.db"
    elif folder_meant:
        raise UppksError("error_backup_folder_missing", path=str(destination) + "/")
    if destination.exists() and destination.is_file():
        raise UppksError("error_backup_exists", path=str(destination))
    check_target(destination, protected=registry_files(db_path))
    # a killed backup's half-written copy has a name no later backup reuses: clear this registry's here
    named = _backup_name(backup_stem(db_path))
    remove_stale_partials(destination.parent, lambda name: named.match(name) is not None)
    try:
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
    except (sqlite3.Error, OSError) as exc:
        # a full or read-only USB stick is the copy's problem, not the registry's
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UppksError("error_backup_write", path=str(destination), reason=reason) from None
    damage = copy_damage(destination)
    # a copy of a damaged registry never pushes out the older copies: they may be its last good ones
    if automatic and damage is None:
        prune(backups_folder(db_path), backup_stem(db_path), keep, manual=reason == "manual", made=destination)
    # undoing or migrating a damaged registry could spread the damage: they stop, as the backup the
    # officer asked for does; a restore goes on, since it is how a damaged registry is put right
    if damage is not None and reason != "before-restore":
        raise UppksError("error_backup_damaged", path=str(destination), reason=damage)
    return destination


def copy_damage(path: Path) -> str | None:
    """What SQLite's quick check finds wrong in a copy, or None when it is sound."""
    try:
        copy = open_read_only(path)
        try:
            found = [row[0] for row in copy.execute("PRAGMA quick_check")]
        finally:
            copy.close()
    except sqlite3.Error as exc:
        return str(exc)
    return None if found == ["ok"] else found[0]


def backup_stem(db_path: Path) -> str:
    """How a registry's backups begin: "uppks" for uppks.db, "uppks.sqlite" for uppks.sqlite,
    so two registries of one name in one folder never share (or prune) backups."""
    return db_path.stem if db_path.suffix == ".db" else db_path.name


def registry_files(db_path) -> list[Path]:
    """The registry and the files SQLite keeps beside it: never an output's target."""
    db_path = Path(db_path)
    return [db_path, *(db_path.with_name(db_path.name + suffix) for suffix in ("-journal", "-wal", "-shm"))]


def _backup_name(stem: str) -> re.Pattern:
    """A backup's file name: exactly this registry's stem, a time and a reason."""
    return re.compile(rf"^{re.escape(stem)}-(\d{{8}}-\d{{6}}-\d{{6}})-(.+)\.db$")


def prune(folder: Path, stem: str, keep: int, manual: bool = True, made: Path | None = None) -> list[Path]:
    """Remove all but the newest `keep` backups of this registry of one kind (the
    officer's own, or automatic); returns what was removed.

    A backup is this registry's only when its name is exactly stem, a time and
    a reason ("uppks-contoh.db" beside "uppks.db" has backups of its own); the
    newest is the latest time in the name, and the file just made is never removed.
    """
    pattern = _backup_name(stem)
    copies = []
    for path in folder.iterdir():
        found = pattern.match(path.name)
        if found and (found.group(2) == "manual") == manual and path != made:
            copies.append((found.group(1), path))
    copies.sort()
    room = max(keep - (made is not None), 0)
    removed = [path for _, path in copies[:len(copies) - room]] if len(copies) > room else []
    for old in removed:
        old.unlink()
    return removed
