"""Click's and Typer's own words (usage errors, help chrome) in the officer's language.

Click writes every sentence it shows through gettext (`_("No such option {name!r}.")`,
`ngettext(...)`), binding `_` in each of its modules. Gettext itself can only be
told about compiled .mo files, read through the environment, for every library
at once; so instead the `_` and `ngettext` of Click's and Typer's own modules are
pointed at the catalogue: each of their sentences that a person can meet is
listed below with its catalogue key, and a sentence not listed (a newer Click's)
stays in Click's English. Typer's help panels read titles that it put into
words once, when its rich_utils module was loaded: those are set just before
help is drawn. tests/test_grammar.py checks that every sentence listed is still
one that the installed Click or Typer writes, so an upgrade that rewords one
fails a test instead of falling silently back to English.
"""

from __future__ import annotations

import gettext
import sys

# Click's (and Typer's) sentence, as its source writes it -> catalogue key.
# A translation keeps the sentence's {placeholders}: Click fills them in after.
CLICK_SENTENCES = {
    "Missing command.": "click_missing_command",
    "No such command {name!r}.": "click_no_such_command",
    "Did you mean {possibility}?": "click_did_you_mean",
    "(Did you mean one of: {possibilities}?)": "click_did_you_mean_one_of",
    "No such option {name!r}.": "click_no_such_option",
    "Got unexpected extra argument ({args})": "click_extra_argument",
    "Got unexpected extra arguments ({args})": "click_extra_arguments",
    "Invalid value for {param_hint}: {message}": "click_invalid_value_for",
    "Invalid value: {message}": "click_invalid_value",
    "Missing argument": "click_missing_argument",
    "Missing option": "click_missing_option",
    "Missing parameter": "click_missing_parameter",
    "Option {name!r} requires an argument.": "click_option_needs_value",
    "Option {name!r} requires {nargs} arguments.": "click_option_needs_values",
    "Option {name!r} does not take a value.": "click_option_takes_no_value",
    "{value!r} is not {choice}.": "click_not_the_choice",
    "{value!r} is not one of {choices}.": "click_not_a_choice",
    "{value} is not in the range {range}.": "click_not_in_range",
    "{value!r} is not a valid {number_type}.": "click_not_a_number",
    "Error: {message}": "click_error",
    "Usage:": "click_usage",
    "Show this message and exit.": "click_help_option",
    "Aborted!": "click_aborted",
    "Aborted.": "click_aborted",
    "Arguments": "click_arguments",
    "Options": "click_options",
    "Commands": "click_commands",
    "Error": "click_error_title",
    "required": "click_required",
    "default: {default}": "click_default",
    "[required]": "click_required_mark",
    "[default: {}]": "click_default_mark",
}

# Typer's help chrome, put into words when typer.rich_utils was imported:
# its constant -> the sentence it holds in English.
RICH_CONSTANTS = {
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands",
    "ERRORS_PANEL_TITLE": "Error",
    "ABORTED_TEXT": "Aborted.",
    "DEFAULT_STRING": "[default: {}]",
    "REQUIRED_LONG_STRING": "[required]",
}

# Typer's own help for the completion options is plain English, not gettext.
COMPLETION_HELP = {"install_completion": "help_opt_install_completion",
                   "show_completion": "help_opt_show_completion"}

_ORIGINAL = {"_": gettext.gettext, "ngettext": gettext.ngettext}


class ClickWords:
    """gettext and ngettext for Click, answering from the words a session holds now."""

    def __init__(self, session):
        self.session = session

    def gettext(self, message: str) -> str:
        key = CLICK_SENTENCES.get(message)
        return self.session.words(key) if key else message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        # Click's English chooses between the two; the catalogue has the words for each
        return self.gettext(singular if count == 1 else plural)


def install(session) -> None:
    """Point Click's and Typer's gettext at the catalogue of `session` (again: harmless)."""
    words = ClickWords(session)
    replacement = {"_": words.gettext, "ngettext": words.ngettext}
    for name, module in list(sys.modules.items()):
        if not name.startswith(("click", "typer")) or module is None:
            continue
        for attribute, original in _ORIGINAL.items():
            current = getattr(module, attribute, None)
            if current is original or isinstance(getattr(current, "__self__", None), ClickWords):
                setattr(module, attribute, replacement[attribute])


def word_help_chrome(words) -> None:
    """Typer's panel titles and marks in the reader's language, before help is drawn."""
    from typer import rich_utils

    for constant, sentence in RICH_CONSTANTS.items():
        if hasattr(rich_utils, constant):
            setattr(rich_utils, constant, words(CLICK_SENTENCES[sentence]))


def error_line(error, words) -> str:
    """A usage error as one line: what is wrong, then where the help is."""
    message = error.format_message().strip()
    if not message.endswith((".", "?", "!", "?)")):
        message += "."
    context = getattr(error, "ctx", None)
    command = context.command_path if context is not None else "uppks"
    return words("error_prefix") + words("usage_error", message=message, command=command)
