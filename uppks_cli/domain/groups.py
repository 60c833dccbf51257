"""Groups as the officer handles them: add, edit, (de)activate, show, list and count."""

from __future__ import annotations

import sqlite3

from uppks_cli.domain.checker import FieldChecker, text_field
from uppks_cli.domain.identity import same_group_candidates
from uppks_cli.domain.reference import district_by_code
from uppks_cli.errors import DataWarning, UppksError
from uppks_cli.registry import groups as stored
from uppks_cli.registry.columns import COMPARED_COLUMNS, PERSONAL_FIELDS, PUBLIC_FIELDS
from uppks_cli.registry.connection import now_iso, transaction
from uppks_cli.registry.groups import GroupFilter
from uppks_cli.registry.history import record

__all__ = ["GroupFilter", "add_group", "edit_group", "set_status", "get_group", "list_groups", "group_rows",
           "count_groups", "public_group", "find_same_group", "choose_same_group", "checked"]


def public_group(row) -> dict:
    """A stored row as list/show/JSON/exports present it: PUBLIC_FIELDS, the district's name beside its code."""
    group = {key: row[key] for key in row.keys()}
    district = district_by_code().get(group["district_code"])
    group["district"] = district.name if district else group["district_code"]
    return {key: group.get(key) for key in PUBLIC_FIELDS}


def redacted(group: dict) -> dict:
    """The group without personal data (UU 27/2022), for files that leave the office."""
    return {**group, **dict.fromkeys(PERSONAL_FIELDS)}


def checked(conn: sqlite3.Connection, given: dict, current: dict | None = None) -> tuple[dict, list[DataWarning]]:
    """The given fields checked and normalised; the first refusal is raised."""
    row, warnings, refusals = FieldChecker(conn).check(given, current)
    if refusals:
        raise refusals[0]
    return row, warnings


def check_before_asking(conn: sqlite3.Connection, given: dict, missing: list[str]) -> None:
    """Refuse what was given before the missing fields are asked for; a refusal that only
    says a missing field is empty waits for the answer."""
    _, _, refusals = FieldChecker(conn).check({**given, **dict.fromkeys(missing, "")})
    for refusal in refusals:
        if not (refusal.key == "error_required" and refusal.params.get("field") in missing):
            raise refusal


def find_same_group(conn: sqlite3.Connection, district_code: str, key: str, subdistrict: str | None):
    """The stored group a row describes: same name key and district, and a
    kecamatan that does not contradict (missing on either side matches).

    None when there is none; refused, naming them, when several could be meant
    (two "Mawar" in Aceh Besar and a row without its kecamatan).
    """
    return choose_same_group(stored.same_identity(conn, district_code, key), subdistrict)


def choose_same_group(same_identity: list, subdistrict: str | None):
    """find_same_group among the stored groups of one district and name key (rows with
    id, name and subdistrict, oldest first), for callers that read many at once."""
    if len(same_identity) == 1:  # most rows: one group of that name, in the kecamatan as spelt here
        only = same_identity[0]
        if not subdistrict or not only["subdistrict"] or only["subdistrict"] == subdistrict:
            return only
    candidates = {row["id"]: row for row in same_identity}
    chosen = same_group_candidates([(group_id, row["subdistrict"]) for group_id, row in candidates.items()],
                                   subdistrict)
    if len(chosen) > 1:
        raise UppksError("error_same_group_ambiguous", field="name", name=candidates[chosen[0]]["name"], groups=", ".join(
            f"{group_id} ({candidates[group_id]['subdistrict'] or '-'})" for group_id in chosen))
    return candidates[chosen[0]] if chosen else None


def _refuse_a_second_identity(conn: sqlite3.Connection, group_id: int, group: dict) -> None:
    """An edit may not make a group one that an import would take for another registered group."""
    others = [row for row in stored.same_identity(conn, group["district_code"], group["name_key"])
              if row["id"] != group_id]
    chosen = same_group_candidates([(row["id"], row["subdistrict"]) for row in others], group.get("subdistrict"))
    if chosen:
        other = next(row for row in others if row["id"] == chosen[0])
        raise UppksError("error_same_group_exists", id=other["id"], name=other["name"])


def add_group(conn: sqlite3.Connection, given: dict) -> tuple[int, list[DataWarning]]:
    """Add a group; refused when it is one already registered (as an import would match it)."""
    row, warnings = checked(conn, given)
    with transaction(conn):
        same = find_same_group(conn, row["district_code"], row["name_key"], row.get("subdistrict"))
        if same is not None:
            raise UppksError("error_same_group_exists", id=same["id"], name=same["name"])
        stamp = now_iso()
        group_id = stored.insert(conn, row, stamp)
        created = {column: (None, value) for column, value in row.items()
                   if value is not None and column != "name_key"}
        record(conn, group_id, "created", "add", created, stamp)
    return group_id, warnings


