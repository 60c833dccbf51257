"""Tables of a web page saved as a spreadsheet: what "export to Excel" writes in many web
applications (an HTML page named .xls), read as Excel opens it.

Each top-level <table> is a sheet. Its rows are numbered from 1 as they come: the lines of text
above it first (a heading "KABUPATEN PIDIE": its title rows), its caption, its rows, its <tfoot>
after the body wherever it is written, and, below the last table, the lines under it (a
signature), as Excel shows them. A cell's text is what a browser shows: runs of white space
folded to one, <br> and a block inside the cell a line break, character references decoded. A
cell spanning columns or rows (colspan, rowspan) gives its value to every cell it covers, as a
merged range of a workbook does. A row hidden with display:none (as Excel's "Save as Web Page"
writes one) is a hidden row. A table inside a table is refused. Read a megabyte at a time, the
rows of a sheet are handed on as they close.
"""

from __future__ import annotations

import functools
import re

from uppks_cli.errors import UppksError

_CHUNK = 1 << 20
_SPACES = re.compile(r"[ \t\r\n\f]+")
# a span larger than this is no layout a district office made; it would only cost memory
_MOST_SPAN = 1000
_SKIPPED = frozenset(("script", "style", "title"))
# the elements that end a line of text outside the tables
_BLOCKS = frozenset(("p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "center", "section", "header",
                     "footer", "hr", "body"))


@functools.cache
def _cells_class():
    """The parser class, made on the first page read: html.parser takes longer to load than the rest of
    an import's start, and most imports read no web page."""
    from html.parser import HTMLParser

    class _Cells(HTMLParser):
        """Collects the rows of the tables fed to it; finished rows wait in `ready` as
        ("table", number, depth: 1 for a table not inside another) and ("row", table number, cells, hidden)."""

        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.ready: list[tuple] = []
            self.tables: list[dict] = []  # open tables, innermost last
            self.count = 0
            self.skipping = 0  # inside <script>, <style> or <title>
            # text outside the tables ("DATA KELOMPOK UPPKA" in an <h3> above one, a signature below),
            # a line per block: Excel shows each in a row of its own, above or below the table
            self.outside: list[str] = []
            self.lines: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag in _SKIPPED:
                self.skipping += 1
            elif tag == "table":
                self._end_line()
                self.count += 1
                # the rows of a <tfoot>, which HTML lets come before the body, are shown below it: held to its end
                self.tables.append({"number": self.count, "row": None, "cell": None, "spans": {}, "in_foot": False,
                                    "footers": []})
                self.ready.append(("table", self.count, len(self.tables)))
                if len(self.tables) == 1:  # the lines above it are its title
                    self.ready += [("row", self.count, [line], False) for line in self.lines]
                    self.lines = []
            elif not self.tables:
                if tag in _BLOCKS:
                    self._end_line()
            elif tag == "tr":
                self._close_row()
                self.tables[-1]["row"] = []
                # a row Excel's "Save as Web Page" hid: named and left out as a workbook's hidden row
                style = (dict(attrs).get("style") or "").replace(" ", "").lower()
                self.tables[-1]["hidden"] = "display:none" in style
            elif tag == "caption":  # shown above the table: a title row of its own
                self._close_row()
                self.tables[-1]["row"] = []
                self.tables[-1]["cell"] = ([], 1, 1)
            elif tag in ("thead", "tbody", "tfoot"):
                self._close_row()
                self.tables[-1]["in_foot"] = tag == "tfoot"
            elif tag in ("td", "th"):
                table = self.tables[-1]
                if table["row"] is None:
                    table["row"] = []
                self._close_cell()
                given = dict(attrs)
                table["cell"] = ([], _span(given.get("colspan")), _span(given.get("rowspan")))
            elif (tag == "br" or tag in _BLOCKS) and self.tables[-1]["cell"] is not None:
                self.tables[-1]["cell"][0].append("\n")  # a line break, or a block on a line of its own

        def handle_endtag(self, tag):
            if tag in _SKIPPED:
                self.skipping = max(self.skipping - 1, 0)
            elif not self.tables:
                if tag in _BLOCKS:
                    self._end_line()
            elif tag in ("td", "th"):
                self._close_cell()
            elif tag in ("tr", "caption"):
                self._close_row()
            elif tag in _BLOCKS and self.tables[-1]["cell"] is not None:
                self.tables[-1]["cell"][0].append("\n")
            elif tag == "tfoot":
                self._close_row()
                self.tables[-1]["in_foot"] = False
            elif tag == "table":
                self._close_row()
                self.ready += self.tables.pop()["footers"]

        def handle_data(self, data):
            if self.skipping:
                return
            if not self.tables:
                self.outside.append(data)
            elif self.tables[-1]["cell"] is not None:
                self.tables[-1]["cell"][0].append(data)
            elif data.strip():  # text in a table but in no cell, which a browser shows apart: a row of its own
                self.ready.append(("row", self.tables[-1]["number"], [_SPACES.sub(" ", data).strip()], False))

        def _end_line(self) -> None:
            line = _SPACES.sub(" ", "".join(self.outside)).strip()
            self.outside = []
            if line:
                self.lines.append(line)

        def finish(self) -> None:
            """The page's end: what is left read, a table left open (a page cut short) closed."""
            self.close()
            while self.tables:
                self.handle_endtag("table")
            self._end_line()
            if self.count:  # the lines below the last table (a signature) are its last rows
                self.ready += [("row", self.count, [line], False) for line in self.lines]
            self.lines = []

        def _close_cell(self) -> None:
            table = self.tables[-1]
            if table["cell"] is None:
                return
            pieces, columns, rows = table["cell"]
            table["cell"] = None
            lines = (_SPACES.sub(" ", part).strip() for part in "".join(pieces).split("\n"))
            text = "\n".join(line for line in lines if line)
            cells = table["row"]
            _fill_spanned(cells, table["spans"])
            at = len(cells)
            cells.extend([text] * columns)
            if rows > 1:
                for column in range(at, at + columns):
                    table["spans"][column] = (rows, text)  # this row and the rows-1 below it

        def _close_row(self) -> None:
            table = self.tables[-1] if self.tables else None
            if table is None or table["row"] is None:
                return
            self._close_cell()
            cells = table["row"]
            table["row"] = None
            _fill_spanned(cells, table["spans"], to_end=True)
            (table["footers"] if table["in_foot"] else self.ready).append(
                ("row", table["number"], cells, table.pop("hidden", False)))
            table["spans"] = {column: (left - 1, text) for column, (left, text) in table["spans"].items() if left > 1}

    return _Cells


