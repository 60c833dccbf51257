"""Aceh's districts, kecamatan and gampong, and how officers write them.

The lists are read from the CSV files in data/ (Kepmendagri 300.2.2-2138/2025),
each on first use only: a quick count never pays for the 6,500 gampong.
"""

from __future__ import annotations

import csv
import functools
import os
import re
import unicodedata
from collections import namedtuple

from uppks_cli.errors import DataWarning, UppksError

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_KEMENDAGRI_DISTRICT = re.compile(r"^11\.\d{2}$")
_FOUR_DIGITS = re.compile(r"^\d{4}$")
_DISTRICT_PREFIXES = ("kabupaten ", "kab ", "kota ", "kotamadya ", "pemkab ", "pemko ")
_SUBDISTRICT_PREFIXES = ("kecamatan ", "kec ")
_VILLAGE_PREFIXES = ("gampong ", "gp ", "desa ", "kelurahan ", "kel ")


def data_dir() -> str:
    """The reference files: inside the installed package, else the source tree."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    packaged = os.path.join(package, "data")
    return packaged if os.path.isdir(packaged) else os.path.join(os.path.dirname(package), "data")


# Apostrophes and quotes of every kind join the letters around them (Ma'rifah,
# Ma’rifah and Maʼrifah are one name); dashes of every kind part words as "-" does.
_JOINING = str.maketrans({**dict.fromkeys("'’‘‛`´ʼʻ′\"“”„‟«»", None), **dict.fromkeys("‐‑‒–—―−", " ")})


def fold(text: str) -> str:
    """The matching key of a name: lower case, accents and punctuation gone.

    "KAB. ACEH  BESAR" and "Kab Aceh-Besar" give the same key; "&" reads as "dan"
    so "Makanan & Minuman" matches "makanan dan minuman"; "Ma'rifah" and
    "Ma’rifah" (straight or curly apostrophe) give "marifah".
    """
    text = str(text).translate(_JOINING)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.lower().replace("&", " dan ")
    return _NOT_ALNUM.sub(" ", text).strip()


def _strip_prefix(key: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix):]
    return key


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(os.path.join(data_dir(), name), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# Plain named tuples, not dataclasses: `uppks count` must not pay for importing dataclasses.
District = namedtuple("District", "code bps_code name official_name kind")
Subdistrict = namedtuple("Subdistrict", "code district_code name")
Village = namedtuple("Village", "code subdistrict_code name")


@functools.cache
def districts() -> tuple[District, ...]:
    return tuple(District(**row) for row in _read_csv("districts.csv"))


@functools.cache
def district_by_code() -> dict[str, District]:
    return {district.code: district for district in districts()}


@functools.cache
def _district_keys() -> dict[str, str]:
    """Every accepted spelling (folded) mapped to a Kemendagri code."""
    keys: dict[str, str] = {}
    for district in districts():
        short = fold(district.name)
        keys[short] = district.code
        keys[fold(district.official_name)] = district.code
        if district.kind == "kabupaten":
            keys["kab " + short] = district.code
        else:
            keys["kota " + short] = district.code
    for row in _read_csv("district_aliases.csv"):
        keys[fold(row["alias"])] = row["district_code"]
    return keys


def _district_key(text: str) -> str:
    key = fold(text)
    for old_province in (" nanggroe aceh darussalam", " provinsi aceh", " nad"):
        if key.endswith(old_province) and len(key) > len(old_province):
            key = key[: -len(old_province)]
    return key


def find_district(text: str) -> District | None:
    """The district a spelling or a dotted Kemendagri code names, or None."""
    cleaned = str(text).strip()
    if _KEMENDAGRI_DISTRICT.match(cleaned):
        return district_by_code().get(cleaned)
    keys = _district_keys()
    key = _district_key(cleaned)
    code = keys.get(key) or keys.get(_strip_prefix(key, _DISTRICT_PREFIXES))
    return district_by_code()[code] if code else None


_BRACKETED = re.compile(r"\([^()]*\)")


def suggest_district(text: str) -> District | None:
    import difflib  # only a near miss needs it

    outside = _BRACKETED.sub(" ", str(text))
    if outside != str(text) and find_district(outside):  # "Aceh Besar (Jantho)": the district and its seat
        return find_district(outside)
    keys = _district_keys()
    key = _strip_prefix(_district_key(text), _DISTRICT_PREFIXES)
    close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.75)
    return district_by_code()[keys[close[0]]] if close else None


# the column of codes beside the district's name in this tool's exports
DISTRICT_CODE_BESIDE = "district_code"


def district_code_refusal(district: District | None, code) -> UppksError | None:
    """A row giving its district by name and by code (an export of this tool): refused when the code
    is a whole Kemendagri code of another district. The name is what is read: a code a spreadsheet
    program changed (11.1 for 11.10) or left empty says nothing against it."""
    text = str(code).strip() if code is not None else ""
    if district is None or not _KEMENDAGRI_DISTRICT.match(text):
        return None
    other = district_by_code().get(text)
    if other is None or other.code == district.code:
        return None
    return UppksError("error_district_code_differs", field="district", code=text, named=other.name,
                      district=district.name)


def resolve_district(text, field: str = "district") -> District:
    """The district the officer meant, or a refusal that says what to write."""
    cleaned = str(text if text is not None else "").strip()
    if not cleaned:
        raise UppksError("error_required", field=field)
    if _FOUR_DIGITS.match(cleaned):
        as_bps = next((d for d in districts() if d.bps_code == cleaned), None)
        as_kemendagri = district_by_code().get(cleaned[:2] + "." + cleaned[2:])
        if as_bps is as_kemendagri:  # read either way it is one district (1171, Banda Aceh), or none
            if as_bps is not None:
                return as_bps
            raise UppksError("error_district_unknown", field=field, value=cleaned)
        raise UppksError(
            "error_district_bare_code", field=field, value=cleaned,
            bps_name=as_bps.name if as_bps else "-",
            kemendagri_code=cleaned[:2] + "." + cleaned[2:],
            kemendagri_name=as_kemendagri.name if as_kemendagri else "-",
        )
    district = find_district(cleaned)
    if district:
        return district
    suggestion = suggest_district(cleaned)
    if suggestion:
        raise UppksError("error_district_near", field=field, value=cleaned, suggestion=suggestion.name)
    raise UppksError("error_district_unknown", field=field, value=cleaned)


@functools.cache
def subdistricts() -> tuple[Subdistrict, ...]:
    return tuple(Subdistrict(**row) for row in _read_csv("subdistricts.csv"))


@functools.cache
def subdistricts_of(district_code: str) -> tuple[Subdistrict, ...]:
    return tuple(s for s in subdistricts() if s.district_code == district_code)


@functools.cache
def _subdistricts_by_key() -> dict[str, tuple[Subdistrict, ...]]:
    found: dict[str, list[Subdistrict]] = {}
    for subdistrict in subdistricts():
        found.setdefault(fold(subdistrict.name), []).append(subdistrict)
    return {key: tuple(items) for key, items in found.items()}


def find_subdistricts(text: str) -> tuple[Subdistrict, ...]:
    """Kecamatan of that name anywhere in Aceh (names repeat across districts)."""
    key = fold(text)
    by_key = _subdistricts_by_key()
    return by_key.get(key) or by_key.get(_strip_prefix(key, _SUBDISTRICT_PREFIXES), ())


@functools.cache
def subdistrict_by_code() -> dict[str, Subdistrict]:
    return {subdistrict.code: subdistrict for subdistrict in subdistricts()}


_KECAMATAN_CODE = re.compile(r"^(\d{2})\.?(\d{2})\.?(\d{2})$")


def _kecamatan_code(text) -> str | None:
    """A kecamatan's Kemendagri code as written ("11.06.10" or "110610"), in its dotted form."""
    found = _KECAMATAN_CODE.match(str(text).strip())
    return ".".join(found.groups()) if found else None


