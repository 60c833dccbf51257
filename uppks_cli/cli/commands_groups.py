"""Commands about groups and the vocabulary: parse, call the core, render."""

from __future__ import annotations

import sys

import typer

from uppks_cli.cli import grammar as g
from uppks_cli.cli.output import emit, emit_json, value_text
from uppks_cli.cli.typer_app import command, product_types_app, session
from uppks_cli.errors import UppksError
from uppks_cli.registry.columns import REQUIRED_FIELDS

LIST_TABLE_COLUMNS = ("id", "name", "district", "subdistrict", "product_type", "members", "members_pus", "members_kb")
# on a narrow terminal: the PUS counts are in `show` and the summary; the kecamatan goes before
# the district, which meetings sort by; number and name always stay
LIST_DROPPED_FIRST = ("members_kb", "members_pus", "subdistrict", "status", "product_type", "members")
# A table is for reading: past this many groups (and without --limit) the first ones are shown,
# and the reader is told how many there are and how to get them all (CSV and JSON stream any number)
LIST_TABLE_MOST = 500


def stdin_is_terminal() -> bool:
    """Only a person at a terminal is ever asked a question; scripts never wait."""
    return sys.stdin.isatty()


def print_warnings(warnings) -> None:
    words = session.words
    for warning in warnings:
        session.say(words("warning_prefix") + words.of(warning))


def group_filter(values: dict):
    """The filter that the meeting terms and filter options in `values` describe."""
    from uppks_cli.domain.terms import build_filter

    chosen = build_filter(session.open_registry(), district=values.get("district"),
                          product_type=values.get("product_type"), subdistrict=values.get("subdistrict"),
                          search=values.get("search"), status=values.get("status", "active"),
                          terms=values.get("terms") or [], has=values.get("has"), lacks=values.get("lacks"))
    session.say_notes(chosen.notes)
    return chosen


def _given(values: dict) -> dict:
    """The group fields the officer actually gave (options left out are None)."""
    return {option.dest: values[option.dest] for option in g.FIELD_OPTIONS if values.get(option.dest) is not None}


def _ask(field: str) -> str:
    """Ask until the answer is acceptable: a person at a terminal can retype."""
    from uppks_cli.domain.checker import text_field
    from uppks_cli.domain.product_types import resolve_product_type
    from uppks_cli.domain.reference import resolve_district

    words = session.words
    while True:
        answer = _prompt(words("label_" + field))
        if not answer:
            continue
        try:
            if field == "district":
                resolve_district(answer)
            elif field == "product_type":
                resolve_product_type(session.open_registry(create=True), answer)
            else:
                text_field(answer, field, required=True)
        except UppksError as refusal:
            session.say(words("error_prefix") + words.of(refusal))
            continue
        return answer


def _prompt(label: str) -> str:
    """One answer typed at the terminal, the question on stderr. Ctrl-C goes on to the error
    boundary as an interrupt (exit 130); end of input (Ctrl-D) aborts, as Click's prompt does."""
    sys.stderr.write(label + ": ")
    sys.stderr.flush()
    try:
        return input().strip()
    except EOFError:
        raise typer.Abort() from None
    except KeyboardInterrupt:
        sys.stderr.write("\n")  # the line that follows starts on its own line, not after "^C"
        raise


def shown(value) -> str:
    return "-" if value is None or value == "" else str(value)


# Values a table shows a person in words of their language; JSON and CSV keep the stored ones.
_VALUE_WORDS = {"status": "value_status_", "batch_status": "value_batch_", "action": "value_action_",
                "batch_kind": "value_kind_"}
_TIMES = ("created_at", "updated_at", "started_at", "at")


def for_reading(row: dict, words, values: dict[str, str] | None = None) -> dict:
    """A row as a table shows it: statuses and actions in words, stored UTC times on the laptop's clock.

    values maps a column to the kind of value it holds when the column's name does not say it."""
    from uppks_cli.reports.formats import local_time_text

    readable = dict(row)
    for key, value in row.items():
        kind = (values or {}).get(key, key)
        if kind in _VALUE_WORDS and isinstance(value, str):
            readable[key] = words(_VALUE_WORDS[kind] + value)
        elif key in _TIMES and isinstance(value, str):
            readable[key] = local_time_text(value)
    return readable


# stored values a change says in the reader's words (active is "aktif", capital "permodalan")
_CHANGED_WORDS = {"status": "value_status_", "kind": "value_kind_"}


def changes_text(changes: dict, words, separator: str = ", ") -> str:
    """members: 10 -> 12, with each field named, and each value said, in the reader's language."""
    def said(column, value) -> str:
        if column in _CHANGED_WORDS and isinstance(value, str) and value:
            return words(_CHANGED_WORDS[column] + value)
        return value_text(column, value, words.language)

    return separator.join(f"{words.field(column)}: {said(column, before)} -> {said(column, after)}"
                          for column, (before, after) in changes.items())


