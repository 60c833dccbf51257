"""When two records are the same group: the name as identity, and the rule that matches a row to a stored group."""

from __future__ import annotations

from uppks_cli.domain.reference import fold

# The programme was renamed (UPPKS -> UPPKA) and sheets add "Kelompok": old and
# new sheets name one group differently only by these words.
IDENTITY_PREFIXES = ("uppks", "uppka", "kelompok")
_PREFIX_WORDS = tuple(f"{prefix} " for prefix in IDENTITY_PREFIXES)


def name_key(name: str) -> str:
    """The name as identity: case, spacing, punctuation and a leading
    UPPKS/UPPKA/Kelompok ignored."""
    words = fold(name).split()
    while len(words) > 1 and words[0] in IDENTITY_PREFIXES:
        words = words[1:]
    return " ".join(words)


def name_keys(names) -> list[str]:
    """name_key of each trimmed name, in one pass: a name of plain ASCII letters
    and digits (most names in a big file) needs no folding, with the same result."""
    keys = []
    for name in names:
        key = name.lower()
        if key.isascii() and key.replace(" ", "").isalnum():
            while key.startswith(_PREFIX_WORDS):
                key = key.partition(" ")[2]
        else:
            key = name_key(name)
        keys.append(key)
    return keys


def same_group_candidates(candidates, subdistrict: str | None) -> list:
    """Among (id, kecamatan) pairs with the right name and district, the ids a
    row with this kecamatan describes: those with the same kecamatan, else
    those whose kecamatan is missing on either side (missing contradicts
    nothing). One id is the group; more than one means the row cannot tell."""
    wanted = fold(subdistrict) if subdistrict else None
    if wanted:
        same = [group_id for group_id, stored in candidates if stored and fold(stored) == wanted]
        if same:
            return same
        return [group_id for group_id, stored in candidates if not stored]
    return [group_id for group_id, _ in candidates]
