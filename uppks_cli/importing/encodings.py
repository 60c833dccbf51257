"""Which text encoding a district's file is in, decided on evidence.

A file that is all UTF-8 is read as UTF-8. Otherwise it comes from a Windows
or DOS program: Indonesian-locale Excel saves "CSV" as Windows-1252, and its
"CSV (MS-DOS)" as code page 850. The two put the same bytes to different
letters ("Caf\\x82" is "Café" in 850 and "Caf‚" in 1252), so each reading is
scored by how much it looks like names and places written in Indonesian, and
the better one is taken, with a note saying so. A file whose lines are partly
UTF-8 and partly not (a name pasted from another program) is read line by
line, each in its own encoding, and the lines read otherwise are named.

Hand-written rather than a detection library: a district sheet is a few
hundred short names, too little text for a general detector to tell these
two code pages apart, while the few letters Indonesian names use tell them
at once (a test holds both cases).
"""

from __future__ import annotations

from pathlib import Path

CODE_PAGES = ("cp1252", "cp850")
# letters Indonesian names and loanwords are written with (Café, Ma'rifah, Muñoz)
_NAME_LETTERS = set("éèêëáàâäóòôöúùûüíìîïñçÉÈÁÓÚÍÑÇ")
# what Windows programs put in text: curly quotes and apostrophes, dashes, ellipsis, euro
_WINDOWS_PUNCTUATION = set("’‘“”–—…€")
_NEUTRAL = {"\u00a0"}  # a no-break space is in both code pages


def _plausibility(text: str) -> int:
    score = 0
    for char in text:
        if char.isascii() or char in _NEUTRAL:
            continue
        if char in _NAME_LETTERS or char in _WINDOWS_PUNCTUATION:
            score += 2
        elif char.isalpha():
            score -= 1  # Æ, ø, ƒ: letters no Indonesian name has
        else:
            score -= 2  # box drawing, symbols and control characters
    return score


def best_code_page(data: bytes) -> str:
    """The code page whose reading of the bytes looks most like Indonesian text (1252 on a tie)."""
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return "cp850"  # five bytes mean nothing in 1252; every byte has a letter in 850
    scores = {page: _plausibility(data.decode(page, errors="replace")) for page in CODE_PAGES}
    return max(CODE_PAGES, key=lambda page: (scores[page], page == "cp1252"))


def evidence(path: Path) -> tuple[str, list[int]]:
    """For a file that is not all UTF-8: the code page of its other lines, and,
    when some lines are UTF-8 with accents and others are not, the numbers of
    the lines that are not (empty otherwise)."""
    utf8_lines, other_lines, other_bytes = 0, [], bytearray()
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
                utf8_lines += 1
            except UnicodeDecodeError:
                other_lines.append(number)
                other_bytes += line
    return best_code_page(bytes(other_bytes)), (other_lines if utf8_lines else [])


def decode_mixed(path: Path, code_page: str) -> str:
    """The file's text, each line read as UTF-8 where it is UTF-8 and in the code page where not."""
    lines = []
    with path.open("rb") as handle:
        for line in handle:
            try:
                lines.append(line.decode("utf-8"))
            except UnicodeDecodeError:
                lines.append(line.decode(code_page))
    return "".join(lines).lstrip("\ufeff")
