"""The groups table: reading, inserting and updating rows, and the filter that selects them.

Callers hand over checked values (domain/checker.py) and a GroupFilter; the
SQL stays here.
"""

from __future__ import annotations

import sqlite3

from uppks_cli.errors import UppksError
from uppks_cli.registry import totals
from uppks_cli.registry.columns import (
    GROUP_COLUMNS,
    PUBLIC_FIELDS,
    ROW_COLUMNS,
    SEARCHED_COLUMNS,
    SORT_FIELDS,
    STATUSES,
    TOTALLED_COLUMNS,
)
from uppks_cli.registry.connection import joined_on_pairs

STATUS_CHOICES = STATUSES + ("all",)
# Every column an insert writes, in one fixed order.
INSERT_COLUMNS = ROW_COLUMNS + ("created_at", "updated_at", "batch_id", "created_batch")
_STATUS_AT, _CREATED_AT, _UPDATED_AT, _BATCH_AT, _CREATED_BATCH_AT = (
    INSERT_COLUMNS.index(c) for c in ("status", "created_at", "updated_at", "batch_id", "created_batch"))
_INSERT_SQL = (f"INSERT INTO groups (id, {', '.join(INSERT_COLUMNS)}) "
               f"VALUES (?, {', '.join('?' for _ in INSERT_COLUMNS)})")
# The business papers `--has` and `--lacks` ask about: the groups' columns holding their numbers.
PAPER_COLUMNS = ("nib", "pirt", "halal")
# The highest number a group ever had: an undone import removes its groups, and
# their numbers are never given again (their history stays theirs).
_HIGHEST = "highest_group_id"



class GroupFilter:
    """Which groups a list, count, summary, export or report covers.

    Values within one field are alternatives (two districts: either one).
    """

    __slots__ = ("district_codes", "product_types", "subdistricts", "search", "status", "has", "lacks", "notes")
    _COMPARED = __slots__[:-1]

    def __init__(self, district_codes=(), product_types=(), subdistricts=(), search: str | None = None,
                 status: str = "active", has=(), lacks=()):
        self.district_codes = list(district_codes)
        self.product_types = list(product_types)
        self.subdistricts = list(subdistricts)
        self.search = search
        self.status = status
        # business papers the groups must have, or must lack (PAPER_COLUMNS)
        self.has, self.lacks = list(has), list(lacks)
        # how the officer's words were read, to tell them (Messages); not part of the query
        self.notes: list = []

    def __eq__(self, other):
        return isinstance(other, GroupFilter) and all(
            getattr(self, name) == getattr(other, name) for name in self._COMPARED)

    def __repr__(self):
        return "GroupFilter(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in self._COMPARED) + ")"

    def totals_answer(self) -> bool:
        """Whether the running totals answer this filter (they know status, district and type only)."""
        return not self.subdistricts and not self.search and not self.has and not self.lacks

    def where(self, search_index: bool = False) -> tuple[str, list]:
        """The WHERE clause and its parameters; only this package's queries use it.

        With search_index (the registry has one: has_search_index), a search of three
        characters or more first asks the index for the groups holding each of its
        three-character pieces, and the LIKE reads only those."""
        clauses, params = [], []
        if self.status not in STATUS_CHOICES:
            raise UppksError("error_status", value=self.status)
        if self.status != "all":
            clauses.append("status = ?")
            params.append(self.status)
        for column, values in (("district_code", self.district_codes), ("product_type", self.product_types)):
            if values:
                clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
                params.extend(values)
        if self.subdistricts:
            clauses.append(f"lower(subdistrict) IN ({', '.join('lower(?)' for _ in self.subdistricts)})")
            params.extend(self.subdistricts)
        for papers, test in ((self.has, "IS NOT NULL"), (self.lacks, "IS NULL")):
            for paper in papers:
                if paper not in PAPER_COLUMNS:
                    raise ValueError(paper)
                clauses.append(f"{paper} {test}")
        if self.search:
            pattern = "%" + self.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            if search_index and len(self.search) >= SEARCH_PIECE:
                clauses.append("id IN (SELECT rowid FROM groups_search WHERE groups_search MATCH ?)")
                params.append(search_pieces(self.search))
            clauses.append("(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in SEARCHED_COLUMNS) + ")")
            params.extend([pattern] * len(SEARCHED_COLUMNS))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


# The trigram index knows pieces of three characters: shorter text is looked for in every group.
SEARCH_PIECE = 3


