"""Quick questions answered without loading Typer.

At a meeting `uppks count pidie anyaman` should answer at once. Typer, Click
and the definitions of every command take most of a call's time, so `count`
and the machine formats of `summary`, `recap`, `monthly missing` and `list` are parsed here, as are
`export` and the three imports (a script writing a province out, or importing a
district's month, pays the same start-up), with the option
declarations the full command line is built from (grammar.py), and run
inside the same error boundary. Anything this reader does not recognise
(help, tables, other commands, unknown or misspelt options) goes to the full
command line, which then handles it exactly as it always does. Tests hold
both paths to the same output.
"""

from __future__ import annotations

import sys

from uppks_cli.cli import grammar

QUICK_COMMANDS = {"count": grammar.COUNT, "summary": grammar.SUMMARY, "attention": grammar.ATTENTION,
                  "recap": grammar.RECAP, "monthly missing": grammar.MONTHLY_MISSING, "list": grammar.LIST,
                  "export": grammar.EXPORT, "import": grammar.IMPORT, "monthly import": grammar.MONTHLY_IMPORT,
                  "activity import": grammar.ACTIVITY_IMPORT}
_MACHINE_FORMATS = ("json", "csv", "markdown")
# these answer quickly only in a machine format; their tables are drawn by the full command line
_FORMATTED = {"summary": _MACHINE_FORMATS, "attention": _MACHINE_FORMATS, "recap": ("json", "csv"),
              "monthly missing": ("json", "csv"), "list": ("json", "csv")}
# the commands whose flags and switches (--redact, --bom/--no-bom) the quick path takes too
_WITH_FLAGS = ("export", "import", "monthly import", "activity import")
# the commands whose words are files, not search terms: a script importing a big file pays no start-up
_IMPORTS = {"import": "groups", "monthly import": "monthly", "activity import": "activities"}


def _by_flag(options) -> dict:
    return {flag: option for option in options for flag in option.flags}


def parse_quick(argv: list[str]) -> dict | None:
    """The values of a quick command, or None when the full command line should handle argv."""
    values: dict = {}
    command = None
    # --db and --lang are taken before the command and after it, as on the full command line
    global_options = tuple(opt for opt in grammar.GLOBAL_OPTIONS if opt.kind == "option")
    known = _by_flag(global_options)
    position = 0
    while position < len(argv):
        word = argv[position]
        pair = " ".join(argv[position:position + 2])
        if command is None and (word in QUICK_COMMANDS or pair in QUICK_COMMANDS):
            command = word if word in QUICK_COMMANDS else pair
            taken = ("option", "flag", "switch", "repeated") if command in _WITH_FLAGS else ("option",)
            known = _by_flag((*global_options, *(opt for opt in QUICK_COMMANDS[command] if opt.kind in taken)))
            values.update({opt.dest: opt.default for opt in QUICK_COMMANDS[command]})
            values["terms"], values["files"] = [], []
            position += len(command.split())
            continue
        if command is not None and not word.startswith("-"):
            values["files" if command in _IMPORTS else "terms"].append(word)
            position += 1
            continue
        # --format=json gives a value; -f=json does not (Click reads the value "=json" and refuses it)
        name, equals, attached = word.partition("=") if word.startswith("--") else (word, "", "")
        option = known.get(name)
        if option is None or word == "-":
            return None
        if option.kind in ("flag", "switch"):
            if equals:
                return None
            # a flag is given by any of its spellings (-q); a switch says yes by its first (--bom, not --no-bom)
            values[option.dest] = option.kind == "flag" or word == option.flags[0]
            position += 1
            continue
        if equals:
            value, position = attached, position + 1
        elif position + 1 < len(argv):
            value, position = argv[position + 1], position + 2
        else:
            return None
        if option.choices and value not in option.choices:
            return None
        # thousands of digits, which int() refuses, are the full command line's to refuse
        if option.value == "int" and not (value.isascii() and value.isdigit()
                                          and len(value) <= len(str(option.maximum))
                                          and option.minimum <= int(value) <= option.maximum):
            return None
        if option.value == "path":
            from pathlib import Path

            value = Path(value)
        if option.kind == "repeated":
            values[option.dest] = [*(values[option.dest] or ()), value]
            continue
        values[option.dest] = value
    if command in _IMPORTS and not values["files"]:
        return None  # a missing file is the full command line's usage error
    if command is None or (command in _FORMATTED and values["output"] not in _FORMATTED[command]):
        return None
    if values.get("lang") is None:
        from uppks_cli.cli.words import detect_language

        # the full command line chooses its words before Click reads the line, from a `--lang id` anywhere on
        # it, even one that is the value of another option (`--search --lang id`): the same words here
        values["lang"] = detect_language(argv)
    values["command"] = command
    return values


