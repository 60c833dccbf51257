"""Facts about the registry file itself (the `meta` table) and its overall counts."""

from __future__ import annotations

import sqlite3

EXAMPLE_MARK = "example"


def mark_example(conn: sqlite3.Connection) -> None:
    """Mark the file as the made-up example, the only kind `demo` may replace."""
    conn.execute("INSERT INTO meta (key, value) VALUES (?, '1')", (EXAMPLE_MARK,))


def is_example(path) -> bool:
    """Whether the file at `path` is a registry marked as the example (read-only look)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (EXAMPLE_MARK,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return bool(row and row[0] == "1")


def group_count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM groups").fetchone()[0]