def find_subdistrict(district_code: str, text: str) -> Subdistrict | None:
    return next((s for s in find_subdistricts(text) if s.district_code == district_code), None)


@functools.cache
def villages() -> tuple[Village, ...]:
    return tuple(Village(**row) for row in _read_csv("villages.csv"))


@functools.cache
def _villages_by_subdistrict() -> dict[str, tuple[Village, ...]]:
    found: dict[str, list[Village]] = {}
    for village in villages():
        found.setdefault(village.subdistrict_code, []).append(village)
    return {code: tuple(items) for code, items in found.items()}


def villages_of(subdistrict_code: str) -> tuple[Village, ...]:
    return _villages_by_subdistrict().get(subdistrict_code, ())


@functools.cache
def villages_of_district(district_code: str) -> tuple[Village, ...]:
    prefix = district_code + "."
    return tuple(v for v in villages() if v.code.startswith(prefix))


def _match_village(candidates: tuple[Village, ...], text: str) -> list[Village]:
    key = fold(text)
    exact = [v for v in candidates if fold(v.name) == key]
    if exact:
        return exact
    bare = _strip_prefix(key, _VILLAGE_PREFIXES)
    return [v for v in candidates if _strip_prefix(fold(v.name), _VILLAGE_PREFIXES) == bare]


