"""The report's "added or changed since" part: every group of the selection that
changed since the date, in any status, so a group stopped since then is heard
of; beyond a page's worth, counted by district with the command that lists them.
"""

from __future__ import annotations

import datetime as _dt
import re
import shlex
import sqlite3

from uppks_cli.domain.groups import public_group
from uppks_cli.domain.reference import district_by_code
from uppks_cli.registry import groups as stored
from uppks_cli.registry.groups import GroupFilter
from uppks_cli.registry.history import deactivated_since
from uppks_cli.reports.formats import local_time_text

# About a printed page of rows: a first import of hundreds of groups would
# otherwise fill pages nobody reads at a meeting.
CHANGES_LISTED_AT_MOST = 40
# Past this many, the changes are not counted by district either: counting every group of a
# national registry after its first import took as long as the rest of the report. The report
# says that more than this many changed, and gives the command that lists them.
CHANGES_COUNTED_AT_MOST = 50_000
CHANGE_KINDS = ("added", "changed", "deactivated")
LISTED_COLUMNS = ("row", "id", "name", "district", "product_type", "members", "status", "change", "updated_at")
COUNTED_COLUMNS = ("district",) + CHANGE_KINDS + ("groups",)
# headings of their own; the other columns are headed as everywhere else (col_name, ...)
_HEADINGS = {"row": "col_row_number", "id": "col_group_number", "updated_at": "col_changed_at_local",
             "added": "col_added", "changed": "col_changed", "deactivated": "col_deactivated"}


def since_stamp(since: _dt.date) -> str:
    """The start of the day `since` on the laptop's clock, as the UTC time the registry stores."""
    start = _dt.datetime.combine(since, _dt.time.min).astimezone(_dt.timezone.utc)
    return start.strftime("%Y-%m-%dT%H:%M:%SZ")


def changes(conn: sqlite3.Connection, group_filter: GroupFilter, since: _dt.date, labels: dict[str, str],
            words) -> dict:
    """{"count", "lines", "columns", "total", "command", "beyond"}: the changed groups listed one by one,
    or, past CHANGES_LISTED_AT_MOST, counted by district (then "command" lists them all), or, past
    CHANGES_COUNTED_AT_MOST, not counted ("beyond" is that number, "count" None, no lines)."""
    stamp = since_stamp(since)
    every_status = GroupFilter(group_filter.district_codes, group_filter.product_types, group_filter.subdistricts,
                               group_filter.search, status="all", has=group_filter.has, lacks=group_filter.lacks)
    stopped = deactivated_since(conn, stamp)
    found = []
    # one more than are listed tells whether to count instead; a province's changes are counted by SQLite
    for row in stored.select(conn, every_status, since=stamp, limit=CHANGES_LISTED_AT_MOST + 1):
        group = public_group(row)
        if group["created_at"] >= stamp:
            kind = "added"
        elif group["status"] == "inactive" and group["id"] in stopped:
            kind = "deactivated"
        else:
            kind = "changed"
        found.append((kind, group))
    if len(found) <= CHANGES_LISTED_AT_MOST:
        lines = [{"row": number, "id": str(group["id"]), "name": group["name"], "district": group["district"],
                  "product_type": labels.get(group["product_type"], group["product_type"]),
                  "members": group["members"], "status": words("value_status_" + group["status"]),
                  "change": words("change_" + kind), "updated_at": local_time_text(group["updated_at"])}
                 for number, (kind, group) in enumerate(found, start=1)]
        columns = [(key, words(_HEADINGS.get(key, "col_" + key))) for key in LISTED_COLUMNS]
        return {"count": len(found), "lines": lines, "columns": columns, "total": None, "command": None,
                "beyond": None}
    counted = stored.changes_by_district(conn, every_status, stamp, most=CHANGES_COUNTED_AT_MOST)
    if counted is None:
        return {"count": None, "lines": [], "columns": [], "total": None, "beyond": CHANGES_COUNTED_AT_MOST,
                "command": list_command(group_filter, None)}
    districts = district_by_code()
    lines = []
    for code, (groups, added, deactivated) in sorted(
            counted.items(),
            key=lambda item: (list(districts).index(item[0]) if item[0] in districts else len(districts), item[0])):
        lines.append({"district_code": code, "district": districts[code].name if code in districts else code,
                      "added": added, "changed": groups - added - deactivated, "deactivated": deactivated,
                      "groups": groups})
    total = {"district": words("total"), **{key: sum(line[key] for line in lines) for key in COUNTED_COLUMNS[1:]}}
    columns = [(key, words(_HEADINGS.get(key, "col_" + key))) for key in COUNTED_COLUMNS]
    return {"count": total["groups"], "lines": lines, "columns": columns, "total": total,
            "command": list_command(group_filter, total["groups"]), "beyond": None}


def list_command(group_filter: GroupFilter, count: int | None) -> str:
    """The `uppks list` that shows the same groups, most recently changed first (the first `count`)."""
    # districts and product types as meeting terms: --district takes only one
    terms = [district_by_code()[code].name if code in district_by_code() else code
             for code in group_filter.district_codes]
    terms += group_filter.product_types
    parts = ["uppks", "list", *(_quoted(term) for term in terms)]
    for subdistrict in group_filter.subdistricts:
        parts += ["--subdistrict", _quoted(subdistrict)]
    if group_filter.search:
        parts += ["--search", _quoted(group_filter.search)]
    for paper in group_filter.has:
        parts += ["--has", paper]
    for paper in group_filter.lacks:
        parts += ["--lacks", paper]
    parts += ["--status", "all", "--sort", "-updated_at"] + (["--limit", str(count)] if count is not None else [])
    return " ".join(parts)


_PLAIN_WORD = re.compile(r"^[\w.,/-]+$")


def _quoted(text: str) -> str:
    """A word as typed at a prompt: bare, in double quotes, or, holding shell characters, in single ones."""
    if _PLAIN_WORD.match(text):
        return text
    if not re.search(r'["$`\\!]', text):
        return f'"{text}"'
    return shlex.quote(text)
