"""Finding, opening and migrating the registry's SQLite file.

Opening uses the standard library only: the schema version lives in
PRAGMA user_version, so an up-to-date file is opened without importing
sqlite-utils. Only a file that needs migrating pays for that import.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from uppks_cli.errors import UppksError

APP_NAME = "uppks"
DB_FILENAME = "uppks.db"
ENV_DB = "UPPKS_DB"
# a second process writing at the same moment waits this long before giving up
BUSY_TIMEOUT_SECONDS = 30
# how many migrations this version knows; tests check it matches migrations.py
SCHEMA_VERSION = 2


def default_db_path() -> Path:
    import click  # already loaded with Typer; typer.get_app_dir is click's

    return Path(click.get_app_dir(APP_NAME)) / DB_FILENAME


def resolve_db_path(option: str | None, environ=os.environ) -> tuple[Path, str]:
    """Which file to use and why: the --db option, UPPKS_DB, or the app folder."""
    if option:
        return Path(option).expanduser(), "option"
    if environ.get(ENV_DB):
        return Path(environ[ENV_DB]).expanduser(), "env"
    return default_db_path(), "default"


def _create_private_file(path: Path, make_folders: bool) -> None:
    """Create an empty database file readable by its owner only (names, phones)."""
    folder = path.parent
    if not folder.exists():
        if not make_folders:
            raise UppksError("error_db_folder_missing", path=str(path), folder=str(folder))
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise UppksError("error_db_cannot_create", path=str(path), reason=exc.strerror or str(exc)) from None
    try:
        handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise UppksError("error_db_cannot_create", path=str(path), reason=exc.strerror or str(exc)) from None
    os.close(handle)


def connect(path: Path, make_folders: bool = False) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the registry file."""
    if path.is_dir():
        raise UppksError("error_db_is_folder", path=str(path))
    if not path.exists():
        _create_private_file(path, make_folders)
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise UppksError("error_db_unreadable", path=str(path), reason=str(exc)) from None
    if version > SCHEMA_VERSION:
        conn.close()
        raise UppksError("error_db_too_new", path=str(path), version=version, latest=SCHEMA_VERSION)
    if version < SCHEMA_VERSION:
        from uppks_cli.migrations import migrate

        try:
            migrate(conn)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise UppksError("error_db_unreadable", path=str(path), reason=str(exc)) from None
    return conn


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection):
    """One write, all or nothing. IMMEDIATE takes the write lock up front, so a
    second writer waits (busy timeout) instead of failing half-way."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")
