"""Finding, opening and migrating the registry's SQLite file; transactions.

Opening uses the standard library only: the schema version lives in
PRAGMA user_version, so an up-to-date file is opened without importing
sqlite-utils. Only a file that needs migrating pays for that import.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import time

from uppks_cli.errors import UppksError

# A second process writing at the same moment waits this long before giving
# up: a big import holds the write lock for minutes, and an `add` started
# meanwhile should wait for it, not fail.
BUSY_TIMEOUT_SECONDS = 900
# how long to wait quietly before saying that we are waiting
QUIET_WAIT_SECONDS = 0.5
# how long one attempt waits inside SQLite before Python looks again, so
# Ctrl-C stops a wait at once instead of when SQLite gives up
ATTEMPT_SECONDS = 0.1
# how many migrations this version knows; tests check it matches migrations.py
SCHEMA_VERSION = 10
# pairs of values asked for in one statement: well inside SQLite's limit on parameters
PAIRS_PER_QUERY = 400


class Registry(sqlite3.Connection):
    """A connection to the registry file that waits for other processes in Python.

    A statement that starts a read or ends a write (outside a transaction, or
    COMMIT) may have to wait while another uppks writes. It waits in short
    attempts, so Ctrl-C is felt at once, and on_wait() is told once the wait
    is longer than a moment (the command line prints a line).
    """

    on_wait = None
    path = None
    identity = None

    def execute(self, sql: str, parameters=()):
        if self.in_transaction and sql != "COMMIT":
            return sqlite3.Connection.execute(self, sql, parameters)
        return _saying_if_waiting(self, lambda conn: sqlite3.Connection.execute(conn, sql, parameters))


def joined_on_pairs(conn: sqlite3.Connection, pairs, names: tuple[str, str], select: str):
    """The rows of `select` for many pairs of values (a block of an import's rows), a few
    hundred pairs per statement: `select` reads from `wanted`, a table of the distinct
    pairs whose two columns are called `names`. It should say `FROM wanted CROSS JOIN ...`:
    SQLite keeps a CROSS JOIN's order, so each pair is a seek into the table; left to choose,
    it may read the whole table in its own order to spare a sort."""
    wanted, rows = list(dict.fromkeys(pairs)), []
    for start in range(0, len(wanted), PAIRS_PER_QUERY):
        part = wanted[start:start + PAIRS_PER_QUERY]
        rows += conn.execute(f"WITH wanted ({names[0]}, {names[1]}) AS (VALUES {', '.join('(?, ?)' for _ in part)}) "
                                f"{select}", [value for pair in part for value in pair]).fetchall()
    return rows


def _create_private_file(path: str, make_folders: bool) -> None:
    """Create an empty database file readable by its owner only (names, phones)."""
    folder = os.path.dirname(path) or "."
    if not os.path.exists(folder):
        if not make_folders:
            raise UppksError("error_db_folder_missing", path=path, folder=folder)
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
        except OSError as exc:
            raise UppksError("error_db_cannot_create", path=str(path), reason=exc.strerror or str(exc)) from None
    try:
        handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise UppksError("error_db_cannot_create", path=str(path), reason=exc.strerror or str(exc)) from None
    os.close(handle)


def _refuse_if_printed_into(path: str) -> None:
    """Refuse when stdout or stderr is the registry or a file SQLite keeps beside it.

    `uppks export > uppks.db` (or `1<>`, `2>>`) would write text into the registry's
    pages; with `>` the shell has already emptied it, and opening it would quietly make
    a new empty registry there. Nothing is opened, created or printed into it.
    """
    import stat

    ours = []
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            found = os.stat(path + suffix)
            ours.append((found.st_dev, found.st_ino))
    for descriptor, stream in ((1, "stdout"), (2, "stderr")):
        try:
            found = os.fstat(descriptor)
        except OSError:
            continue
        if stat.S_ISREG(found.st_mode) and (found.st_dev, found.st_ino) in ours:
            if descriptor == 2:
                # the one line saying why would itself land in the registry: it goes nowhere
                with contextlib.suppress(OSError):
                    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
            raise UppksError("error_db_is_output", path=path, stream=stream)


def connect(path, make_folders: bool = False, on_wait=None, create: bool = True) -> Registry:
    """Open (creating if needed) and migrate the registry file at `path` (a str or a Path).

    Without `create`, a missing file is refused. on_wait() is called once if
    another process keeps the file busy past a
    short quiet wait, so the person knows why nothing happens. Only the
    standard library's quick modules are used, for `uppks count`'s sake.
    """
    path = os.fspath(path)
    # "x.db/" names a folder, whatever is there: SQLite would open the file x.db through it, which
    # a read of the same name calls missing
    if os.path.isdir(path) or path.endswith(("/", os.sep)):
        raise UppksError("error_db_is_folder", path=path)
    if os.path.exists(path) and not os.path.isfile(path):
        # a device or a pipe holds no registry, and its permissions are the system's, never made private
        raise UppksError("error_db_not_a_file", path=path)
    _refuse_if_printed_into(path)
    if not os.path.exists(path) and not create:
        raise UppksError("error_db_missing", path=path)
    if not os.path.exists(path):
        # through a link to nowhere, the file is made where the link points, privately too
        _create_private_file(os.path.realpath(path), make_folders)
    elif os.path.getsize(os.path.realpath(path)) == 0 and os.access(path, os.W_OK):
        os.chmod(os.path.realpath(path), 0o600)  # an empty file is about to hold names and phones
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, factory=Registry)
        conn.on_wait = on_wait
        conn.path, conn.identity = path, _identity(path)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        # a big import keeps readers out while it writes its pages: conn.execute says why we wait
        version = _open_checks(conn)
    except sqlite3.Error as exc:
        raise explain(exc, path) from None
    if version > SCHEMA_VERSION:
        conn.close()
        raise UppksError("error_db_too_new", path=path, version=version, latest=SCHEMA_VERSION)
    if version < SCHEMA_VERSION:
        try:
            if version > 0:
                # an upgrade rewrites the schema: keep the file as it was first
                from pathlib import Path

                from uppks_cli.registry.backup import backup

                backup(conn, Path(path), reason="before-migration")
            migrate(conn, big=version > 0)
        except sqlite3.Error as exc:
            conn.close()
            raise explain(exc, path) from None
        except BaseException:
            conn.close()
            raise
    return conn


def _open_checks(conn: sqlite3.Connection) -> int:
    """The schema version, the journal mode put right on the way."""
    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
        leave_write_ahead_log(conn)
    return conn.execute("PRAGMA user_version").fetchone()[0]


# Why a big write goes through a write-ahead log, and only while it runs:
# officers copy the .db file alone to a USB stick. With a rollback journal, a
# transaction bigger than SQLite's page cache writes pages into the .db before
# it commits; killed then, the .db alone is half-written until the journal
# beside it is played back. In WAL mode nothing reaches the .db before commit:
# killed mid-import, the .db alone holds the registry as it was. Outside big
# writes the file is in rollback-journal mode again, one plain file with no
# companions, readable from read-only media.
def _enter_write_ahead_log(conn: sqlite3.Connection) -> None:
    """Switch to WAL for one big write, waiting like any writer for the lock it needs.

    Where SQLite cannot use WAL (a file system without shared memory) it keeps the
    rollback journal: the write is as safe as ever, only a lone copy after a kill is not."""
    conn.execute("PRAGMA journal_mode = WAL")


def leave_write_ahead_log(conn: sqlite3.Connection) -> None:
    """Copy the log into the .db and go back to a rollback journal, if no other uppks has the file open.

    Never waits: another process still using the log does this itself when it
    ends, and SQLite folds the log into the .db when the last connection closes."""
    raw = functools.partial(sqlite3.Connection.execute, conn)
    raw("PRAGMA busy_timeout = 0")
    try:
        raw("PRAGMA wal_checkpoint(TRUNCATE)")
        raw("PRAGMA journal_mode = DELETE")
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
    finally:
        raw(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")


def explain(exc: sqlite3.Error, path=None) -> UppksError:
    """A SQLite failure as one line that says what to do."""
    text = str(exc)
    where = str(path) if path else "the database"
    if "locked" in text or "busy" in text:
        return UppksError("error_db_locked", path=where, seconds=BUSY_TIMEOUT_SECONDS)
    if "readonly" in text or "read-only" in text:
        return UppksError("error_db_readonly", path=where)
    if "disk is full" in text:
        return UppksError("error_db_full", path=where)
    if "unable to open" in text:
        return UppksError("error_db_cannot_open", path=where)
    return UppksError("error_db_unreadable", path=where, reason=text)


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection, big: bool = False):
    """One write, all or nothing. IMMEDIATE takes the write lock up front, so a
    second writer waits (busy timeout) instead of failing half-way. A big write
    (an import, an undo, a migration) runs in WAL mode: see _enter_write_ahead_log."""
    if big:
        _enter_write_ahead_log(conn)
    try:
        begin_immediate(conn)
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")
    finally:
        if big:
            leave_write_ahead_log(conn)


def begin_immediate(conn: sqlite3.Connection) -> None:
    """Take the write lock, saying so if another process makes us wait (Registry.execute).

    A `restore` may have put another file in the registry's place while this
    waited: writing then would go to the replaced file and be lost, so it is refused."""
    conn.execute("BEGIN IMMEDIATE")
    path = getattr(conn, "path", None)
    if path is not None and _identity(path) != conn.identity:
        conn.execute("ROLLBACK")
        raise UppksError("error_db_replaced", path=path)


def _identity(path: str) -> tuple | None:
    """Which file is at the path (device and inode): a restore replaces it with another."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _saying_if_waiting(conn: sqlite3.Connection, step):
    """Run step(conn), waiting up to BUSY_TIMEOUT_SECONDS while another process
    holds the file, in short attempts; tell on_wait once after a quiet moment."""
    set_timeout = functools.partial(sqlite3.Connection.execute, conn)
    set_timeout(f"PRAGMA busy_timeout = {int(ATTEMPT_SECONDS * 1000)}")
    started, told = time.monotonic(), False
    try:
        while True:
            try:
                return step(conn)
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                waited = time.monotonic() - started
                if waited >= BUSY_TIMEOUT_SECONDS:
                    raise
                if not told and waited >= QUIET_WAIT_SECONDS and getattr(conn, "on_wait", None):
                    conn.on_wait()
                    told = True
    finally:
        set_timeout(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")


def migrate(conn: sqlite3.Connection, big: bool = False) -> None:
    """Bring the file up to SCHEMA_VERSION in one transaction (big: a registry holding groups).

    BEGIN IMMEDIATE serialises two processes opening a new file at once: the
    second waits, then sees the version the first wrote and does nothing.
    """
    from sqlite_utils import Database

    from uppks_cli.registry.migrations import registry_migrations

    with transaction(conn, big=big):
        if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            registry_migrations.apply(Database(conn, execute_plugins=False))
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")


def now_iso() -> str:
    """The time a change is stored with: UTC, ISO 8601, to the second."""
    import datetime

    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