def run_quick(values: dict) -> int:
    """Answer a parsed quick command; returns the exit code."""
    from uppks_cli.cli.boundary import Session, guarded

    session = Session(values.get("lang"))
    session.db_option = values.get("db")

    if values["command"] in _IMPORTS:
        from uppks_cli.cli.import_view import run_import_command

        refused = []  # the import's own exit code: 1 when it refused rows
        return guarded(session, lambda: refused.append(run_import_command(
            session, _IMPORTS[values["command"]], values))) or (refused[0] if refused else 0)

    def answer() -> None:
        from uppks_cli.domain.terms import build_filter

        # a mistyped month or grouping is refused before the registry is opened and the terms are read, as the
        # full command line does: the same one line whether the registry is missing or the terms need a note
        parsed = _parsed_first(values)
        conn = session.open_registry()
        group_filter = build_filter(conn, district=values["district"], product_type=values["product_type"],
                                    subdistrict=values["subdistrict"], search=values["search"],
                                    status=values.get("status", "all"), terms=values["terms"],
                                    has=values.get("has"), lacks=values.get("lacks"))
        session.say_notes(group_filter.notes)
        if values["command"] in ("recap", "monthly missing"):
            _monthly_answer(conn, group_filter, values, session, parsed)
        elif values["command"] == "attention":
            from uppks_cli.cli.attention_view import machine_text, needing_attention
            from uppks_cli.cli.words import Words

            groups = needing_attention(conn, group_filter, values)
            to_file = False
            if values["output"] != "json":  # JSON has no BOM to add when it goes to a file
                from uppks_cli.cli.output import stdout_is_a_file

                to_file = stdout_is_a_file()
            sys.stdout.write(machine_text(groups, values["output"], Words("en"), to_file=to_file))
        elif values["command"] in ("list", "export"):
            from uppks_cli.cli.listing import machine_listing

            machine_listing(conn, group_filter, values, session)
        elif values["command"] == "count":
            from uppks_cli.domain.groups import count_groups

            sys.stdout.write(f"{count_groups(conn, group_filter)}\n")
        else:
            from uppks_cli.cli.output import summary_text
            from uppks_cli.reports.summary import summarise

            dimensions = parsed["dimensions"]
            rows = summarise(conn, dimensions, group_filter, session.words.language)
            sys.stdout.write(summary_text(rows, dimensions, values["output"], session.words))

    return guarded(session, answer)


def _parsed_first(values: dict) -> dict:
    """The month and the grouping of the commands that take them, read as the full command line reads them."""
    if values["command"] == "summary":
        from uppks_cli.reports.summary import parse_dimensions

        return {"dimensions": parse_dimensions(values["by"])}
    if values["command"] not in ("recap", "monthly missing"):
        return {}
    from uppks_cli.domain.monthly import parse_period

    parsed = {"period": parse_period(values["period"])}
    if values["command"] == "recap":
        from uppks_cli.reports.recap import parse_recap_by

        parsed["by"] = parse_recap_by(values["by"])
    return parsed


def _monthly_answer(conn, group_filter, values: dict, session, parsed: dict) -> None:
    import datetime

    from uppks_cli.reports import recap as recaps

    period = parsed["period"]
    if values["command"] == "recap":
        rows = recaps.recap(conn, group_filter, period, parsed["by"], session.words.language)
        sys.stdout.write(recaps.recap_text(rows, values["output"]))
    else:
        from uppks_cli.cli.output import emit_records

        rows = recaps.missing(conn, group_filter, period, datetime.date.today())
        emit_records(values["output"], (tuple(row[key] for key in recaps.MISSING_KEYS) for row in rows),
                     recaps.MISSING_KEYS)


def main() -> None:
    values = parse_quick(sys.argv[1:])
    if values is not None:
        sys.exit(run_quick(values))
    from uppks_cli.cli.app import main as full_command_line

    full_command_line()
