"""The product-type vocabulary: resolving what officers write, and extending it."""

from __future__ import annotations

import re
import sqlite3

from uppks_cli.domain.reference import find_district, fold
from uppks_cli.domain.values import refuse_control_characters
from uppks_cli.errors import Message, UppksError
from uppks_cli.registry import product_types as stored
from uppks_cli.registry.connection import transaction

_CODE = re.compile(r"^[a-z][a-z0-9_]{1,29}$")


class ProductType:
    __slots__ = ("code", "label_id", "label_en", "aliases")

    def __init__(self, code: str, label_id: str, label_en: str, aliases=()):
        self.code, self.label_id, self.label_en, self.aliases = code, label_id, label_en, list(aliases)

    def label(self, language: str) -> str:
        return self.label_id if language == "id" else self.label_en


def is_code(text: str) -> bool:
    """Whether text has the shape of a product type's code (kosmetik, hasil_laut)."""
    return bool(_CODE.match(text))


def ensure_codes(conn: sqlite3.Connection, codes) -> list[str]:
    """Add the product types these codes name that the registry lacks (labels: the code);
    returns the codes added. An import of another registry's export brings them."""
    added = []
    for code in sorted(set(codes)):
        if code and not stored.exists(conn, code):
            stored.insert_type(conn, code, code, code)
            _add_alias(conn, code, code)
            added.append(code)
    return added


def product_types(conn: sqlite3.Connection) -> list[ProductType]:
    return [ProductType(*row) for row in stored.all_types(conn)]


def find_product_type(conn: sqlite3.Connection, text: str) -> str | None:
    """The code a spelling names (code, label or alias; case and punctuation ignored)."""
    return stored.type_of_alias(conn, fold(text))


def is_own_name(conn: sqlite3.Connection, text: str) -> bool:
    """Whether a spelling is a type's code or label, not another word for one of its products."""
    key = fold(text)
    return any(key in {fold(pt.code), fold(pt.label_id), fold(pt.label_en)} for pt in product_types(conn))


class Vocabulary:
    """The product types and every spelling of them, read once.

    An import resolves thousands of rows against it, possibly in a second
    process that has no database connection of its own.
    """

    def __init__(self, aliases: dict[str, str], codes: list[str], names: list[str] = (),
                 new_codes: bool = False):
        self.aliases = aliases
        self.codes = codes
        # an export of another registry names its own product types by code: take them as new
        self.new_codes = new_codes
        # the keys of the types' own names (code and labels): any other spelling names a product too
        self.own_names = {fold(name) for name in (*codes, *names)}

    def taking_new_codes(self) -> "Vocabulary":
        """The same vocabulary, taking an unknown type written as a code as a new type."""
        vocabulary = Vocabulary(self.aliases, self.codes, new_codes=True)
        vocabulary.own_names = self.own_names
        return vocabulary

    def product_in(self, text) -> str | None:
        """The product a spelling names besides its type ("Keripik" is a makanan product), or None
        when it is the type's own code or label."""
        cleaned = " ".join(str(text).split()) if text is not None else ""
        key = fold(cleaned)
        return cleaned if key in self.aliases and key not in self.own_names else None

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> "Vocabulary":
        return cls(*stored.aliases_and_codes(conn))

    def resolve(self, text, field: str = "product_type") -> str:
        cleaned = str(text if text is not None else "").strip()
        if not cleaned:
            raise UppksError("error_required", field=field)
        key = fold(cleaned)
        if key in self.aliases:
            return self.aliases[key]
        if self.new_codes and is_code(cleaned):
            return cleaned
        import difflib  # only a near miss needs it

        close = difflib.get_close_matches(key, list(self.aliases), n=1, cutoff=0.75)
        if close:
            raise UppksError("error_product_type_near", field=field, value=cleaned, suggestion=self.aliases[close[0]])
        raise UppksError("error_product_type_unknown", field=field, value=cleaned, codes=", ".join(self.codes))


def resolve_product_type(conn: sqlite3.Connection, text, field: str = "product_type") -> str:
    """The code the officer meant, or a refusal with the nearest spelling or the list."""
    cleaned = str(text if text is not None else "").strip()
    code = find_product_type(conn, cleaned) if cleaned else None
    return code or Vocabulary.load(conn).resolve(cleaned, field)


def _add_alias(conn: sqlite3.Connection, alias: str, code: str) -> None:
    key = fold(alias)
    if not key:
        raise UppksError("error_alias_empty", value=alias)
    existing = stored.type_of_alias(conn, key)
    if existing and existing != code:
        raise UppksError("error_alias_taken", value=alias, code=existing)
    if existing is None:
        stored.insert_alias(conn, key, alias.strip(), code)


def _new_spelling(text, field: str) -> None:
    """A spelling the officer teaches: shown as typed, so without control characters, and no district's
    name, which would leave every term of that name (`uppks count pidie`) asking which is meant. (A
    kecamatan's name may be a word for a product as well, "Kuala": a term of it says both meanings.)"""
    refuse_control_characters(text, field)
    district = find_district(text) if text else None
    if district:
        raise UppksError("error_alias_place", value=text.strip(), place=Message("meaning_district", name=district.name))


def add_product_type(conn: sqlite3.Connection, code: str, label_id: str, label_en: str,
                     aliases=()) -> ProductType:
    code = (code or "").strip().lower()
    if not is_code(code):
        raise UppksError("error_product_type_code", value=code)
    for text, field in ((code, "code"), (label_id, "label_id"), (label_en, "label_en"),
                        *((alias, "alias") for alias in aliases)):
        _new_spelling(text, field)
    label_id, label_en = (label_id or "").strip(), (label_en or "").strip()
    if not label_id or not label_en:
        raise UppksError("error_product_type_labels")
    with transaction(conn):
        if stored.exists(conn, code):
            raise UppksError("error_product_type_exists", value=code)
        taken = find_product_type(conn, code)
        if taken:
            raise UppksError("error_alias_taken", value=code, code=taken)
        stored.insert_type(conn, code, label_id, label_en)
        for alias in [code, label_id, label_en, *aliases]:
            _add_alias(conn, alias, code)
    return next(pt for pt in product_types(conn) if pt.code == code)


def add_alias(conn: sqlite3.Connection, alias: str, product_type: str) -> str:
    """Teach the vocabulary another spelling; returns the type's code."""
    _new_spelling(alias, "alias")
    with transaction(conn):
        code = resolve_product_type(conn, product_type)
        _add_alias(conn, alias, code)
    return code
