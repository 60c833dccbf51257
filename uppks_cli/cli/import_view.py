"""The human side of an import: its progress bar and its report on stderr."""

from __future__ import annotations

import contextlib

from uppks_cli.errors import Message

# On a terminal, the first refused rows are listed; all of them are in
# --format json and in the --rejects file.
SHOWN_ERRORS = 50


@contextlib.contextmanager
def import_progress(enabled: bool):
    """A rich progress bar on stderr, one task per file; a no-op when piped or --quiet."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    tasks = {}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        def advance(label: str, done: int, total: int | None):
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=total)
            bar.update(tasks[label], completed=done)

        yield advance


def _counts_text(counts: dict, t) -> str:
    return t("import_counts", **{**counts, "duplicates": Message("count_duplicates", count=counts["duplicates"])})


def print_import_report(report, say, t) -> None:
    """The report on stderr, in words: t(key, ...) and t.of(message)."""
    for file_report in report.files:
        sheets = f" [{', '.join(file_report.sheets)}]" if file_report.sheets else ""
        say(f"{file_report.file}{sheets}: {_counts_text(file_report.counts, t)}")
        for note in file_report.notes:
            message = t.of(note["message"])
            say(f"  [{note['sheet']}] {message}" if note.get("sheet") else "  " + message)
    if report.errors:
        say(t("import_refused_heading"))
        for error in report.errors[:SHOWN_ERRORS]:
            say("  " + t("import_error_line", **{**error, "message": t.of(error["message"])},
                         sheet_text=f" [{error['sheet']}]" if error["sheet"] else ""))
        if report.errors_total > SHOWN_ERRORS:
            say("  " + t("import_errors_more", count=report.errors_total - SHOWN_ERRORS))
    if report.warnings:
        say(t("import_warnings_heading"))
        more = report.more_warnings()
        # each kind's examples together, then how many more of that kind there were
        for kind in dict.fromkeys(warning["kind"] for warning in report.warnings):
            for warning in report.warnings:
                if warning["kind"] == kind:
                    sheet_text = f" [{warning['sheet']}]" if warning["sheet"] else ""
                    say("  " + t("import_warning_line", **{**warning, "message": t.of(warning["message"])},
                                 sheet_text=sheet_text))
            if kind in more:
                say("  " + t("warnings_more", count=more[kind]))
    counts = report.counts
    if report.dry_run:
        say(t("import_dry_run", **counts))
    elif counts["invalid"] and not report.skip_invalid:
        say(t("import_nothing_written", count=counts["invalid"]))
    elif report.written:
        say(t("import_written", batch=report.batch, **counts))
    else:
        say(t("import_nothing_new"))
