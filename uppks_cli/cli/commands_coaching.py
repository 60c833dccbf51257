"""Coaching on the command line: `activity add|list|import|export`, `attention`."""

from __future__ import annotations

import sys

import typer

from uppks_cli.cli import grammar as g
from uppks_cli.cli.commands_groups import group_filter
from uppks_cli.cli.output import emit, stdout_is_a_file
from uppks_cli.cli.typer_app import activity_app, command, session


@command("add", "help_activity_add", g.GROUP_REF, *g.ACTIVITY_OPTIONS, *g.PAPER_OPTIONS, group=activity_app)
def activity_add_cli(group: str, nib: str | None, pirt: str | None, halal: str | None, **values) -> None:
    from uppks_cli.cli.commands_groups import changes_text
    from uppks_cli.domain.coaching import save_activity

    found, activity_id, changes, added = save_activity(session.open_registry(), group, values,
                                                       {"nib": nib, "pirt": pirt, "halal": halal})
    words = session.words
    session.say(words("activity_added" if added else "activity_already_logged", number=activity_id, id=found["id"],
                      name=found["name"], kind=words("value_kind_" + values["kind"])))
    if changes:
        session.say(words("activity_papers_set", id=found["id"], changes=changes_text(changes, words)))


def _since(text: str | None) -> str | None:
    from uppks_cli.reports.meeting import parse_since

    return parse_since(text).isoformat() if text else None


@command("list", "help_activity_list", g.TERMS, g.ACTIVITY_SINCE, g.KIND_FILTER, *g.FILTERS, g.ACTIVITY_REDACT,
         g.FORMAT, group=activity_app)
def activity_list_cli(since: str | None, kind: str | None, redact: bool, output: str, **values) -> None:
    from uppks_cli.reports.export import ACTIVITY_KEYS, activity_rows

    words = session.words
    rows = [dict(zip(ACTIVITY_KEYS, row))
            for row in activity_rows(session.open_registry(), group_filter(values), _since(since), kind, redact)]
    if output == "table":
        for row in rows:
            row["kind"] = words("value_kind_" + row["kind"])
    emit(output, rows, ACTIVITY_KEYS, words,
         table_keys=("id", "date", "group_id", "name", "district", "kind", "topic", "by", "attended", "amount",
                     "partner"),
         title=words("activity_list_title", count=len(rows)),
         drop_order=("partner", "attended", "by", "district", "group_id", "amount"), wrapping=("topic",))


@command("import", "help_activity_import", *g.ACTIVITY_IMPORT, group=activity_app)
def activity_import_cli(**values) -> None:
    from uppks_cli.cli.import_view import run_import_command

    if run_import_command(session, "activities", values):
        raise typer.Exit(1)


@command("export", "help_activity_export", *g.ACTIVITY_EXPORT, group=activity_app)
def activity_export_cli(since: str | None, kind: str | None, output_format: str | None, output: str | None,
                        redact: bool, force: bool, delimiter: str, bom: bool | None, **values) -> None:
    from uppks_cli.reports.export import export_activities, format_for

    chosen = format_for(output, output_format)
    count = export_activities(session.open_registry(), group_filter(values), _since(since), kind, output, chosen,
                              redact=redact, force=force, delimiter=delimiter, stdout=sys.stdout,
                              bom=stdout_is_a_file() if bom is None and output in (None, "-") else bom)
    if output not in (None, "-"):
        session.say(session.words("activity_export_done", count=count, path=output, format=chosen))


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
