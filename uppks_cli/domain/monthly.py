"""The monthly report of a group (BKKBN's register R/I/UPPKA): its period, its
numbers and the rules they keep, whoever writes them (`monthly add` or an import).

A report is due by the 3rd of the following month (SIGA training module, R/I/UPPKA).
"""

from __future__ import annotations

import datetime as _dt
import re

from uppks_cli.domain.values import (
    MONTHS,
    clean_text,
    parse_bounded,
    parse_day_first_date,
    parse_written_date,
)
from uppks_cli.errors import Message, UppksError
from uppks_cli.registry.columns import MOST_RUPIAH

# counts of one group's month; families as many as a group may have members
MONTHLY_COUNTS = ("meetings", "meetings_virtual", "families", "attended", "members_pus", "members_kb")
MONTHLY_AMOUNTS = ("turnover", "capital_received")
MONTHLY_FIELDS = MONTHLY_COUNTS + MONTHLY_AMOUNTS + ("capital_source", "reported_on", "notes")
MOST = {"meetings": 100, "meetings_virtual": 100, "families": 5_000, "attended": 5_000, "members_pus": 5_000,
        "members_kb": 5_000, "turnover": MOST_RUPIAH, "capital_received": MOST_RUPIAH}
# where capital came from, as the village report F/I/Dal/13 and district offices name it
CAPITAL_SOURCES = ("bank", "baznas", "pegadaian", "apbn", "apbd", "dana_desa", "swadaya", "mitra", "lainnya")
_SOURCE_SPELLINGS = {"bank": "bank", "baznas": "baznas", "pegadaian": "pegadaian", "apbn": "apbn", "apbd": "apbd",
                     "dana desa": "dana_desa", "dana_desa": "dana_desa", "dd": "dana_desa", "swadaya": "swadaya",
                     "mandiri": "swadaya", "mitra": "mitra", "partner": "mitra", "lainnya": "lainnya",
                     "lain": "lainnya", "other": "lainnya"}
# the day of the next month by which a report is due
DUE_DAY = 3

_PERIOD = re.compile(r"^(\d{4})-(\d{1,2})$")
_MONTH_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_WRITTEN_PERIOD = re.compile(r"^(?:bulan\s*:?\s*)?([A-Za-z]+)\.?\s+(\d{4})$", re.IGNORECASE)
# a month cell as Excel shows the format mmm-yy and writes it into a CSV: "Okt-25", "Oct/2025"
_SHOWN_PERIOD = re.compile(r"^([A-Za-z]+)\.?\s*[-/]\s*(\d{2}|\d{4})$")
# the words and years of a title, and a month written as numbers after "bulan" or "periode"
_WORDS = re.compile(r"[A-Za-z]+|\b\d{4}\b")
_NUMBERED_IN_TEXT = re.compile(r"\b(?:bulan|periode|period|month)\s*:?\s*(\d{1,2})\s*[/.-]\s*(\d{4})\b", re.IGNORECASE)


def parse_period(text, today: _dt.date | None = None, field: str = "period") -> str:
    """"2026-10", "10/2026", "Oktober 2026", "Okt 2026" or "Okt-26" as "2026-10"; empty: last month."""
    cleaned = clean_text(text)
    if not cleaned:
        return last_month(today)
    found = period_in(cleaned)
    if found is None:
        raise UppksError("error_period", field=field, value=cleaned)
    return found


def period_in(text: str) -> str | None:
    """The month a text names, as "YYYY-MM", or None."""
    for pattern, year_at, month_at in ((_PERIOD, 1, 2), (_MONTH_FIRST, 2, 1)):
        match = pattern.match(text.strip())
        if match:
            year, month = int(match.group(year_at)), int(match.group(month_at))
            return f"{year:04d}-{month:02d}" if 1 <= month <= 12 and 1950 <= year <= 2100 else None
    match = _WRITTEN_PERIOD.match(text.strip()) or _SHOWN_PERIOD.match(text.strip())
    if match:
        month = month_number(match.group(1))
        year = int(match.group(2))
        if len(match.group(2)) == 2:
            # a two-digit year is of this century, and not of a year to come: "Okt-25" is 2025, "Mei-98" no month
            year += 2000
            if year > _dt.date.today().year + 1:
                return None
        if month and 1950 <= year <= 2100:
            return f"{year:04d}-{month:02d}"
    return None


