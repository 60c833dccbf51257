"""Commands that read or write files: imports, exports, reports, backups, history, the demo."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from uppks_cli.cli import commands_groups
from uppks_cli.cli import grammar as g
from uppks_cli.cli.commands_groups import changes_text, for_reading, group_filter, render_summary
from uppks_cli.cli.output import emit, emit_json
from uppks_cli.cli.typer_app import command, session
from uppks_cli.cli.words import Words
from uppks_cli.domain.values import visible
from uppks_cli.errors import Message, UppksError


def confirm_replacing(yes: bool, command_line: str, question: str) -> None:
    """Data would be replaced: ask at a terminal, and require --yes from a script."""
    if yes:
        return
    if not commands_groups.stdin_is_terminal():
        raise UppksError("error_needs_yes", command=command_line)
    if not agreed(question):
        session.say(session.words("undo_cancelled"))
        raise typer.Exit(1)


def agreed(question: str) -> bool:
    """Ask a yes/no question at the terminal, answered in the reader's language: [y/T] takes `ya` in Indonesian."""
    words = session.words
    yes, no = (set(words(key).replace(" ", "").split(",")) for key in ("confirm_yes", "confirm_no"))
    while True:
        answer = typer.prompt(f"{question} {words('confirm_choices')}", default="", show_default=False, err=True,
                              prompt_suffix=" ").strip().lower()
        if answer in yes:
            return True
        if answer in no or not answer:
            return False
        session.say(words("confirm_again"))


@command("import", "help_import", *g.IMPORT)
def import_cli(**values) -> None:
    from uppks_cli.cli.import_view import run_import_command

    if run_import_command(session, "groups", values):
        raise typer.Exit(1)


@command("imports", "help_imports", g.FORMAT)
def imports_cli(output: str) -> None:
    from uppks_cli.registry.batches import list_imports

    batches = list_imports(session.open_registry())
    if output == "json":
        emit_json((batches))
        return
    readable = output == "table"
    rows = [{**(for_reading(batch, session.words, {"status": "batch_status", "kind": "batch_kind"})
                if readable else batch),
             "file_names": ", ".join(f["file"] for f in batch["files"])} for batch in batches]
    keys = ("id", "started_at", "file_names", "inserted", "updated", "unchanged", "duplicates", "skipped",
            "invalid", "kind", "status")
    # on a narrow terminal the rarer counts go first; `imports -f json` has every one
    emit(output, rows, keys, session.words, title=session.words("imports_title"),
         drop_order=("duplicates", "skipped", "unchanged", "kind", "file_names", "updated"))


@command("undo-import", "help_undo_import", g.BATCH_ID, g.YES)
def undo_import_cli(batch_id: int, yes: bool) -> None:
    from uppks_cli.registry.batches import undo_import, undo_plan

    conn = session.open_registry()
    plan = undo_plan(conn, batch_id)
    words = session.words
    confirm_replacing(yes, f"uppks undo-import {batch_id} --yes", words("confirm_undo", **counted_groups(plan)))
    done = undo_import(conn, batch_id)
    session.say(words("undo_done", **counted_groups(done)))


def counted_groups(counts: dict) -> dict:
    """The numbers of groups (a monthly import's reports, an activity import's activities and the
    groups whose papers it set) an undo removes and restores,
    as "1 group" and "2 groups"."""
    nouns = {"monthly": ("count_reports", "count_reports"), "activities": ("count_activities", "count_papers")}
    removed, restored = nouns.get(counts.get("kind"), ("count_groups", "count_groups"))
    return {**counts, "remove": Message(removed, count=counts["remove"]),
            "restore": Message(restored, count=counts["restore"])}


@command("export", "help_export", *g.EXPORT)
def export_cli(**values) -> None:
    from uppks_cli.cli.listing import machine_listing

    machine_listing(session.open_registry(), group_filter(values), {**values, "command": "export"}, session)


@command("report", "help_report", g.TERMS, g.REPORT_OUTPUT, g.REPORT_KIND, g.SINCE, *g.FILTERS, g.ALL_DISTRICTS,
         g.FORCE)