def _closest(text: str, names: list[str]) -> str | None:
    import difflib

    by_key = {fold(name): name for name in names}
    close = difflib.get_close_matches(fold(text), list(by_key), n=1, cutoff=0.7)
    return by_key[close[0]] if close else None


class Location:
    """Where a group is, with codes where the reference knows the names."""

    __slots__ = ("district", "subdistrict", "subdistrict_code", "village", "village_code")

    def __init__(self, district: District, subdistrict: str | None = None, subdistrict_code: str | None = None,
                 village: str | None = None, village_code: str | None = None):
        self.district, self.subdistrict, self.subdistrict_code = district, subdistrict, subdistrict_code
        self.village, self.village_code = village, village_code


def resolve_location(district: District, subdistrict_text: str | None,
                     village_text: str | None) -> tuple[Location, list[DataWarning]]:
    """Check kecamatan and gampong within their district.

    Names the reference does not know are kept as typed, with a warning and the
    closest known name: the lists lag behind new villages.
    """
    warnings: list[DataWarning] = []
    location = Location(district=district)
    subdistrict = None
    coded = subdistrict_by_code().get(_kecamatan_code(subdistrict_text)) if subdistrict_text else None
    if coded is not None and coded.district_code != district.code:
        # a code of another district's kecamatan: kept as written, and which district it is said
        location.subdistrict = subdistrict_text
        warnings.append(DataWarning("warning_subdistrict_code_elsewhere", value=subdistrict_text, name=coded.name,
                                    district=district.name, elsewhere=district_by_code()[coded.district_code].name))
        subdistrict_text = None
    if subdistrict_text:
        subdistrict = coded or find_subdistrict(district.code, subdistrict_text)
        if subdistrict:
            location.subdistrict, location.subdistrict_code = subdistrict.name, subdistrict.code
        else:
            location.subdistrict = subdistrict_text
            suggestion = _closest(subdistrict_text, [s.name for s in subdistricts_of(district.code)])
            elsewhere = sorted({district_by_code()[s.district_code].name for s in find_subdistricts(subdistrict_text)})
            if elsewhere:
                warnings.append(DataWarning("warning_subdistrict_elsewhere", value=subdistrict_text,
                                            district=district.name, elsewhere=", ".join(elsewhere)))
            elif suggestion:
                warnings.append(DataWarning("warning_subdistrict_near", value=subdistrict_text,
                                            district=district.name, suggestion=suggestion))
            else:
                warnings.append(DataWarning("warning_subdistrict_unknown", value=subdistrict_text,
                                            district=district.name))
    if village_text:
        if subdistrict:
            candidates = villages_of(subdistrict.code)
            where = subdistrict.name
        else:
            candidates = villages_of_district(district.code)
            where = location.subdistrict or district.name
        matches = _match_village(candidates, village_text)
        if len(matches) == 1:
            village = matches[0]
            location.village, location.village_code = village.name, village.code
            if not location.subdistrict:
                # a gampong name unique in its district tells us the kecamatan too
                found = next(s for s in subdistricts_of(district.code) if s.code == village.subdistrict_code)
                location.subdistrict, location.subdistrict_code = found.name, found.code
        elif len(matches) > 1:
            location.village = village_text
            options = sorted({next(s.name for s in subdistricts_of(district.code) if s.code == v.subdistrict_code)
                              for v in matches})
            warnings.append(DataWarning("warning_village_ambiguous", value=village_text,
                                        district=district.name, options=", ".join(options)))
        else:
            location.village = village_text
            suggestion = _closest(village_text, [v.name for v in candidates])
            if suggestion:
                warnings.append(DataWarning("warning_village_near", value=village_text,
                                            where=where, suggestion=suggestion))
            else:
                warnings.append(DataWarning("warning_village_unknown", value=village_text, where=where))
    return location, warnings
