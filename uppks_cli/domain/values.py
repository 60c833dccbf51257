"""Parsers for the values officers type or spreadsheets hold.

Each parser takes what arrived (text, an int, a float from a numeric cell, or
None) and returns the clean value or raises UppksError naming the field.
Indonesian conventions come first: "." groups thousands, "," marks decimals.
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import operator
import re

from uppks_cli.errors import Number, UppksError

_SPACES = re.compile(r"\s+")
_CURRENCY = re.compile(r"^(rp\.?|idr)\s*", re.IGNORECASE)
_TRAILING_CENTS = re.compile(r",-$")
_MULTIPLIERS = {
    "rb": 1_000, "ribu": 1_000, "k": 1_000,
    "jt": 1_000_000, "juta": 1_000_000,
    "m": 1_000_000_000, "miliar": 1_000_000_000, "milyar": 1_000_000_000,
}
_WITH_MULTIPLIER = re.compile(r"^([0-9][0-9.,]*)\s*([a-z]+)\.?$", re.IGNORECASE)
_ID_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
# English grouping is sure with two commas or more, or with a decimal point after them ("250,000.00")
_EN_THOUSANDS = re.compile(r"^\d{1,3}((,\d{3}){2,}(\.\d+)?|(,\d{3})+\.\d+)$")
_DOT_DECIMAL = re.compile(r"^\d+\.\d+$")
_COMMA_DECIMAL = re.compile(r"^\d+,\d+$")
# "250,000": a decimal comma to an Indonesian (250), a thousands comma to English and to a sheet
# saved with English number settings (250000); which one the office meant cannot be told
_COMMA_DOUBTFUL = re.compile(r"^[1-9]\d{0,2},\d{3}$")
_PLAIN = re.compile(r"^\d+$")
# more characters than any count or amount is written with ("Rp 9.999.999.999.999,00" has 23): a longer
# cell is refused before Python turns it into a number, which fails past 4,300 digits (or a float's range)
LONGEST_NUMBER_TEXT = 40

EARLIEST_FOUNDED_YEAR = 1950


# a value that is only a dash says "nothing here", as offices fill empty cells
EMPTY_DASHES = frozenset(("-", "--", "\u2013", "\u2014"))


def clean_text(value) -> str | None:
    """Trim and fold runs of white space; empty, or a lone dash, means missing."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    return text if text and text not in EMPTY_DASHES else None


def _decimal_from_text(text: str) -> float | None:
    if _PLAIN.match(text):
        return float(int(text))
    if _ID_THOUSANDS.match(text):
        whole, _, fraction = text.partition(",")
        return float(whole.replace(".", "") + "." + (fraction or "0"))
    if _EN_THOUSANDS.match(text):
        return float(text.replace(",", ""))
    if _DOT_DECIMAL.match(text):
        # "24.0" or "2.5": a float a spreadsheet wrote out, not thousands
        return float(text)
    if _COMMA_DECIMAL.match(text):
        return float(text.replace(",", "."))
    return None


def parse_amount(value, field: str) -> int | None:
    """A whole, non-negative number written the Indonesian way.

    Accepts 25, 24.0, "1.500.000", "Rp 2.500.000,00", "Rp. 3.000.000", "2,5 jt".
    """
    kind = type(value)
    if kind is str:
        stripped = value.strip()
        if len(stripped) > LONGEST_NUMBER_TEXT:
            raise UppksError("error_number_too_long", field=field, value=stripped[:20] + "…", length=len(stripped))
        if stripped.isdigit() and stripped.isascii():
            return int(stripped)  # the common case, kept fast for big imports
        if not stripped:
            return None
    elif kind is int:
        if value < 0:
            raise UppksError("error_negative", field=field, value=str(value))
        return value
    elif value is None:
        return None
    if kind is str:
        return _parse_amount_text(value, field)
    if isinstance(value, bool):
        raise UppksError("error_not_whole_number", field=field, value=str(value))
    return _parse_amount_value(value, field)


def parse_bounded(value, field: str, most: int) -> int | None:
    """parse_amount, no larger than `most` (a group's members, rupiah): a phone number typed in the
    wrong column is refused, saying the bound as the reader's language writes numbers."""
    number = parse_amount(value, field)
    if number is not None and number > most:
        raise UppksError("error_too_big", field=field, value=str(value).strip(), limit=Number(most))
    return number


@functools.lru_cache(maxsize=4096)
def _parse_amount_text(value: str, field: str) -> int | None:
    # big files repeat the same few amounts ("1.500.000") thousands of times
    return _parse_amount_value(value, field)


