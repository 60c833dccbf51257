"""The product-type vocabulary, kept in the database so the officer can extend it."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

from uppks_cli.db import transaction
from uppks_cli.errors import UppksError
from uppks_cli.reference import fold

_CODE = re.compile(r"^[a-z][a-z0-9_]{1,29}$")


@dataclass
class ProductType:
    code: str
    label_id: str
    label_en: str
    aliases: list[str] = field(default_factory=list)

    def label(self, language: str) -> str:
        return self.label_id if language == "id" else self.label_en


def product_types(conn: sqlite3.Connection) -> list[ProductType]:
    types = {
        row["code"]: ProductType(row["code"], row["label_id"], row["label_en"])
        for row in conn.execute("SELECT code, label_id, label_en FROM product_types ORDER BY position, code")
    }
    for row in conn.execute("SELECT alias, product_type FROM product_type_aliases ORDER BY rowid"):
        types[row["product_type"]].aliases.append(row["alias"])
    return list(types.values())


def find_product_type(conn: sqlite3.Connection, text: str) -> str | None:
    """The code a spelling names (code, label or alias; case and punctuation ignored)."""
    row = conn.execute(
        "SELECT product_type FROM product_type_aliases WHERE alias_key = ?", (fold(text),)
    ).fetchone()
    return row["product_type"] if row else None


class Vocabulary:
    """The product types and every spelling of them, read once.

    An import resolves thousands of rows against it, possibly in a second
    process that has no database connection of its own.
    """

    def __init__(self, aliases: dict[str, str], codes: list[str]):
        self.aliases = aliases
        self.codes = codes

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> "Vocabulary":
        aliases = {row[0]: row[1] for row in conn.execute("SELECT alias_key, product_type FROM product_type_aliases")}
        codes = [row[0] for row in conn.execute("SELECT code FROM product_types ORDER BY position, code")]
        return cls(aliases, codes)

    def resolve(self, text, field: str = "product_type") -> str:
        cleaned = str(text if text is not None else "").strip()
        if not cleaned:
            raise UppksError("error_required", field=field)
        key = fold(cleaned)
        if key in self.aliases:
            return self.aliases[key]
        import difflib  # only a near miss needs it

        close = difflib.get_close_matches(key, list(self.aliases), n=1, cutoff=0.75)
        if close:
            raise UppksError("error_product_type_near", field=field, value=cleaned, suggestion=self.aliases[close[0]])
        raise UppksError("error_product_type_unknown", field=field, value=cleaned, codes=", ".join(self.codes))


def resolve_product_type(conn: sqlite3.Connection, text, field: str = "product_type") -> str:
    cleaned = str(text if text is not None else "").strip()
    code = find_product_type(conn, cleaned) if cleaned else None
    return code or Vocabulary.load(conn).resolve(cleaned, field)


def _insert_alias(conn: sqlite3.Connection, alias: str, code: str) -> None:
    key = fold(alias)
    if not key:
        raise UppksError("error_alias_empty", value=alias)
    existing = find_product_type(conn, alias)
    if existing and existing != code:
        raise UppksError("error_alias_taken", value=alias, code=existing)
    if existing is None:
        conn.execute(
            "INSERT INTO product_type_aliases (alias_key, alias, product_type) VALUES (?, ?, ?)",
            (key, alias.strip(), code),
        )


def add_product_type(conn: sqlite3.Connection, code: str, label_id: str, label_en: str,
                     aliases: list[str] = ()) -> ProductType:
    code = (code or "").strip().lower()
    if not _CODE.match(code):
        raise UppksError("error_product_type_code", value=code)
    label_id, label_en = (label_id or "").strip(), (label_en or "").strip()
    if not label_id or not label_en:
        raise UppksError("error_product_type_labels")
    with transaction(conn):
        if conn.execute("SELECT 1 FROM product_types WHERE code = ?", (code,)).fetchone():
            raise UppksError("error_product_type_exists", value=code)
        taken = find_product_type(conn, code)
        if taken:
            raise UppksError("error_alias_taken", value=code, code=taken)
        position = conn.execute("SELECT coalesce(max(position), 0) + 1 FROM product_types").fetchone()[0]
        conn.execute(
            "INSERT INTO product_types (code, label_id, label_en, position, created_at) "
            "VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            (code, label_id, label_en, position),
        )
        for alias in [code, label_id, label_en, *aliases]:
            _insert_alias(conn, alias, code)
    return next(pt for pt in product_types(conn) if pt.code == code)


def add_alias(conn: sqlite3.Connection, alias: str, product_type: str) -> str:
    """Teach the vocabulary another spelling; returns the type's code."""
    with transaction(conn):
        code = resolve_product_type(conn, product_type)
        _insert_alias(conn, alias, code)
    return code