def search_pieces(text: str) -> str:
    """An FTS5 query for the groups holding every three-character piece of text (each quoted,
    a quote doubled). Any group whose column holds the text holds them all; the LIKE that
    follows it drops the groups that hold them apart, or in another case of a non-ASCII letter."""
    pieces = dict.fromkeys(text[start:start + SEARCH_PIECE] for start in range(len(text) - SEARCH_PIECE + 1))
    return " AND ".join('"' + piece.replace('"', '""') + '"' for piece in pieces)


def has_search_index(conn: sqlite3.Connection) -> bool:
    """Whether the registry has the search index (m006; a SQLite without FTS5 made none)."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'groups_search'").fetchone() \
        is not None


def _where(conn: sqlite3.Connection, group_filter: GroupFilter) -> tuple[str, list]:
    return group_filter.where(search_index=bool(group_filter.search) and has_search_index(conn))


def row_of(conn: sqlite3.Connection, group_id: int) -> sqlite3.Row:
    """The group's row as stored, or a refusal naming the number."""
    row = conn.execute("SELECT * FROM groups WHERE id = ?", (group_id,)).fetchone()
    if row is None:
        raise UppksError("error_group_not_found", id=group_id)
    return row


def order_by(sort: str | None) -> str:
    """An ORDER BY for `--sort members` or `--sort -members`; empty values last, then by number."""
    if not sort:
        return "id"
    descending = sort.startswith("-")
    key = sort.lstrip("-").strip().lower().replace("-", "_")
    if key not in SORT_FIELDS:
        raise UppksError("error_sort_field", value=sort, fields=", ".join(sorted(SORT_FIELDS)))
    expression = SORT_FIELDS[key]
    return f"{expression.split()[0]} IS NULL, {expression} {'DESC' if descending else 'ASC'}, id"


def select(conn: sqlite3.Connection, group_filter: GroupFilter, sort: str | None = None,
           limit: int | None = None, since: str | None = None):
    """The selected groups' rows, streamed from the database; `since`: updated at or after."""
    where, params = _where(conn, group_filter)
    if since is not None:
        where += (" AND " if where else " WHERE ") + "updated_at >= ?"
        params.append(since)
    order = "updated_at DESC, id" if since is not None and not sort else order_by(sort)
    sql = f"SELECT * FROM groups{where} ORDER BY {order}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return conn.execute(sql, params)


def _public_columns(district_names: dict[str, str], blanked: tuple[str, ...],
                    bytes_shown: bool = True) -> tuple[list[str], list]:
    """The SELECT expressions of PUBLIC_FIELDS (`district` named by SQLite, `blanked` ones NULL) and the
    parameters the naming binds. With `bytes_shown`, bytes another program stored in a column come as
    the text of a SQLite blob (x'616263'): no writer takes bytes, and they are shown as stored."""
    naming = "CASE district_code " + " ".join("WHEN ? THEN ?" for _ in district_names) + " ELSE district_code END" \
        if district_names else "district_code"

    def shown(key: str) -> str:
        if not bytes_shown:
            return key
        return f"CASE WHEN typeof({key}) = 'blob' THEN 'x''' || hex({key}) || '''' ELSE {key} END"

    columns = ["NULL" if key in blanked else naming if key == "district" else shown(key) for key in PUBLIC_FIELDS]
    named = [value for pair in district_names.items() for value in pair] if "district" not in blanked else []
    return columns, named


def select_public(conn: sqlite3.Connection, group_filter: GroupFilter, district_names: dict[str, str],
                  sort: str | None = None, limit: int | None = None, blanked: tuple[str, ...] = ()):
    """The selected groups as plain tuples in PUBLIC_FIELDS order, streamed: `district` is the
    name district_names gives the code (else the code), the `blanked` fields are None.

    Tuples, not rows of names, and the district named by SQLite: a province's export reads
    hundreds of thousands of groups, and every step per group shows."""
    where, params = _where(conn, group_filter)
    columns, named = _public_columns(district_names, blanked)
    sql = f"SELECT {', '.join(columns)} FROM groups{where} ORDER BY {order_by(sort)}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    cursor = conn.execute(sql, named + params)
    cursor.row_factory = None  # read when each row is fetched: plain tuples from here on
    return cursor


# Columns that may hold a real number (INTEGER affinity keeps 2.5 as it is; TEXT turns it into text).
_NUMBER_KINDS = ("amount", "year")


