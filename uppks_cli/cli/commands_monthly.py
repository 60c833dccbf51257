"""Monthly reports on the command line: `monthly add|list|missing`, `recap`, `trend`."""

from __future__ import annotations

import datetime as _dt
import sys

import typer

from uppks_cli.cli import grammar as g
from uppks_cli.cli.commands_groups import group_filter
from uppks_cli.cli.output import emit, emit_json, emit_records, print_bar_chart, print_table
from uppks_cli.cli.typer_app import command, monthly_app, session
from uppks_cli.reports.export import MONTHLY_KEYS
from uppks_cli.reports.formats import to_markdown


def _given(values: dict) -> dict:
    return {option.dest: values[option.dest] for option in g.MONTHLY_FIELD_OPTIONS
            if values.get(option.dest) is not None}


@command("add", "help_monthly_add", g.GROUP_REF, g.PERIOD, *g.MONTHLY_FIELD_OPTIONS, group=monthly_app)
def monthly_add_cli(group: str, period: str | None, **values) -> None:
    from uppks_cli.domain.monthly import parse_period, save_monthly

    month = parse_period(period)
    found, outcome = save_monthly(session.open_registry(), group, month, _given(values))
    session.say(session.words("monthly_" + outcome, id=found["id"], name=found["name"], period=month))


@command("import", "help_monthly_import", *g.MONTHLY_IMPORT, group=monthly_app)
def monthly_import_cli(**values) -> None:
    from uppks_cli.cli.import_view import run_import_command

    if run_import_command(session, "monthly", values):
        raise typer.Exit(1)


@command("export", "help_monthly_export", *g.MONTHLY_EXPORT, group=monthly_app)
def monthly_export_cli(period: str | None, output_format: str | None, output: str | None, force: bool,
                       delimiter: str, bom: bool | None, **values) -> None:
    from uppks_cli.cli.output import stdout_is_a_file
    from uppks_cli.domain.monthly import parse_period
    from uppks_cli.reports.export import export_monthly, format_for

    month = parse_period(period) if period else None  # no month: every month
    chosen = format_for(output, output_format)
    count = export_monthly(session.open_registry(), group_filter(values), month, output, chosen, force=force,
                           delimiter=delimiter, stdout=sys.stdout,
                           bom=stdout_is_a_file() if bom is None and output in (None, "-") else bom)
    if output not in (None, "-"):
        session.say(session.words("monthly_export_done", count=count, path=output, format=chosen))


@command("list", "help_monthly_list", g.TERMS, g.PERIOD, *g.FILTERS, g.FORMAT, group=monthly_app)
def monthly_list_cli(period: str | None, output: str, **values) -> None:
    from uppks_cli.domain.monthly import parse_period
    from uppks_cli.reports.export import monthly_rows

    month = parse_period(period) if period else None  # no month: every month
    rows = list(monthly_rows(session.open_registry(), group_filter(values), month))
    emit(output, rows, MONTHLY_KEYS, session.words,
         table_keys=("group_id", "name", "district", "period", "meetings", "families", "attended", "members_pus",
                     "members_kb", "turnover"),
         title=session.words("monthly_list_title", count=len(rows)),
         drop_order=("turnover", "attended", "members_kb", "members_pus", "district"))


@command("missing", "help_monthly_missing", *g.MONTHLY_MISSING, group=monthly_app)
def monthly_missing_cli(period: str | None, output: str, **values) -> None:
    from uppks_cli.domain.monthly import due_date, parse_period
    from uppks_cli.reports.recap import MISSING_KEYS, missing

    month = parse_period(period)
    rows = missing(session.open_registry(), group_filter(values), month, _dt.date.today())
    if output != "table":
        emit_records(output, (tuple(row[key] for key in MISSING_KEYS) for row in rows), MISSING_KEYS)
        return
    late = _dt.date.today() > due_date(month)
    emit(output, rows, MISSING_KEYS, session.words,
         table_keys=("id", "name", "district", "subdistrict", "leader", "phone"),
         title=session.words("monthly_missing_title", count=len(rows), period=month, due=due_date(month).isoformat(),
                             state=session.words("value_late" if late else "value_not_due")),
         drop_order=("subdistrict", "district"))


def _recap_columns(by: str, words) -> list[tuple[str, str]]:
    first = {"district": [("district", words("col_district"))],
             "subdistrict": [("district", words("col_district")), ("subdistrict", words("col_subdistrict"))],
             "product_type": [("label", words("col_product_type"))]}[by]
    return first + [(key, words("col_" + key)) for key in (
        "groups", "reporting", "reporting_rate", "meetings", "families", "attended", "attendance_rate",
        "members_pus", "members_kb", "kb_rate", "turnover")]


@command("recap", "help_recap", *g.RECAP)
def recap_cli(period: str | None, by: str, output: str, **values) -> None:
    from uppks_cli.domain.monthly import parse_period
    from uppks_cli.reports.recap import REPORTING_TARGET, parse_recap_by, recap, recap_text, recap_totals

    month, dimension = parse_period(period), parse_recap_by(by)
    words = session.words
    rows = recap(session.open_registry(), group_filter({**values, "status": "all"}), month, dimension,
                 words.language)
    if output in ("json", "csv"):
        sys.stdout.write(recap_text(rows, output))
        return
    columns = _recap_columns(dimension, words)
    total = {**recap_totals(rows), columns[0][0]: words("total")}
    title = words("recap_title_" + dimension, period=month)
    behind = [row for row in rows if row["groups"] and (row["reporting_rate"] or 0) < REPORTING_TARGET]
    for row in rows:
        row[columns[0][0]] = row[columns[0][0]] or "-"
        if row in behind:
            row[columns[0][0]] = "! " + row[columns[0][0]]
    if output == "markdown":
        sys.stdout.write(f"**{title}**\n\n" + to_markdown(rows, columns, words.language, total))
    else:
        print_table(rows, columns, words, title=title, total_row=total,
                    drop_order=("turnover", "meetings", "attendance_rate", "attended", "members_pus", "members_kb",
                                "families"))
    if behind:  # the marks explained only where there are some
        session.say(words("recap_behind", count=len(behind), target=f"{REPORTING_TARGET:.0f}"))


@command("trend", "help_trend", g.TERMS, g.FROM_PERIOD, g.TO_PERIOD, g.MEASURE, *g.FILTERS[:-1], g.FORMAT,
         g.TREND_CHART)
def trend_cli(first: str | None, last: str | None, measure: str, output: str, chart: bool, **values) -> None:
    from uppks_cli.domain.monthly import next_period, parse_period
    from uppks_cli.reports.recap import trend

    last_month = parse_period(last)
    first_month = parse_period(first) if first else next_period(last_month, -11)
    rows = trend(session.open_registry(), group_filter({**values, "status": "all"}), first_month, last_month)
    words, key = session.words, measure.replace("-", "_")
    if chart:
        print_bar_chart(rows, "period", words("trend_title_" + key, first=first_month, last=last_month),
                        words.language, value_key=key)
        return
    if output == "json":
        emit_json(rows)
        return
    emit(output, rows, tuple(rows[0]), words,
         table_keys=("period", "groups", "reporting", "reporting_rate", "families", "attended", "members_pus",
                     "members_kb", "kb_rate", "turnover"),
         title=words("trend_title", first=first_month, last=last_month),
         drop_order=("attended", "members_pus", "members_kb", "turnover"))
