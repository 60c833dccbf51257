import os
import sqlite3
import stat
from pathlib import Path

import pytest

from uppks_cli.cli.boundary import default_db_path, resolve_db_path
from uppks_cli.errors import UppksError
from uppks_cli.registry.connection import SCHEMA_VERSION, connect
from uppks_cli.registry.migrations import registry_migrations


def test_db_path_precedence(tmp_path):
    env = {"UPPKS_DB": str(tmp_path / "env.db")}
    assert resolve_db_path(str(tmp_path / "opt.db"), env) == (str(tmp_path / "opt.db"), "option")
    assert resolve_db_path(None, env) == (str(tmp_path / "env.db"), "env")
    path, source = resolve_db_path(None, {})
    assert (path, source) == (default_db_path(), "default")
    assert Path(path).name == "uppks.db" and Path(path).parent.name == "uppks"


def test_new_file_is_private_and_migrated(tmp_path):
    path = tmp_path / "new.db"
    conn = connect(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    names = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert names == ["m001_groups_and_product_types", "m002_import_batches", "m003_group_history",
                     "m004_group_totals", "m005_identity_ignores_apostrophes", "m006_monthly_reports",
                     "m007_coaching", "m008_search_and_recent_change_indexes", "m009_group_facts",
                     "m010_paper_totals"]
    assert conn.execute("SELECT count(*) FROM product_types").fetchone()[0] == 10
    conn.close()


def test_schema_version_counts_the_migrations():
    assert SCHEMA_VERSION == len(registry_migrations.pending(__import__("sqlite_utils").Database(memory=True)))


def test_reopening_applies_nothing_twice(tmp_path):
    path = tmp_path / "again.db"
    connect(path).close()
    conn = connect(path)
    assert conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM product_type_aliases WHERE product_type = 'makanan'").fetchone()[0] > 5
    conn.close()


def test_default_location_is_created_with_its_folders(tmp_path, monkeypatch):
    monkeypatch.delenv("UPPKS_DB")
    path, source = resolve_db_path(None)
    assert not Path(path).parent.exists()
    connect(path, make_folders=(source == "default")).close()
    assert Path(path).exists()


def test_missing_folder_for_explicit_path_is_refused(tmp_path, en):
    target = tmp_path / "nowhere" / "x.db"
    with pytest.raises(UppksError) as refused:
        connect(target)
    assert en.of(refused.value) == (
        f"the folder {target.parent} for the database {target} does not exist; "
        "create it first or choose another --db."
    )
    assert not target.parent.exists()


def test_file_from_a_newer_version_is_refused_untouched(tmp_path, en):
    path = tmp_path / "future.db"
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    before = path.read_bytes()
    with pytest.raises(UppksError) as refused:
        connect(path)
    assert en.of(refused.value) == (
        f"{path} was written by a newer uppks (schema {SCHEMA_VERSION + 1}; this version knows up to "
        f"{SCHEMA_VERSION}); upgrade uppks to use it. The file was not changed."
    )
    assert path.read_bytes() == before


def test_a_text_file_is_not_a_database(tmp_path, en):
    path = tmp_path / "notes.db"
    path.write_text("daftar kelompok\n" * 200)
    with pytest.raises(UppksError) as refused:
        connect(path)
    assert refused.value.key == "error_db_unreadable"
    assert en.of(refused.value).startswith(f"{path} is not a readable uppks database (file is not a database)")


def test_upgrade_from_the_first_schema_keeps_groups(tmp_path):
    from sqlite_utils import Database

    path = tmp_path / "v1.db"
    raw = sqlite3.connect(path, isolation_level=None)
    registry_migrations.apply(Database(raw), stop_before="m002_import_batches")
    raw.execute("PRAGMA user_version = 1")
    raw.execute("INSERT INTO groups (name, district_code, product_type, members, created_at, updated_at) "
                "VALUES ('UPPKS Mawar', '11.07', 'anyaman', 20, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')")
    raw.close()
    conn = connect(path)
    row = conn.execute("SELECT name, name_key, revision, members FROM groups").fetchone()
    assert tuple(row) == ("UPPKS Mawar", "mawar", 1, 20)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM import_batches").fetchone()[0] == 0
    conn.close()


def test_the_column_catalogue_is_the_table_the_migrations_build(conn):
    """The catalogue every column list comes from, against the frozen migrations' table."""
    from uppks_cli.registry.columns import GROUP_COLUMNS

    sql_type = {"id": "INTEGER", "amount": "INTEGER", "year": "INTEGER", "internal": "INTEGER"}
    stored = {row["name"]: row["type"] for row in conn.execute("PRAGMA table_info(groups)")}
    assert stored == {column.name: sql_type.get(column.kind, "TEXT") for column in GROUP_COLUMNS}


@pytest.mark.parametrize("given", ["", "  "])
def test_an_empty_db_option_is_refused_not_taken_for_the_default_registry(run, given, monkeypatch, tmp_path):
    # `uppks --db "$DB" add ...` with DB unset would otherwise write into the default registry
    monkeypatch.delenv("UPPKS_DB")
    for command in (("count",), ("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa")):
        refused = run("--db", given, *command)
        assert (refused.exit_code, refused.stderr) == (1, (
            "Error: --db is empty; give the registry's file, or leave --db out to use $UPPKS_DB or the default "
            "registry (`uppks db-path` says which).\n"))
    assert not Path(default_db_path()).exists()


def test_a_device_or_a_pipe_is_never_opened_as_the_registry_nor_made_private(run, tmp_path):
    pipe = tmp_path / "pipa"
    os.mkfifo(pipe, 0o644)
    for command in (("count",), ("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa")):
        refused = run("--db", str(pipe), *command)
        assert (refused.exit_code, refused.stderr) == (1, (
            f"Error: {pipe} is a device or a pipe, not a database file; give a file name with --db.\n"))
    # an empty device (/dev/null) was made readable by root alone, for every user of the machine
    assert stat.S_IMODE(os.stat(pipe).st_mode) == 0o644


def test_a_db_path_ending_in_a_slash_is_a_folder_for_reads_and_writes_alike(run, tmp_path, db_path):
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "jasa")
    given = str(db_path) + "/"
    for command in (("count",), ("add", "--name", "UPPKA Melati", "--district", "Pidie", "--product-type", "jasa")):
        refused = run("--db", given, *command)
        assert (refused.exit_code, refused.stderr) == (
            1, f"Error: {given} is a folder, not a database file; give a file name with --db.\n")
    assert run("count").stdout == "1\n"
