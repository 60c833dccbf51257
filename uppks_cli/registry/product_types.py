"""The product-type vocabulary as stored: types, and every spelling (alias) of them."""

from __future__ import annotations

import sqlite3


def all_types(conn: sqlite3.Connection) -> list[tuple[str, str, str, list[str]]]:
    """(code, label_id, label_en, aliases) of every type, in the vocabulary's order."""
    types = {row[0]: (row[0], row[1], row[2], []) for row in conn.execute(
        "SELECT code, label_id, label_en FROM product_types ORDER BY position, code")}
    for alias, code in conn.execute("SELECT alias, product_type FROM product_type_aliases ORDER BY rowid"):
        types[code][3].append(alias)
    return list(types.values())


def type_of_alias(conn: sqlite3.Connection, alias_key: str) -> str | None:
    row = conn.execute("SELECT product_type FROM product_type_aliases WHERE alias_key = ?", (alias_key,)).fetchone()
    return row[0] if row else None


def aliases_and_codes(conn: sqlite3.Connection) -> tuple[dict[str, str], list[str], list[str]]:
    """{alias key: code}, the codes in order, and every type's code and labels: all an
    import needs to resolve types."""
    aliases = dict(conn.execute("SELECT alias_key, product_type FROM product_type_aliases").fetchall())
    rows = conn.execute("SELECT code, label_id, label_en FROM product_types ORDER BY position, code").fetchall()
    return aliases, [row[0] for row in rows], [name for row in rows for name in row]


def exists(conn: sqlite3.Connection, code: str) -> bool:
    return conn.execute("SELECT 1 FROM product_types WHERE code = ?", (code,)).fetchone() is not None


def insert_type(conn: sqlite3.Connection, code: str, label_id: str, label_en: str) -> None:
    conn.execute(
        "INSERT INTO product_types (code, label_id, label_en, position, created_at) "
        "VALUES (?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM product_types), "
        "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", (code, label_id, label_en))


def insert_alias(conn: sqlite3.Connection, alias_key: str, alias: str, code: str) -> None:
    conn.execute("INSERT INTO product_type_aliases (alias_key, alias, product_type) VALUES (?, ?, ?)",
                 (alias_key, alias, code))