def select_public_text(conn: sqlite3.Connection, group_filter: GroupFilter, district_names: dict[str, str],
                       pieces: list[str], as_json: bool, sort: str | None = None, limit: int | None = None,
                       blanked: tuple[str, ...] = ()):
    """The selected groups as (id, text), streamed, the text written by SQLite: pieces[0], the first
    field's value, pieces[1], ... the last value, pieces[-1]. Each value as JSON (json_quote) with
    `as_json`, else as its plain text (NULL as nothing). Fields as select_public gives them.

    One string per group, made by one printf, instead of one object per field: Python's share of a
    province's export is a few steps per group. The text is NULL for a group that SQLite would not
    write as Python does: a real number (written otherwise), text in a number's column, or, as plain
    text, a NUL character (printf ends a text there). The caller writes those from public_rows()."""
    if len(pieces) != len(PUBLIC_FIELDS) + 1:
        raise ValueError(pieces)
    where, params = _where(conn, group_filter)
    columns, named = _public_columns(district_names, blanked, bytes_shown=False)  # bytes: left to Python
    template = "%s".join(piece.replace("%", "%%") for piece in pieces)
    values = ", ".join(f"json_quote({column})" if as_json else column for column in columns)
    # a number's column holding anything but a whole number or nothing was written there by another tool
    apart = [f"typeof({c.name}) NOT IN ('integer', 'null')" for c in GROUP_COLUMNS
             if c.public and c.kind in _NUMBER_KINDS]
    # bytes (only another tool stores them) are not text to SQLite's printf and json_quote
    apart += [f"typeof({c.name}) = 'blob'" for c in GROUP_COLUMNS if c.public and c.kind not in _NUMBER_KINDS]
    if not as_json:  # json_quote writes a NUL as \u0000, as Python does
        apart += [f"instr({c.name}, char(0))" for c in GROUP_COLUMNS if c.public and c.kind not in _NUMBER_KINDS]
    sql = (f"SELECT id, CASE WHEN {' OR '.join(apart)} THEN NULL ELSE printf(?, {values}) END "
           f"FROM groups{where} ORDER BY {order_by(sort)}")
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    cursor = conn.execute(sql, [template, *named, *params])
    cursor.row_factory = None
    return cursor


def public_rows(conn: sqlite3.Connection, ids, district_names: dict[str, str],
                blanked: tuple[str, ...] = ()) -> dict[int, tuple]:
    """{id: the group's tuple as select_public gives it} of the groups numbered `ids`."""
    columns, named = _public_columns(district_names, blanked)
    numbers = ", ".join(str(int(number)) for number in ids)
    cursor = conn.execute(f"SELECT id, {', '.join(columns)} FROM groups WHERE id IN ({numbers})", named)
    cursor.row_factory = None
    return {row[0]: row[1:] for row in cursor}


def count(conn: sqlite3.Connection, group_filter: GroupFilter) -> int:
    where, params = _where(conn, group_filter)
    table, measure = ("group_totals", "coalesce(sum(groups), 0)") if group_filter.totals_answer() else (
        "groups", "count(*)")
    return conn.execute(f"SELECT {measure} FROM {table}{where}", params).fetchone()[0]


def latest_change(conn: sqlite3.Connection, group_filter: GroupFilter) -> str | None:
    where, params = _where(conn, group_filter)
    # the newest first along the index of changes (m006), not max() over every group
    found = conn.execute(f"SELECT updated_at FROM groups{where} ORDER BY updated_at DESC LIMIT 1", params).fetchone()
    return found[0] if found else None


def changes_by_district(conn: sqlite3.Connection, group_filter: GroupFilter, since: str, most: int) -> dict | None:
    """{district_code: (changed groups, added, deactivated)} for the groups updated at or after
    `since`: added when created since, deactivated when inactive and deactivated since (history),
    else changed. Counted by SQLite: a first import changes every group of a province. None when
    more than `most` groups changed: only so many are read (along the index of changes)."""
    where, params = _where(conn, group_filter)
    where += (" AND " if where else " WHERE ") + "updated_at >= ?"
    chosen = (f"SELECT district_code, created_at, status, id FROM groups{where} ORDER BY updated_at DESC "
              f"LIMIT {int(most) + 1:d}")
    sql = ("SELECT district_code, count(*), coalesce(sum(created_at >= ?), 0), coalesce(sum(created_at < ? AND "
           "status = 'inactive' AND id IN (SELECT group_id FROM group_history WHERE action = 'deactivated' "
           f"AND at >= ?)), 0) FROM ({chosen}) GROUP BY district_code")
    found = {row[0]: tuple(row[1:]) for row in conn.execute(sql, [since, since, since, *params, since])}
    return None if sum(counts[0] for counts in found.values()) > most else found


