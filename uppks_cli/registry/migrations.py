"""The schema, as numbered migrations applied in order when a file is opened.

Each migration is recorded by name in sqlite-utils' _sqlite_migrations table,
and PRAGMA user_version holds how many have run (connection.SCHEMA_VERSION),
so opening an up-to-date file costs one PRAGMA. Never edit a migration that
has shipped: add the next one.

Frozen: this module imports nothing from the rest of the package. What a
migration needs of the tool's rules (how a name becomes its matching key) is
copied here as it was when the migration was written, so changing today's
code can never change what an old file is upgraded to.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

registry_migrations = Migrations("uppks")


@registry_migrations(name="m001_groups_and_product_types")
def m001_groups_and_product_types(db: Database) -> None:
    db["product_types"].create(
        {"code": str, "label_id": str, "label_en": str, "position": int, "created_at": str},
        pk="code", not_null={"label_id", "label_en"},
    )
    db["product_type_aliases"].create(
        {"alias_key": str, "alias": str, "product_type": str},
        pk="alias_key", foreign_keys=[("product_type", "product_types", "code")],
        not_null={"alias", "product_type"},
    )
    # Plain SQL for the groups table: sqlite-utils' create() has no CHECK
    # constraints, and these rules must hold however a row is written.
    db.execute(
        """
        CREATE TABLE groups (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            district_code TEXT NOT NULL,
            subdistrict TEXT,
            subdistrict_code TEXT,
            village TEXT,
            village_code TEXT,
            product_type TEXT NOT NULL REFERENCES product_types(code),
            product TEXT,
            members INTEGER CHECK (members >= 0),
            members_pus INTEGER CHECK (members_pus >= 0 AND members_pus <= members),
            members_kb INTEGER CHECK (members_kb >= 0 AND members_kb <= members_pus),
            leader TEXT,
            phone TEXT,
            founded_year INTEGER,
            capital INTEGER CHECK (capital >= 0),
            turnover INTEGER CHECK (turnover >= 0),
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
            inactive_reason TEXT,
            notes TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    # Counts and summaries filter on status and group by district and product
    # type; this index covers them without reading the rows.
    db.execute(
        "CREATE INDEX groups_status_district_product ON groups "
        "(status, district_code, product_type, members, members_pus, members_kb)"
    )
    db.execute("CREATE INDEX groups_status_product ON groups (status, product_type)")
    db["meta"].create({"key": str, "value": str}, pk="key")
    seed_product_types(db)


@registry_migrations(name="m002_import_batches")
def m002_import_batches(db: Database) -> None:
    # name_key: the group's identity for imports (see domain/identity.py);
    # revision: bumped by every change, so undo-import can tell whether a
    # group was touched after its batch; batch_id: the import that last wrote
    # it; created_batch: the import that inserted it.
    db.execute("ALTER TABLE groups ADD COLUMN name_key TEXT")
    db.execute("ALTER TABLE groups ADD COLUMN revision INTEGER NOT NULL DEFAULT 1")
    db.execute("ALTER TABLE groups ADD COLUMN batch_id INTEGER")
    db.execute("ALTER TABLE groups ADD COLUMN created_batch INTEGER")
    for group_id, name in db.execute("SELECT id, name FROM groups").fetchall():
        db.execute("UPDATE groups SET name_key = ? WHERE id = ?", (_m002_name_key(name), group_id))
    db.execute("CREATE INDEX groups_identity ON groups (district_code, name_key)")
    db.execute(
        """
        CREATE TABLE import_batches (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            inserted INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            invalid INTEGER NOT NULL DEFAULT 0,
            undone_at TEXT
        )
        """
    )
    db.execute(
        """
        CREATE TABLE import_files (
            id INTEGER PRIMARY KEY,
            batch_id INTEGER NOT NULL REFERENCES import_batches(id),
            file TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            format TEXT,
            sheets TEXT,
            inserted INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            invalid INTEGER NOT NULL DEFAULT 0
        )
        """
    )
    # One row per registered group a batch changed, with the group as it was
    # before (JSON), the revision the batch left, and where in the file it came
    # from. Groups a batch inserted carry its id in groups.created_batch instead:
    # a row each here would cost big imports a third more writing.
    db.execute(
        """
        CREATE TABLE batch_changes (
            batch_id INTEGER NOT NULL REFERENCES import_batches(id),
            group_id INTEGER NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('inserted', 'updated')),
            before TEXT,
            revision INTEGER NOT NULL,
            source TEXT,
            PRIMARY KEY (batch_id, group_id)
        )
        """
    )


@registry_migrations(name="m003_group_history")
def m003_group_history(db: Database) -> None:
    # Every change to a group, written in the same transaction as the change.
    # changes: JSON {column: [before, after]}. Groups an import created are
    # traced through groups.created_batch instead, to keep big imports fast.
    db.execute(
        """
        CREATE TABLE group_history (
            id INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL,
            at TEXT NOT NULL,
            action TEXT NOT NULL,
            source TEXT,
            changes TEXT
        )
        """
    )
    db.execute("CREATE INDEX group_history_group ON group_history (group_id, id)")


@registry_migrations(name="m004_group_totals")
def m004_group_totals(db: Database) -> None:
    # Running totals for counts and summaries (see totals.py). The index that
    # covered them on the groups table is no longer needed for that.
    db.execute(
        """
        CREATE TABLE group_totals (
            status TEXT NOT NULL,
            district_code TEXT NOT NULL,
            product_type TEXT NOT NULL,
            groups INTEGER NOT NULL,
            members INTEGER NOT NULL,
            members_pus INTEGER NOT NULL,
            members_kb INTEGER NOT NULL,
            PRIMARY KEY (status, district_code, product_type)
        ) WITHOUT ROWID
        """
    )
    db.execute(
        "INSERT INTO group_totals (status, district_code, product_type, groups, members, members_pus, members_kb) "
        "SELECT status, district_code, product_type, count(*), coalesce(sum(members), 0), "
        "coalesce(sum(members_pus), 0), coalesce(sum(members_kb), 0) FROM groups "
        "GROUP BY status, district_code, product_type")
    db.execute("DROP INDEX groups_status_district_product")
    db.execute("DROP INDEX groups_status_product")


@registry_migrations(name="m005_identity_ignores_apostrophes")
def m005_identity_ignores_apostrophes(db: Database) -> None:
    # A name's key and a spelling's key now drop apostrophes and quotes of
    # every kind (Ma'rifah = Ma’rifah) and read any dash as "-" does: the keys
    # stored before are computed again. Two spellings of a product type that
    # now share a key keep the first.
    for group_id, name in db.execute("SELECT id, name FROM groups").fetchall():
        db.execute("UPDATE groups SET name_key = ? WHERE id = ?", (_m005_name_key(name), group_id))
    aliases = db.execute("SELECT alias_key, alias, product_type FROM product_type_aliases ORDER BY rowid").fetchall()
    db.execute("DELETE FROM product_type_aliases")
    kept = {}
    for _, alias, product_type in aliases:
        kept.setdefault(_m005_fold(alias), (alias, product_type))
    for key, (alias, product_type) in kept.items():
        db.execute("INSERT INTO product_type_aliases (alias_key, alias, product_type) VALUES (?, ?, ?)",
                   (key, alias, product_type))


@registry_migrations(name="m006_monthly_reports")
def m006_monthly_reports(db: Database) -> None:
    # The R/I/UPPKA monthly report of each group, one per group and month
    # (period "YYYY-MM"). The rules a report must keep hold however it is written.
    db.execute(
        """
        CREATE TABLE monthly_reports (
            group_id INTEGER NOT NULL REFERENCES groups(id),
            period TEXT NOT NULL CHECK (period GLOB '[12][0-9][0-9][0-9]-[01][0-9]'),
            meetings INTEGER CHECK (meetings >= 0),
            meetings_virtual INTEGER CHECK (meetings_virtual >= 0),
            families INTEGER CHECK (families >= 0),
            attended INTEGER CHECK (attended >= 0 AND attended <= families),
            members_pus INTEGER CHECK (members_pus >= 0 AND members_pus <= families),
            members_kb INTEGER CHECK (members_kb >= 0 AND members_kb <= members_pus),
            turnover INTEGER CHECK (turnover >= 0),
            capital_received INTEGER CHECK (capital_received >= 0),
            capital_source TEXT,
            reported_on TEXT,
            notes TEXT,
            batch_id INTEGER,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (group_id, period)
        ) WITHOUT ROWID
        """
    )
    db.execute("CREATE INDEX monthly_reports_period ON monthly_reports (period, group_id)")
    # What a monthly import changed, to undo it: the report before (JSON), or
    # NULL for a report the import added.
    db.execute(
        """
        CREATE TABLE monthly_batch_changes (
            batch_id INTEGER NOT NULL REFERENCES import_batches(id),
            group_id INTEGER NOT NULL,
            period TEXT NOT NULL,
            before TEXT,
            PRIMARY KEY (batch_id, group_id, period)
        )
        """
    )
    db.execute("ALTER TABLE import_batches ADD COLUMN kind TEXT NOT NULL DEFAULT 'groups'")
    # When each group became active or inactive, so a past month is recapped with
    # the groups that existed then. Kept by triggers, whatever changes a status.
    db.execute(
        """
        CREATE TABLE status_changes (
            group_id INTEGER NOT NULL,
            at TEXT NOT NULL,
            active INTEGER NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX status_changes_group ON status_changes (group_id, at)")
    db.execute(
        """
        CREATE TRIGGER groups_status_changed AFTER UPDATE OF status ON groups
        WHEN NEW.status IS NOT OLD.status
        BEGIN
            -- when it happened: an undo puts an older updated_at back, yet changes the status now
            INSERT INTO status_changes (group_id, at, active)
            VALUES (NEW.id, max(NEW.updated_at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), NEW.status = 'active');
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER groups_born_inactive AFTER INSERT ON groups
        WHEN NEW.status = 'inactive'
        BEGIN
            INSERT INTO status_changes (group_id, at, active) VALUES (NEW.id, NEW.created_at, 0);
        END
        """
    )
    _m006_status_changes_so_far(db)
    _m006_running_totals(db)


_M006_KEY = "coalesce({t}.subdistrict_code, {t}.district_code || ' ' || coalesce({t}.subdistrict, '-'))"
_M006_START = "min(coalesce({t}.founded_year || '-01', '9999'), substr({t}.created_at, 1, 7))"
_M006_SUMMED = ("meetings", "meetings_virtual", "families", "attended", "members_pus", "members_kb", "turnover",
                "capital_received")


def _m006_running_totals(db: Database) -> None:
    """Running totals for the recap, as group_totals are for summaries: reports summed by
    month, district, product type and kecamatan, and groups counted by the month they
    begin. Triggers keep them right whatever writes a report or moves a group."""
    summed = ", ".join(f"{c} INTEGER NOT NULL DEFAULT 0" for c in _M006_SUMMED)
    db.execute(f"""
        CREATE TABLE monthly_totals (
            period TEXT NOT NULL, district_code TEXT NOT NULL, product_type TEXT NOT NULL,
            subdistrict_key TEXT NOT NULL, reporting INTEGER NOT NULL DEFAULT 0, {summed},
            PRIMARY KEY (period, district_code, product_type, subdistrict_key)
        ) WITHOUT ROWID""")
    db.execute("""
        CREATE TABLE group_starts (
            district_code TEXT NOT NULL, product_type TEXT NOT NULL, subdistrict_key TEXT NOT NULL,
            start_period TEXT NOT NULL, groups INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (district_code, product_type, subdistrict_key, start_period)
        ) WITHOUT ROWID""")
    columns = ", ".join(_M006_SUMMED)
    adding = ", ".join(f"{c} = {c} + excluded.{c}" for c in ("reporting", *_M006_SUMMED))

    def add_reports(sign: str, report: str, group: str, where: str) -> str:
        values = ", ".join(f"{sign}coalesce({report}.{c}, 0)" for c in _M006_SUMMED)
        return (f"INSERT INTO monthly_totals (period, district_code, product_type, subdistrict_key, reporting, "
                f"{columns}) SELECT {report}.period, {group}.district_code, {group}.product_type, "
                f"{_M006_KEY.format(t=group)}, {sign}1, {values} FROM {where} "
                f"ON CONFLICT DO UPDATE SET {adding};")

    def count_start(sign: str, group: str) -> str:
        return (f"INSERT INTO group_starts (district_code, product_type, subdistrict_key, start_period, groups) "
                f"VALUES ({group}.district_code, {group}.product_type, {_M006_KEY.format(t=group)}, "
                f"{_M006_START.format(t=group)}, {sign}1) ON CONFLICT DO UPDATE SET groups = groups + excluded.groups;")

    new_report = add_reports("", "NEW", "g", "groups g WHERE g.id = NEW.group_id")
    old_report = add_reports("-", "OLD", "g", "groups g WHERE g.id = OLD.group_id")
    db.execute(f"CREATE TRIGGER monthly_added AFTER INSERT ON monthly_reports BEGIN {new_report} END")
    db.execute(f"CREATE TRIGGER monthly_removed AFTER DELETE ON monthly_reports BEGIN {old_report} END")
    db.execute(f"CREATE TRIGGER monthly_changed AFTER UPDATE ON monthly_reports BEGIN {old_report} {new_report} END")
    moved_from = add_reports("-", "r", "OLD", "monthly_reports r WHERE r.group_id = OLD.id")
    moved_to = add_reports("", "r", "NEW", "monthly_reports r WHERE r.group_id = NEW.id")
    db.execute(f"""
        CREATE TRIGGER groups_moved AFTER UPDATE OF district_code, product_type, subdistrict_code, subdistrict
        ON groups WHEN NEW.district_code IS NOT OLD.district_code OR NEW.product_type IS NOT OLD.product_type
            OR {_M006_KEY.format(t="NEW")} IS NOT {_M006_KEY.format(t="OLD")}
        BEGIN {moved_from} {moved_to} END""")
    # new groups are counted a block at a time by the statements that insert them (registry/groups.py)
    db.execute(f"CREATE TRIGGER groups_gone AFTER DELETE ON groups BEGIN {count_start('-', 'OLD')} END")
    db.execute(f"""
        CREATE TRIGGER groups_restarted AFTER UPDATE OF district_code, product_type, subdistrict_code, subdistrict,
            founded_year, created_at ON groups
        BEGIN {count_start('-', 'OLD')} {count_start('', 'NEW')} END""")
    db.execute(f"INSERT INTO group_starts (district_code, product_type, subdistrict_key, start_period, groups) "
               f"SELECT district_code, product_type, {_M006_KEY.format(t='groups')}, "
               f"{_M006_START.format(t='groups')}, count(*) FROM groups GROUP BY 1, 2, 3, 4")


def _m006_status_changes_so_far(db: Database) -> None:
    """status_changes for the groups already there, from their history: each change of
    status, and a group that was inactive from its start."""
    import json

    changed: dict[int, list] = {}
    for group_id, at, changes in db.execute(
            "SELECT group_id, at, changes FROM group_history WHERE changes LIKE '%\"status\"%' ORDER BY id"):
        before, after = json.loads(changes).get("status", [None, None])
        if before != after and after in ("active", "inactive"):
            changed.setdefault(group_id, []).append((at, after == "active", before))
    for group_id, created_at, status in db.execute("SELECT id, created_at, status FROM groups").fetchall():
        events = changed.get(group_id)
        born_inactive = events[0][2] == "inactive" if events else status == "inactive"
        if born_inactive:
            db.execute("INSERT INTO status_changes (group_id, at, active) VALUES (?, ?, 0)", (group_id, created_at))
        for at, active, _ in events or ():
            db.execute("INSERT INTO status_changes (group_id, at, active) VALUES (?, ?, ?)",
                       (group_id, at, int(active)))



@registry_migrations(name="m007_coaching")
def m007_coaching(db: Database) -> None:
    # A group's business papers: NIB (business ID, 13 digits), P-IRT (home food
    # production permit, 15 digits), halal certificate (as issued), each with the
    # day it was obtained (YYYY-MM-DD).
    for column in ("nib", "nib_date", "pirt", "pirt_date", "halal", "halal_date"):
        db.execute(f"ALTER TABLE groups ADD COLUMN {column} TEXT")
    # The officer's coaching and facilitation, one line per activity with a group.
    db.execute(
        """
        CREATE TABLE activities (
            id INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL REFERENCES groups(id),
            date TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
            kind TEXT NOT NULL CHECK (kind IN ('visit', 'training', 'meeting', 'exhibition', 'capital',
                                               'certification', 'partnership', 'other')),
            topic TEXT NOT NULL CHECK (length(trim(topic)) > 0),
            done_by TEXT,
            attended INTEGER CHECK (attended >= 0),
            amount INTEGER CHECK (amount >= 0),
            partner TEXT,
            batch_id INTEGER,
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX activities_group_date ON activities (group_id, date)")
    db.execute("CREATE INDEX activities_date ON activities (date, kind)")


@registry_migrations(name="m008_search_and_recent_change_indexes")
def m008_search_and_recent_change_indexes(db: Database) -> None:
    # The meeting report lists the groups changed lately and says when the data last
    # changed: an index by the time of the last change finds them without reading all
    # (newest first, then by number, as the report lists them). Past a page of changes the
    # report counts them by district: the index also holds what it counts, so SQLite does
    # not read the groups themselves. Led by the time, an import only appends to it (an
    # index led by the district, tried first, made a big import a third slower).
    db.execute("CREATE INDEX groups_updated ON groups (updated_at DESC, id, district_code, created_at, status)")
    # `--search` looks for text anywhere inside the searched columns (LIKE '%text%'), which reads
    # every group. A full-text index of each column's three-character pieces (FTS5's
    # trigram tokenizer) finds the groups that hold every piece of the text; the LIKE then
    # keeps only those that really hold it, so the answer is the same. detail=none keeps
    # only which group holds a piece: a fifth of the size, twice as quick to build. It reads
    # the text from groups itself (content=). A SQLite
    # built without FTS5 or the trigram tokenizer gets no index, and search reads every group.
    searched = ("name", "subdistrict", "village", "product", "leader", "nib", "pirt", "halal", "notes")
    try:
        db.execute(
            f"CREATE VIRTUAL TABLE groups_search USING fts5({', '.join(searched)}, content='groups', "
            "content_rowid='id', tokenize='trigram', detail='none', columnsize=0)")
    except Exception as exc:  # sqlite3.OperationalError: no such module, no such tokenizer
        if "no such" not in str(exc):
            raise
        return
    db.execute("INSERT INTO groups_search (groups_search) VALUES ('rebuild')")
    # New groups are indexed by the statements that insert them, a block at a time
    # (registry/groups.py): a trigger would run once per row, and FTS5 writes its index out
    # at every statement, which made an import three times slower. A removal or a change
    # is indexed here, for every statement that makes one.
    old = ", ".join("old." + column for column in searched)
    new = ", ".join("new." + column for column in searched)
    columns = ", ".join(searched)
    db.execute(f"CREATE TRIGGER groups_search_delete AFTER DELETE ON groups BEGIN "
               f"INSERT INTO groups_search (groups_search, rowid, {columns}) VALUES ('delete', old.id, {old}); END")
    db.execute(f"CREATE TRIGGER groups_search_update AFTER UPDATE OF {columns} ON groups BEGIN "
               f"INSERT INTO groups_search (groups_search, rowid, {columns}) VALUES ('delete', old.id, {old}); "
               f"INSERT INTO groups_search (rowid, {columns}) VALUES (new.id, {new}); END")


# What group_facts keeps of a group's reports, as the report gives it: its latest report; its
# latest with a KB rate (members in PUS, and of them in KB) and with families; the highest KB rate
# and families it ever reported, which tell `attention` which groups cannot have fallen.
_M009_KB = "{r}.members_pus > 0 AND {r}.members_kb IS NOT NULL"
_M009_FAMILIES = "{r}.families IS NOT NULL"
_M009_LATEST = {"kb_period": ("period", _M009_KB), "kb": ("members_kb", _M009_KB), "pus": ("members_pus", _M009_KB),
                "families_period": ("period", _M009_FAMILIES), "families": ("families", _M009_FAMILIES)}
_M009_HIGHEST = {"kb_high": ("100.0 * {r}.members_kb / {r}.members_pus", _M009_KB),
                 "families_high": ("{r}.families", _M009_FAMILIES)}
_M009_COLUMNS = ("last_period", "last_activity", *_M009_LATEST, *_M009_HIGHEST)


def _m009_recount(group: str) -> str:
    """The statements that set one group's facts again from its reports and activities; a group
    left with neither has no row (as a recount gives none)."""
    values = [f"(SELECT max(r.period) FROM monthly_reports r WHERE r.group_id = {group})",
              f"(SELECT max(a.date) FROM activities a WHERE a.group_id = {group})"]
    values += [f"(SELECT r.{column} FROM monthly_reports r WHERE r.group_id = {group} AND {when.format(r='r')} "
               "ORDER BY r.period DESC LIMIT 1)" for column, when in _M009_LATEST.values()]
    values += [f"(SELECT max({value.format(r='r')}) FROM monthly_reports r WHERE r.group_id = {group} AND "
               f"{when.format(r='r')})" for value, when in _M009_HIGHEST.values()]
    return (f"INSERT INTO group_facts (group_id, {', '.join(_M009_COLUMNS)}) VALUES ({group}, {', '.join(values)}) "
            f"ON CONFLICT (group_id) DO UPDATE SET "
            f"{', '.join(f'{column} = excluded.{column}' for column in _M009_COLUMNS)}; "
            f"DELETE FROM group_facts WHERE group_id = {group} AND last_period IS NULL AND last_activity IS NULL;")


def _m009_greater(column: str, compared: str) -> str:
    # a NULL compares as nothing, and every SET reads the row as it was before the statement
    return (f"{column} = CASE WHEN excluded.{compared} > coalesce({compared}, '') THEN excluded.{column} "
            f"ELSE {column} END")


def _m009_higher(column: str) -> str:
    return f"{column} = CASE WHEN excluded.{column} > coalesce({column}, -1) THEN excluded.{column} ELSE {column} END"


@registry_migrations(name="m009_group_facts")
def m009_group_facts(db: Database) -> None:
    # `attention` weighs each group of a district by its latest report and activity: kept here,
    # one short row per group that has either, read by the group's number instead of searching
    # its reports and activities. Triggers keep it right in the transaction of every write: a new
    # report or activity only moves a fact later or higher; a change or a removal counts the group again.
    db.execute(
        """
        CREATE TABLE group_facts (
            group_id INTEGER PRIMARY KEY,
            last_period TEXT,
            last_activity TEXT,
            kb_period TEXT,
            kb INTEGER,
            pus INTEGER,
            families_period TEXT,
            families INTEGER,
            kb_high REAL,
            families_high INTEGER
        )
        """
    )
    given = [f"CASE WHEN {when.format(r='NEW')} THEN NEW.{column} END" for column, when in _M009_LATEST.values()]
    given += [f"CASE WHEN {when.format(r='NEW')} THEN {value.format(r='NEW')} END"
              for value, when in _M009_HIGHEST.values()]
    moved = [_m009_greater("last_period", "last_period"),
             *(_m009_greater(column, "kb_period") for column in ("kb", "pus", "kb_period")),
             *(_m009_greater(column, "families_period") for column in ("families", "families_period")),
             *(_m009_higher(column) for column in _M009_HIGHEST)]
    db.execute(f"""
        CREATE TRIGGER group_facts_report_added AFTER INSERT ON monthly_reports BEGIN
            INSERT INTO group_facts (group_id, last_period, {', '.join(_M009_COLUMNS[2:])})
            VALUES (NEW.group_id, NEW.period, {', '.join(given)})
            ON CONFLICT (group_id) DO UPDATE SET {', '.join(moved)};
        END""")
    db.execute(f"CREATE TRIGGER group_facts_report_removed AFTER DELETE ON monthly_reports BEGIN "
               f"{_m009_recount('OLD.group_id')} END")
    db.execute(f"""
        CREATE TRIGGER group_facts_report_changed AFTER UPDATE OF group_id, period, members_kb, members_pus, families
        ON monthly_reports BEGIN {_m009_recount('OLD.group_id')} {_m009_recount('NEW.group_id')} END""")
    db.execute(f"""
        CREATE TRIGGER group_facts_activity_added AFTER INSERT ON activities BEGIN
            INSERT INTO group_facts (group_id, last_activity) VALUES (NEW.group_id, NEW.date)
            ON CONFLICT (group_id) DO UPDATE SET {_m009_greater("last_activity", "last_activity")};
        END""")
    db.execute(f"CREATE TRIGGER group_facts_activity_removed AFTER DELETE ON activities BEGIN "
               f"{_m009_recount('OLD.group_id')} END")
    db.execute(f"""
        CREATE TRIGGER group_facts_activity_changed AFTER UPDATE OF group_id, date ON activities
        BEGIN {_m009_recount('OLD.group_id')} {_m009_recount('NEW.group_id')} END""")
    db.execute("CREATE TRIGGER group_facts_group_gone AFTER DELETE ON groups BEGIN "
               "DELETE FROM group_facts WHERE group_id = OLD.id; END")
    # the groups already there, each table read once in its own order (a bare column beside max()
    # comes from the row that holds the maximum)
    db.execute("INSERT INTO group_facts (group_id, last_period) SELECT group_id, max(period) FROM monthly_reports "
               "GROUP BY group_id")
    for when, columns, high in ((_M009_KB, ("kb_period", "kb", "pus"), "kb_high"),
                                (_M009_FAMILIES, ("families_period", "families"), "families_high")):
        latest = ", ".join(_M009_LATEST[column][0] for column in columns[1:])
        db.execute(f"INSERT INTO group_facts (group_id, {', '.join(columns)}) SELECT group_id, max(period), {latest} "
                   f"FROM monthly_reports r WHERE {when.format(r='r')} GROUP BY group_id "
                   f"ON CONFLICT (group_id) DO UPDATE SET "
                   f"{', '.join(f'{column} = excluded.{column}' for column in columns)}")
        db.execute(f"INSERT INTO group_facts (group_id, {high}) SELECT group_id, "
                   f"max({_M009_HIGHEST[high][0].format(r='r')}) FROM monthly_reports r WHERE {when.format(r='r')} "
                   f"GROUP BY group_id ON CONFLICT (group_id) DO UPDATE SET {high} = excluded.{high}")
    db.execute("INSERT INTO group_facts (group_id, last_activity) SELECT group_id, max(date) FROM activities "
               "WHERE true GROUP BY group_id ON CONFLICT (group_id) DO UPDATE SET "
               "last_activity = excluded.last_activity")


@registry_migrations(name="m010_paper_totals")
def m010_paper_totals(db: Database) -> None:
    # The meeting report counts, by district, the groups holding each business paper.
    # Read from every group that took as long as all the rest of a national report; the
    # running totals count the groups holding each paper as they count members.
    for paper in ("nib", "pirt", "halal"):
        db.execute(f"ALTER TABLE group_totals ADD COLUMN {paper} INTEGER NOT NULL DEFAULT 0")
    db.execute("DELETE FROM group_totals")
    db.execute(
        "INSERT INTO group_totals (status, district_code, product_type, groups, members, members_pus, members_kb, "
        "nib, pirt, halal) SELECT status, district_code, product_type, count(*), coalesce(sum(members), 0), "
        "coalesce(sum(members_pus), 0), coalesce(sum(members_kb), 0), count(nib), count(pirt), count(halal) "
        "FROM groups GROUP BY status, district_code, product_type")


def seed_product_types(db: Database) -> None:
    """The product types of data/product_types.csv: the seed of every new registry."""
    with (_data_dir() / "product_types.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    db["product_types"].insert_all(
        {"code": row["code"], "label_id": row["label_id"], "label_en": row["label_en"],
         "position": position, "created_at": None}
        for position, row in enumerate(rows, start=1)
    )
    aliases = {}
    for row in rows:
        for alias in [row["code"], row["label_id"], row["label_en"], *row["aliases"].split("|")]:
            alias = alias.strip()
            if alias:
                key = _m001_fold(alias)
                aliases.setdefault(key, {"alias_key": key, "alias": alias, "product_type": row["code"]})
    db["product_type_aliases"].insert_all(aliases.values())


def _data_dir() -> Path:
    """The reference files: inside the installed package, else the source tree."""
    package = Path(__file__).resolve().parent.parent
    return package / "data" if (package / "data").is_dir() else package.parent / "data"


# --- rules as the migrations were written with them (frozen copies) ---


def _m001_fold(text: str) -> str:
    """A spelling's matching key, as m001 seeded the aliases with it."""
    text = str(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.lower().replace("&", " dan ")
    return re.sub(r"[^0-9a-z]+", " ", text).strip()


def _m002_name_key(name: str) -> str:
    """A group's name as identity, as m002 filled name_key for the groups already there."""
    words = _m001_fold(name).split()
    while len(words) > 1 and words[0] in ("uppks", "uppka", "kelompok"):
        words = words[1:]
    return " ".join(words)


_M005_JOINING = str.maketrans({**dict.fromkeys("'’‘‛`´ʼʻ′\"“”„‟«»", None), **dict.fromkeys("‐‑‒–—―−", " ")})


def _m005_fold(text: str) -> str:
    """A spelling's matching key as m005 recomputed it: apostrophes and quotes joined."""
    return _m001_fold(str(text).translate(_M005_JOINING))


def _m005_name_key(name: str) -> str:
    """A group's name as identity, as m005 recomputed it."""
    words = _m005_fold(name).split()
    while len(words) > 1 and words[0] in ("uppks", "uppka", "kelompok"):
        words = words[1:]
    return " ".join(words)
