"""The `uppks` command line: parse, call the core, render. No work happens here."""

from __future__ import annotations

import functools
import os
import sqlite3
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from uppks_cli import __version__
from uppks_cli.errors import UppksError
from uppks_cli.i18n import current_language, detect_language, set_language, t

# Help text is fixed when the commands are defined, so the language is chosen
# now, from --lang on the command line, UPPKS_LANG or the locale.
set_language(detect_language(sys.argv[1:], os.environ))


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class SummaryFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


class Status(str, Enum):
    active = "active"
    inactive = "inactive"
    all = "all"


class Language(str, Enum):
    id = "id"
    en = "en"


app = typer.Typer(
    help=t("help_app"), no_args_is_help=True, add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
product_types_app = typer.Typer(help=t("help_product_types"), add_completion=False)
app.add_typer(product_types_app, name="product-types")


class _Session:
    """What the global options chose, and the connection opened on first need."""

    db_option: Optional[str] = None
    db_path: Optional[Path] = None
    conn: Optional[sqlite3.Connection] = None


session = _Session()


def open_registry() -> sqlite3.Connection:
    from uppks_cli import db
    from uppks_cli.db import connect, resolve_db_path

    db.on_wait = lambda: say(t("waiting_for_lock"))
    if session.conn is None:
        path, source = resolve_db_path(session.db_option)
        session.db_path = path
        session.conn = connect(path, make_folders=(source == "default"))
    return session.conn


def say(message: str) -> None:
    """A message for the person, never for a script: stderr."""
    typer.echo(message, err=True)


def refusals(command):
    """Turn the core's refusals into one line on stderr and exit code 1."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except UppksError as refusal:
            say(t("error_prefix") + str(refusal))
            raise typer.Exit(1) from None
        except sqlite3.Error as exc:
            from uppks_cli.db import explain

            say(t("error_prefix") + str(explain(exc, session.db_path)))
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            # every write is one transaction: an interrupted one was rolled back
            say(t("interrupted"))
            raise typer.Exit(130) from None
        finally:
            if session.conn is not None:
                session.conn.close()
                session.conn = None

    return run


def _version(value: bool) -> None:
    if value:
        typer.echo(f"uppks {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    db: Annotated[Optional[str], typer.Option("--db", metavar="PATH", help=t("help_opt_db"))] = None,
    lang: Annotated[Optional[Language], typer.Option("--lang", help=t("help_opt_lang"))] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help=t("help_opt_version"))] = False,
) -> None:
    session.db_option = db
    set_language(lang.value if lang else detect_language([], os.environ))


# Options shared by several commands, defined once so they read the same everywhere.
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help=t("help_opt_format"))]
SummaryFormatOpt = Annotated[SummaryFormat, typer.Option("--format", "-f", help=t("help_opt_format"))]
DistrictOpt = Annotated[Optional[str], typer.Option("--district", help=t("field_help_district"))]
ProductTypeOpt = Annotated[Optional[str], typer.Option("--product-type", help=t("field_help_product_type"))]
SubdistrictOpt = Annotated[Optional[str], typer.Option("--subdistrict", help=t("field_help_subdistrict"))]
SearchOpt = Annotated[Optional[str], typer.Option("--search", help=t("help_opt_search"))]
StatusOpt = Annotated[Status, typer.Option("--status", help=t("help_opt_status"))]
TermsArg = Annotated[Optional[list[str]], typer.Argument(metavar="[TERMS]...", help=t("help_arg_terms"),
                                                          show_default=False)]
IdArg = Annotated[int, typer.Argument(metavar="ID", help=t("help_arg_id"), show_default=False)]


def _field_option(field: str):
    return typer.Option("--" + field.replace("_", "-"), help=t("field_help_" + field))


VillageOpt = Annotated[Optional[str], _field_option("village")]
NameOpt = Annotated[Optional[str], _field_option("name")]
ProductOpt = Annotated[Optional[str], _field_option("product")]
MembersOpt = Annotated[Optional[str], _field_option("members")]
MembersPusOpt = Annotated[Optional[str], _field_option("members_pus")]
MembersKbOpt = Annotated[Optional[str], _field_option("members_kb")]
LeaderOpt = Annotated[Optional[str], _field_option("leader")]
PhoneOpt = Annotated[Optional[str], _field_option("phone")]
FoundedYearOpt = Annotated[Optional[str], _field_option("founded_year")]
CapitalOpt = Annotated[Optional[str], _field_option("capital")]
TurnoverOpt = Annotated[Optional[str], _field_option("turnover")]
NotesOpt = Annotated[Optional[str], _field_option("notes")]


def stdin_is_terminal() -> bool:
    """Only a person at a terminal is ever asked a question; scripts never wait."""
    return sys.stdin.isatty()


def confirm_replacing(yes: bool, command: str, question: str) -> None:
    """Data would be replaced: ask at a terminal, and require --yes from a script."""
    if yes:
        return
    if not stdin_is_terminal():
        raise UppksError("error_needs_yes", command=command)
    if not typer.confirm(question, err=True):
        say(t("undo_cancelled"))
        raise typer.Exit(1)


def _given(options: dict) -> dict:
    """The group fields the officer actually gave (options left out are None)."""
    from uppks_cli.groups import INPUT_FIELDS

    return {field: options[field] for field in INPUT_FIELDS if options.get(field) is not None}


def _print_warnings(warnings) -> None:
    for warning in warnings:
        say(t("warning_prefix") + str(warning))


def _ask(field: str) -> str:
    """Ask until the answer is acceptable: a person at a terminal can retype."""
    from uppks_cli.product_types import resolve_product_type
    from uppks_cli.reference import resolve_district
    from uppks_cli.values import clean_text

    while True:
        answer = typer.prompt(t("label_" + field), err=True)
        try:
            if field == "district":
                resolve_district(answer)
            elif field == "product_type":
                resolve_product_type(open_registry(), answer)
            elif not clean_text(answer):
                raise UppksError("error_required", field=field)
        except UppksError as refusal:
            say(t("error_prefix") + str(refusal))
            continue
        return answer


@app.command("add", help=t("help_add"))
@refusals
def add_cli(
    name: NameOpt = None, district: DistrictOpt = None, product_type: ProductTypeOpt = None,
    subdistrict: SubdistrictOpt = None, village: VillageOpt = None, product: ProductOpt = None,
    members: MembersOpt = None, members_pus: MembersPusOpt = None, members_kb: MembersKbOpt = None,
    leader: LeaderOpt = None, phone: PhoneOpt = None, founded_year: FoundedYearOpt = None,
    capital: CapitalOpt = None, turnover: TurnoverOpt = None, notes: NotesOpt = None,
) -> None:
    from uppks_cli.groups import add_group

    given = _given(locals())
    for field in ("name", "district", "product_type"):
        if not given.get(field):
            if not stdin_is_terminal():
                raise UppksError("error_required", field=field)
            given[field] = _ask(field)
    group_id, warnings = add_group(open_registry(), given)
    _print_warnings(warnings)
    typer.echo(group_id)


@app.command("edit", help=t("help_edit"))
@refusals
def edit_cli(
    group_id: IdArg,
    name: NameOpt = None, district: DistrictOpt = None, product_type: ProductTypeOpt = None,
    subdistrict: SubdistrictOpt = None, village: VillageOpt = None, product: ProductOpt = None,
    members: MembersOpt = None, members_pus: MembersPusOpt = None, members_kb: MembersKbOpt = None,
    leader: LeaderOpt = None, phone: PhoneOpt = None, founded_year: FoundedYearOpt = None,
    capital: CapitalOpt = None, turnover: TurnoverOpt = None, notes: NotesOpt = None,
) -> None:
    from uppks_cli.groups import edit_group

    given = _given(locals())
    changes, warnings = edit_group(open_registry(), group_id, given)
    _print_warnings(warnings)
    if not changes:
        say(t("edit_unchanged", id=group_id))
        return
    described = ", ".join(f"{column}: {_shown(before)} -> {_shown(after)}" for column, (before, after) in changes.items())
    say(t("edit_done", id=group_id, changes=described))


def _shown(value) -> str:
    return "-" if value is None or value == "" else str(value)


@app.command("show", help=t("help_show"))
@refusals
def show_cli(group_id: IdArg, output: FormatOpt = OutputFormat.table) -> None:
    from uppks_cli.groups import PUBLIC_FIELDS, get_group
    from uppks_cli.render import print_record, to_csv, to_json

    group = get_group(open_registry(), group_id)
    if output is OutputFormat.json:
        typer.echo(to_json(group))
    elif output is OutputFormat.csv:
        typer.echo(to_csv([group], list(PUBLIC_FIELDS)), nl=False)
    else:
        print_record(group, {key: t("col_" + key) for key in PUBLIC_FIELDS}, current_language())


@app.command("deactivate", help=t("help_deactivate"))
@refusals
def deactivate_cli(
    group_id: IdArg,
    reason: Annotated[Optional[str], typer.Option("--reason", help=t("help_opt_reason"))] = None,
) -> None:
    from uppks_cli.groups import set_status

    changed = set_status(open_registry(), group_id, active=False, reason=reason)
    say(t("deactivated" if changed else "already_inactive", id=group_id))


@app.command("activate", help=t("help_activate"))
@refusals
def activate_cli(group_id: IdArg) -> None:
    from uppks_cli.groups import set_status

    changed = set_status(open_registry(), group_id, active=True)
    say(t("activated" if changed else "already_active", id=group_id))


def _filter(district, product_type, subdistrict, search, status, terms):
    from uppks_cli.groups import build_filter

    return build_filter(open_registry(), district=district, product_type=product_type,
                        subdistrict=subdistrict, search=search, status=status.value, terms=terms or [])


LIST_TABLE_COLUMNS = ("id", "name", "district", "subdistrict", "product_type",
                      "members", "members_pus", "members_kb")


@app.command("list", help=t("help_list"))
@refusals
def list_cli(
    terms: TermsArg = None, district: DistrictOpt = None, product_type: ProductTypeOpt = None,
    subdistrict: SubdistrictOpt = None, search: SearchOpt = None, status: StatusOpt = Status.active,
    sort: Annotated[Optional[str], typer.Option("--sort", help=t("help_opt_sort"))] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help=t("help_opt_limit"))] = None,
    output: FormatOpt = OutputFormat.table,
) -> None:
    from uppks_cli.groups import PUBLIC_FIELDS, list_groups
    from uppks_cli.render import print_table, to_csv, to_json

    group_filter = _filter(district, product_type, subdistrict, search, status, terms)
    groups = list_groups(open_registry(), group_filter, sort=sort, limit=limit)
    if output is OutputFormat.json:
        typer.echo(to_json(groups))
    elif output is OutputFormat.csv:
        typer.echo(to_csv(groups, list(PUBLIC_FIELDS)), nl=False)
    else:
        keys = list(LIST_TABLE_COLUMNS) + (["status"] if status is not Status.active else [])
        print_table(groups, [(key, t("col_" + key)) for key in keys], current_language(),
                    title=t("list_title", count=len(groups)))


@app.command("count", help=t("help_count"))
@refusals
def count_cli(
    terms: TermsArg = None, district: DistrictOpt = None, product_type: ProductTypeOpt = None,
    subdistrict: SubdistrictOpt = None, search: SearchOpt = None, status: StatusOpt = Status.active,
) -> None:
    from uppks_cli.groups import count_groups

    group_filter = _filter(district, product_type, subdistrict, search, status, terms)
    typer.echo(count_groups(open_registry(), group_filter))


@app.command("summary", help=t("help_summary"))
@refusals
def summary_cli(
    terms: TermsArg = None,
    by: Annotated[str, typer.Option("--by", help=t("help_opt_by"))] = "district",
    district: DistrictOpt = None, product_type: ProductTypeOpt = None,
    subdistrict: SubdistrictOpt = None, search: SearchOpt = None, status: StatusOpt = Status.active,
    output: SummaryFormatOpt = SummaryFormat.table,
    chart: Annotated[bool, typer.Option("--chart", help=t("help_opt_chart"))] = False,
) -> None:
    from uppks_cli.summary import parse_dimensions, summarise

    dimensions = parse_dimensions(by)
    group_filter = _filter(district, product_type, subdistrict, search, status, terms)
    rows = summarise(open_registry(), dimensions, group_filter, current_language())
    _render_summary(rows, dimensions, output, chart=chart)


def _render_summary(rows: list[dict], dimensions: tuple[str, ...], output: SummaryFormat, chart: bool = False) -> None:
    from uppks_cli.render import print_table
    from uppks_cli.tables import summary_table, summary_text

    if output is not SummaryFormat.table:
        typer.echo(summary_text(rows, dimensions, output.value), nl=False)
        return
    language = current_language()
    lines, columns, total_row = summary_table(rows, dimensions)
    title = t("summary_title_" + "_".join(dimensions))
    if chart:
        from uppks_cli.render import print_bar_chart

        label_key = "label" if dimensions[0] == "product_type" and len(dimensions) == 1 else columns[0][0]
        print_bar_chart(lines, label_key, title, language)
    else:
        print_table(lines, columns, language, title=title, total_row=total_row)


@app.command("districts", help=t("help_districts"))
@refusals
def districts_cli(output: FormatOpt = OutputFormat.table) -> None:
    from uppks_cli.render import print_table, to_csv, to_json
    from uppks_cli.summary import district_reference

    rows = district_reference(open_registry())
    keys = ["district_code", "bps_code", "district", "official_name", "kind", "subdistricts", "villages", "groups"]
    if output is OutputFormat.json:
        typer.echo(to_json(rows))
    elif output is OutputFormat.csv:
        typer.echo(to_csv(rows, keys), nl=False)
    else:
        shown = [key for key in keys if key != "official_name"]
        print_table(rows, [(key, t("col_" + key)) for key in shown], current_language(),
                    title=t("districts_title"))


@product_types_app.callback(invoke_without_command=True)
@refusals
def product_types_cli(ctx: typer.Context, output: FormatOpt = OutputFormat.table) -> None:
    if ctx.invoked_subcommand is not None:
        return
    from uppks_cli.render import print_table, to_csv, to_json
    from uppks_cli.summary import product_type_reference

    rows = product_type_reference(open_registry(), current_language())
    if output is OutputFormat.json:
        typer.echo(to_json(rows))
    elif output is OutputFormat.csv:
        keys = ["product_type", "label_id", "label_en", "aliases", "groups"]
        typer.echo(to_csv(rows, keys), nl=False)
    else:
        keys = ["product_type", "label", "aliases", "groups"]
        print_table(rows, [(key, t("col_" + key)) for key in keys], current_language(),
                    title=t("product_types_title"))


@product_types_app.command("add", help=t("help_product_types_add"))
@refusals
def product_types_add_cli(
    code: Annotated[str, typer.Argument(metavar="CODE", help=t("help_arg_code"), show_default=False)],
    label_id: Annotated[str, typer.Option("--label-id", help=t("help_opt_label_id"))],
    label_en: Annotated[str, typer.Option("--label-en", help=t("help_opt_label_en"))],
    alias: Annotated[Optional[list[str]], typer.Option("--alias", help=t("help_opt_alias"))] = None,
) -> None:
    from uppks_cli.product_types import add_product_type

    added = add_product_type(open_registry(), code, label_id, label_en, alias or [])
    say(t("product_type_added", code=added.code, aliases=", ".join(added.aliases)))


@product_types_app.command("alias", help=t("help_product_types_alias"))
@refusals
def product_types_alias_cli(
    alias: Annotated[str, typer.Argument(metavar="ALIAS", help=t("help_arg_alias"), show_default=False)],
    product_type: Annotated[str, typer.Argument(metavar="PRODUCT_TYPE", help=t("field_help_product_type"),
                                                show_default=False)],
) -> None:
    from uppks_cli.product_types import add_alias

    code = add_alias(open_registry(), alias, product_type)
    say(t("alias_added", alias=alias, code=code))


class OnExisting(str, Enum):
    update = "update"
    skip = "skip"


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


@app.command("import", help=t("help_import"))
@refusals
def import_cli(
    files: Annotated[list[str], typer.Argument(metavar="FILE...", help=t("help_arg_files"), show_default=False)],
    sheet: Annotated[Optional[str], typer.Option("--sheet", help=t("help_opt_sheet"))] = None,
    encoding: Annotated[Optional[str], typer.Option("--encoding", help=t("help_opt_encoding"))] = None,
    mapping: Annotated[Optional[list[str]], typer.Option("--map", metavar="\"HEADER=field\"",
                                                          help=t("help_opt_map"))] = None,
    on_existing: Annotated[OnExisting, typer.Option("--on-existing", help=t("help_opt_on_existing"))] = OnExisting.update,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help=t("help_opt_skip_invalid"))] = False,
    rejects: Annotated[Optional[Path], typer.Option("--rejects", metavar="FILE", help=t("help_opt_rejects"))] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=t("help_opt_dry_run"))] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=t("help_opt_quiet"))] = False,
    output: Annotated[ReportFormat, typer.Option("--format", "-f", help=t("help_opt_format"))] = ReportFormat.table,
) -> None:
    from uppks_cli.import_report import import_progress, print_import_report
    from uppks_cli.importer import ImportOptions, import_files
    from uppks_cli.render import to_json

    options = ImportOptions(on_existing=on_existing.value, skip_invalid=skip_invalid, dry_run=dry_run,
                            sheet=sheet, encoding=encoding, mappings=mapping or [], rejects=rejects)
    conn = open_registry()
    # a bar for files on a terminal; stdin has no size to measure against
    with import_progress(enabled=not quiet and sys.stderr.isatty() and "-" not in files) as progress:
        report = import_files(conn, files, options, progress=progress)
    if output is ReportFormat.json:
        typer.echo(to_json(report.as_dict()))
    if not quiet:
        print_import_report(report, say)
    if report.counts["invalid"] and not skip_invalid:
        raise typer.Exit(1)


@app.command("imports", help=t("help_imports"))
@refusals
def imports_cli(output: FormatOpt = OutputFormat.table) -> None:
    from uppks_cli.batches import list_imports
    from uppks_cli.render import print_table, to_csv, to_json

    batches = list_imports(open_registry())
    if output is OutputFormat.json:
        typer.echo(to_json(batches))
        return
    for batch in batches:
        batch["file_names"] = ", ".join(f["file"] for f in batch["files"])
    keys = ["id", "started_at", "file_names", "inserted", "updated", "unchanged", "duplicates", "skipped",
            "invalid", "status"]
    if output is OutputFormat.csv:
        typer.echo(to_csv(batches, keys), nl=False)
    else:
        print_table(batches, [(key, t("col_" + key)) for key in keys], current_language(), title=t("imports_title"))


@app.command("undo-import", help=t("help_undo_import"))
@refusals
def undo_import_cli(
    batch_id: Annotated[int, typer.Argument(metavar="ID", help=t("help_arg_batch"), show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", "-y", help=t("help_opt_yes"))] = False,
) -> None:
    from uppks_cli.batches import undo_import, undo_plan

    conn = open_registry()
    plan = undo_plan(conn, batch_id)
    confirm_replacing(yes, f"uppks undo-import {batch_id} --yes", t("confirm_undo", **plan))
    done = undo_import(conn, batch_id)
    say(t("undo_done", **done))


class ExportFormat(str, Enum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"
    jsonl = "jsonl"


@app.command("export", help=t("help_export"))
@refusals
def export_cli(
    terms: TermsArg = None,
    output_format: Annotated[Optional[ExportFormat], typer.Option("--format", "-f", help=t("help_opt_export_format"))] = None,
    output: Annotated[Optional[str], typer.Option("--output", "-o", metavar="FILE", help=t("help_opt_export_output"))] = None,
    district: DistrictOpt = None, product_type: ProductTypeOpt = None, subdistrict: SubdistrictOpt = None,
    search: SearchOpt = None, status: StatusOpt = Status.active,
    redact: Annotated[bool, typer.Option("--redact", help=t("help_opt_redact"))] = False,
    force: Annotated[bool, typer.Option("--force", help=t("help_opt_force"))] = False,
    delimiter: Annotated[str, typer.Option("--delimiter", help=t("help_opt_delimiter"))] = ",",
    bom: Annotated[Optional[bool], typer.Option("--bom/--no-bom", help=t("help_opt_bom"), show_default=False)] = None,
) -> None:
    from uppks_cli.export import export_to, format_for

    group_filter = _filter(district, product_type, subdistrict, search, status, terms)
    chosen = format_for(output, output_format.value if output_format else None)
    count = export_to(open_registry(), group_filter, output, chosen, redact=redact, force=force,
                      delimiter=delimiter, bom=bom, stdout=sys.stdout)
    if output not in (None, "-"):
        say(t("export_done", count=count, path=output, format=chosen))


class ReportKind(str, Enum):
    xlsx = "xlsx"
    html = "html"
    markdown = "markdown"


@app.command("report", help=t("help_report"))
@refusals
def report_cli(
    terms: TermsArg = None,
    output: Annotated[Optional[str], typer.Option("--output", "-o", metavar="FILE", help=t("help_opt_report_output"))] = None,
    report_format: Annotated[Optional[ReportKind], typer.Option("--format", "-f", help=t("help_opt_report_format"))] = None,
    since: Annotated[Optional[str], typer.Option("--since", help=t("help_opt_since"))] = None,
    district: DistrictOpt = None, product_type: ProductTypeOpt = None, subdistrict: SubdistrictOpt = None,
    search: SearchOpt = None, status: StatusOpt = Status.active,
    force: Annotated[bool, typer.Option("--force", help=t("help_opt_force"))] = False,
) -> None:
    from uppks_cli.meeting_report import format_for, parse_since, write_report

    if not output or output == "-":
        raise UppksError("error_report_needs_output")
    chosen = format_for(output, report_format.value if report_format else None)
    group_filter = _filter(district, product_type, subdistrict, search, status, terms)
    path = write_report(open_registry(), group_filter, chosen, output, parse_since(since), force=force)
    say(t("report_written", path=str(path), format=chosen))


def registry_path() -> Path:
    from uppks_cli.db import resolve_db_path

    return resolve_db_path(session.db_option)[0]


@app.command("backup", help=t("help_backup"))
@refusals
def backup_cli(
    destination: Annotated[Optional[Path], typer.Argument(metavar="[DEST]", help=t("help_arg_backup_dest"),
                                                          show_default=False)] = None,
    keep: Annotated[int, typer.Option("--keep", min=1, help=t("help_opt_keep"))] = 10,
) -> None:
    from uppks_cli.safety import backup

    copy = backup(open_registry(), registry_path(), destination, keep=keep)
    typer.echo(str(copy.absolute()))


@app.command("check", help=t("help_check"))
@refusals
def check_cli(
    output: Annotated[ReportFormat, typer.Option("--format", "-f", help=t("help_opt_format"))] = ReportFormat.table,
    repair: Annotated[bool, typer.Option("--repair", help=t("help_opt_repair"))] = False,
) -> None:
    from uppks_cli.render import to_json
    from uppks_cli.safety import check, repair_totals

    if repair:
        repair_totals(open_registry())
    result = check(open_registry(), registry_path())
    if output is ReportFormat.json:
        typer.echo(to_json(result))
    else:
        say(t("check_ok" if result["ok"] else "check_problems", path=result["path"],
              version=result["schema_version"], journal=result["journal_mode"], **result["counts"]))
        for problem in result["problems"]:
            say("  " + problem)
    if not result["ok"]:
        raise typer.Exit(1)


@app.command("restore", help=t("help_restore"))
@refusals
def restore_cli(
    backup_file: Annotated[Path, typer.Argument(metavar="BACKUP", help=t("help_arg_backup"), show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", "-y", help=t("help_opt_yes"))] = False,
) -> None:
    from uppks_cli.safety import check_backup, restore

    target = registry_path()
    checked = check_backup(backup_file)
    confirm_replacing(yes, f"uppks restore {backup_file} --yes",
                      t("confirm_restore", path=str(target), backup=str(backup_file), **checked))
    done = restore(target, backup_file)
    say(t("restore_done", path=str(target), backup=str(backup_file), groups=done["groups"],
          kept=done["kept"] or "-"))


@app.command("history", help=t("help_history"))
@refusals
def history_cli(group_id: IdArg, output: Annotated[ReportFormat, typer.Option(
        "--format", "-f", help=t("help_opt_format"))] = ReportFormat.table) -> None:
    from uppks_cli.history import group_history
    from uppks_cli.render import print_table, to_json

    entries = group_history(open_registry(), group_id)
    if output is ReportFormat.json:
        typer.echo(to_json(entries))
        return
    for entry in entries:
        entry["what"] = "; ".join(f"{column}: {_shown(before)} -> {_shown(after)}"
                                  for column, (before, after) in entry["changes"].items())
    print_table(entries, [(key, t("col_" + key)) for key in ("at", "action", "source", "what")],
                current_language(), title=t("history_title", id=group_id))


@app.command("db-path", help=t("help_db_path"))
@refusals
def db_path_cli() -> None:
    from uppks_cli.db import resolve_db_path

    path, _ = resolve_db_path(session.db_option)
    typer.echo(str(path.resolve()) if path.exists() else str(path.absolute()))


@app.command("demo", help=t("help_demo"))
@refusals
def demo_cli(
    output: Annotated[Path, typer.Option("--output", "-o", help=t("help_opt_demo_output"))] = Path("uppks-contoh.db"),
) -> None:
    from uppks_cli.demo import load_example

    count = load_example(output)
    say(t("demo_loaded", count=count, path=str(output)))
    from uppks_cli.db import connect
    from uppks_cli.groups import GroupFilter
    from uppks_cli.summary import summarise

    session.conn = connect(output)
    rows = summarise(session.conn, ("district",), GroupFilter(), current_language())
    _render_summary(rows, ("district",), SummaryFormat.table)
    say(t("demo_next", path=str(output)))


def main() -> None:
    app(prog_name="uppks")
