"""Importing district sheets into the registry, all or nothing.

sources.py opens what arrived (CSV in any encoding, XLSX, XLS, ODS, JSON);
table.py and headers.py find the table and its columns; checking.py checks
rows through the one field checker; pipeline.py brings checked rows to
writer.py, which matches and writes them through the registry; report.py
keeps what the officer is told.

Every row of every file is checked inside one transaction. At the end it is
committed only if no row was refused (or the officer asked to skip refused
rows); otherwise, or on --dry-run, Ctrl-C or a crash, it is rolled back and
the registry is exactly as before.
"""

from __future__ import annotations

import gc
import os
import sqlite3
from pathlib import Path

from uppks_cli.domain.checker import FieldChecker
from uppks_cli.errors import UppksError
from uppks_cli.files import check_target
from uppks_cli.importing.headers import parse_mappings
from uppks_cli.importing.pipeline import SeenIdentities, read_checked
from uppks_cli.importing.report import FileReport, ImportReport, RejectsWriter
from uppks_cli.importing.sources import open_source
from uppks_cli.importing.writer import BatchWriter
from uppks_cli.registry import batches
from uppks_cli.registry import groups as stored
from uppks_cli.registry.backup import registry_files
from uppks_cli.registry.batches import COUNTS
from uppks_cli.registry.columns import IMPORT_FIELDS
from uppks_cli.registry.connection import now_iso, transaction
from uppks_cli.registry.safety import database_path

__all__ = ["ImportOptions", "ImportReport", "import_files", "run_import"]


class ImportOptions:
    """What the officer chose for this import (the `import` and `monthly import` commands' options)."""

    __slots__ = ("on_existing", "skip_invalid", "dry_run", "sheet", "encoding", "mappings", "rejects",
                 "include_hidden", "period")

    def __init__(self, on_existing: str = "update", skip_invalid: bool = False, dry_run: bool = False,
                 sheet: str | None = None, encoding: str | None = None, mappings=(), rejects: Path | None = None,
                 include_hidden: bool = False, period: str | None = None):
        self.on_existing, self.skip_invalid, self.dry_run = on_existing, skip_invalid, dry_run
        self.sheet, self.encoding, self.mappings, self.rejects = sheet, encoding, list(mappings or ()), rejects
        # hidden sheets, rows and columns are left out unless the officer asks for them
        self.include_hidden = include_hidden
        # the month a monthly import's rows are of, when the sheets do not say (--period)
        self.period = period


class _RollBack(Exception):
    """Leaves the import's transaction without committing."""


def import_files(conn: sqlite3.Connection, names: list[str], options: ImportOptions | None = None,
                 stdin=None, progress=None, describe=None, identity_slots: int = 1 << 25) -> ImportReport:
    """Import the files (or "-" for stdin) as one batch; see the package's note.

    progress(label, rows, share) is told how far each file is (share from 0 to 1, or None); describe(message)
    puts a refusal in words for the rejects file. identity_slots sizes the
    table that tells surely new groups (pipeline.SeenIdentities): a smaller
    one makes more rows be looked up, never a different result.
    """
    options = options or ImportOptions()
    if options.on_existing not in ("update", "skip"):
        raise UppksError("error_on_existing", value=options.on_existing)
    mappings = parse_mappings(options.mappings)
    seen = SeenIdentities(identity_slots)

    def begin(report: ImportReport, sources: list, rejects, batch_id: int, stamp: str):
        checker = FieldChecker(conn)
        seen.add_all(stored.identities(conn))
        writer = BatchWriter(conn, report, checker, options.on_existing, batch_id, stamp, rejects)

        def write(source, file_report: FileReport) -> None:
            # the reader checks with its own memos (it may be another process) and the same vocabulary
            reader_checker = FieldChecker(None, checker.vocabulary)
            events = read_checked(source, options, mappings, reader_checker, seen,
                                  more_follow=source is not sources[-1])
            writer.write_events(source.label, events, file_report, progress)

        return write

    return run_import(conn, names, options, stdin, describe, IMPORT_FIELDS, "groups", begin)


def run_import(conn: sqlite3.Connection, names: list[str], options: ImportOptions, stdin, describe,
               fields: tuple[str, ...], kind: str, begin) -> ImportReport:
    """The frame of every import: open the sources and the rejects file, write the
    batch in one transaction, and close them whatever happens.

    begin(report, sources, rejects, batch_id, stamp) is called inside the
    transaction and gives write(source, file_report), which writes one source.
    """
    # An import makes millions of short-lived tuples and dicts, none in a
    # cycle; the cyclic collector would keep rescanning them for nothing.
    collecting = gc.isenabled()
    gc.disable()
    sources, rejects = [], None
    try:
        for name in names:
            sources.append(open_source(name, options.encoding, stdin=stdin))
        if options.rejects:
            if not options.rejects.parent.exists():
                raise UppksError("error_rejects_folder", path=str(options.rejects))
            # never onto the registry or a file being imported, and never over a file already there
            if options.rejects.is_file() and not any(
                    os.path.samefile(options.rejects, path) for path in (*registry_files(database_path(conn)),
                                                                         *(source.path for source in sources))
                    if path.exists()):
                raise UppksError("error_rejects_exists", path=str(options.rejects))
            check_target(options.rejects, protected=[*registry_files(database_path(conn)),
                                                    *(source.path for source in sources)])
            rejects = RejectsWriter(options.rejects, describe or (lambda message: message.key), fields)
        return _write_batch(conn, sources, options, rejects, kind, begin)
    finally:
        for source in sources:
            source.close()
        if rejects:
            rejects.finish(keep=rejects.count > 0)
        if collecting:
            gc.enable()


def _write_batch(conn, sources, options: ImportOptions, rejects, kind: str, begin) -> ImportReport:
    report = ImportReport(dry_run=options.dry_run, skip_invalid=options.skip_invalid)
    keep, batch_id = False, None
    try:
        with transaction(conn, big=True):
            stamp = now_iso()
            batch_id = batches.open_batch(conn, stamp, kind)
            write = begin(report, sources, rejects, batch_id, stamp)
            for source in sources:
                file_report = FileReport(file=source.label, sha256=source.sha256, format=source.format)
                report.files.append(file_report)
                write(source, file_report)
                for key in COUNTS:
                    report.counts[key] += file_report.counts[key]
            refused = report.counts["invalid"] > 0 and not options.skip_invalid
            wrote = report.counts["inserted"] + report.counts["updated"] > 0
            keep = wrote and not refused and not options.dry_run
            if not keep:
                raise _RollBack()
            batches.close_batch(conn, batch_id, report.counts,
                                [{"file": f.file, "sha256": f.sha256, "format": f.format, "sheets": f.sheets,
                                  **f.counts} for f in report.files])
    except _RollBack:
        pass
    report.written = keep
    report.batch = batch_id if keep else None
    return report
