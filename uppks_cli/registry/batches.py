"""Import batches: their record, what each changed, and undoing one."""

from __future__ import annotations

import json
import os
import sqlite3

from uppks_cli.errors import UppksError
from uppks_cli.registry import coaching, monthly, totals
from uppks_cli.registry.backup import backup
from uppks_cli.registry.connection import now_iso, transaction
from uppks_cli.registry.groups import remember_highest
from uppks_cli.registry.history import record
from uppks_cli.registry.safety import database_path

# what an import counts, per file and per batch (columns of both tables)
COUNTS = ("inserted", "updated", "unchanged", "duplicates", "skipped", "invalid")


def open_batch(conn: sqlite3.Connection, stamp: str, kind: str = "groups") -> int:
    """Start a batch inside the import's transaction; returns its number.

    Groups an import leaves as they were are noted in a temporary table, so the
    database, not a Python set, remembers which rows it has seen.
    """
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS import_seen "
                 "(group_id INTEGER PRIMARY KEY, fingerprint TEXT, source TEXT, file_index INTEGER)")
    conn.execute("DELETE FROM temp.import_seen")
    return conn.execute("INSERT INTO import_batches (started_at, kind) VALUES (?, ?)", (stamp, kind)).lastrowid


def close_batch(conn: sqlite3.Connection, batch_id: int, counts: dict, files: list[dict]) -> None:
    """Record the finished batch, its counts and its files (name, SHA-256, format, sheets, counts)."""
    conn.execute(
        f"UPDATE import_batches SET finished_at = ?, {', '.join(f'{k} = ?' for k in COUNTS)} WHERE id = ?",
        [now_iso(), *(counts[k] for k in COUNTS), batch_id])
    for file in files:
        conn.execute(
            f"INSERT INTO import_files (batch_id, file, sha256, format, sheets, {', '.join(COUNTS)}) "
            f"VALUES (?, ?, ?, ?, ?, {', '.join('?' for _ in COUNTS)})",
            [batch_id, os.path.basename(file["file"]), file["sha256"], file["format"],
             json.dumps(file["sheets"], ensure_ascii=False), *(file[k] for k in COUNTS)])


def record_update(conn: sqlite3.Connection, batch_id: int, before: dict, source: str) -> None:
    """Keep a group as it was before the batch changed it, for undo-import.

    A later file of the same batch may change it again: the group as it was
    before the batch is kept, with the revision the batch leaves."""
    conn.execute(
        "INSERT INTO batch_changes (batch_id, group_id, action, before, revision, source) "
        "VALUES (?, ?, 'updated', ?, ?, ?) "
        "ON CONFLICT (batch_id, group_id) DO UPDATE SET revision = excluded.revision, source = excluded.source",
        (batch_id, before["id"], json.dumps(before, ensure_ascii=False), before["revision"] + 1, source))


def update_source(conn: sqlite3.Connection, batch_id: int, group_id: int) -> str | None:
    """Where in its files the batch's update of a group came from."""
    found = conn.execute("SELECT source FROM batch_changes WHERE batch_id = ? AND group_id = ?",
                         (batch_id, group_id)).fetchone()
    return found[0] if found else None


def note_unchanged(conn: sqlite3.Connection, group_id: int, fingerprint: str, source: str, file_index: int) -> None:
    conn.execute("INSERT OR REPLACE INTO temp.import_seen VALUES (?, ?, ?, ?)",
                 (group_id, fingerprint, source, file_index))


def unchanged_before(conn: sqlite3.Connection, group_id: int) -> tuple[str, str, int] | None:
    """(fingerprint, source, file index) of the earlier row that left this group unchanged, if any."""
    found = conn.execute("SELECT fingerprint, source, file_index FROM temp.import_seen WHERE group_id = ?",
                         (group_id,)).fetchone()
    return tuple(found) if found else None


def list_imports(conn: sqlite3.Connection) -> list[dict]:
    batches = []
    for batch in conn.execute("SELECT * FROM import_batches WHERE finished_at IS NOT NULL ORDER BY id"):
        files = [
            {"file": row["file"], "sha256": row["sha256"], "format": row["format"],
             "sheets": json.loads(row["sheets"] or "[]"), **{k: row[k] for k in COUNTS}}
            for row in conn.execute("SELECT * FROM import_files WHERE batch_id = ? ORDER BY id", (batch["id"],))
        ]
        batches.append({"id": batch["id"], "started_at": batch["started_at"], "finished_at": batch["finished_at"],
                        **{k: batch[k] for k in COUNTS}, "undone_at": batch["undone_at"],
                        "status": "undone" if batch["undone_at"] else "done", "kind": batch["kind"],
                        "files": files})
    return batches


