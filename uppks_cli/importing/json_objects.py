"""The values of a JSON file's objects as the import reads them."""

from __future__ import annotations

import json

from uppks_cli.domain.values import LONGEST_NUMBER_TEXT


def plain(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def json_int(text: str):
    """A JSON number without a fraction; one too long to be any count stays text, for its row to be refused
    (Python cannot turn more than 4,300 digits into a number)."""
    return int(text) if len(text) <= LONGEST_NUMBER_TEXT else text


class KeyTwice(ValueError):
    """A JSON object giving one key twice: json keeps the last value and drops the first unsaid."""


def json_object(pairs: list) -> dict:
    item = dict(pairs)
    if len(item) != len(pairs):
        seen = {}
        for key, value in pairs:
            if key in seen:
                raise KeyTwice({"given": key, "first": str(plain(seen[key]))[:60], "then": str(plain(value))[:60]})
            seen[key] = value
    return item