def _fill_spanned(cells: list, spans: dict, to_end: bool = False) -> None:
    """Put into the row the values of cells above that span down into it, where the row has
    reached them (or all of them, at the row's end)."""
    while spans:
        column = len(cells)
        if column in spans:
            cells.append(spans[column][1])
        elif to_end and any(at > column for at in spans):
            cells.append("")
        else:
            return


def _span(given) -> int:
    try:
        return min(max(int(str(given).strip()), 1), _MOST_SPAN)
    except (TypeError, ValueError):
        return 1


def html_rows(handle, label: str, most_cells: int):
    """("table", number) and ("row", number, cells, hidden) for each table and row of the page, in order;
    a table inside another is refused (which of their rows belong together cannot be told)."""
    parser, cells = _cells_class()(), 0
    while True:
        try:
            chunk = handle.read(_CHUNK)
        except UnicodeError:
            raise UppksError("error_import_encoding", file=label, encoding=getattr(handle, "encoding", "-")) from None
        if chunk:
            parser.feed(chunk)
        else:
            parser.finish()
        for event in parser.ready:
            if event[0] == "table":
                if event[2] > 1:
                    raise UppksError("error_import_html_nested", file=label)
                event = event[:2]
            elif event[0] == "row":
                cells += len(event[2])
                if cells > most_cells:
                    raise UppksError("error_import_html_too_big", file=label, cells=most_cells)
            yield event
        parser.ready = []
        if not chunk:
            return


def page_tables(handle, label: str, sheet_name: str | None, most_cells: int):
    """(name, numbered rows, hidden row numbers) of each table of the page read from handle (or of
    the one named): the first table unnamed, the others by their number; each table's rows are
    numbered from 1, and a hidden one's number is in the set before the row is given."""
    events = html_rows(handle, label, most_cells)
    following: list = []  # the next table's event, met while reading the rows of the one before

    def rows(hidden: set):
        for number, event in enumerate(events, start=1):
            if event[0] == "table":
                following.append(event)
                return
            if event[3]:
                hidden.add(number)
            yield number, event[2]

    found, names = next(events, None), []
    if found is None:
        raise UppksError("error_import_html_no_table", file=label)
    while found is not None:
        names.append(str(found[1]))
        hidden: set = set()
        table_rows = rows(hidden)
        if sheet_name is None or sheet_name == names[-1]:
            yield (None if found[1] == 1 else names[-1]), table_rows, hidden
        for _ in table_rows:  # what the reader left of it
            pass
        found = following.pop() if following else None
    if sheet_name is not None and sheet_name not in names:
        raise UppksError("error_import_no_sheet", file=label, sheet=sheet_name, sheets=", ".join(names))


# the namespace of Excel 2003's XML workbook, which web applications write under a .xls name too
SPREADSHEET_2003 = "urn:schemas-microsoft-com:office:spreadsheet"


def is_html(text: str) -> bool:
    """Whether the start of a text file is a web page holding a table."""
    start = text.lstrip().lower()
    return start.startswith("<") and ("<table" in start or start.startswith(("<!doctype html", "<html")))