@command("add", "help_add", *g.FIELD_OPTIONS)
def add_cli(**values) -> None:
    from uppks_cli.domain.groups import add_group, check_before_asking

    given = _given(values)
    missing = [field for field in REQUIRED_FIELDS if not given.get(field)]
    if missing and stdin_is_terminal():
        # what was given is checked first: nobody types three answers to hear the
        # command line was wrong
        check_before_asking(session.open_registry(create=True), given, missing)
    for field in missing:
        if not stdin_is_terminal():
            raise UppksError("error_required", field=field)
        given[field] = _ask(field)
    group_id, warnings = add_group(session.open_registry(create=True), given)
    print_warnings(warnings)
    typer.echo(group_id)


@command("edit", "help_edit", g.GROUP_ID, *g.FIELD_OPTIONS)
def edit_cli(group_id: int, **values) -> None:
    from uppks_cli.domain.groups import edit_group

    changes, warnings = edit_group(session.open_registry(), group_id, _given(values))
    print_warnings(warnings)
    if not changes:
        session.say(session.words("edit_unchanged", id=group_id))
        return
    session.say(session.words("edit_done", id=group_id, changes=changes_text(changes, session.words)))


@command("show", "help_show", g.GROUP_ID, g.FORMAT)
def show_cli(group_id: int, output: str) -> None:
    from uppks_cli.cli.output import print_record
    from uppks_cli.domain.groups import get_group
    from uppks_cli.registry.columns import PUBLIC_FIELDS
    from uppks_cli.registry.monthly import months_of

    group = get_group(session.open_registry(), group_id)
    months = months_of(session.open_registry(), group_id)
    words = session.words
    if output == "json":
        emit_json({**group, "monthly_reports": months})
    elif output == "csv":
        emit(output, [group], PUBLIC_FIELDS, words)
    else:
        print_record(for_reading(group, words), {key: words("col_" + key) for key in PUBLIC_FIELDS}, words.language)
        if months:
            emit(output, months, ("period", "meetings", "families", "attended", "members_pus", "members_kb",
                                  "turnover"), words, title=words("show_months_title", count=len(months)),
                 drop_order=("turnover", "attended"))


@command("deactivate", "help_deactivate", g.GROUP_ID, g.REASON)
def deactivate_cli(group_id: int, reason: str | None) -> None:
    from uppks_cli.domain.groups import set_status

    changed = set_status(session.open_registry(), group_id, active=False, reason=reason)
    session.say(session.words("deactivated" if changed else "already_inactive", id=group_id))


@command("activate", "help_activate", g.GROUP_ID)
def activate_cli(group_id: int) -> None:
    from uppks_cli.domain.groups import set_status

    changed = set_status(session.open_registry(), group_id, active=True)
    session.say(session.words("activated" if changed else "already_active", id=group_id))


@command("list", "help_list", *g.LIST)
def list_cli(sort: str | None, limit: int | None, output: str, **values) -> None:
    from uppks_cli.domain.groups import count_groups, list_groups

    conn, chosen = session.open_registry(), group_filter(values)
    if output != "table":
        from uppks_cli.cli.listing import machine_listing

        machine_listing(conn, chosen, {"command": "list", "output": output, "sort": sort, "limit": limit}, session)
        return
    words = session.words
    groups = [for_reading(group, words) for group in list_groups(
        conn, chosen, sort=sort, limit=LIST_TABLE_MOST + 1 if limit is None else limit)]
    cut = limit is None and len(groups) > LIST_TABLE_MOST
    if cut:
        groups = groups[:LIST_TABLE_MOST]
    keys = LIST_TABLE_COLUMNS + (("status",) if values["status"] != "active" else ())
    emit(output, groups, keys, words, title=words("list_title", count=len(groups)), drop_order=LIST_DROPPED_FIRST)
    if cut:
        session.say(words("list_table_cut", shown=LIST_TABLE_MOST, count=count_groups(conn, chosen)))


@command("count", "help_count", *g.COUNT)
def count_cli(**values) -> None:
    from uppks_cli.domain.groups import count_groups

    typer.echo(count_groups(session.open_registry(), group_filter(values)))


@command("summary", "help_summary", *g.SUMMARY, g.LEGALITY)
def summary_cli(by: str, output: str, chart: bool, legality: bool, **values) -> None:
    from uppks_cli.reports.summary import parse_dimensions, summarise

    if legality:
        return legality_summary(group_filter(values), output)
    dimensions = parse_dimensions(by)
    rows = summarise(session.open_registry(), dimensions, group_filter(values), session.words.language)
    render_summary(rows, dimensions, output, chart=chart)


