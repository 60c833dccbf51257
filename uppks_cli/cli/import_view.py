"""The human side of an import: its progress bar and its report on stderr."""

from __future__ import annotations

import contextlib

from uppks_cli.domain.values import visible
from uppks_cli.errors import Message

# On a terminal, the first refused rows are listed; all of them are in
# --format json and in the --rejects file.
SHOWN_ERRORS = 50


# a file name longer than this is shortened in its middle, so the bar keeps its room
LABEL_ROOM = 32


@contextlib.contextmanager
def import_progress(enabled: bool, words):
    """A progress bar on stderr, one line per file: its name, the bar, rows read, percent
    and time left; a no-op when piped or --quiet."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    tasks = {}
    # a file or sheet name is shown as typed: no markup read, control characters visible
    with Progress(TextColumn("{task.description}", markup=False), BarColumn(bar_width=None),
                  TextColumn("{task.fields[rows]}", markup=False), TaskProgressColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True, expand=True) as bar:
        def advance(label: str, rows: int, share: float | None):
            if label not in tasks:
                tasks[label] = bar.add_task(shortened(visible(label)), total=1000 if share is not None else None,
                                            rows="")
            bar.update(tasks[label], completed=round(1000 * share) if share is not None else 0,
                       rows=words("progress_rows", count=rows))

        yield advance


def shortened(label: str, room: int = LABEL_ROOM) -> str:
    """A long name cut in its middle, keeping its start and its end (the sheet, the extension)."""
    if len(label) <= room:
        return label
    end = room * 2 // 3
    return label[:room - end - 1] + "…" + label[-end:]


def _counts_text(counts: dict, words, prefix: str = "") -> str:
    return words(prefix + "import_counts",
                 **{**counts, "duplicates": Message("count_duplicates", count=counts["duplicates"])})


def print_import_report(report, say, words, kind: str = "groups") -> None:
    """The report on stderr, in the officer's language; a monthly import counts reports, an activity import
    activities, not groups."""
    prefix = {"monthly": "monthly_", "activities": "activity_"}.get(kind, "")
    for file_report in report.files:
        sheets = f" [{', '.join(file_report.sheets)}]" if file_report.sheets else ""
        say(f"{file_report.file}{sheets}: {_counts_text(file_report.counts, words, prefix)}")
        for note in file_report.notes:
            message = words.of(note["message"])
            say(f"  [{note['sheet']}] {message}" if note.get("sheet") else "  " + message)
    if report.errors:
        say(words("import_refused_heading"))
        for error in report.errors[:SHOWN_ERRORS]:
            say("  " + words("import_error_line", **{**error, "message": words.of(error["message"])},
                         sheet_text=f" [{error['sheet']}]" if error["sheet"] else ""))
        if report.errors_total > SHOWN_ERRORS:
            say("  " + words("import_errors_more", count=report.errors_total - SHOWN_ERRORS))
    if report.warnings:
        say(words("import_warnings_heading"))
        more = report.more_warnings()
        # each kind's examples together, then how many more of that kind there were
        for kind in dict.fromkeys(warning["kind"] for warning in report.warnings):
            for warning in report.warnings:
                if warning["kind"] == kind:
                    sheet_text = f" [{warning['sheet']}]" if warning["sheet"] else ""
                    say("  " + words("import_warning_line", **{**warning, "message": words.of(warning["message"])},
                                 sheet_text=sheet_text))
            if kind in more:
                say("  " + words("warnings_more", count=more[kind]))
    counts = report.counts
    if report.dry_run:
        say(words(prefix + "import_dry_run", **counts))
    elif counts["invalid"] and not report.skip_invalid:
        say(words("import_nothing_written", count=counts["invalid"]))
    elif report.written:
        say(words(prefix + "import_written", batch=report.batch, **counts))
    elif not any(counts.values()):
        say(words(prefix + "import_nothing_read"))
    elif not any(count for key, count in counts.items() if key != "invalid"):
        say(words("import_nothing_valid", count=counts["invalid"]))
    elif counts.get("skipped") and not prefix:  # rows that would change a group, left by --on-existing skip
        say(words("import_nothing_new_skipped", count=counts["skipped"]))
    else:
        say(words(prefix + "import_nothing_new"))


# what each kind of import is called by, and whether it may make a new registry (only groups fill one)
_IMPORTERS = {"groups": ("uppks_cli.importing", "import_files", True),
              "monthly": ("uppks_cli.importing.monthly", "import_monthly", False),
              "activities": ("uppks_cli.importing.activities", "import_activities", False)}


def import_options(values: dict):
    """The ImportOptions the command line's values say (grammar.IMPORT, MONTHLY_IMPORT, ACTIVITY_IMPORT)."""
    from uppks_cli.importing import ImportOptions

    period = values.get("period")
    if period is not None:
        from uppks_cli.domain.monthly import parse_period

        period = parse_period(period)
    return ImportOptions(on_existing=values.get("on_existing") or "update", skip_invalid=values["skip_invalid"],
                         dry_run=values["dry_run"], sheet=values["sheet"], encoding=values["encoding"],
                         mappings=values["mapping"] or [], rejects=values["rejects"],
                         include_hidden=values["include_hidden"], period=period)


def run_import_command(session, kind: str, values: dict) -> int:
    """An import on the command line: progress on a terminal, the JSON report with -f json, the
    report on stderr. Returns the exit code: 1 when rows were refused (and not skipped)."""
    import importlib
    import sys

    from uppks_cli.cli.output import emit_json

    options = import_options(values)  # a mistyped --period is refused before the registry is opened
    module, name, create = _IMPORTERS[kind]
    importer = getattr(importlib.import_module(module), name)
    conn = session.open_registry(create=create)  # only a groups import may make a new registry
    words, files, quiet = session.words, values["files"], values["quiet"]
    # a bar for files on a terminal; stdin has no size to measure against
    with import_progress(not quiet and sys.stderr.isatty() and "-" not in files, words) as progress:
        report = importer(conn, files, options, progress=progress, describe=words.of)
    if values["output"] == "json":
        emit_json(report.as_dict(words.of))
    if not quiet:
        print_import_report(report, session.say, words, kind=kind)
    return 1 if report.counts["invalid"] and not options.skip_invalid else 0
