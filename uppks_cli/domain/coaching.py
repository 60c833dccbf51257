"""Coaching (pembinaan): the officer's activities with a group, and which groups need her.

An activity is a visit, a training, a meeting, an exhibition, capital linked
(with its amount and the partner: a bank, Baznas, Pegadaian...), a
certification (which may set the group's NIB, P-IRT or halal number, obtained
on the activity's day), a partnership, or another kind.
"""

from __future__ import annotations

import datetime as _dt

from uppks_cli.domain.legality import DATE_OF, FOOD_PRODUCT_TYPE, PAPERS, parse_day
from uppks_cli.domain.monthly import last_month, next_period
from uppks_cli.domain.values import clean_text, parse_bounded
from uppks_cli.errors import Message, Number, UppksError
from uppks_cli.registry.columns import MOST_MEMBERS, MOST_RUPIAH

ACTIVITY_KINDS = ("visit", "training", "meeting", "exhibition", "capital", "certification", "partnership", "other")
_KIND_SPELLINGS = {**{kind: kind for kind in ACTIVITY_KINDS}, "kunjungan": "visit", "pelatihan": "training",
                   "pertemuan": "meeting", "rapat": "meeting", "pameran": "exhibition", "modal": "capital",
                   "permodalan": "capital", "akses modal": "capital", "sertifikasi": "certification",
                   "legalitas": "certification", "kemitraan": "partnership", "lainnya": "other", "lain": "other"}
ACTIVITY_FIELDS = ("date", "kind", "topic", "by", "attended", "amount", "partner")
TEXT_LIMITS = {"topic": 500, "by": 200, "partner": 200}

# The reasons a group needs a visit, in the order a list shows them.
REASONS = ("no_report", "no_activity", "kb_falling", "members_falling", "no_pirt", "no_halal", "inactive_soon")
DEFAULT_THRESHOLDS = {"no_report_months": 3, "no_activity_months": 6, "trend_months": 6, "kb_drop": 10,
                      "members_drop": 20, "inactive_months": 12}


def activity_kind(value) -> str:
    text = clean_text(value)
    if not text:
        raise UppksError("error_required", field="kind")
    kind = _KIND_SPELLINGS.get(text.lower())
    if kind is None:
        raise UppksError("error_activity_kind", value=text, kinds=tuple(map(kind_said, ACTIVITY_KINDS)))
    return kind


def kind_said(kind: str) -> Message:
    """An activity's kind as the reader names it (capital is "permodalan" in Indonesian)."""
    return Message("value_kind_" + kind)


def _text(value, field: str, required: bool = False) -> str | None:
    from uppks_cli.domain.values import refuse_control_characters

    refuse_control_characters(value, field)  # shown as typed everywhere, an escape character could not be
    text = clean_text(value)
    if required and not text:
        raise UppksError("error_required", field=field)
    if text and len(text) > TEXT_LIMITS[field]:
        raise UppksError("error_too_long", field=field, length=len(text), limit=TEXT_LIMITS[field])
    return text


def checked_activity(given: dict, today: _dt.date | None = None) -> dict:
    """An activity's fields read as officers write them, and its rules; the first refusal is raised.
    Stored under the registry's column names (`by` is done_by)."""
    if not clean_text(given.get("date")):
        raise UppksError("error_required", field="date")
    row = {"date": parse_day(given["date"], "date", today), "kind": activity_kind(given.get("kind")),
           "topic": _text(given.get("topic"), "topic", required=True), "done_by": _text(given.get("by"), "by"),
           "partner": _text(given.get("partner"), "partner")}
    attended = parse_bounded(given.get("attended"), "attended", MOST_MEMBERS)
    amount = parse_bounded(given.get("amount"), "amount", MOST_RUPIAH)
    row["attended"], row["amount"] = attended, amount
    if row["kind"] == "capital" and (amount is None or not row["partner"]):
        raise UppksError("error_capital_needs", amount="-" if amount is None else amount,
                         partner=row["partner"] or "-")
    if row["kind"] != "capital" and amount is not None:
        raise UppksError("error_amount_not_capital", kind=kind_said(row["kind"]))
    return row