def report_cli(output: str | None, report_format: str | None, since: str | None, all_districts: bool, force: bool,
               **values) -> None:
    from uppks_cli.reports.meeting import parse_since, write_report

    if not output or output == "-":
        raise UppksError("error_report_needs_output")
    path, chosen = write_report(session.open_registry(), group_filter(values), report_format, output,
                                parse_since(since), session.words, force=force, all_districts=all_districts)
    session.say(session.words("report_written", path=str(path), format=chosen))


@command("backup", "help_backup", g.BACKUP_DEST, g.KEEP)
def backup_cli(destination: str | None, keep: int) -> None:
    from uppks_cli.registry.backup import backup

    copy = backup(session.open_registry(), session.registry_path(), destination, keep=keep)
    typer.echo(str(copy.absolute()))


@command("check", "help_check", g.REPORT_FORMAT, g.REPAIR)
def check_cli(output: str, repair: bool) -> None:
    from uppks_cli.registry.safety import check, repair_totals

    if repair:
        repair_totals(session.open_registry())
    result = check(session.open_registry(), session.registry_path())
    words = session.words
    problems = result["problems"]
    if output == "json":
        # a script reads the same sentences whatever the officer's language
        emit_json({**result, "problems": [Words("en").of(problem) for problem in problems]})
    else:
        # the verdict is the command's answer: stdout, where `uppks check > hasil.txt` keeps it
        counts = result["counts"]
        lines = [words("check_ok" if result["ok"] else "check_problems", path=result["path"],
                       version=result["schema_version"], journal=result["journal_mode"],
                       **{**counts, "groups": Message("count_groups", count=counts["groups"]),
                          "imports": Message("count_imports", count=counts["imports"])})]
        lines += ["  " + words.of(problem) for problem in problems]
        sys.stdout.write("".join(visible(line) + "\n" for line in lines))
    if not result["ok"]:
        raise typer.Exit(1)


@command("restore", "help_restore", g.BACKUP_FILE, g.YES)
def restore_cli(backup_file: Path, yes: bool) -> None:
    from uppks_cli.registry.safety import check_backup, restore

    target = session.registry_path()
    checked = check_backup(backup_file, target)
    words = session.words
    confirm_replacing(yes, f"uppks restore {backup_file} --yes", words(
        "confirm_restore", path=str(target), backup=str(backup_file),
        **{**checked, "groups": Message("count_groups", count=checked["groups"])}))
    done = restore(target, backup_file, on_wait=lambda: session.say(words("waiting_for_lock")))
    session.say(words("restore_done", path=str(target), backup=str(backup_file),
                      groups=Message("count_groups", count=done["groups"]), kept=done["kept"] or "-"))


@command("history", "help_history", g.GROUP_ID, g.REPORT_FORMAT)
def history_cli(group_id: int, output: str) -> None:
    from uppks_cli.registry.history import group_history

    entries = group_history(session.open_registry(), group_id)
    if output == "json":
        emit_json((entries))
        return
    rows = [{**for_reading(entry, session.words), "what": changes_text(entry["changes"], session.words, "; ")}
            for entry in entries]
    emit(output, rows, ("at", "action", "source", "what"), session.words,
         title=session.words("history_title", id=group_id), drop_order=("source",), wrapping=("what",),
         every_column="json")  # history takes no csv


@command("db-path", "help_db_path")
def db_path_cli() -> None:
    path = session.registry_path()
    typer.echo(str(path.resolve()) if path.exists() else str(path.absolute()))


@command("demo", "help_demo", g.DEMO_OUTPUT)
def demo_cli(output: Path) -> None:
    from uppks_cli.importing.example import load_example
    from uppks_cli.registry.connection import connect
    from uppks_cli.registry.groups import GroupFilter
    from uppks_cli.reports.summary import summarise

    words = session.words
    count = load_example(output)
    session.say(words("demo_loaded", count=count, path=str(output)))
    session.conn = connect(output)
    rows = summarise(session.conn, ("district",), GroupFilter(), words.language)
    render_summary(rows, ("district",), "table")
    session.say(words("demo_next", path=str(output)))