def _parse_amount_value(value, field: str) -> int | None:
    if isinstance(value, int):
        number = float(value)
    elif isinstance(value, float):
        number = value
    else:
        original = str(value)
        text = _SPACES.sub(" ", original).strip()
        text = _CURRENCY.sub("", text)
        text = _TRAILING_CENTS.sub("", text).strip()
        negative = text.startswith("-")
        if negative:
            text = text[1:].strip()
        multiplier = 1
        match = _WITH_MULTIPLIER.match(text)
        if match and match.group(2).lower() in _MULTIPLIERS:
            text, multiplier = match.group(1), _MULTIPLIERS[match.group(2).lower()]
        text = text.replace(" ", "")
        if _COMMA_DOUBTFUL.match(text):
            thousands = int(text.replace(",", "")) * multiplier
            whole, fraction = divmod(thousands, 1000)  # the decimal comma's reading
            fraction = f"{fraction:03d}".rstrip("0") if fraction else ""
            # both readings in digits alone, which read the same in either language; the decimal one
            # with its comma, as the sentence saying it is a decimal comma writes it (1,5)
            raise UppksError("error_number_comma_doubtful", field=field, value=original, thousands=thousands,
                             decimal=f"{whole},{fraction}" if fraction else whole)
        number = _decimal_from_text(text)
        if number is None:
            raise UppksError("error_not_whole_number", field=field, value=original)
        number = number * multiplier
        if negative:
            number = -number
        value = original
    if not math.isfinite(number):
        raise UppksError("error_not_whole_number", field=field, value=str(value))
    rounded = round(number)
    if abs(number - rounded) > 1e-6:
        raise UppksError("error_not_whole_number", field=field, value=str(value))
    if rounded < 0:
        raise UppksError("error_negative", field=field, value=str(value))
    return int(rounded)


# dates with their year: 16/05/2015, 16-05-2015, 16.05.2015, 05/2015, 2015-05-16, 2015-05
_YEAR_OF_DATE = re.compile(r"^(?:\d{1,2}[/.-]){1,2}(\d{4})$|^(\d{4})(?:[/.-]\d{1,2}){1,2}$")
# "Mei 2015", "16 Mei 2015", "May 2015"
_YEAR_AFTER_MONTH = re.compile(r"^(?:\d{1,2}\s+)?([A-Za-z]+)\.?\s+(\d{4})$")
# Excel keeps a date as the days since 30 December 1899; a year column that
# got a date shows such a serial when formatted as a number
_EXCEL_EPOCH = _dt.date(1899, 12, 30)
_SERIALS = range(18_264, 73_051)  # 1950-01-01 to 2099-12-31


