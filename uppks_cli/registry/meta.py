"""Facts about the registry file itself (the `meta` table) and its overall counts."""

from __future__ import annotations

import os
import sqlite3

EXAMPLE_MARK = "example"


def open_read_only(path) -> sqlite3.Connection:
    """A registry file opened read-only, never created. The name goes into the URI escaped: written
    as it is, a folder called "USB #1" cut it at the '#', '?mode=ro' with it, so an empty file
    "USB " was made, and it, not the file named, was read (a backup there checked as sound)."""
    from pathlib import Path

    return sqlite3.connect(Path(os.path.abspath(path)).as_uri() + "?mode=ro", uri=True)


def mark_example(conn: sqlite3.Connection) -> None:
    """Mark the file as the made-up example, the only kind `demo` may replace."""
    conn.execute("INSERT INTO meta (key, value) VALUES (?, '1')", (EXAMPLE_MARK,))


def is_example(path) -> bool:
    """Whether the file at `path` is a registry marked as the example (read-only look)."""
    try:
        conn = open_read_only(path)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (EXAMPLE_MARK,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return bool(row and row[0] == "1")


def group_count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM groups").fetchone()[0]


# The officer's settings (letterhead, signature, KB target) live in `meta` too,
# each under this prefix, so the facts about the file never share their keys.
_SETTING = "setting:"


def read_settings(conn: sqlite3.Connection) -> dict[str, str]:
    """Every stored setting, by its name."""
    rows = conn.execute("SELECT key, value FROM meta WHERE key LIKE ? ORDER BY key", (_SETTING + "%",))
    return {key[len(_SETTING):]: value for key, value in rows}


def write_setting(conn: sqlite3.Connection, name: str, value: str) -> None:
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                 (_SETTING + name, value))


def remove_setting(conn: sqlite3.Connection, name: str) -> bool:
    """Forget a setting; False when it was not set."""
    return conn.execute("DELETE FROM meta WHERE key = ?", (_SETTING + name,)).rowcount > 0