def insert(conn: sqlite3.Connection, row: dict, stamp: str, batch_id: int | None = None) -> int:
    """Insert one checked row (ROW_COLUMNS, name_key included); returns the new id."""
    values = [row.get(column) for column in INSERT_COLUMNS]
    values[_STATUS_AT] = row.get("status") or "active"
    values[_CREATED_AT] = values[_UPDATED_AT] = stamp
    values[_BATCH_AT] = values[_CREATED_BATCH_AT] = batch_id
    cursor = conn.execute(_INSERT_SQL, [next_id(conn), *values])
    totals.change(conn, None, dict(zip(INSERT_COLUMNS, values)))
    index_for_search(conn, cursor.lastrowid - 1)
    return cursor.lastrowid


def insert_many(conn: sqlite3.Connection, columns: tuple[str, ...], rows: list[tuple], stamp: str,
                batch_id: int, first_id: int | None = None, index: bool = True) -> None:
    """Insert checked rows given as tuples aligned with `columns` (a subset of ROW_COLUMNS).

    The rows bind as they are; what every row shares (the time, the batch) is
    written into the statement, being the tool's own values (an ISO time, an
    integer), never text from a file. The caller adds the running totals, and, without `index`,
    puts the new groups into the search index and the recap's counts (index_for_search) before
    anything changes them.
    """
    placeholders = ", ".join("coalesce(?, 'active')" if c == "status" else "?" for c in columns)
    names = f"{', '.join(columns)}, created_at, updated_at, batch_id, created_batch"
    shared = f"'{stamp}', '{stamp}', {int(batch_id):d}, {int(batch_id):d}"
    before = conn.execute("SELECT coalesce(max(id), 0) FROM groups").fetchone()[0]
    if first_id is not None:  # past the numbers removed groups had: the first row names its id
        conn.execute(f"INSERT INTO groups ({names}, id) VALUES ({placeholders}, {shared}, ?)", (*rows[0], first_id))
        rows = rows[1:]
    conn.executemany(f"INSERT INTO groups ({names}) VALUES ({placeholders}, {shared})", rows)
    if index:
        index_for_search(conn, before)


_SEARCH_INDEXED = f"INSERT INTO groups_search (rowid, {', '.join(SEARCHED_COLUMNS)}) " \
    f"SELECT id, {', '.join(SEARCHED_COLUMNS)} FROM groups WHERE id > ?"


_STARTS_COUNTED = (
    "INSERT INTO group_starts (district_code, product_type, subdistrict_key, start_period, groups) "
    "SELECT district_code, product_type, coalesce(subdistrict_code, district_code || ' ' || coalesce(subdistrict, '-')), "
    "min(coalesce(founded_year || '-01', '9999'), substr(created_at, 1, 7)), count(*) FROM groups WHERE id > ? "
    "GROUP BY 1, 2, 3, 4 ON CONFLICT DO UPDATE SET groups = groups + excluded.groups")


def index_for_search(conn: sqlite3.Connection, after_id: int) -> None:
    """Put the groups numbered above after_id (just inserted: new numbers are always the highest)
    into the search index and the recap's count of groups by the month they begin, each in one
    statement: a trigger would run once per row, and made an import much slower. Removals and
    changes are kept by triggers (m006, m008)."""
    conn.execute(_STARTS_COUNTED, (after_id,))
    if has_search_index(conn):
        conn.execute(_SEARCH_INDEXED, (after_id,))


def next_id(conn: sqlite3.Connection) -> int:
    """The number the next group gets: past every number a group ever had (the writer holds the lock)."""
    return conn.execute(
        "SELECT max(coalesce((SELECT max(id) FROM groups), 0), "
        "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?), 0)) + 1", (_HIGHEST,)).fetchone()[0]


def reserves_numbers(conn: sqlite3.Connection) -> bool:
    """Whether numbers above the stored groups' are taken by removed ones (the next insert must name its id)."""
    return next_id(conn) > conn.execute("SELECT coalesce(max(id), 0) + 1 FROM groups").fetchone()[0]


def remember_highest(conn: sqlite3.Connection) -> None:
    """Before groups are removed, keep the highest number ever given."""
    conn.execute("INSERT INTO meta (key, value) VALUES (?, (SELECT max(id) FROM groups)) "
                 "ON CONFLICT (key) DO UPDATE SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
                 (_HIGHEST,))


