"""What the meeting report says, in order: its data, its tables, its headings, and Markdown.

The report is written in the reader's language: `words(key, ...)` gives
every heading and sentence, and `words.language` says which language it is.
"""

from __future__ import annotations

import datetime as _dt
import sqlite3

from uppks_cli.domain.reference import district_by_code
from uppks_cli.domain.settings import LETTERHEAD, SIGNATURE, all_settings, kb_target
from uppks_cli.registry import groups as stored
from uppks_cli.registry.groups import GroupFilter
from uppks_cli.reports.formats import markdown_text, number_text, to_markdown
from uppks_cli.reports.meeting_changes import changes
from uppks_cli.reports.meeting_coaching import coaching_data
from uppks_cli.reports.meeting_monthly import monthly_data, monthly_sections
from uppks_cli.reports.summary import summarise, totals
from uppks_cli.reports.tables import MEASURES, cross_table, summary_table

# A table of more columns than this is printed on a landscape page.
WIDE_AFTER_COLUMNS = 9


def long_date(value: _dt.date, words) -> str:
    """A date as it is written in letters, in the report's language: 31 Oktober 2025."""
    return words("date_long", day=value.day, month=words(f"month_{value.month}"), year=value.year)


class Section:
    """One table of the report: kind (totals, districts, product_types, cross, changes),
    its title, its lines under [(key, heading)] columns, a totals line, and sentences after it."""

    __slots__ = ("kind", "title", "lines", "columns", "total", "notes")

    def __init__(self, kind: str, title: str, lines: list[dict], columns: list[tuple[str, str]],
                 total: dict | None = None, notes: tuple[str, ...] = ()):
        self.kind, self.title, self.lines, self.columns = kind, title, lines, columns
        self.total, self.notes = total, notes

    @property
    def wide(self) -> bool:
        return len(self.columns) > WIDE_AFTER_COLUMNS


def report_data(conn: sqlite3.Connection, group_filter: GroupFilter, since: _dt.date,
                words, now: _dt.datetime | None = None, all_districts: bool = False) -> dict:
    """Everything the report shows, as plain values.

    A selection that names districts, a kecamatan or a search shows only the
    districts it is about (those named, else those with groups), unless
    `all_districts`; a selection of product types shows only those types.
    """
    now = now or _dt.datetime.now()
    language = words.language
    settings = all_settings(conn)
    by_district = summarise(conn, ("district",), group_filter, language)
    every_type = summarise(conn, ("product_type",), group_filter, language)
    labels = {line["product_type"]: line["label"] for line in every_type}
    named = set(group_filter.district_codes)
    narrowed = not all_districts and bool(named or group_filter.subdistricts or group_filter.search)
    shown_districts = {line["district_code"] for line in by_district
                       if not narrowed or (line["district_code"] in named if named else line["groups"] > 0)}
    shown_types = set(group_filter.product_types) or set(labels)
    cross = [line for line in summarise(conn, ("district", "product_type"), group_filter, language)
             if line["district_code"] in shown_districts and line["product_type"] in shown_types]
    return {
        "language": language,
        "words": words,
        "generated": now,
        "title": _title(group_filter, labels, words),
        "data_as_of": stored.latest_change(conn, group_filter),
        "since": since,
        "totals": totals(by_district),
        "districts": [line for line in by_district if line["district_code"] in shown_districts],
        "product_types": [line for line in every_type if line["product_type"] in shown_types],
        "cross": cross,
        "labels": labels,
        "changes": changes(conn, group_filter, since, labels, words),
        "coaching": coaching_data(conn, group_filter, since, shown_districts, words),
        "letterhead": [(name, settings[name]) for name in LETTERHEAD if settings[name]],
        "signature": _signature(settings, now.date(), words),
        "kb_target": kb_target(settings),
        "monthly": monthly_data(conn, group_filter, now.date(), language, shown_districts),
    }


def _title(group_filter: GroupFilter, labels: dict[str, str], words) -> str:
    """The report's title, naming what it is about when it is not every active group."""
    districts = district_by_code()
    scope = [districts[code].name if code in districts else code for code in group_filter.district_codes]
    scope += [labels.get(code, code) for code in group_filter.product_types]
    scope += [words("scope_subdistrict", name=name) for name in group_filter.subdistricts]
    if group_filter.search:
        scope.append(words("scope_search", text=group_filter.search))
    scope += [words("scope_has", paper=words.field(paper)) for paper in group_filter.has]
    scope += [words("scope_lacks", paper=words.field(paper)) for paper in group_filter.lacks]
    if group_filter.status != "active":
        scope.append(words("scope_status_" + group_filter.status))
    return words("report_title_for", scope=", ".join(scope)) if scope else words("report_title")


