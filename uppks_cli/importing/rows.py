"""Which rows under a sheet's header are groups, and what the others are.

Every row ends as a group's row (to be checked: imported or refused) or is
named in the report with why it was not read: the row of column numbers, a
totals or subtotal row, a signature or note line, a row with nothing in the
imported columns. Blank rows are passed over. Reading never stops early: a
group typed below the totals row or a note is still read.

A totals row is known by its shape, not by a word alone: a label such as
"JUMLAH" or "Sub Total" with no product type, or a label such as "Jumlah Kab.
Pidie" whose numbers add up the rows above it. A group called "Total
Sejahtera", with its product type or its own details, is a group.
"""

from __future__ import annotations

import functools
import re

from uppks_cli.domain.reference import fold
from uppks_cli.domain.values import clean_text, parse_amount
from uppks_cli.errors import UppksError

TOTAL_WORDS = {"jumlah", "total", "jumlah total", "grand total", "total keseluruhan", "jumlah keseluruhan",
               "jml", "sub total", "subtotal", "jumlah seluruhnya", "total jumlah", "jumlah akhir"}
_TOTAL_STARTS = ("jumlah ", "total ", "jml ", "sub total ", "subtotal ", "grand total ")
SIGNATURE_WORDS = ("mengetahui", "kepala", "nip", "an ", "a n ", "plt", "plh", "kasubbid", "kabid", "sekretaris",
                   "koordinator", "dibuat oleh", "disetujui", "diketahui", "penanggung jawab", "pembina", "ttd")
# lines of remarks under a table: "Catatan: ...", "Keterangan: ...", "Sumber: ..."
NOTE_WORDS = ("catatan", "keterangan", "ket ", "sumber", "note", "nb ")
# "Banda Aceh, 31 Oktober 2025" or "Sigli, 02-11-2025": a place and a date
DATE_LINE = re.compile(r"^[A-Za-z .'-]+,\s*\d{1,2}[\s/.-]+\w+[\s/.-]+\d{2,4}\s*$")
_COLUMN_NUMBER = re.compile(r"^\(?(\d{1,2})\)?$")
# the numbers a totals row is checked against, the first the sheet has
_SUMMED = ("members", "families", "members_pus", "members_kb", "capital", "turnover")
# fields that only a group's own row fills
_OWN_FIELDS = ("product", "leader", "phone", "subdistrict", "village", "founded_year")
_SHOWN_TEXT = 60


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_column_number_row(cells: list) -> bool:
    """The row of 1, 2, 3 ... that district sheets put under the header."""
    numbers = []
    for value in cells:
        if is_empty(value):
            continue
        match = _COLUMN_NUMBER.match(clean_text(value) or "")
        if not match:
            return False
        numbers.append(int(match.group(1)))
    return len(numbers) >= 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def rows_to_look_at(names: list, missing: list[int], width: int) -> list[int]:
    """The rows that need a closer look: no name, hardly anything filled (of
    `width` values, `missing` empty), or a name like "Jumlah"/"Total"/"Sub
    total"/"Grand total". Every other row is surely a group's, which keeps big
    files fast."""
    return [index for index, (name, none) in enumerate(zip(names, missing))
            if name is None or width - none <= 2 or str(name).lstrip()[:1] in "JjTtSsGg"]


@functools.lru_cache(maxsize=4096)
def _amount(value) -> int | None:
    try:
        return parse_amount(value, "")
    except (UppksError, TypeError):
        return None


def _shown(value) -> str:
    text = clean_text(value) or ""
    return text if len(text) <= _SHOWN_TEXT else text[:_SHOWN_TEXT - 1] + "…"


