"""The officer's settings, set once and kept in the registry file: the office's
letterhead and the signature block that official reports carry, and the KB
target the reports colour the KB rate against. None is set at first, and a
report shows only what is set.
"""

from __future__ import annotations

import re
import sqlite3

from uppks_cli.domain.values import BREAK_OR_CONTROL, clean_text
from uppks_cli.errors import UppksError
from uppks_cli.registry import meta
from uppks_cli.registry.connection import transaction

LETTERHEAD = ("letterhead.office", "letterhead.unit", "letterhead.address", "letterhead.contact")
SIGNATURE = ("signature.place", "signature.position", "signature.name", "signature.nip")
KB_TARGET = "kb_target"
# in the order `uppks settings` lists them and reports print them
SETTINGS = LETTERHEAD + SIGNATURE + (KB_TARGET,)
MAX_LENGTH = 200

_PERCENT = re.compile(r"^(\d{1,3})(?:[.,](\d))?\s*%?$")


def setting_name(text: str) -> str:
    """The setting a name means (case and spaces ignored), or a refusal listing them."""
    name = "".join(str(text).split()).lower().replace("-", "_")
    if name not in SETTINGS:
        raise UppksError("error_setting_unknown", setting=text, settings=", ".join(SETTINGS))
    return name


def checked_value(name: str, value) -> str:
    """The value as it is kept: text on one line, or the KB target as a percentage (70 or 72.5)."""
    if type(value) is str and BREAK_OR_CONTROL.search(value.strip()):
        raise UppksError("error_setting_control", setting=name)
    text = clean_text(value)
    if not text:
        raise UppksError("error_setting_empty", setting=name)
    if len(text) > MAX_LENGTH:
        raise UppksError("error_setting_too_long", setting=name, length=len(text), limit=MAX_LENGTH)
    if name == KB_TARGET:
        found = _PERCENT.match(text)
        number = float(f"{found.group(1)}.{found.group(2) or 0}") if found else None
        if number is None or number > 100:
            raise UppksError("error_setting_percent", setting=name, value=text)
        return f"{number:g}"
    return text


def all_settings(conn: sqlite3.Connection) -> dict[str, str | None]:
    """Every setting by name, None where it is not set."""
    stored = meta.read_settings(conn)
    return {name: stored.get(name) for name in SETTINGS}


def set_setting(conn: sqlite3.Connection, name: str, value) -> tuple[str, str]:
    """Keep a setting; returns its name and the value as kept."""
    name = setting_name(name)
    text = checked_value(name, value)
    with transaction(conn):
        meta.write_setting(conn, name, text)
    return name, text


def unset_setting(conn: sqlite3.Connection, name: str) -> tuple[str, bool]:
    """Forget a setting; returns its name and whether it was set."""
    name = setting_name(name)
    with transaction(conn):
        return name, meta.remove_setting(conn, name)


def kb_target(settings: dict) -> float | None:
    value = settings.get(KB_TARGET)
    return float(value) if value else None