def save_activity(conn, group_ref: str, given: dict, papers: dict | None = None) -> tuple[dict, int, dict, bool]:
    """`activity add`: the group named, the activity written, and, for a certification, the papers it
    gave set on the group (obtained on the activity's day). Returns (group, activity id, legality changes,
    whether it was added: an activity already logged alike is not added again)."""
    from uppks_cli.domain.groups import checked
    from uppks_cli.domain.monthly import named_group
    from uppks_cli.registry import coaching as stored
    from uppks_cli.registry import groups as groups_stored
    from uppks_cli.registry.connection import now_iso, transaction
    from uppks_cli.registry.history import record

    row = checked_activity(given)
    papers = {paper: number for paper, number in (papers or {}).items() if number is not None}
    if papers and row["kind"] != "certification":
        raise UppksError("error_paper_not_certification", kind=kind_said(row["kind"]))
    with transaction(conn):
        group = named_group(conn, group_ref)
        changes = {}
        if papers:
            given_papers = {**papers, **{DATE_OF[paper]: row["date"] for paper in papers}}
            values, _ = checked(conn, given_papers, group)
            changes = {column: (group[column], values[column]) for column in values
                       if group[column] != values[column]}
        # the same command run twice logs one activity, as an import of the same file twice does
        found = stored.find_activity(conn, group["id"], row["date"], row["kind"], row["topic"])
        if found is not None:
            differs = differences(found[2], row)
            if differs or changes:
                said = differs or changes
                raise UppksError("error_activity_add_differs", id=group["id"], date=row["date"],
                                 kind=kind_said(row["kind"]), topic=row["topic"], number=found[0],
                                 logged=said_of(said, 0), given=said_of(said, 1))
            return group, found[0], {}, False
        stamp = now_iso()
        activity_id = stored.add_activity(conn, group["id"], row, stamp, "activity")
        if changes:
            groups_stored.update(conn, group["id"], {c: after for c, (_, after) in changes.items()}, stamp)
            record(conn, group["id"], "edited", f"activity {activity_id}", changes, stamp)
    return group, activity_id, changes, True


def differences(logged: dict, given: dict) -> dict:
    """{column: (as logged, as given)} where an activity logged already is said otherwise; text as the
    topic is matched, case aside, and a value left out (a redacted export's officer) says nothing against it."""
    return {column: (value, given[column]) for column, value in logged.items()
            if given[column] is not None and not _same_value(given[column], value)}


def _same_value(given, logged) -> bool:
    if isinstance(given, str) and isinstance(logged, str):
        return given.casefold() == logged.casefold()
    return given == logged


def said_of(differs: dict, side: int) -> list[Message]:
    """What one side says of the fields that differ ("amount 10,000,000; partner BSI"; a blank as -)."""
    return [Message("activity_field_value", field="by" if column == "done_by" else column,
                    value="-" if values[side] is None else Number(values[side]) if type(values[side]) is int
                    else values[side]) for column, values in differs.items()]