class RowSorter:
    """Sorts a sheet's rows, in order, into group rows and named ones (notes)."""

    def __init__(self, fields: list[str], label_columns: list[int], ignored: set[int], notes: list,
                 hidden_rows: set[int] = frozenset(), headers: list[str] | None = None,
                 error_rows: set[int] = frozenset(), uncomputed: dict | None = None):
        self.fields = fields
        self.error_rows = error_rows
        # {row: heading} of a read column holding a formula saved without its result
        self.uncomputed = uncomputed or {}
        self.headers = headers or fields  # the columns as the sheet names them
        self.hidden_rows = hidden_rows
        self.label_columns = label_columns
        self.ignored = ignored
        self.notes = notes
        self.slot = {field_name: index for index, field_name in enumerate(fields)}
        self.summed = next((self.slot[f] for f in _SUMMED if f in self.slot), None)
        self.first = True  # the first filled row may be the column numbers
        self.signed = False  # a signature or note line has been seen
        self.since_totals = 0  # the summed column over the group rows since the last totals row
        self.in_all = 0  # and over every group row so far

    def keep(self, numbers, cells, values, doubtful, spilled=frozenset()) -> list[int]:
        """The indices of the rows that are groups' rows; the others are named in the notes.

        values[i] is row i's tuple of field values (None where empty);
        doubtful: the indices that need a closer look (rows_to_look_at);
        spilled: rows with filled cells past the header's last column.
        """
        if spilled:
            doubtful = sorted({*doubtful, *spilled})
        kept, start = [], 0
        if self.hidden_rows or self.error_rows or self.uncomputed:
            doubtful = sorted({*doubtful, *(index for index, number in enumerate(numbers)
                                            if number in self.hidden_rows or number in self.error_rows
                                            or number in self.uncomputed)})
        if self.first:
            first = next((index for index, row in enumerate(cells) if self._filled(row)), None)
            if first is not None and first not in doubtful:
                doubtful = sorted({*doubtful, first})
        for index in doubtful:
            self._add(values, start, index, kept)
            start = index + 1
            if self._is_group(numbers[index], cells[index], values[index], index in spilled):
                kept.append(index)
                self._add(values, index, index + 1, None)
        self._add(values, start, len(values), kept)
        return kept

    def _add(self, values, start: int, stop: int, kept) -> None:
        """Take rows start..stop as groups' rows (when kept is given) and add up their numbers."""
        if start >= stop:
            return
        if kept is not None:
            kept.extend(range(start, stop))
        if self.summed is not None:
            slot = self.summed
            self._add_to_sums(sum(filter(None, (_amount(row[slot]) for row in values[start:stop]
                                                if row[slot] is not None))))

    def _count(self, values: tuple) -> None:
        if self.summed is not None and values[self.summed] is not None:
            self._add_to_sums(_amount(values[self.summed]) or 0)

    def _add_to_sums(self, total: int) -> None:
        self.since_totals += total
        self.in_all += total

    def _filled(self, cells: list) -> list:
        """The row's filled cells, leaving out the row counter (No.) and an export's ids."""
        return [value for index, value in enumerate(cells) if index not in self.ignored and not is_empty(value)]

    def _is_group(self, number: int, cells: list, values: tuple, spilled: bool = False) -> bool:
        filled = self._filled(cells)
        uncomputed = self.uncomputed.get(number)
        if not filled:
            if uncomputed is None:
                return False  # a blank row
            # nothing read but formulas without their result (and the No. column, "JUMLAH" perhaps)
            filled = [next((cell for cell in cells if not is_empty(cell)), "")]
        if spilled:
            # "1,500,000" in a CSV without quotes: the values moved; which is which cannot be told
            self.notes.append(("note_row_spilled", {"row": number, "text": _shown(filled[0])}))
            return False
        if number in self.error_rows:
            # "#DIV/0!" or "#REF!" where a value should be: which value was meant cannot be told
            self.notes.append(("note_row_error_cell", {"row": number, "text": _shown(filled[0])}))
            return False
        if number in self.hidden_rows:
            self.notes.append(("note_row_hidden", {"row": number, "text": _shown(filled[0])}))
            self._count(values)  # the sheet's own totals count it
            return False
        if self.first:
            self.first = False
            if is_column_number_row(cells):
                self.notes.append(("note_column_numbers", {"row": number}))
                return False
        label = self._totals_label(cells)
        if label is not None and self._is_totals(label, values):
            self._totals(number, label, values)
            return False
        if uncomputed is not None:
            # read as empty, the row would be a group without the numbers the sheet gives it
            self.notes.append(("note_row_uncomputed", {"row": number, "text": _shown(filled[0]), "column": uncomputed}))
            return False
        mapped = len(values) - values.count(None)
        if len(filled) <= 2 and mapped <= 2 and not self._has(values, "product_type") and self._closing(filled):
            self.signed = True
            self.notes.append(("note_not_read_line", {"row": number, "text": _shown(filled[0])}))
            return False
        if self.signed and mapped <= 2 and not self._has(values, "district") and not self._has(values, "product_type"):
            self.notes.append(("note_not_read_below", {"row": number, "text": _shown(filled[0])}))
            return False
        if not mapped:
            self.notes.append(("note_not_read_unmapped", {"row": number, "text": _shown(filled[0])}))
            return False
        return True

    def _totals_label(self, cells: list) -> str | None:
        for index in self.label_columns:
            if index < len(cells) and type(cells[index]) is str:
                key = fold(cells[index])
                if key in TOTAL_WORDS or key.startswith(_TOTAL_STARTS):
                    return cells[index]
        return None

    def _has(self, values: tuple, field_name: str) -> bool:
        """Whether the row fills the field (a merged "JUMLAH" spread over it does not count)."""
        slot = self.slot.get(field_name)
        if slot is None or values[slot] is None:
            return False
        return fold(str(values[slot])) not in TOTAL_WORDS

    def _adds_up(self, values: tuple) -> bool | None:
        """Whether the row's number is the sum of the rows above (since the last totals row, or all);
        None when the sheet has no number to tell by."""
        if self.summed is None or values[self.summed] is None:
            return None
        number = _amount(values[self.summed])
        return number is not None and number in (self.since_totals, self.in_all)

    def _is_totals(self, label: str, values: tuple) -> bool:
        """A label that is a totals word ("JUMLAH", "Sub Total") is a totals row,
        whatever else the row holds; a label that only starts like one ("Jumlah
        Kab. Pidie", "Total Sejahtera") is one only when the row has nothing a
        group's row has, a repeated district aside when its numbers add up."""
        if fold(label) in TOTAL_WORDS:
            return True
        if any(self._has(values, f) for f in ("product_type", *_OWN_FIELDS)):
            return False
        return not self._has(values, "district") or bool(self._adds_up(values))

    def _totals(self, number: int, label: str, values: tuple) -> None:
        self.notes.append(("note_totals_row", {"row": number, "label": _shown(label)}))
        if self._adds_up(values) is False:
            self.notes.append(("note_totals_differ", {
                "row": number, "label": _shown(label), "column": self.headers[self.summed],
                "sheet_value": _amount(values[self.summed]), "rows_value": self.since_totals or self.in_all}))
        self.since_totals = 0

    @staticmethod
    def _closing(filled: list) -> bool:
        """A signature, a place and date, or a remark line ("Catatan: ...")."""
        text = clean_text(filled[0]) or ""
        key = fold(text)
        return bool(DATE_LINE.match(text)) or key.startswith(SIGNATURE_WORDS) or key.startswith(NOTE_WORDS)
