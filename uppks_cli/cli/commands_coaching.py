"""Coaching on the command line: `activity add|list|import`, `attention`."""

from __future__ import annotations

import sys

from uppks_cli.cli import grammar as g
from uppks_cli.cli.commands_groups import group_filter
from uppks_cli.cli.output import emit, stdout_is_a_file
from uppks_cli.cli.typer_app import activity_app, command, session

ACTIVITY_KEYS = ("id", "group_id", "name", "district_code", "district", "subdistrict", "date", "kind", "topic", "by",
                 "attended", "amount", "partner")


@command("add", "help_activity_add", g.GROUP_REF, *g.ACTIVITY_OPTIONS, *g.PAPER_OPTIONS, group=activity_app)
def activity_add_cli(group: str, nib: str | None, pirt: str | None, halal: str | None, **values) -> None:
    from uppks_cli.cli.commands_groups import changes_text
    from uppks_cli.domain.coaching import save_activity

    found, activity_id, changes = save_activity(session.open_registry(), group, values,
                                                {"nib": nib, "pirt": pirt, "halal": halal})
    words = session.words
    session.say(words("activity_added", number=activity_id, id=found["id"], name=found["name"],
                      kind=words("value_kind_" + values["kind"])))
    if changes:
        session.say(words("activity_papers_set", id=found["id"], changes=changes_text(changes, words)))


def _since(text: str | None) -> str | None:
    from uppks_cli.reports.meeting import parse_since

    return parse_since(text).isoformat() if text else None


@command("list", "help_activity_list", g.TERMS, g.ACTIVITY_SINCE, g.KIND_FILTER, *g.FILTERS, g.ACTIVITY_REDACT,
         g.FORMAT, group=activity_app)
def activity_list_cli(since: str | None, kind: str | None, redact: bool, output: str, **values) -> None:
    from uppks_cli.cli.attention_view import _district
    from uppks_cli.registry.coaching import activities

    words = session.words
    rows = []
    for row in activities(session.open_registry(), group_filter(values), _since(since), kind):
        row.update(by=None if redact else row["done_by"], district=_district(row["district_code"]))
        if output == "table":
            row["kind"] = words("value_kind_" + row["kind"])
        rows.append({key: row[key] for key in ACTIVITY_KEYS})
    emit(output, rows, ACTIVITY_KEYS, words,
         table_keys=("id", "date", "group_id", "name", "district", "kind", "topic", "by", "attended", "amount",
                     "partner"),
         title=words("activity_list_title", count=len(rows)),
         drop_order=("partner", "attended", "by", "district", "group_id", "amount"), wrapping=("topic",))


@command("attention", "help_attention", *g.ATTENTION)
def attention_cli(output: str, **values) -> None:
    from uppks_cli.cli.attention_view import as_table_rows, machine_text, needing_attention
    from uppks_cli.cli.words import Words

    groups = needing_attention(session.open_registry(), group_filter(values), values)
    words = session.words
    if output != "table":
        sys.stdout.write(machine_text(groups, output, Words("en"), to_file=stdout_is_a_file()))
        return
    emit(output, as_table_rows(groups, words), ("id", "name", "district", "subdistrict", "leader", "phone", "reasons"),
         words, title=words("attention_title", count=len(groups)),
         drop_order=("subdistrict", "leader", "phone", "district"), wrapping=("reasons",))
