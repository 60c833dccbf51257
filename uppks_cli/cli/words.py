"""Putting message keys into words: the only place that does.

The catalogues are Python modules, one per language (messages_en.py,
messages_id.py), each with its plural rule: gettext's model (a catalogue per
language, ngettext choosing a form by a number) without its build step. A
.po/.mo catalogue would need compiling at install time and parsing at every
start, and `uppks count` must answer at once; a module is compiled once by
Python and only the chosen language is loaded. Tests hold both catalogues to
the same keys, the same placeholders, and the right number of plural forms.

Keys of JSON and CSV output are not here: they are stable English field
names that never change with the language.
"""

from __future__ import annotations

import os
from importlib import import_module

from uppks_cli.errors import Number

LANGUAGES = ("id", "en")
ENV_LANG = "UPPKS_LANG"


def detect_language(argv: list[str], environ=os.environ) -> str:
    """--lang anywhere on the command line (the last one), else UPPKS_LANG, else the locale (id_* is Indonesian)."""
    given = None
    for position, word in enumerate(argv):
        if word == "--":
            break
        if word == "--lang" and position + 1 < len(argv) and argv[position + 1] in LANGUAGES:
            given = argv[position + 1]
        elif word.startswith("--lang=") and word[7:] in LANGUAGES:
            given = word[7:]
    if given:
        return given
    chosen = environ.get(ENV_LANG, "").strip().lower()
    if chosen in LANGUAGES:
        return chosen
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = environ.get(variable)
        if value:
            return "id" if value.lower().startswith(("id_", "id.", "in_")) or value.lower() == "id" else "en"
    return "en"


def catalogue(language: str):
    """The module holding a language's MESSAGES, NPLURALS and plural()."""
    return import_module(f"uppks_cli.cli.messages_{language}")


class Words:
    """Every sentence a person reads, in one language.

    words(key, **values) fills a sentence in; words.of(message) does it for a
    Message, DataWarning or UppksError from the core. A value that is itself
    a message (or a list of them) is put into words first, so the core can
    compose ("could mean district Pidie; product type anyaman").
    """

    def __init__(self, language: str):
        self.language = language if language in LANGUAGES else "en"
        module = catalogue(self.language)
        self._messages, self._plural = module.MESSAGES, module.plural

    def __call__(self, key: str, **params) -> str:
        entry = self._messages.get(key)
        if entry is None:
            return key
        if type(entry) is tuple:
            entry = entry[self._plural(params["count"])]
        if "field" in params and "option" not in params:
            params["option"] = "--" + str(params["field"]).replace("_", "-")
            params["field"] = self.field(params["field"])
        if not params:
            return entry
        return entry.format(**{name: self._shown(value) for name, value in params.items()})

    def field(self, name) -> str:
        """A group's field as the reader names it (members_pus is "anggota PUS" in Indonesian)."""
        return self._messages.get(f"field_{name}", name)

    def of(self, message) -> str:
        return self(message.key, **message.params)

    def _shown(self, value):
        if type(value) is Number:  # written as the tables write it: 10,000,000 or 10.000.000
            from uppks_cli.reports.formats import number_text

            return number_text(int(value), self.language)
        if hasattr(value, "key") and hasattr(value, "params"):
            return self.of(value)
        if type(value) is list and value and hasattr(value[0], "key"):
            return "; ".join(map(self.of, value))
        if type(value) is tuple and value and hasattr(value[0], "key"):  # a list of words: a, b, c
            return ", ".join(map(self.of, value))
        if type(value) is float and self.language == "id":  # a rate such as 90.9 reads 90,9 in Indonesian
            return str(value).replace(".", ",")
        return value