def legality_summary(chosen, output: str) -> None:
    """`summary --legality`: groups holding each business paper, by district."""
    from uppks_cli.cli.output import print_table, summary_markdown
    from uppks_cli.reports.legality import LEGALITY_KEYS, legality_by_district, legality_totals

    words = session.words
    rows = legality_by_district(session.open_registry(), chosen)
    if output in ("json", "csv"):
        emit(output, rows, LEGALITY_KEYS, words)
        return
    columns = [(key, words("col_" + key)) for key in LEGALITY_KEYS if key != "district_code"]
    total = {**legality_totals(rows), "district": words("total")}
    if output == "markdown":
        sys.stdout.write(summary_markdown(words("legality_title"), rows, columns, words, total))
    else:
        print_table(rows, columns, words, title=words("legality_title"), total_row=total)


def render_summary(rows: list[dict], dimensions: tuple[str, ...], output: str, chart: bool = False) -> None:
    from uppks_cli.cli.output import print_bar_chart, print_cross_table, print_table, summary_text
    from uppks_cli.reports.tables import summary_table

    words = session.words
    if output != "table":
        sys.stdout.write(summary_text(rows, dimensions, output, words))
        return
    if chart:
        # one bar per line of the first dimension: bars for every pair would not be read
        first = dimensions[:1]
        lines, columns, _ = summary_table(_totals_by(rows, first[0]) if len(dimensions) == 2 else rows, first, words)
        label_key = "label" if first == ("product_type",) else "district"
        print_bar_chart(lines, label_key, words("summary_title_" + first[0]), words.language)
        if len(dimensions) == 2:
            session.say(words("chart_one_dimension", by=",".join(d.replace("_", "-") for d in dimensions)))
        return
    lines, columns, total_row = summary_table(rows, dimensions, words)
    title = words("summary_title_" + "_".join(dimensions))
    if len(dimensions) == 2:
        legend = {row["product_type"]: row["label"] for row in rows} if dimensions[1] == "product_type" else {}
        print_cross_table(lines, columns, words, title, total_row, legend)
    else:
        print_table(lines, columns, words, title=title, total_row=total_row)


def _totals_by(rows: list[dict], dimension: str) -> list[dict]:
    """Pairs added up by one dimension, as a one-dimension summary gives them."""
    from uppks_cli.reports.summary import MEASURES, kb_rate

    keys = ("district_code", "district") if dimension == "district" else ("product_type", "label")
    found: dict = {}
    for row in rows:
        line = found.setdefault(row[keys[0]], {key: row[key] for key in keys} | dict.fromkeys(MEASURES, 0))
        for measure in MEASURES:
            line[measure] += row[measure]
    for line in found.values():
        line["kb_rate"] = kb_rate(line["members_kb"], line["members_pus"])
    return list(found.values())


@command("districts", "help_districts", g.FORMAT)
def districts_cli(output: str) -> None:
    from uppks_cli.reports.summary import district_reference

    rows = district_reference(session.open_registry())
    keys = ("district_code", "bps_code", "district", "official_name", "kind", "subdistricts", "villages", "groups")
    emit(output, rows, keys, session.words, table_keys=[key for key in keys if key != "official_name"],
         title=session.words("districts_title"))


@command(None, "help_product_types", g.FORMAT, group=product_types_app)
def product_types_cli(output: str) -> None:
    from uppks_cli.reports.summary import product_type_reference

    rows = product_type_reference(session.open_registry(), session.words.language)
    keys = ("product_type", "label_id", "label_en", "aliases", "groups")
    if output == "table":  # the code under "Code", its name under "Product type"
        rows = [{**row, "code": row["product_type"]} for row in rows]
    emit(output, rows, keys, session.words, table_keys=("code", "label", "aliases", "groups"),
         title=session.words("product_types_title"), wrapping=("aliases",))


@command("add", "help_product_types_add", g.CODE, g.LABEL_ID, g.LABEL_EN, g.ALIASES, group=product_types_app)
def product_types_add_cli(code: str, label_id: str, label_en: str, alias: list[str] | None) -> None:
    from uppks_cli.domain.product_types import add_product_type

    added = add_product_type(session.open_registry(create=True), code, label_id, label_en, alias or [])
    session.say(session.words("product_type_added", code=added.code, aliases=", ".join(added.aliases)))


@command("alias", "help_product_types_alias", g.ALIAS, g.ALIAS_OF, group=product_types_app)
def product_types_alias_cli(alias: str, product_type: str) -> None:
    from uppks_cli.domain.product_types import add_alias

    code = add_alias(session.open_registry(create=True), alias, product_type)
    session.say(session.words("alias_added", alias=alias, code=code))