def edit_group(conn: sqlite3.Connection, group_id: int, given: dict) -> tuple[dict[str, tuple], list[DataWarning]]:
    """Apply the changes; returns {column: (before, after)} for what really changed."""
    if not given:
        raise UppksError("error_edit_nothing")
    with transaction(conn):
        current = dict(stored.row_of(conn, group_id))
        row, warnings = checked(conn, given, current)
        if given.keys() & {"name", "district", "subdistrict"}:
            _refuse_a_second_identity(conn, group_id, {**current, **row})
        changes = {key: (current[key], row[key]) for key in COMPARED_COLUMNS
                   if key in row and current[key] != row[key]}
        if changes:
            values = {column: after for column, (_, after) in changes.items()}
            if "name" in values:
                values["name_key"] = row["name_key"]
            stamp = now_iso()
            stored.update(conn, group_id, values, stamp)
            record(conn, group_id, "edited", "edit", changes, stamp)
    return changes, warnings


def set_status(conn: sqlite3.Connection, group_id: int, active: bool, reason: str | None = None) -> bool:
    """Deactivate or reactivate; False when the group already had that status.

    Groups are never deleted, as on BKKBN's K/0 card: an inactive group keeps
    its record and can come back.
    """
    status = "active" if active else "inactive"
    # shown as typed in show, history and exports: an escape character is refused as in every text field
    reason = None if active else text_field(reason, "inactive_reason")
    with transaction(conn):
        current = stored.row_of(conn, group_id)
        if current["status"] == status:
            return False
        stamp = now_iso()
        stored.update(conn, group_id, {"status": status, "inactive_reason": reason}, stamp)
        record(conn, group_id, "activated" if active else "deactivated", reason,
               {"status": (current["status"], status), "inactive_reason": (current["inactive_reason"], reason)},
               stamp)
    return True


def get_group(conn: sqlite3.Connection, group_id: int) -> dict:
    return public_group(stored.row_of(conn, group_id))


def list_groups(conn: sqlite3.Connection, group_filter: GroupFilter, sort: str | None = None,
                limit: int | None = None, redact: bool = False):
    """The selected groups, streamed, as public_group gives them (a bad sort is refused at once)."""
    rows = stored.select(conn, group_filter, sort=sort, limit=limit)
    groups = map(public_group, rows)
    return map(redacted, groups) if redact else groups


def group_rows(conn: sqlite3.Connection, group_filter: GroupFilter, sort: str | None = None,
               limit: int | None = None, redact: bool = False):
    """The selected groups as tuples of PUBLIC_FIELDS (the same values list_groups gives), streamed.

    What writes a province's groups out uses these: no dictionary per group."""
    names = {code: district.name for code, district in district_by_code().items()}
    return stored.select_public(conn, group_filter, names, sort=sort, limit=limit,
                                blanked=PERSONAL_FIELDS if redact else ())


class GroupTexts:
    """The selected groups for the writers of reports/formats.py: as tuples of PUBLIC_FIELDS when
    iterated (as group_rows gives them), or each as one text SQLite writes (texts, see
    registry select_public_text) with rows_of(ids) for those the writer must write itself."""

    def __init__(self, conn: sqlite3.Connection, group_filter: GroupFilter, sort: str | None = None,
                 limit: int | None = None, redact: bool = False):
        self.conn, self.group_filter, self.sort, self.limit = conn, group_filter, sort, limit
        self.names = {code: district.name for code, district in district_by_code().items()}
        self.blanked = PERSONAL_FIELDS if redact else ()
        stored.order_by(sort)  # a bad sort is refused before anything is written

    def __iter__(self):
        return iter(stored.select_public(self.conn, self.group_filter, self.names, sort=self.sort, limit=self.limit,
                                         blanked=self.blanked))

    def texts(self, pieces: list[str], as_json: bool):
        return stored.select_public_text(self.conn, self.group_filter, self.names, pieces, as_json, sort=self.sort,
                                         limit=self.limit, blanked=self.blanked)

    def rows_of(self, ids) -> dict[int, tuple]:
        return stored.public_rows(self.conn, ids, self.names, self.blanked)


def count_groups(conn: sqlite3.Connection, group_filter: GroupFilter) -> int:
    return stored.count(conn, group_filter)
