"""Every change to a group: who or what changed which fields, and when."""

from __future__ import annotations

import sqlite3

from uppks_cli.errors import UppksError


def record(conn: sqlite3.Connection, group_id: int, action: str, source: str | None,
           changes: dict[str, tuple] | None, at: str) -> None:
    """Write one history entry; callers do it inside the change's own transaction."""
    import json  # not needed by the quick commands that import this module

    conn.execute(
        "INSERT INTO group_history (group_id, at, action, source, changes) VALUES (?, ?, ?, ?, ?)",
        (group_id, at, action, source,
         json.dumps({k: list(v) for k, v in changes.items()}, ensure_ascii=False) if changes else None))


def group_history(conn: sqlite3.Connection, group_id: int) -> list[dict]:
    """The group's changes, newest first; creation by an import comes from its batch."""
    import json

    group = conn.execute("SELECT id, created_batch, created_at FROM groups WHERE id = ?", (group_id,)).fetchone()
    entries = [
        {"at": row["at"], "action": row["action"], "source": row["source"],
         "changes": json.loads(row["changes"]) if row["changes"] else {}, "order": row["id"]}
        for row in conn.execute("SELECT * FROM group_history WHERE group_id = ?", (group_id,))
    ]
    if group is None and not entries:
        raise UppksError("error_group_not_found", id=group_id)
    if group is not None and group["created_batch"] is not None:
        files = [row[0] for row in conn.execute("SELECT file FROM import_files WHERE batch_id = ? ORDER BY id",
                                                (group["created_batch"],))]
        entries.append({"at": group["created_at"], "action": "imported",
                        "source": f"batch {group['created_batch']}: {', '.join(files)}", "changes": {}, "order": 0})
    entries.sort(key=lambda entry: (entry["at"], entry["order"]), reverse=True)
    for entry in entries:
        del entry["order"]
    return entries


def deactivated_since(conn: sqlite3.Connection, since: str) -> set[int]:
    """The groups that `deactivate` made inactive at or after `since` (a stored UTC time)."""
    return {row[0] for row in conn.execute(
        "SELECT DISTINCT group_id FROM group_history WHERE action = 'deactivated' AND at >= ?", (since,))}
