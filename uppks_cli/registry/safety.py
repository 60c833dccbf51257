"""Checks and restores of the registry file (backups: backup.py)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path

from uppks_cli.errors import Message, UppksError
from uppks_cli.files import written_whole
from uppks_cli.registry.backup import backup
from uppks_cli.registry.connection import (
    ATTEMPT_SECONDS,
    BUSY_TIMEOUT_SECONDS,
    QUIET_WAIT_SECONDS,
    SCHEMA_VERSION,
    begin_immediate,
    connect,
    leave_write_ahead_log,
    transaction,
)
from uppks_cli.registry.facts import rebuild_facts
from uppks_cli.registry.meta import open_read_only
from uppks_cli.registry.totals import differences, rebuild, rebuild_monthly


def check(conn: sqlite3.Connection, db_path: Path | None = None) -> dict:
    """Integrity, foreign keys, schema version, the members rule and counts; `ok` is False on any problem.

    Problems are Messages, for the command line to put into words."""
    problems = []
    integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        problems += [Message("check_integrity", detail=line) for line in integrity[:20]]
    for row in conn.execute("PRAGMA foreign_key_check"):
        problems.append(Message("check_foreign_key", table=row[0], row=row[1], parent=row[2]))
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version != SCHEMA_VERSION:
        problems.append(Message("check_schema_version", version=version, expected=SCHEMA_VERSION))
    broken_rule = conn.execute(
        "SELECT count(*) FROM groups WHERE members_pus > members OR members_kb > members_pus "
        "OR (members_kb IS NOT NULL AND members_pus IS NULL)").fetchone()[0]
    if broken_rule:
        problems.append(Message("check_members_rule", count=broken_rule))
    drift = differences(conn)
    if drift:
        problems.append(Message("check_totals_drift"))
    counts = {
        "groups": conn.execute("SELECT count(*) FROM groups").fetchone()[0],
        "active": conn.execute("SELECT count(*) FROM groups WHERE status = 'active'").fetchone()[0],
        "product_types": conn.execute("SELECT count(*) FROM product_types").fetchone()[0],
        "imports": conn.execute("SELECT count(*) FROM import_batches WHERE finished_at IS NOT NULL").fetchone()[0],
        "history": conn.execute("SELECT count(*) FROM group_history").fetchone()[0],
    }
    journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
    return {"ok": not problems, "path": str(db_path) if db_path else None, "schema_version": version,
            "journal_mode": journal, "counts": counts, "problems": problems}


def check_backup(path: Path, db_path: Path | None = None) -> dict:
    """Open a backup read-only and check it, refusing what is not a usable registry, and
    the registry itself (db_path), which would be kept and put back unchanged."""
    if path.exists() and not path.is_file():
        raise UppksError("error_backup_not_a_file", path=str(path))
    if not path.is_file():
        raise UppksError("error_import_missing", file=str(path))
    if db_path is not None and Path(db_path).exists() and os.path.samefile(path, db_path):
        raise UppksError("error_restore_itself", path=str(path))
    try:
        conn = open_read_only(path)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            groups = conn.execute("SELECT count(*) FROM groups").fetchone()[0] if "groups" in tables else 0
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise UppksError("error_backup_bad", path=str(path), reason=str(exc)) from None
    if "groups" not in tables or version < 1:
        raise UppksError("error_backup_bad", path=str(path), reason="not an uppks database")
    if version > SCHEMA_VERSION:
        raise UppksError("error_db_too_new", path=str(path), version=version, latest=SCHEMA_VERSION)
    if integrity != ["ok"]:
        raise UppksError("error_backup_bad", path=str(path), reason=integrity[0])
    return {"schema_version": version, "groups": groups}


def restore(db_path: Path, backup_path: Path, on_wait=None) -> dict:
    """Replace the registry with a checked backup, keeping the current file as a backup first.

    Through a symbolic link the file it points to is replaced, not the link. on_wait() is called
    once if another process makes it wait (connect)."""
    db_path = Path(os.path.realpath(db_path))
    checked = check_backup(backup_path, db_path)
    kept = None
    try:
        conn = connect(db_path, on_wait=on_wait) if db_path.exists() else None
    except UppksError as refusal:
        if refusal.key != "error_db_unreadable":
            raise
        # the registry is damaged, which is why it is restored: its bytes are kept as they are
        kept = _keep_damaged(db_path)
        conn = None
    try:
        if conn is not None:
            # hold the write lock while copying, so no write is lost between copy and replace
            _begin_with_the_file_whole(conn, str(db_path))
            kept = backup(conn, db_path, reason="before-restore")
        with written_whole(db_path) as partial:
            shutil.copyfile(backup_path, partial)
    finally:
        if conn is not None:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.close()
    connect(db_path).close()  # bring an older backup up to this version's schema
    return {**checked, "kept": str(kept) if kept else None}


def _begin_with_the_file_whole(conn: sqlite3.Connection, path: str) -> None:
    """Take the write lock with every committed page in the .db file itself, out of WAL mode.

    While another process keeps the registry in WAL mode (a big import or undo), its latest pages
    may still be in the -wal file beside the .db: a copy of the .db's bytes would lack them, and the
    -wal, left beside the file put in its place, would be played back onto it and damage it. The
    file leaves WAL mode only once no other process has it open: this waits for that, as a writer
    waits for the lock, saying so."""
    started, told = time.monotonic(), False
    while True:
        leave_write_ahead_log(conn)
        begin_immediate(conn)
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            return
        conn.execute("ROLLBACK")
        waited = time.monotonic() - started
        if waited >= BUSY_TIMEOUT_SECONDS:
            raise UppksError("error_db_locked", path=path, seconds=BUSY_TIMEOUT_SECONDS)
        if not told and waited >= QUIET_WAIT_SECONDS and getattr(conn, "on_wait", None):
            conn.on_wait()
            told = True
        time.sleep(ATTEMPT_SECONDS)


def _keep_damaged(db_path: Path) -> Path:
    """A byte copy of a registry SQLite cannot open, kept beside the backups before it is replaced."""
    from uppks_cli.registry.backup import _stamp, backup_stem, backups_folder

    folder = backups_folder(db_path)
    folder.mkdir(mode=0o700, exist_ok=True)
    kept = folder / f"{backup_stem(db_path)}-{_stamp()}-before-restore-damaged.db"
    with written_whole(kept) as partial:
        shutil.copyfile(db_path, partial)
    return kept


def database_path(conn: sqlite3.Connection) -> Path:
    """The file a connection has open."""
    return Path(next(row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"))


def repair_totals(conn: sqlite3.Connection) -> None:
    """Recount the running totals from the groups: they are derived data, so this loses nothing."""
    with transaction(conn):
        rebuild(conn)
        rebuild_monthly(conn)
        rebuild_facts(conn)
