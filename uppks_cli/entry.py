"""The `uppks` command: quick questions answered without loading Typer.

At a meeting `uppks count pidie anyaman` should answer at once. Typer, Click
and the definitions of every command take most of a call's time, so `count`
and the machine formats of `summary` are parsed here with a small reader of
the same options; anything else it does not recognise (help, tables, other
commands, unknown or misspelt options) goes to the full command line, which
then handles it exactly as it always does. Tests hold both paths to the same
output.
"""

from __future__ import annotations

import os
import sys

QUICK_COMMANDS = ("count", "summary")
_GLOBAL_OPTIONS = {"--db": "db", "--lang": "lang"}
_FILTER_OPTIONS = {"--district": "district", "--product-type": "product_type", "--subdistrict": "subdistrict",
                   "--search": "search", "--status": "status"}
_SUMMARY_OPTIONS = {"--by": "by", "--format": "format", "-f": "format"}
_CHOICES = {"lang": ("id", "en"), "status": ("active", "inactive", "all"), "format": ("json", "csv", "markdown")}


def parse_quick(argv: list[str]) -> dict | None:
    """The options of a quick command, or None when the full command line should handle argv."""
    options: dict = {"terms": []}
    command = None
    position = 0
    while position < len(argv):
        word = argv[position]
        if command is None and word in QUICK_COMMANDS:
            command = word
            position += 1
            continue
        if not word.startswith("-") and command is not None:
            options["terms"].append(word)
            position += 1
            continue
        known = _GLOBAL_OPTIONS if command is None else {
            **_FILTER_OPTIONS, **(_SUMMARY_OPTIONS if command == "summary" else {})}
        name, _, attached = word.partition("=")
        if name not in known or word == "-":
            return None
        if attached or "=" in word:
            value, position = attached, position + 1
        elif position + 1 < len(argv):
            value, position = argv[position + 1], position + 2
        else:
            return None
        key = known[name]
        if key in _CHOICES and value not in _CHOICES[key]:
            return None
        options[key] = value
    if command is None or (command == "summary" and "format" not in options):
        return None
    options["command"] = command
    return options


def run_quick(options: dict) -> int:
    import sqlite3

    from uppks_cli.errors import UppksError
    from uppks_cli.i18n import detect_language, set_language, t

    set_language(options.get("lang") or detect_language([], os.environ))
    from uppks_cli import db
    from uppks_cli.db import connect, explain, resolve_db_path
    from uppks_cli.groups import build_filter, count_groups

    db.on_wait = lambda: sys.stderr.write(t("waiting_for_lock") + "\n")
    path = None
    try:
        path, source = resolve_db_path(options.get("db"))
        conn = connect(path, make_folders=source == "default")
        try:
            group_filter = build_filter(conn, district=options.get("district"),
                                        product_type=options.get("product_type"),
                                        subdistrict=options.get("subdistrict"), search=options.get("search"),
                                        status=options.get("status", "active"), terms=options["terms"])
            if options["command"] == "count":
                sys.stdout.write(f"{count_groups(conn, group_filter)}\n")
            else:
                from uppks_cli.i18n import current_language
                from uppks_cli.summary import parse_dimensions, summarise
                from uppks_cli.tables import summary_text

                dimensions = parse_dimensions(options.get("by", "district"))
                rows = summarise(conn, dimensions, group_filter, current_language())
                sys.stdout.write(summary_text(rows, dimensions, options["format"]))
        finally:
            conn.close()
    except UppksError as refusal:
        sys.stderr.write(t("error_prefix") + str(refusal) + "\n")
        return 1
    except sqlite3.Error as exc:
        sys.stderr.write(t("error_prefix") + str(explain(exc, path)) + "\n")
        return 1
    return 0


def main() -> None:
    options = parse_quick(sys.argv[1:])
    if options is not None:
        sys.exit(run_quick(options))
    from uppks_cli.cli import main as full_command_line

    full_command_line()
