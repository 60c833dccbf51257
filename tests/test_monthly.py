"""Monthly reports (R/I/UPPKA): one per group and month, recapped as the month was."""

import sqlite3

from uppks_cli.registry.connection import connect


def test_every_change_of_status_is_kept_with_its_time(run, db_path):
    for name in ("UPPKA Mawar", "UPPKA Melati"):
        assert run("add", "--name", name, "--district", "Pidie", "--product-type", "jasa").exit_code == 0
    assert run("deactivate", "1", "--reason", "bubar").exit_code == 0
    assert run("activate", "1").exit_code == 0
    raw = sqlite3.connect(db_path)
    changes = raw.execute("SELECT group_id, active FROM status_changes ORDER BY rowid").fetchall()
    stamps = raw.execute("SELECT s.at = g.updated_at FROM status_changes s JOIN groups g ON g.id = s.group_id "
                         "ORDER BY s.rowid DESC LIMIT 1").fetchone()
    raw.close()
    assert (changes, stamps) == ([(1, 0), (1, 1)], (1,))


def test_an_older_registry_learns_its_status_changes_from_history(tmp_path):
    from sqlite_utils import Database

    from uppks_cli.registry.migrations import registry_migrations

    path = tmp_path / "lama.db"
    raw = sqlite3.connect(path)
    registry_migrations.apply(Database(raw), stop_before="m006_monthly_reports")
    raw.execute("PRAGMA user_version = 5")
    for number, status in ((1, "active"), (2, "inactive"), (3, "active")):
        raw.execute("INSERT INTO groups (id, name, name_key, district_code, product_type, status, created_at, "
                    "updated_at) VALUES (?, ?, ?, '11.07', 'jasa', ?, '2025-01-0' || ? || 'T00:00:00Z', "
                    "'2025-06-01T00:00:00Z')", (number, f"UPPKA {number}", str(number), status, number))
    raw.execute("INSERT INTO group_history (group_id, at, action, source, changes) VALUES "
                "(3, '2025-03-01T00:00:00Z', 'deactivated', 'deactivate', '{\"status\": [\"active\", \"inactive\"]}'),"
                "(3, '2025-05-01T00:00:00Z', 'activated', 'activate', '{\"status\": [\"inactive\", \"active\"]}')")
    raw.commit()
    raw.close()
    conn = connect(path)
    found = [tuple(row) for row in conn.execute("SELECT group_id, at, active FROM status_changes ORDER BY rowid")]
    conn.close()
    assert found == [(2, "2025-01-02T00:00:00Z", 0), (3, "2025-03-01T00:00:00Z", 0), (3, "2025-05-01T00:00:00Z", 1)]
