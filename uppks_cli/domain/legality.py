"""A group's business papers (legality): NIB, P-IRT and halal certificate, and the day each was obtained.

NIB (Nomor Induk Berusaha, from OSS) has 13 digits; a P-IRT number (home food
production permit) has 15; a halal certificate number is kept as issued
(BPJPH's "ID..." or an older MUI number), only checked to look like one.
Legality numbers identify a business, not a person: --redact keeps them.
"""

from __future__ import annotations

import datetime as _dt
import re

from uppks_cli.domain.values import clean_text, parse_day_first_date, parse_written_date
from uppks_cli.errors import UppksError

PAPERS = ("nib", "pirt", "halal")
DATE_OF = {paper: paper + "_date" for paper in PAPERS}
# "Food group" is a group of product type makanan: the groups a P-IRT and halal certificate concern.
FOOD_PRODUCT_TYPE = "makanan"
DIGITS = {"nib": 13, "pirt": 15}
EARLIEST = _dt.date(1990, 1, 1)

_SEPARATORS = re.compile(r"[\s.\-/]")
_PREFIX = {"nib": re.compile(r"^(nib|nomor induk berusaha)\s*(no\.?|nomor)?\s*:?\s*", re.IGNORECASE),
           "pirt": re.compile(r"^(spp-?irt|p-?irt)\s*(no\.?|nomor)?\s*:?\s*", re.IGNORECASE)}
_HALAL = re.compile(r"^[A-Z0-9][A-Z0-9./\- ]{4,58}[A-Z0-9]$")


def parse_paper(value, field: str) -> str | None:
    """An NIB or P-IRT number as its digits, or a halal certificate number as issued (upper case)."""
    if isinstance(value, bool):
        raise UppksError("error_paper_" + field, field=field, value=str(value))
    if isinstance(value, float) and value.is_integer():  # a number cell of a spreadsheet
        value = int(value)
    text = clean_text(value)
    if text is None:
        return None
    if field == "halal":
        upper = text.upper()
        if not _HALAL.match(upper) or sum(ch.isdigit() for ch in upper) < 6:
            raise UppksError("error_paper_halal", field=field, value=text)
        return upper
    digits = _SEPARATORS.sub("", _PREFIX[field].sub("", text))
    if not (digits.isascii() and digits.isdigit() and len(digits) == DIGITS[field]):
        raise UppksError("error_paper_" + field, field=field, value=text)
    return digits


def parse_day(value, field: str, today: _dt.date | None = None) -> str | None:
    """A day as YYYY-MM-DD: 2026-03-01, 1/3/2026 (day first), "1 Maret 2026" or a spreadsheet date;
    not in the future, not before 1990."""
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        day = value
    else:
        text = clean_text(value)
        if text is None:
            return None
        try:
            day = _dt.date.fromisoformat(text)
        except ValueError:
            day = parse_day_first_date(text) or parse_written_date(text)
        if day is None:
            raise UppksError("error_day", field=field, value=text)
    if day > (today or _dt.date.today()) or day < EARLIEST:
        raise UppksError("error_day_range", field=field, value=day.isoformat())
    return day.isoformat()


def papers_refusal(number, day, paper: str) -> UppksError | None:
    """A day obtained needs the paper's number beside it."""
    if day is not None and number is None:
        return UppksError("error_paper_date_alone", field=DATE_OF[paper], paper=paper)
    return None
