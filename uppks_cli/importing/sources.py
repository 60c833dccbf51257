"""Opening what the districts send: CSV/TSV in any delimiter and encoding,
XLSX, XLS, ODS, JSON and JSON Lines, from a file or from stdin.

A source is read once up front to hash it (the batch records its SHA-256),
check its encoding and recognise its format from its content; then its rows
are streamed sheet by sheet.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import itertools
import json
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from uppks_cli.errors import UppksError
from uppks_cli.files import DELIMITERS, remove_stale
from uppks_cli.importing.html_table import SPREADSHEET_2003, is_html, page_tables
from uppks_cli.importing.json_objects import KeyTwice, json_int, json_object, plain

CHUNK = 1 << 20
SAMPLE = 64 * 1024
_NOT_UTF8 = "cp1252"  # until the evidence is read
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# a cell of a few MB is someone's pasted document, not a group's field
MAX_CSV_FIELD = 1 << 20

csv.field_size_limit(MAX_CSV_FIELD)
# and a line of many such cells: longer than this, a text file is not a sheet
MAX_LINE = 8 << 20
# a sheet whose cells span more than this rectangle would need gigabytes to read
MAX_CELLS = 5_000_000


class Sheet:
    """One table: rows of cells (`records` False) or objects (`records` True),
    each with its number as the officer sees it (spreadsheet row, CSV record, JSON item or line).

    (A plain class: dataclasses, with the inspect module it loads, took a tenth of an import's start-up.)"""

    def __init__(self, name: str | None, rows: Iterator[tuple[int, object]], records: bool = False,
                 position: Callable[[], int] | None = None, hidden: bool = False, hidden_rows: set | None = None,
                 hidden_columns: set | None = None, error_rows: set | None = None, last_row: int | None = None,
                 uncomputed: dict | None = None):
        self.name, self.rows, self.records = name, rows, records
        # bytes read so far, where the reader can tell (text files); spreadsheets count rows
        self.position = position
        # what the office hid: the whole sheet, rows (as numbered) and columns (indexes from 0)
        self.hidden = hidden
        self.hidden_rows = set() if hidden_rows is None else hidden_rows
        self.hidden_columns = set() if hidden_columns is None else hidden_columns
        # rows holding an Excel error value (#DIV/0!), which python-calamine reads as empty
        self.error_rows = set() if error_rows is None else error_rows
        # {row: column indexes} of formulas saved without their result, which it reads as empty too
        self.uncomputed = {} if uncomputed is None else uncomputed
        # a spreadsheet's last row as numbered, to tell how far reading has come
        self.last_row = last_row


class Source:
    def __init__(self, label: str, path: Path, sha256: str, size: int, format: str, encoding: str | None = None,
                 cleanup: list | None = None):
        self.label, self.path, self.sha256, self.size, self.format = label, path, sha256, size, format
        self.encoding = encoding
        self.cleanup = [] if cleanup is None else cleanup
        # the lines read in the code page when the others are UTF-8 (encodings.py)
        self.mixed_lines: list = []
        # what the officer is told about how the file was read: (key, params)
        self.notes: list = []

    def close(self) -> None:
        for path in self.cleanup:
            Path(path).unlink(missing_ok=True)


def _hash_and_check(handle, copy_to=None) -> tuple[str, int, bool, bytes, int]:
    """SHA-256, size, whether the bytes are valid UTF-8, the first bytes, and the longest line's length."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    valid_utf8, size, head = True, 0, b""
    longest = running = 0  # bytes since the last line break
    while True:
        chunk = handle.read(CHUNK)
        if not chunk:
            break
        first, last = chunk.find(b"\n"), chunk.rfind(b"\n")
        if first < 0:
            running += len(chunk)
        else:
            longest = max(longest, running + first)
            running = len(chunk) - last - 1
        longest = max(longest, running)
        if copy_to is not None:
            copy_to.write(chunk)
        digest.update(chunk)
        size += len(chunk)
        if len(head) < SAMPLE:
            head += chunk[: SAMPLE - len(head)]
        if valid_utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                valid_utf8 = False
    if valid_utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            valid_utf8 = False
    return digest.hexdigest(), size, valid_utf8, head, longest


def open_source(name: str, encoding: str | None = None, stdin=None) -> Source:
    """Hash, size and recognise one input; "-" is standard input."""
    cleanup = []
    if name == "-":
        if stdin is None and sys.stdin is None:  # `uppks import - <&-`: no standard input at all
            raise UppksError("error_import_no_stdin")
        path, sha256, size, valid_utf8, head, longest = _spooled(
            stdin if stdin is not None else sys.stdin.buffer, cleanup)
        label = "-"
    else:
        path, label = Path(name), name
        if not path.exists():
            raise UppksError("error_import_missing", file=name)
        if path.is_dir():
            raise UppksError("error_import_folder", file=name)
        kind = os.stat(path).st_mode
        if stat.S_ISCHR(kind) or stat.S_ISBLK(kind) or stat.S_ISSOCK(kind):  # /dev/zero would never end
            raise UppksError("error_import_not_a_file", file=name)
        if stat.S_ISFIFO(kind):  # a pipe, `<(...)`: read once, into a private copy, as standard input is
            try:
                with path.open("rb") as stream:
                    path, sha256, size, valid_utf8, head, longest = _spooled(stream, cleanup)
            except OSError as exc:
                raise UppksError("error_import_unreadable", file=name, reason=exc.strerror or str(exc)) from None
            source = Source(label=label, path=path, sha256=sha256, size=size, format="", cleanup=cleanup)
            return _recognised(source, head, valid_utf8, encoding, longest)
        try:
            with path.open("rb") as handle:
                sha256, size, valid_utf8, head, longest = _hash_and_check(handle)
        except OSError as exc:
            raise UppksError("error_import_unreadable", file=name, reason=exc.strerror or str(exc)) from None
    source = Source(label=label, path=path, sha256=sha256, size=size, format="", cleanup=cleanup)
    return _recognised(source, head, valid_utf8, encoding, longest)


def _spooled(stream, cleanup: list) -> tuple:
    """Standard input or a pipe, read once into a private temporary copy (readable by its owner only)."""
    import tempfile

    remove_stale(tempfile.gettempdir(), "uppks-stdin-")  # copies a killed import left behind
    spool = tempfile.NamedTemporaryFile(prefix=f"uppks-stdin-{os.getpid()}-", delete=False)
    cleanup.append(spool.name)
    with spool:
        sha256, size, valid_utf8, head, longest = _hash_and_check(stream, copy_to=spool)
    return Path(spool.name), sha256, size, valid_utf8, head, longest


def _recognised(source: Source, head: bytes, valid_utf8: bool, encoding: str | None, longest: int) -> Source:
    try:
        source.format, source.encoding = _recognise(source.path, source.label, head, valid_utf8, encoding)
        if source.format in ("csv", "jsonl") and longest > MAX_LINE:
            # a "table" with no line breaks would be read whole into memory: it is not a sheet
            raise UppksError("error_import_line_too_long", file=source.label, size=longest // (1 << 20),
                             limit=MAX_LINE // (1 << 20))
        if source.encoding == _NOT_UTF8 and not encoding:
            _read_evidence(source)
    except BaseException:
        source.close()
        raise
    return source


def _read_evidence(source: Source) -> None:
    """A text file that is not all UTF-8: its code page, guessed on evidence and said."""
    from uppks_cli.importing.encodings import evidence

    source.encoding, source.mixed_lines = evidence(source.path)
    if source.mixed_lines:
        shown = ", ".join(map(str, source.mixed_lines[:10])) + (" ..." if len(source.mixed_lines) > 10 else "")
        source.notes.append(("note_encoding_mixed", {"encoding": source.encoding, "lines": shown,
                                                     "count": len(source.mixed_lines)}))
    else:
        source.notes.append(("note_encoding_guessed", {"encoding": source.encoding}))


def _open_text(source: Source):
    """The source's text, to read from the start."""
    if source.mixed_lines:
        import io

        from uppks_cli.importing.encodings import decode_mixed

        return io.StringIO(decode_mixed(source.path, source.encoding), newline="")
    return source.path.open("r", encoding=source.encoding, errors="strict", newline="")


def _recognise(path: Path, label: str, head: bytes, valid_utf8: bool, forced: str | None) -> tuple[str, str | None]:
    if not head:
        raise UppksError("error_import_empty", file=label)
    if head.startswith(b"PK\x03\x04"):
        import zipfile

        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip().startswith(ODS_MIMETYPE):
                    return "ods", None
                if "xl/workbook.xml" in names:
                    return "xlsx", None
        except (zipfile.BadZipFile, OSError, KeyError):
            raise UppksError("error_import_broken", file=label, format="zip/xlsx") from None
        raise UppksError("error_import_format", file=label)
    if head.startswith(XLS_MAGIC):
        return "xls", None
    encoding = forced or _guess_encoding(head, valid_utf8)
    try:
        known = codecs.lookup(encoding)
    except LookupError:
        raise UppksError("error_import_encoding_name", value=encoding) from None
    if not getattr(known, "_is_text_encoding", True):  # rot13, hex, base64: not ways to write text
        raise UppksError("error_import_encoding_name", value=encoding)
    try:
        text = head.decode(encoding, errors="strict" if forced else "replace")
    except UnicodeError:
        try:
            text = head[:-4].decode(encoding, errors="replace")
        except UnicodeError:  # a UTF-16 file without its byte-order mark, say
            raise UppksError("error_import_encoding", file=label, encoding=encoding) from None
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise UppksError("error_import_binary", file=label)
    if text.lstrip().startswith("<") and SPREADSHEET_2003 in text:  # Excel 2003's XML, also named .xls
        raise UppksError("error_import_xml_2003", file=label)
    if is_html(text):  # a web application's "export to Excel": a page named .xls
        return "html", encoding
    first = text.lstrip()[:1]
    if first == "[":
        return "json", encoding
    if first == "{":
        return "jsonl", encoding
    return "csv", encoding


def _guess_encoding(head: bytes, valid_utf8: bool) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig" if valid_utf8 else _NOT_UTF8  # a Windows line pasted in: read line by line
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    # not UTF-8: a Windows or DOS code page, decided on the whole file's evidence
    return "utf-8" if valid_utf8 else _NOT_UTF8


def sniff_delimiter(sample: str) -> str:
    """The delimiter that splits most lines into the same number of fields.

    Title rows above the header split into fewer fields, so the most common
    field count among lines with more than one field decides.
    """
    lines = [line for line in sample.splitlines()[:200] if line.strip()]
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the sample may cut the last line short
    best, best_score = ",", 0
    for delimiter in DELIMITERS:
        counts = {}
        for fields in csv.reader(lines, delimiter=delimiter):
            if len(fields) > 1:
                counts[len(fields)] = counts.get(len(fields), 0) + 1
        if counts:
            width, lines_with_width = max(counts.items(), key=lambda item: (item[1], item[0]))
            score = lines_with_width * min(width, 50)
            if score > best_score:
                best, best_score = delimiter, score
    return best


def sheets(source: Source, sheet_name: str | None = None) -> Iterator[Sheet]:
    if source.format == "csv":
        if sheet_name:
            raise UppksError("error_import_sheet_not_spreadsheet", file=source.label)
        yield _csv_sheet(source)
    elif source.format in ("json", "jsonl"):
        if sheet_name:
            raise UppksError("error_import_sheet_not_spreadsheet", file=source.label)
        yield _json_sheet(source) if source.format == "json" else _jsonl_sheet(source)
    elif source.format == "html":
        with _open_text(source) as handle:  # each table of a web page a sheet
            for name, rows, hidden in page_tables(handle, source.label, sheet_name, MAX_CELLS):
                yield Sheet(name=name, rows=rows, position=_position(handle, source.size), hidden_rows=hidden)
    else:
        yield from _workbook_sheets(source, sheet_name)


def _csv_sheet(source: Source) -> Sheet:
    handle = _open_text(source)
    try:
        sample = handle.read(SAMPLE)
        handle.seek(0)
    except UnicodeError:
        handle.close()
        raise UppksError("error_import_encoding", file=source.label, encoding=source.encoding) from None
    delimiter = sniff_delimiter(sample.lstrip("\ufeff"))

    def rows():
        with handle:
            reader = csv.reader(handle, delimiter=delimiter)
            numbers = itertools.count(2)
            try:
                for cells in reader:
                    if cells and cells[0].startswith("\ufeff"):
                        cells[0] = cells[0][1:]
                    yield 1, cells
                    break
                yield from zip(numbers, reader)
            except csv.Error as exc:
                # zip took the failing record's number before the reader failed
                raise UppksError("error_import_csv", file=source.label, row=next(numbers) - 1,
                                 reason=str(exc)) from None
            except UnicodeError:
                raise UppksError("error_import_encoding", file=source.label, encoding=source.encoding) from None

    return Sheet(name=None, rows=rows(), position=_position(handle, source.size))


def _position(handle, size: int) -> Callable[[], int]:
    """Bytes read so far; all of them once the reader has closed the file."""
    if not hasattr(handle, "buffer"):  # a mixed file, decoded in memory
        return lambda: size if handle.closed else min(handle.tell(), size)
    return lambda: size if handle.closed else handle.buffer.tell()


def _json_sheet(source: Source) -> Sheet:
    try:
        with _open_text(source) as handle:
            data = json.load(handle, parse_int=json_int, object_pairs_hook=json_object)
    except KeyTwice as twice:
        raise UppksError("error_import_json_key_twice", file=source.label, **twice.args[0]) from None
    except (json.JSONDecodeError, UnicodeError) as exc:
        raise UppksError("error_import_json", file=source.label, reason=str(exc).split(":")[0]) from None
    except RecursionError:
        raise UppksError("error_import_json", file=source.label, reason="nested too deeply") from None
    if not isinstance(data, list):
        raise UppksError("error_import_json_shape", file=source.label)

    def rows():
        for number, item in enumerate(data, start=1):
            if not isinstance(item, dict):
                raise UppksError("error_import_json_item", file=source.label, row=number)
            yield number, {key: plain(value) for key, value in item.items()}

    return Sheet(name=None, rows=rows(), records=True)


def _jsonl_sheet(source: Source) -> Sheet:
    handle = _open_text(source)

    def rows():
        with handle:
            try:
                for number, line in enumerate(handle, start=1):
                    if not line.strip():
                        continue
                    try:
                        item = json.loads(line, parse_int=json_int, object_pairs_hook=json_object)
                    except KeyTwice as twice:
                        raise UppksError("error_import_jsonl_key_twice", file=source.label, row=number,
                                         **twice.args[0]) from None
                    except json.JSONDecodeError as exc:
                        raise UppksError("error_import_jsonl", file=source.label, row=number,
                                         reason=str(exc).split(":")[0]) from None
                    except RecursionError:
                        raise UppksError("error_import_jsonl", file=source.label, row=number,
                                         reason="nested too deeply") from None
                    if not isinstance(item, dict):
                        raise UppksError("error_import_json_item", file=source.label, row=number)
                    yield number, {key: plain(value) for key, value in item.items()}
            except UnicodeError:
                raise UppksError("error_import_encoding", file=source.label, encoding=source.encoding) from None

    return Sheet(name=None, rows=rows(), records=True, position=_position(handle, source.size))


def _workbook_sheets(source: Source, sheet_name: str | None) -> Iterator[Sheet]:
    from python_calamine import CalamineWorkbook

    from uppks_cli.importing.hidden import hidden_rows_and_columns

    # before calamine opens the file: it reads a whole .ods at once
    hidden_parts = hidden_rows_and_columns(source.path, source.format)
    for name, (_, _, last_row, last_column, *_) in hidden_parts.items():
        if (sheet_name is None or name == sheet_name) and last_row * last_column > MAX_CELLS:
            raise UppksError("error_import_sheet_too_big", file=source.label, sheet=name, rows=last_row,
                             columns=last_column)
    try:
        workbook = CalamineWorkbook.from_path(str(source.path))
        names = list(workbook.sheet_names)
    except Exception as exc:  # calamine raises its own types for every broken file
        raise UppksError("error_import_broken", file=source.label, format=source.format,
                         reason=str(exc)[:200]) from None
    if sheet_name is not None and sheet_name not in names:
        raise UppksError("error_import_no_sheet", file=source.label, sheet=sheet_name, sheets=", ".join(names))
    from python_calamine import SheetVisibleEnum

    hidden_sheets = {meta.name for meta in workbook.sheets_metadata if meta.visible != SheetVisibleEnum.Visible}
    for name in names if sheet_name is None else [sheet_name]:
        rows, columns, _, _, errors, uncomputed = hidden_parts.get(name, (set(), set(), 0, 0, set(), {}))
        try:
            sheet = workbook.get_sheet_by_name(name)
            offset = sheet.start[1] if sheet.start else 0
            last_row = (sheet.start[0] if sheet.start else 0) + sheet.height
            merged = sheet.merged_cell_ranges or []
            grid = sheet.iter_rows()
        except Exception as exc:
            raise UppksError("error_import_broken", file=source.label, format=source.format,
                             reason=str(exc)[:200]) from None
        yield Sheet(name=name, rows=_numbered(grid, offset, merged), hidden=name in hidden_sheets,
                    hidden_rows=rows, hidden_columns=columns, error_rows=errors, uncomputed=uncomputed,
                    last_row=last_row)


def _numbered(grid, offset: int, merged):
    """Spreadsheet rows numbered as the program shows them, padded back to
    column A, with a merged range's value copied into every cell it spans."""
    spans = {}
    for (top, left), (bottom, right) in merged:
        for row in range(top, bottom + 1):
            spans.setdefault(row, []).append((left, right, top))
    firsts = {}
    for number, cells in enumerate(grid, start=1):
        cells = [""] * offset + list(cells)
        index = number - 1
        for left, right, top in spans.get(index, ()):
            if index == top:
                firsts[(top, left)] = cells[left] if left < len(cells) else ""
            value = firsts.get((top, left), "")
            for column in range(left, right + 1):
                while len(cells) <= column:
                    cells.append("")
                if cells[column] in ("", None):
                    cells[column] = value
        yield number, cells
