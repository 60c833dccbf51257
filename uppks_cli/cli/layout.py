"""How wide each column of a terminal table is, so that it fits the terminal
with every word whole.

Rich, left to itself, narrows every column alike and breaks words anywhere:
at 80 columns a district came out as "Ace/h/Sel/ata/n" and a total as
"5,7"/"59". Here numbers keep their full width, text is cut at the end with an
ellipsis rather than broken, headings are never narrower than their longest
word, and when even that does not fit, the least needed columns are left out
(the caller says which, and tells the reader how to see them).
"""

from __future__ import annotations

from dataclasses import dataclass

# a table drawn with borders: one space each side of a cell and one rule between cells
CELL_PADDING = 3
TABLE_EDGE = 1
# text narrower than this says too little to be worth its column
SHORTEST_TEXT = 8
# columns are left out before a text column is cut below this (a name like "UPPKA Seulanga Indah")
COMFORTABLE_TEXT = 20


@dataclass
class Column:
    key: str
    heading: str
    numeric: bool
    longest: int  # the widest cell, heading aside
    shortest: int = SHORTEST_TEXT  # text: how narrow it may become before the column is left out
    wraps: bool = False  # long text that must be read whole (aliases, what changed) wraps at its spaces
    longest_word: int = 0

    @property
    def heading_word(self) -> int:
        return max((len(word) for word in self.heading.split()), default=0)

    @property
    def natural(self) -> int:
        return max(self.longest, len(self.heading), 1)

    @property
    def heading_wrapped(self) -> int:
        """As wide as the cells, the heading wrapped at its spaces."""
        return max(self.longest, self.heading_word, 1)

    @property
    def comfortable(self) -> int:
        if self.numeric:
            return self.heading_wrapped
        return min(self.heading_wrapped, max(self.minimum, 2 * COMFORTABLE_TEXT if self.wraps else COMFORTABLE_TEXT))

    @property
    def minimum(self) -> int:
        if self.numeric:
            return self.heading_wrapped
        if self.wraps:
            return max(self.heading_word, self.longest_word, min(self.longest, self.shortest), 1)
        return max(self.heading_word, min(self.longest, self.shortest), 1)


def table_width(widths: list[int]) -> int:
    return sum(widths) + CELL_PADDING * len(widths) + TABLE_EDGE


def fit(columns: list[Column], room: int, drop_order: tuple[str, ...] = ()) -> tuple[list[Column], list[int]]:
    """The columns that fit in `room` characters and their widths.

    Columns named in drop_order are left out, first one first, while the table
    does not fit with its text at a comfortable width; then the widest text
    columns give up width until the table fits (or reach their minimum: the
    terminal is too narrow for anything better, and Rich cuts what is left)."""
    shown = list(columns)
    for key in drop_order:
        if table_width([column.comfortable for column in shown]) <= room:
            break
        shown = [column for column in shown if column.key != key]
    widths = [column.natural for column in shown]
    excess = table_width(widths) - room
    # first the headings wrap at their spaces, then the widest text gives way
    for index, column in enumerate(shown):
        if excess > 0:
            given = min(excess, widths[index] - column.heading_wrapped)
            widths[index] -= given
            excess -= given
    while excess > 0:
        narrowable = [index for index, column in enumerate(shown)
                      if not column.numeric and widths[index] > column.minimum]
        if not narrowable:
            break
        widest = max(narrowable, key=lambda index: widths[index])
        widths[widest] -= 1
        excess -= 1
    return shown, widths


def short_headings(codes: list[str], size: int = 4) -> dict[str, str]:
    """Headings cut to `size` letters, longer only where two would be the same."""
    found = {}
    for code in codes:
        length = size
        while length < len(code) and any(other != code and other[:length] == code[:length] for other in codes):
            length += 1
        found[code] = code[:length]
    return found
