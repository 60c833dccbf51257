"""The columns of a group, in one place.

Every list the tool needs (what `add` takes, what an import reads, what an
insert writes, the keys of JSON and CSV, what `--sort` and `--search` accept,
what `--redact` blanks, what moves the running totals) is derived from the one
table below. The migrations build the stored table and never change; a test
holds this catalogue equal to the table they build.
"""

from __future__ import annotations


class Column:
    """A stored column of `groups`.

    field: the name an officer gives it by (`add --district`, an import's
    "Kab/Kota"), when it is given directly; kind: how that value is checked;
    given_by: "add" for fields of add/edit and import, "import" for fields
    only an import (of an export) carries; sort: the ORDER BY expression.
    """

    __slots__ = ("name", "field", "kind", "given_by", "public", "sort", "searched", "personal", "max_length",
                 "maximum")

    def __init__(self, name: str, kind: str, field: str | None = None, given_by: str | None = None,
                 public: bool = True, sort: str | None = None, searched: bool = False,
                 personal: bool = False, max_length: int | None = None, maximum: int | None = None):
        self.name, self.kind, self.field, self.given_by = name, kind, field, given_by
        self.public, self.sort, self.searched, self.personal = public, sort, searched, personal
        self.max_length, self.maximum = max_length, maximum


MOST_MEMBERS = 5_000
MOST_RUPIAH = 10**13 - 1  # below ten trillion rupiah, and far inside SQLite's integers


def _given(name, kind, given_by="add", **more) -> Column:
    return Column(name, kind, field=name, given_by=given_by, **more)


GROUP_COLUMNS = (
    Column("id", "id", sort="id"),
    _given("name", "name", sort="name COLLATE NOCASE", searched=True, max_length=200),
    Column("name_key", "identity", public=False),
    Column("district_code", "district", field="district", given_by="add", sort="district_code"),
    _given("subdistrict", "place", sort="subdistrict COLLATE NOCASE", searched=True),
    Column("subdistrict_code", "place_code"),
    _given("village", "place", sort="village COLLATE NOCASE", searched=True),
    Column("village_code", "place_code"),
    _given("product_type", "product_type", sort="product_type"),
    _given("product", "text", searched=True, max_length=500),
    # a group has tens of members; a few thousand is already a federation, and a
    # phone number pasted into the column is caught
    _given("members", "amount", sort="members", maximum=MOST_MEMBERS),
    _given("members_pus", "amount", sort="members_pus", maximum=MOST_MEMBERS),
    _given("members_kb", "amount", sort="members_kb", maximum=MOST_MEMBERS),
    _given("leader", "text", searched=True, personal=True, max_length=200),
    _given("phone", "phone", personal=True),
    _given("founded_year", "year", sort="founded_year"),
    _given("capital", "amount", sort="capital", maximum=MOST_RUPIAH),
    _given("turnover", "amount", sort="turnover", maximum=MOST_RUPIAH),
    # business papers (legality), each with the day it was obtained: they name a
    # business, not a person, so --redact keeps them
    _given("nib", "paper", sort="nib", searched=True),
    _given("nib_date", "day", sort="nib_date"),
    _given("pirt", "paper", sort="pirt", searched=True),
    _given("pirt_date", "day", sort="pirt_date"),
    _given("halal", "paper", sort="halal", searched=True),
    _given("halal_date", "day", sort="halal_date"),
    # an import of this tool's own export carries the status too
    _given("status", "status", given_by="import"),
    # free text that often names a person ("ketua pindah, hubungi 0812..."): redacted too
    _given("inactive_reason", "plain_text", given_by="import", personal=True),
    # notes come last in forms, as on the paper card
    _given("notes", "text", searched=True, personal=True, max_length=2000),
    Column("created_at", "stamp", sort="created_at"),
    Column("updated_at", "stamp", sort="updated_at"),
    # bumped by every change: how undo-import knows whether a group was touched after its batch
    Column("revision", "internal", public=False),
    # the import that last wrote the group, and the one that inserted it
    Column("batch_id", "internal", public=False),
    Column("created_batch", "internal", public=False),
)

# What a new group must have.
REQUIRED_FIELDS = ("name", "district", "product_type")
# What `add` and `edit` take, in the order forms show them.
INPUT_FIELDS = tuple(c.field for c in GROUP_COLUMNS if c.given_by == "add")
# What an import may carry: those, and a group's status as an export writes it.
IMPORT_FIELDS = INPUT_FIELDS + tuple(c.field for c in GROUP_COLUMNS if c.given_by == "import")
# The stored columns each field decides (a district decides its code; a place, its code too).
FIELD_COLUMNS = {
    c.field: (c.name,) + ((c.name + "_code",) if c.kind == "place" else ()) for c in GROUP_COLUMNS if c.given_by}
MAX_TEXT_LENGTH = {c.field: c.max_length for c in GROUP_COLUMNS if c.max_length}
MAXIMUM = {c.field: c.maximum for c in GROUP_COLUMNS if c.maximum}
FIELDS_OF_KIND = {kind: tuple(c.field for c in GROUP_COLUMNS if c.given_by and c.kind == kind)
                  for kind in {c.kind for c in GROUP_COLUMNS}}

# Keys of a group as JSON, CSV and exports show them: stable English names,
# whatever the language. `district` is the name beside the Kemendagri code.
PUBLIC_FIELDS = tuple(key for c in GROUP_COLUMNS if c.public
                      for key in ((c.name, "district") if c.name == "district_code" else (c.name,)))
# The stored columns an edit compares, before and after (the history shows what changed).
COMPARED_COLUMNS = tuple(c.name for c in GROUP_COLUMNS if c.public and c.kind not in ("id", "stamp"))
SORT_FIELDS = {**{c.name: c.sort for c in GROUP_COLUMNS if c.sort}, "district": "district_code"}
SEARCHED_COLUMNS = tuple(c.name for c in GROUP_COLUMNS if c.searched)
# Personal data under UU 27/2022 (Indonesia's personal data protection law):
# blanked by --redact before a file leaves the office. Notes and the reason a
# group stopped often name people too.
PERSONAL_FIELDS = tuple(c.name for c in GROUP_COLUMNS if c.personal)

# A new group's checked columns in a fixed order: how an import moves and writes rows.
ROW_COLUMNS = tuple(c.name for c in GROUP_COLUMNS if c.kind not in ("id", "stamp", "internal"))
# The running totals (group_totals) count groups by these and sum the measures.
TOTAL_KEYS = ("status", "district_code", "product_type")
TOTAL_MEASURES = ("members", "members_pus", "members_kb")
# and count the groups holding each business paper
TOTAL_PAPERS = ("nib", "pirt", "halal")
TOTALLED_COLUMNS = frozenset(TOTAL_KEYS + TOTAL_MEASURES + TOTAL_PAPERS)
STATUSES = ("active", "inactive")