def undo_plan(conn: sqlite3.Connection, batch_id: int) -> dict:
    """What undoing would do, or a refusal saying why it cannot."""
    batch = conn.execute("SELECT * FROM import_batches WHERE id = ? AND finished_at IS NOT NULL",
                         (batch_id,)).fetchone()
    if batch is None:
        raise UppksError("error_batch_not_found", id=batch_id)
    if batch["undone_at"]:
        raise UppksError("error_batch_undone", id=batch_id, when=batch["undone_at"])
    if batch["kind"] == "monthly":
        return monthly.batch_plan(conn, batch_id)
    if batch["kind"] == "activities":
        return coaching.batch_plan(conn, batch_id)
    reported = monthly.groups_with_reports(conn, batch_id)
    if reported:
        shown = ", ".join(str(group_id) for group_id in reported[:10]) + (" ..." if len(reported) > 10 else "")
        raise UppksError("error_batch_reported", id=batch_id, count=len(reported), groups=shown)
    logged = coaching.groups_with_activities(conn, batch_id)
    if logged:
        shown = ", ".join(str(group_id) for group_id in logged[:10]) + (" ..." if len(logged) > 10 else "")
        raise UppksError("error_batch_activities", id=batch_id, count=len(logged), groups=shown)
    touched = [row[0] for row in conn.execute(
        "SELECT c.group_id FROM batch_changes c LEFT JOIN groups g ON g.id = c.group_id "
        "WHERE c.batch_id = ? AND (g.id IS NULL OR g.revision != c.revision) "
        "UNION SELECT id FROM groups WHERE created_batch = ? AND revision != 1 ORDER BY 1", (batch_id, batch_id))
        if _changed_since(conn, row[0], batch_id)]
    if touched:
        shown = ", ".join(str(group_id) for group_id in touched[:10]) + (" ..." if len(touched) > 10 else "")
        raise UppksError("error_batch_touched", id=batch_id, count=len(touched), groups=shown)
    inserted = conn.execute("SELECT count(*) FROM groups WHERE created_batch = ?", (batch_id,)).fetchone()[0]
    changed = conn.execute("SELECT count(*) FROM batch_changes WHERE batch_id = ?", (batch_id,)).fetchone()[0]
    return {"batch": batch_id, "kind": "groups", "remove": inserted, "restore": changed}


def _changed_since(conn: sqlite3.Connection, group_id: int, batch_id: int) -> bool:
    """Whether the changes made to a group after the batch still stand: a value
    edited and edited back again changes nothing, and loses nothing when undone."""
    entries = conn.execute("SELECT id, action, source, changes FROM group_history WHERE group_id = ? ORDER BY id",
                           (group_id,)).fetchall()

    def by_the_batch(entry) -> bool:
        return entry["action"] == "imported" and (entry["source"] or "").startswith(f"batch {batch_id}:")

    own = [entry["id"] for entry in entries if by_the_batch(entry)]
    first, last = {}, {}
    for entry in entries:
        if (own and entry["id"] <= own[-1]) or by_the_batch(entry):
            continue
        if not entry["changes"]:
            return True  # a change the history does not spell out
        for column, (before, after) in json.loads(entry["changes"]).items():
            first.setdefault(column, before)
            last[column] = after
    exists = conn.execute("SELECT 1 FROM groups WHERE id = ?", (group_id,)).fetchone()
    return exists is None or any(first[column] != last[column] for column in first) or not first


def undo_import(conn: sqlite3.Connection, batch_id: int) -> dict:
    """Put every group the batch inserted or changed back as it was before.

    Groups it inserted did not exist before, so they are removed; groups it
    changed get their earlier values back. The registry is backed up first.
    Refused when anything changed those groups after the batch: undoing would
    silently lose that later work.
    """
    undo_plan(conn, batch_id)  # refuse before making a backup that would not be needed
    backup(conn, database_path(conn), reason=f"before-undo-{batch_id}")
    with transaction(conn, big=True):
        plan = undo_plan(conn, batch_id)
        if plan["kind"] in ("monthly", "activities"):
            (monthly if plan["kind"] == "monthly" else coaching).undo_batch(conn, batch_id, now_iso())
            conn.execute("UPDATE import_batches SET undone_at = ? WHERE id = ?", (now_iso(), batch_id))
            return plan
        remember_highest(conn)  # the removed groups' numbers are never given again
        conn.execute("DELETE FROM groups WHERE created_batch = ?", (batch_id,))
        for change in conn.execute("SELECT * FROM batch_changes WHERE batch_id = ?", (batch_id,)).fetchall():
            before = json.loads(change["before"])
            # the revision goes back too: the group is again exactly as the
            # earlier batch or edit left it, so that one can still be undone
            columns = [c for c in before if c != "id"]
            current = conn.execute("SELECT * FROM groups WHERE id = ?", (change["group_id"],)).fetchone()
            assignments = ", ".join(f"{column} = ?" for column in columns)
            conn.execute(f"UPDATE groups SET {assignments} WHERE id = ?",
                         [before[c] for c in columns] + [change["group_id"]])
            restored = {c: (current[c], before[c]) for c in columns
                        if current[c] != before[c] and c not in ("revision", "batch_id", "updated_at")}
            record(conn, change["group_id"], "undone", f"batch {batch_id}", restored, now_iso())
        conn.execute("UPDATE import_batches SET undone_at = ? WHERE id = ?", (now_iso(), batch_id))
        totals.rebuild(conn)
    return plan