def excel_serial_date(value) -> _dt.date | None:
    """The day an Excel date serial shown as a number (46307) stands for; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    # int() before float(): a whole number too big for a float is no serial either
    return _EXCEL_EPOCH + _dt.timedelta(days=int(value)) if int(value) in _SERIALS else None


def _year_in(value):
    """The year of a date, however a sheet wrote it; the value itself when it is no date."""
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.year
    serial = excel_serial_date(value)
    if serial is not None:
        return serial.year
    if isinstance(value, str):
        text = value.strip()
        found = _YEAR_OF_DATE.match(text)
        if found:
            return int(found.group(1) or found.group(2))
        found = _YEAR_AFTER_MONTH.match(text)
        if found and any(found.group(1).lower()[:3] == month.lower()[:3] for months in MONTHS.values()
                         for month in months):
            return int(found.group(2))
    return value


def parse_year(value, field: str = "founded_year", today: _dt.date | None = None) -> int | None:
    """The year a group was founded: 2015, 2015.0, "Mei 2015", "16/05/2015", an Excel date or its serial."""
    year = parse_amount(_year_in(value), field)
    if year is None:
        return None
    this_year = (today or _dt.date.today()).year
    if not EARLIEST_FOUNDED_YEAR <= year <= this_year:
        raise UppksError(
            "error_year_range", field=field, value=str(value),
            earliest=EARLIEST_FOUNDED_YEAR, latest=this_year,
        )
    return year


_PHONE_SEPARATORS = re.compile(r"[\s\-./()]")
_FLOAT_WRITTEN = re.compile(r"^(\+?\d{7,15})[.,]0+$")


# Control characters (ESC starts terminal escape sequences), invisible and direction-changing
# marks (an override shows "Mawar" as "rawaM"): shown as their escapes wherever a person reads
# the data, in the terminal, the HTML report and Markdown alike. A lone surrogate (a byte of the
# command line that was not UTF-8) is shown as its escape too: no stream can write it as it is.
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2069\ufeff\ud800-\udfff]")


def visible(text: str) -> str:
    """Text as typed, with every control character made visible (ESC as \\x1b); letters such as
    é or the apostrophe ’ stay as they are, where unicode_escape would write them as \\xe9, \\u2019."""
    return _HIDDEN.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)


def all_stored_phones(column) -> bool:
    """Whether every phone of the column is already in the stored form (08..., 9 to 14
    ASCII digits), the common case in a big file: then none needs parsing."""
    phones = [value for value in column if value is not None]
    return (set(map(type, phones)) <= {str} and all(map(str.isdigit, phones)) and all(map(str.isascii, phones))
            and all(map(_STORED_PHONE_START, phones)) and 9 <= min(map(len, phones), default=9)
            and max(map(len, phones), default=9) <= 14)


_STORED_PHONE_START = operator.methodcaller("startswith", "08")


def normalize_phone(value, field: str = "phone") -> str | None:
    """An Indonesian phone number in its national form, digits only: 081234567890.

    "+62 812-3456-7890", "62812...", "0812 3456 7890" and 81234567890 (a numeric
    cell that lost its leading 0) all give 081234567890; landlines keep their
    area code (0651...).
    """
    if value is None:
        return None
    if type(value) is str and value.isdigit() and value[:2] == "08" and 9 <= len(value) <= 14 and value.isascii():
        return value  # already in the stored form: the common case in big files
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    original = str(value).strip()
    if not original:
        return None
    # "81234567890.0": a number cell written out as text by pandas or a CSV
    # export; the ".0" is the float's, not a digit of the number
    written_as_float = _FLOAT_WRITTEN.match(original)
    digits = _PHONE_SEPARATORS.sub("", written_as_float.group(1) if written_as_float else original)
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    elif digits.startswith("62") and len(digits) >= 10:
        digits = "0" + digits[2:]
    elif digits.startswith("8") and 9 <= len(digits) <= 12:
        digits = "0" + digits
    if not (digits.isdigit() and digits.isascii() and digits.startswith("0") and 9 <= len(digits) <= 14) \
            or digits.startswith("00"):
        # a pasted paragraph is named by its start: the refusal stays one line
        shown = original if len(original) <= _PHONE_SHOWN else original[:_PHONE_SHOWN] + "…"
        raise UppksError("error_phone", field=field, value=shown)
    return digits


_PHONE_SHOWN = 30


# OWASP's rule for CSV injection: a cell starting with one of these is run as a
# formula by spreadsheet programs; a leading apostrophe makes it plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text a spreadsheet would run as a formula, made inert with a leading apostrophe.

    Text that already starts with apostrophes before such a character gets one
    more, so that reading it back, which takes exactly one off, gives the original.
    """
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore_neutralised(value: str) -> str:
    """A CSV cell as it was before neutralise(): a round trip is exact."""
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS):
        return value[1:]
    return value


# month names as officers write them in dates, for reading such dates in either language
MONTHS = {
    "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}
_WRITTEN_DATE = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$")


# a date as Indonesians write it by hand: day first (28/11/2026, 28-11-2026, 28.11.2026)
_DAY_FIRST_DATE = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$")


def parse_day_first_date(text: str) -> _dt.date | None:
    """28/11/2026 as 28 November 2026 (day, month, year: the Indonesian order); None when the
    text is not such a date or the day does not exist."""
    match = _DAY_FIRST_DATE.match(text.strip())
    if not match:
        return None
    try:
        return _dt.date(int(match.group(4)), int(match.group(3)), int(match.group(1)))
    except ValueError:
        return None


def parse_written_date(text: str) -> _dt.date | None:
    """"1 Oktober 2025", "16 May 2025" or "3 Agu 2024" (either language, month names or their first
    three letters); None when the text is not such a date."""
    match = _WRITTEN_DATE.match(text.strip())
    if not match:
        return None
    name = match.group(2).lower()
    for months in MONTHS.values():
        lowered = [m.lower() for m in months]
        short = [m[:3] for m in lowered]
        if name in lowered or name[:3] in short:
            month = lowered.index(name) + 1 if name in lowered else short.index(name[:3]) + 1
            try:
                return _dt.date(int(match.group(3)), month, int(match.group(1)))
            except ValueError:
                return None
    return None


# a control character that is not white space
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# any control character, a tab and a line break (a line or paragraph separator) included: what a
# text kept on one line (a name, a letterhead's line) may not hold
BREAK_OR_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def refuse_control_characters(value, name: str) -> None:
    """A control character that is not white space (ESC, BEL) is refused: it cannot be shown as typed."""
    if type(value) is str and CONTROL_CHARACTER.search(value):
        raise UppksError("error_text_control", field=name, value=visible(value.strip()))
