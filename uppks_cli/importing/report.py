"""What an import tells: counts per file, notes, warnings and refused rows, and the rejects file."""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from pathlib import Path

from uppks_cli.errors import Message
from uppks_cli.files import remove_stale
from uppks_cli.registry.batches import COUNTS
from uppks_cli.registry.columns import IMPORT_FIELDS

# how many errors and warnings of one kind a report lists before summarising
MAX_ERRORS = 10_000
EXAMPLES_PER_WARNING = 20


class FileReport:
    __slots__ = ("file", "sha256", "format", "sheets", "counts", "notes")

    def __init__(self, file: str, sha256: str = "", format: str = ""):
        self.file, self.sha256, self.format = file, sha256, format
        self.sheets: list[str] = []
        self.counts = dict.fromkeys(COUNTS, 0)
        # {"kind", "message": Message, "sheet", and the message's values}
        self.notes: list[dict] = []

    def note(self, sheet: str | None, key: str, params: dict) -> None:
        params = {"sheet": sheet, **params}
        self.notes.append({"kind": key, "message": Message(key, **params),
                           **{k: v for k, v in params.items() if v is not None}})

    def as_dict(self, describe) -> dict:
        return {"file": self.file, "sha256": self.sha256, "format": self.format, "sheets": self.sheets,
                **self.counts, "notes": [{**note, "message": describe(note["message"])} for note in self.notes]}


class ImportReport:
    """The whole batch. Errors and warnings carry a Message; `as_dict(describe)` puts it in words."""

    def __init__(self, dry_run: bool = False, skip_invalid: bool = False):
        self.batch: int | None = None
        self.dry_run, self.skip_invalid = dry_run, skip_invalid
        self.written = False
        self.counts = dict.fromkeys(COUNTS, 0)
        self.files: list[FileReport] = []
        self.errors: list[dict] = []
        self.errors_total = 0
        self.warnings: list[dict] = []
        self.warnings_total = 0
        self._warning_kinds: dict = defaultdict(int)

    def add_error(self, entry: dict) -> None:
        self.errors_total += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(entry)

    def add_warning(self, entry: dict) -> None:
        self.warnings_total += 1
        self._warning_kinds[entry["kind"]] += 1
        if self._warning_kinds[entry["kind"]] <= EXAMPLES_PER_WARNING:
            self.warnings.append(entry)

    def more_warnings(self) -> dict[str, int]:
        """Per kind, how many warnings were counted but not listed."""
        return {kind: count - EXAMPLES_PER_WARNING for kind, count in self._warning_kinds.items()
                if count > EXAMPLES_PER_WARNING}

    def as_dict(self, describe) -> dict:
        """The report as `--format json` prints it, messages in words by describe(Message)."""
        more = [{"message": describe(Message("warnings_more", count=count)), "count": count, "kind": kind}
                for kind, count in self.more_warnings().items()]
        return {"batch": self.batch, "dry_run": self.dry_run, "written": self.written, **self.counts,
                "warnings": [{**w, "message": describe(w["message"])} for w in self.warnings] + more,
                "errors": [{**e, "message": describe(e["message"])} for e in self.errors],
                "errors_total": self.errors_total, "files": [f.as_dict(describe) for f in self.files]}


class RejectsWriter:
    """Refused rows, as they came, with the reason: a CSV to fix and import again (cells a spreadsheet
    would run as a formula carry the exports' guard, which the import takes off)."""

    def __init__(self, target: Path, describe, fields: tuple[str, ...] = IMPORT_FIELDS):
        self.target, self.fields = target, fields
        self.describe = describe
        # a name of its own, made new (never a file or a link already there, which a fixed name
        # would have been written through), readable by the owner only from the first byte:
        # leaders and phones
        import tempfile

        remove_stale(target.parent, f".{target.name}.")
        descriptor, partial = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".partial",
                                               dir=target.parent)
        self.partial = Path(partial)
        self.handle = os.fdopen(descriptor, "w", encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.handle)
        self.writer.writerow(("file", "sheet", "row", *fields, "reason"))
        self.count = 0

    def write(self, file: str, sheet: str | None, row: int, values: dict, reasons: list[Message]) -> None:
        from uppks_cli.domain.values import neutralise

        self.count += 1
        # with the exports' formula guard: a spreadsheet opening the file runs no cell, and an
        # import of it takes the guard off again, so the cells come back as typed
        self.writer.writerow([neutralise(cell) for cell in (
            file, sheet or "", row, *(as_shown(values.get(f)) for f in self.fields),
            " | ".join(map(self.describe, reasons)))])

    def finish(self, keep: bool) -> None:
        self.handle.close()
        if keep:
            os.replace(self.partial, self.target)
        else:
            self.partial.unlink(missing_ok=True)


def as_shown(value) -> str:
    """A cell as the spreadsheet showed it: a whole number without the float's ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