# the other Indonesian spellings and short forms of months ("Pebruari", "Nopember", "Agt" as Windows
# abbreviates Agustus), beside the catalogue's names and their first letters
_OTHER_MONTHS = {"peb": 2, "pebruari": 2, "agt": 8, "ags": 8, "nop": 11, "nopember": 11}


def month_number(name: str) -> int | None:
    """Oktober, October, Okt, Oct: 10."""
    lowered = name.lower().rstrip(".")
    if lowered in _OTHER_MONTHS:
        return _OTHER_MONTHS[lowered]
    for months in MONTHS.values():
        for number, month in enumerate(months, start=1):
            if lowered == month.lower() or (len(lowered) >= 3 and month.lower().startswith(lowered)):
                return number
    return None


def last_month(today: _dt.date | None = None) -> str:
    first = (today or _dt.date.today()).replace(day=1)
    previous = first - _dt.timedelta(days=1)
    return f"{previous.year:04d}-{previous.month:02d}"


def next_period(period: str, months: int = 1) -> str:
    year, month = int(period[:4]), int(period[5:])
    index = year * 12 + month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def periods_between(first: str, last: str) -> list[str]:
    """Every month from first to last, both included."""
    if first > last:
        raise UppksError("error_period_order", first=first, last=last)
    found, period = [], first
    while period <= last:
        found.append(period)
        period = next_period(period)
    return found


def due_date(period: str) -> _dt.date:
    following = next_period(period)
    return _dt.date(int(following[:4]), int(following[5:]), DUE_DAY)


def checked_report(given: dict, period: str | None = None) -> dict:
    """The report's fields read as officers write them, and the rules across them;
    the first refusal is raised. Fields left out stay out (None)."""
    row = {field: report_value(field, given[field]) for field in MONTHLY_FIELDS if given.get(field) is not None}
    refusal = rule_refusal(row, period)
    if refusal:
        raise refusal
    return row


def report_value(field: str, value):
    """One field of a report as officers write it: counts and rupiah within bounds,
    a capital source by any of its spellings, a day, notes as trimmed text without control characters."""
    if field in MOST:
        return parse_bounded(value, field, MOST[field])
    if field == "capital_source":
        return capital_source(value)
    if field == "reported_on":
        return reported_on(value)
    from uppks_cli.domain.checker import text_field

    # notes are shown as typed everywhere: an escape or bell character could not be
    return text_field(value, field)


def periods_named(text: str) -> set[str]:
    """The months a title names: "KEADAAN BULAN OKTOBER 2025", "Bulan: Oktober 2025",
    "Periode 10/2025", "LAPORAN BULAN OKT. 2025"; "JANUARI - MARET 2025" names two."""
    found, waiting = set(), []
    for month, year in _NUMBERED_IN_TEXT.findall(text):
        if 1 <= int(month) <= 12 and 1950 <= int(year) <= 2100:
            found.add(f"{int(year):04d}-{int(month):02d}")
    for word in _WORDS.findall(_NUMBERED_IN_TEXT.sub(" ", text)):
        if word.isdigit():
            if 1950 <= int(word) <= 2100:
                found.update(f"{int(word):04d}-{month:02d}" for month in waiting)
            waiting = []
        elif len(word) >= 3 and month_number(word):
            waiting.append(month_number(word))
    return found


def rule_refusal(row: dict, period: str | None = None, today: _dt.date | None = None) -> UppksError | None:
    """KB <= PUS <= families, attended <= families; capital received names its source; the month
    has come, and the day reported is neither to come nor before the month."""
    timing = _timing_refusal(row.get("reported_on"), period, today or _dt.date.today())
    if timing:
        return timing
    families, pus, kb = row.get("families"), row.get("members_pus"), row.get("members_kb")
    if pus is not None and families is not None and pus > families:
        return UppksError("error_monthly_pus_over_families", families=families, members_pus=pus)
    if kb is not None and pus is None:  # said as for a group's counts
        return UppksError("error_kb_needs_pus", members_kb=kb)
    if kb is not None and kb > pus:
        return UppksError("error_monthly_kb_over_pus", members_pus=pus, members_kb=kb)
    attended = row.get("attended")
    if attended is not None and families is None:
        return UppksError("error_monthly_attended_without_families", attended=attended)
    if attended is not None and attended > families:
        return UppksError("error_monthly_attended_over_families", families=families, attended=attended)
    if row.get("capital_received") and not row.get("capital_source"):
        return UppksError("error_monthly_capital_source", sources=", ".join(CAPITAL_SOURCES))
    return None


