"""Meeting terms: `uppks count pidie anyaman` read as filters.

At a meeting nobody types option names: each word (or run of words) is read
as a district in any spelling, a product type by any alias, or a kecamatan.
"""

from __future__ import annotations

import sqlite3

from uppks_cli.domain.product_types import find_product_type, is_own_name, resolve_product_type
from uppks_cli.domain.reference import (
    district_by_code,
    find_district,
    find_subdistricts,
    resolve_district,
    suggest_district,
)
from uppks_cli.domain.values import clean_text
from uppks_cli.errors import Message, UppksError
from uppks_cli.registry.groups import GroupFilter


def build_filter(conn: sqlite3.Connection, district=None, product_type=None, subdistrict=None,
                 search=None, status: str = "active", terms=(), has=None, lacks=None) -> GroupFilter:
    """Turn options and meeting-style terms into one filter; `has`/`lacks`: a business paper (nib, pirt, halal)."""
    group_filter = GroupFilter(search=clean_text(search), status=status, has=[has] if has else [],
                               lacks=[lacks] if lacks else [])
    if district:
        group_filter.district_codes.append(resolve_district(district).code)
    if product_type:
        code = resolve_product_type(conn, product_type)
        group_filter.product_types.append(code)
        _say_if_a_product(conn, group_filter, product_type, code)
    if subdistrict:
        group_filter.subdistricts.append(_subdistrict_name(subdistrict))
    for kind, value, phrase in resolve_terms(conn, list(terms or ()), with_phrases=True):
        if kind == "search":
            if group_filter.search:
                raise UppksError("error_term_two_searches", first=group_filter.search, second=value)
            group_filter.search = value
            group_filter.notes.append(Message("note_term_search", value=value))
            continue
        target = {"district": group_filter.district_codes, "product_type": group_filter.product_types,
                  "subdistrict": group_filter.subdistricts}[kind]
        if value not in target:
            target.append(value)
        if kind == "product_type":
            _say_if_a_product(conn, group_filter, phrase, value)
    return group_filter


def _say_if_a_product(conn: sqlite3.Connection, group_filter: GroupFilter, written: str, code: str) -> None:
    """`count keripik` counts every makanan group, not only those making keripik: say so."""
    if not is_own_name(conn, written):
        group_filter.notes.append(Message("note_term_product_type", value=clean_text(written), code=code))


def _subdistrict_name(text: str) -> str:
    known = find_subdistricts(text)
    return known[0].name if known else clean_text(text) or ""


def _meanings(conn: sqlite3.Connection, phrase: str) -> list[tuple[str, str]]:
    """Every (kind, value) a phrase can name exactly."""
    meanings = []
    district = find_district(phrase)
    if district:
        meanings.append(("district", district.code))
    code = find_product_type(conn, phrase)
    if code:
        meanings.append(("product_type", code))
    found = find_subdistricts(phrase)
    # "Pidie" is also a kecamatan inside Pidie: the district reading contains
    # the kecamatan one, so it is not a real ambiguity.
    if found and not (district and all(s.district_code == district.code for s in found)):
        meanings.append(("subdistrict", found[0].name))
    return meanings


def resolve_terms(conn: sqlite3.Connection, terms: list[str], with_phrases: bool = False) -> list[tuple]:
    """(kind, value) for each term (and the phrase it was read from, with_phrases);
    unquoted words are joined greedily, longest first, so "aceh besar" is found
    whether or not it was quoted. Words that name nothing and are near nothing
    ("mawar") are a search of group names: ("search", the words)."""
    words = [w for w in (clean_text(t) for t in terms) if w]
    resolved, start, unknown = [], 0, []
    while start < len(words):
        for end in range(len(words), start, -1):
            phrase = " ".join(words[start:end])
            meanings = _meanings(conn, phrase)
            if meanings:
                break
        else:
            refusal = _term_not_understood(conn, words[start:])
            if refusal is not None:
                raise refusal
            unknown.append(words[start])
            start += 1
            continue
        if len(meanings) > 1:
            raise UppksError("error_term_ambiguous", value=phrase,
                             meanings=[_meaning(kind, value) for kind, value in meanings])
        _name_search(resolved, unknown, with_phrases)
        resolved.append((*meanings[0], phrase) if with_phrases else meanings[0])
        start = end
    _name_search(resolved, unknown, with_phrases)
    return resolved


def _name_search(resolved: list, unknown: list[str], with_phrases: bool) -> None:
    """Words in a row that name nothing become one name search."""
    if unknown:
        text = " ".join(unknown)
        resolved.append(("search", text, text) if with_phrases else ("search", text))
        unknown.clear()


def _meaning(kind: str, value: str) -> Message:
    if kind == "district":
        return Message("meaning_district", name=district_by_code()[value].name)
    if kind == "product_type":
        return Message("meaning_product_type", code=value)
    places = sorted({district_by_code()[s.district_code].name for s in find_subdistricts(value)})
    return Message("meaning_subdistrict", name=value, districts=", ".join(places))


def _term_not_understood(conn: sqlite3.Connection, words: list[str]) -> UppksError | None:
    """Why the first of these words cannot be read: a bare code, or a near miss of a
    district or product type (tried on the longest run first: "aceh besr"); None when it
    is near nothing, a word of a group's name."""
    word = words[0]
    try:
        resolve_district(word)
    except UppksError as refusal:
        if refusal.key == "error_district_bare_code":
            return refusal
    for end in range(len(words), 0, -1):
        phrase = " ".join(words[:end])
        district = suggest_district(phrase)
        if district:
            return UppksError("error_term_near", value=phrase, suggestion=district.name)
    try:
        resolve_product_type(conn, word)
    except UppksError as refusal:
        if refusal.key == "error_product_type_near":
            return UppksError("error_term_near", value=word, suggestion=refusal.params["suggestion"])
    return None