def months_before(day: _dt.date, months: int) -> _dt.date:
    """The same day `months` months earlier (the month's last day when it has fewer days)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for last_day in (31, 30, 29, 28):
        try:
            return _dt.date(year, month, min(day.day, last_day))
        except ValueError:
            continue
    raise AssertionError(day)


def thresholds_of(given: dict) -> dict:
    return {key: given.get(key) if given.get(key) is not None else value for key, value in DEFAULT_THRESHOLDS.items()}


def attention(conn, group_filter, thresholds: dict | None = None, today: _dt.date | None = None,
              ordered: bool = True):
    """The chosen groups that need a visit, each with its reasons (code and Message), most reasons first
    (a list); not `ordered`, one at a time as they come, in district and name order (a generator).

    Months of reports count back from last month (the latest a report is due for); days of
    activities back from today. See DEFAULT_THRESHOLDS for what each reason waits for."""
    from uppks_cli.registry.coaching import attention_facts

    limits = thresholds_of(thresholds or {})
    today = today or _dt.date.today()
    due = last_month(today)
    report_start = next_period(due, -(limits["no_report_months"] - 1))
    trend_start = next_period(due, -(limits["trend_months"] - 1))
    quiet_start = next_period(due, -(limits["inactive_months"] - 1))
    activity_since = months_before(today, limits["no_activity_months"]).isoformat()
    quiet_since = months_before(today, limits["inactive_months"]).isoformat()
    # a group reported since both starts and active since the day, not a food group lacking a paper,
    # with no trend that may have fallen, has no reason: SQLite leaves it out
    calm = (max(report_start, quiet_start), activity_since, FOOD_PRODUCT_TYPE)
    facts = attention_facts(conn, group_filter, trend_start, limits["kb_drop"], limits["members_drop"], calm,
                            min(report_start, quiet_start, activity_since[:7], quiet_since[:7]))
    said: dict = {}
    found = ({"id": row[0], "name": row[1], "district_code": row[2], "subdistrict": row[3], "leader": row[4],
              "phone": row[5], "reasons": reasons} for row in facts
             if (reasons := _reasons(row, limits, report_start, activity_since, quiet_start, quiet_since, said)))
    if not ordered:
        return found
    # stable: district and name order kept within
    return sorted(found, key=lambda group: -len(group["reasons"]))


_NO_PIRT, _NO_HALAL = Message("reason_no_pirt"), Message("reason_no_halal")


def _reasons(row: tuple, limits: dict, report_start: str, activity_since: str, quiet_start: str,
             quiet_since: str, said: dict) -> list[tuple[str, Message]]:
    """The reasons of one group's facts (registry.coaching.ATTENTION_KEYS). A reason said of many groups
    (the same last month, no P-IRT) is one Message, kept in `said`, so its words are found once."""
    (product_type, pirt, halal, last_period, last_activity, first_kb, last_kb, first_families, last_families,
     registered) = row[6:]
    # a group cannot have been silent longer than it has been there: since the January of the year it
    # was founded, the month it was registered, or its earliest report or activity known, whichever is
    # first (with both a report and an activity known, that is never after a silence they show began)
    start = registered or ""
    reasons = []
    if (last_period or "") < report_start and start <= report_start:
        reasons.append(_said(said, "no_report", last_period, months=limits["no_report_months"],
                             period=last_period or "-"))
    if (last_activity or "") < activity_since and start + "-01" <= activity_since:
        reasons.append(_said(said, "no_activity", last_activity, months=limits["no_activity_months"],
                             date=last_activity or "-"))
    if first_kb:
        (first, kb_a, pus_a), (last, kb_b, pus_b) = first_kb.split(), last_kb.split()
        before, after = round(100 * int(kb_a) / int(pus_a), 1), round(100 * int(kb_b) / int(pus_b), 1)
        if first < last and round((before - after) * 10) >= limits["kb_drop"] * 10:
            reasons.append(("kb_falling", Message("reason_kb_falling", before=before, after=after, first=first,
                                                  last=last)))
    if first_families:
        (first, before), (last, after) = first_families.split(), last_families.split()
        before, after = int(before), int(after)
        if first < last and before > 0 and (before - after) * 100 >= limits["members_drop"] * before:
            reasons.append(("members_falling", Message("reason_members_falling", before=before, after=after,
                                                       first=first, last=last,
                                                       percent=round(100 * (before - after) / before))))
    if product_type == FOOD_PRODUCT_TYPE:
        if pirt is None:
            reasons.append(("no_pirt", _NO_PIRT))
        if halal is None:
            reasons.append(("no_halal", _NO_HALAL))
    if (last_period or "") < quiet_start and (last_activity or "") < quiet_since and start <= quiet_start and (
            start + "-01" <= quiet_since):
        reasons.append(("inactive_soon", Message("reason_inactive_soon", months=limits["inactive_months"],
                                                 period=last_period or "-", date=last_activity or "-")))
    return reasons


__all__ = ["ACTIVITY_KINDS", "PAPERS", "REASONS", "attention", "checked_activity", "save_activity"]


def fill_synthetic(path, months: int, activities: int, today: _dt.date | None = None) -> None:
    """SYNTHETIC reports for the `months` months to last month, and `activities` activities, for the
    groups of the registry at `path` (the benchmark's data)."""
    from uppks_cli.registry.connection import connect, now_iso
    from uppks_cli.registry.synthetic import fill_coaching

    today = today or _dt.date.today()
    last = last_month(today)
    conn = connect(path)
    try:
        fill_coaching(conn, [next_period(last, -back) for back in range(months - 1, -1, -1)], activities,
                      today.isoformat(), now_iso())
    finally:
        conn.close()


def _said(said: dict, code: str, last, **params) -> tuple[str, Message]:
    """The reason `code` for a group last seen at `last`: one Message for all groups with the same."""
    message = said.get((code, last))
    if message is None:
        message = said[(code, last)] = Message("reason_" + code, **params)
    return code, message