def _timing_refusal(reported: str | None, period: str | None, today: _dt.date) -> UppksError | None:
    # a month still to come has nothing to report yet: a typo of the year, most often
    day = today.isoformat()
    if period is not None and period > day[:7]:
        return UppksError("error_monthly_period_future", field="period", period=period, current=day[:7])
    if reported is not None and reported > day:
        return UppksError("error_reported_on_future", field="reported_on", value=reported)
    if reported is not None and period is not None and reported[:7] < period:
        return UppksError("error_reported_before_period", field="reported_on", value=reported, period=period)
    return None


def capital_source(value) -> str | None:
    text = clean_text(value)
    if not text:
        return None
    found = _SOURCE_SPELLINGS.get(text.lower().replace("-", " "))
    if found is None:
        raise UppksError("error_capital_source", value=text, sources=", ".join(CAPITAL_SOURCES))
    return found


def reported_on(value) -> str | None:
    """The day a report reached the office: 2026-11-02, 2/11/2026 or "2 November 2026"."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return (value.date() if isinstance(value, _dt.datetime) else value).isoformat()
    text = clean_text(value)
    if not text:
        return None
    try:  # a spreadsheet's date cell comes as 2026-11-02T00:00:00
        return _dt.date.fromisoformat(text[:10] if text.endswith("T00:00:00") else text).isoformat()
    except ValueError:
        pass
    found = parse_day_first_date(text) or parse_written_date(text)
    if found is None:
        raise UppksError("error_reported_on", value=text)
    return found.isoformat()


def save_monthly(conn, group_ref: str, period: str, given: dict) -> tuple[dict, str]:
    """`monthly add`: the group named, its report for the month written; (the group, what happened)."""
    from uppks_cli.registry import monthly as stored
    from uppks_cli.registry.connection import now_iso, transaction

    row = checked_report(given, period)
    with transaction(conn):
        group = named_group(conn, group_ref)
        outcome, _ = stored.save_report(conn, group["id"], period, row, now_iso(), "monthly add")
    return group, outcome


_LARGEST_ID = 2**63 - 1


def named_group(conn, reference: str) -> dict:
    """A group by its number, or by a name that only it has (as typed: "mawar", "UPPKA Mawar")."""
    from uppks_cli.domain.identity import name_key
    from uppks_cli.registry import groups as stored

    text = clean_text(reference) or ""
    if text.isdecimal():  # not isdigit: "²" is a digit that no number is written with
        # beyond what SQLite stores (thousands of digits included, which int() itself refuses): no group has it
        if len(text.lstrip("0")) > len(str(_LARGEST_ID)) or int(text) > _LARGEST_ID:
            raise UppksError("error_group_not_found", id=text[:20] + ("…" if len(text) > 20 else ""))
        return dict(stored.row_of(conn, int(text)))
    key = name_key(text)
    if not key:  # an empty name would be like every group's
        raise UppksError("error_group_name_unknown", value=text, near=Message("near_none"))
    found = stored.named_like(conn, key)
    exact = [group for group in found if group["name_key"] == key]
    if len(exact) == 1 or len(found) == 1:
        return dict((exact or found)[0])
    if found:
        raise UppksError("error_group_name_several", value=text,
                         groups="; ".join(f"{g['id']} {g['name']}" for g in (exact or found)[:8]))
    import difflib

    names = stored.names_by_key(conn)
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)
    raise UppksError("error_group_name_unknown", value=text, near=near_names(
        (names[found] for found in close), there=False) if close else Message("near_none"))


def near_names(names, there: bool = True) -> Message:
    """The closest names found, as a refusal says them: "closest there: A, B"."""
    return Message("near_names_there" if there else "near_names", names=", ".join(names))