def _signature(settings: dict, day: _dt.date, words) -> dict | None:
    """Place and date, position, name and NIP as an official report is signed; None when none is set."""
    if not any(settings[name] for name in SIGNATURE):
        return None
    date = long_date(day, words)
    place = settings["signature.place"]
    nip = settings["signature.nip"]
    return {"place_date": words("signature_place_date", place=place, date=date) if place else date,
            "position": settings["signature.position"], "name": settings["signature.name"],
            "nip": words("signature_nip", nip=nip) if nip else None}


def sections(data: dict):
    """Every table of the report, in order."""
    words = data["words"]
    total_line = {"label": words("total"), **data["totals"]}
    yield Section("totals", words("report_totals"), [total_line],
                  [("label", "")] + [(key, words("col_" + key)) for key in MEASURES])
    yield Section("districts", words("summary_title_district"),
                  *summary_table(data["districts"], ("district",), words))
    lines, columns, total = summary_table(data["product_types"], ("product_type",), words)
    # the label says which type; its code is for typing commands, not for a meeting
    columns = [(key, heading) for key, heading in columns if key != "product_type"]
    yield Section("product_types", words("summary_title_product_type"), lines, columns,
                  {**total, "label": words("total")})
    lines, columns, total = cross_table(data["cross"], ("district", "product_type"), words)
    # headed by the types' labels in the report's language, not their codes
    columns = [(key, data["labels"].get(key, heading) if index else heading)
               for index, (key, heading) in enumerate(columns)]
    yield Section("cross", words("summary_title_district_product_type"), lines, columns, total)
    yield from monthly_sections(data, Section)
    found = data["changes"]
    since = long_date(data["since"], words)
    notes = ()
    if found["beyond"]:
        notes = (words("report_changes_beyond", most=number_text(found["beyond"], words.language), since=since,
                       command=found["command"]),)
    elif found["command"]:
        notes = (words("report_changes_counted", count=found["count"], since=since, command=found["command"]),)
    yield Section("changes", words("report_changes", since=since), found["lines"], found["columns"], found["total"],
                  notes)
    coaching = data["coaching"]
    for kind, title in (("legality", words("report_legality")), ("attention", words("report_attention")),
                        ("facilitation", words("report_facilitation", since=since))):
        part = coaching[kind]
        yield Section(kind, title, part["lines"], part["columns"], part["total"],
                      (part["note"],) if part["note"] else ())


def heading_lines(data: dict) -> list[str]:
    words = data["words"]
    lines = [words("report_generated", date=long_date(data["generated"].date(), words),
               time=data["generated"].strftime("%H:%M"))]
    if data["data_as_of"]:
        as_of = _dt.date.fromisoformat(data["data_as_of"][:10])
        lines.append(words("report_data_as_of", date=long_date(as_of, words)))
    else:
        lines.append(words("report_empty"))
    return lines


def kb_target_line(data: dict) -> str | None:
    """The sentence that explains the KB rate's colours, where a target is set."""
    if data["kb_target"] is None:
        return None
    return data["words"]("report_kb_target", target=number_text(data["kb_target"], data["language"]))


def meets_target(value, data: dict) -> bool | None:
    """Whether a KB rate reaches the target; None without a target or a rate."""
    if data["kb_target"] is None or value is None:
        return None
    return value >= data["kb_target"]


def signature_lines(signature: dict) -> list[tuple[str, str]]:
    """The signature block's lines that are set, as (part, text)."""
    return [(part, signature[part]) for part in ("place_date", "position", "name", "nip") if signature[part]]


def render_markdown(data: dict) -> str:
    words, language = data["words"], data["language"]
    parts = []
    if data["letterhead"]:
        parts += [f"**{markdown_text(text)}**  " if name in ("letterhead.office", "letterhead.unit")
                  else f"{markdown_text(text)}  " for name, text in data["letterhead"]]
        parts += ["", "---", ""]
    parts += [f"# {markdown_text(data['title'])}", "", *(f"{line}  " for line in heading_lines(data)), ""]
    for section in sections(data):
        parts += [f"## {markdown_text(section.title)}", ""]
        if section.lines:
            parts.append(to_markdown(section.lines, section.columns, language, section.total))
        elif section.kind == "changes" and not section.notes:
            parts += [words("report_no_changes"), ""]
        parts += [line for note in section.notes for line in (markdown_text(note), "")]
    if data["signature"]:
        for part, text in signature_lines(data["signature"]):
            if part == "name":
                parts += ["  ", "  ", f"**{markdown_text(text)}**  "]
            else:
                parts.append(f"{markdown_text(text)}  ")
        parts.append("")
    return "\n".join(parts)