def identities(conn: sqlite3.Connection):
    """(district_code, name_key) of every stored group."""
    return conn.execute("SELECT district_code, name_key FROM groups")


def same_identity(conn: sqlite3.Connection, district_code: str, key: str) -> list[sqlite3.Row]:
    """Every stored group with this district and name key, oldest first."""
    return conn.execute("SELECT * FROM groups WHERE district_code = ? AND name_key = ? ORDER BY id",
                        (district_code, key)).fetchall()


def _first(row):
    return row[0]


def same_identities(conn: sqlite3.Connection, identities) -> dict[tuple[str, str], list[sqlite3.Row]]:
    """same_identity for many (district code, name key) pairs at once: each pair found
    registered, with its groups (id, district_code, name_key, subdistrict, product_type,
    subdistrict_code), oldest first."""
    found: dict[tuple[str, str], list] = {}
    # sorted here: asked to sort, SQLite built a throwaway index of all groups for each statement
    for row in sorted(joined_on_pairs(conn, identities, ("district_code", "name_key"),
                                      "SELECT g.id, g.district_code, g.name_key, g.subdistrict, g.product_type, "
                                      "g.subdistrict_code FROM wanted CROSS JOIN groups g "
                                      "ON g.district_code = wanted.district_code AND g.name_key = wanted.name_key"),
                      key=_first):
        found.setdefault((row["district_code"], row["name_key"]), []).append(row)
    return found


def update(conn: sqlite3.Connection, group_id: int, values: dict, stamp: str, batch_id: int | None = None,
           revise: bool = True) -> None:
    """Write changed columns (checked, name_key included when the name changes).

    Every change bumps the group's revision, which is how undo-import knows
    whether anything touched a group after a batch; a batch changing a group
    it inserted itself does not (revise=False): undoing it removes the group.
    """
    values = {**values, "updated_at": stamp, "batch_id": batch_id}
    before = None
    if TOTALLED_COLUMNS & values.keys():
        before = dict(row_of(conn, group_id))
    assignments = ", ".join(f"{column} = ?" for column in values)
    revision = ", revision = revision + 1" if revise else ""
    conn.execute(f"UPDATE groups SET {assignments}{revision} WHERE id = ?", [*values.values(), group_id])
    if before is not None:
        totals.change(conn, before, {**before, **values})


def counts_by(conn: sqlite3.Connection, column: str) -> dict:
    """Active groups per district code or per product type."""
    if column not in ("district_code", "product_type"):
        raise ValueError(column)
    return dict(conn.execute(
        f"SELECT {column}, count(*) FROM groups WHERE status = 'active' GROUP BY {column}").fetchall())


def measures_by(conn: sqlite3.Connection, columns: tuple[str, ...], group_filter: GroupFilter) -> dict:
    """{(key, ...): (groups, members, members_pus, members_kb)} grouped by district code and/or product type."""
    if not set(columns) <= {"district_code", "product_type"}:
        raise ValueError(columns)
    where, params = _where(conn, group_filter)
    keys = ", ".join(columns)
    if group_filter.totals_answer():
        sql = (f"SELECT {keys}, sum(groups), sum(members), sum(members_pus), sum(members_kb) "
               f"FROM group_totals{where} GROUP BY {keys} HAVING sum(groups) > 0")
    else:
        sql = (f"SELECT {keys}, count(*), coalesce(sum(members), 0), coalesce(sum(members_pus), 0), "
               f"coalesce(sum(members_kb), 0) FROM groups{where} GROUP BY {keys}")
    width = len(columns)
    return {tuple(row[:width]): tuple(row[width:]) for row in conn.execute(sql, params)}


def named_like(conn: sqlite3.Connection, key: str) -> list[sqlite3.Row]:
    """Groups whose name key holds `key` (a name's matching key), few at most."""
    pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return conn.execute("SELECT * FROM groups WHERE name_key LIKE ? ESCAPE '\\' ORDER BY id LIMIT 50",
                        (pattern,)).fetchall()


def names_by_key(conn: sqlite3.Connection) -> dict[str, str]:
    """{name key: the name as registered} of every group (the first of a key shared by several)."""
    found: dict[str, str] = {}
    for key, name in conn.execute("SELECT name_key, name FROM groups ORDER BY id"):
        found.setdefault(key, name)
    return found
