"""The Typer application, built from the declarations in grammar.py.

A command is a plain function that takes the values of the options it
declares; `command()` turns each declaration into a Typer parameter (so an
option is written once, for every command that takes it and for the quick
path) and runs the function inside the error boundary. The global options
(--db, --lang) are declared on every command too, so they work anywhere on
the line, as git's and gh's do. Click's own words (usage errors, help
chrome) come from the catalogue too (click_words.py), and a usage error is
one line on stderr, like every other refusal, with Click's exit code 2.
"""

from __future__ import annotations

import inspect
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import click
import typer
from typer.core import TyperCommand, TyperGroup

from uppks_cli import __version__
from uppks_cli.cli import click_words, grammar
from uppks_cli.cli.boundary import Session, guarded
from uppks_cli.cli.words import Words, detect_language

# Help text is fixed when the commands are defined, so the language is chosen
# now, from --lang anywhere on the command line, UPPKS_LANG or the locale.
session = Session(detect_language(sys.argv[1:], os.environ))


class UppksCommand(TyperCommand):
    """A command whose help is drawn in the reader's language."""

    argument_help: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, click.Argument):
                # Typer 0.25 sets an argument's help before Click 8.5's own __init__ sets it back to None
                param.help = param.help or self.argument_help.get(param.name)
                # help names an argument by its metavar (KATA, NOMOR), not by the Python name beside it
                param.opts = []

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        click_words.word_help_chrome(session.words)
        return super().format_help(ctx, formatter)


class UppksGroup(TyperGroup):
    """The command line: Click's words in the reader's language, and usage errors as one line."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        click_words.word_help_chrome(session.words)
        for param in self.params:  # Typer adds its completion options after the group is made
            if param.name in click_words.COMPLETION_HELP:
                param.help = session.words(click_words.COMPLETION_HELP[param.name])
        return super().format_help(ctx, formatter)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        args = list(sys.argv[1:] if args is None else args)
        # before Click parses anything, so that its refusals are in the reader's language
        session.words, session.db_option = Words(detect_language(args, os.environ)), None
        click_words.install(session)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            code = result if isinstance(result, int) else 0
        except click.ClickException as error:
            code = error.exit_code
            if type(error).__name__ == "NoArgsIsHelpError":  # `uppks` alone: the help, as Click does
                click.echo(error.ctx.get_help() or None, nl=False)
            else:
                session.say(click_words.error_line(error, session.words))
        except click.Abort:
            session.say(session.words("click_aborted"))
            code = 1
        if not standalone_mode:
            return code
        sys.exit(code)


app = typer.Typer(
    name="uppks", cls=UppksGroup, help=session.words("help_app"), no_args_is_help=True, add_completion=True,
    suggest_commands=False,  # Click suggests already; Typer's would say it twice
    options_metavar=session.words("metavar_options"), subcommand_metavar=session.words("metavar_command"),
    context_settings={"help_option_names": ["-h", "--help"]},
)
product_types_app = typer.Typer(cls=UppksGroup, help=session.words("help_product_types"), add_completion=False,
                                suggest_commands=False, options_metavar=session.words("metavar_options"),
                                subcommand_metavar=session.words("metavar_command"))
app.add_typer(product_types_app, name="product-types")
settings_app = typer.Typer(help=session.words("help_settings"), add_completion=False)
app.add_typer(settings_app, name="settings")
monthly_app = typer.Typer(cls=UppksGroup, help=session.words("help_monthly"), add_completion=False,
                          suggest_commands=False, options_metavar=session.words("metavar_options"),
                          subcommand_metavar=session.words("metavar_command"))
app.add_typer(monthly_app, name="monthly")
activity_app = typer.Typer(cls=UppksGroup, help=session.words("help_activity"), add_completion=False,
                           suggest_commands=False, options_metavar=session.words("metavar_options"),
                           subcommand_metavar=session.words("metavar_command"))
app.add_typer(activity_app, name="activity")

_TYPES = {"text": str, "int": int, "path": Path}
# the words shown for a value when the declaration names none
_VALUE_METAVARS = {"text": "metavar_text", "int": "metavar_number", "path": "metavar_path"}


def typer_parameter(option: grammar.Option, panel: str | None = None, **extra) -> inspect.Parameter:
    """One declaration as the parameter Typer reads from a signature."""
    words = session.words
    help_text = words(option.help)
    python_type = _TYPES[option.value]
    bounds = {"min": option.minimum, "max": option.maximum} if option.minimum is not None else {}
    metavar = words(option.metavar or _VALUE_METAVARS[option.value])
    if option.kind in ("argument", "arguments"):
        annotation = list[str] if option.kind == "arguments" else python_type
        info = typer.Argument(metavar=metavar, help=help_text, show_default=False, **bounds)
    elif option.kind == "flag":
        annotation, info = bool, typer.Option(*option.flags, help=help_text, rich_help_panel=panel, **extra)
    elif option.kind == "switch":
        annotation, info = bool, typer.Option("/".join(option.flags), help=help_text, show_default=False)
    elif option.kind == "repeated":
        annotation = list[str]
        info = typer.Option(*option.flags, help=help_text, metavar=metavar)
    else:
        settings = {"click_type": click.Choice(option.choices)} if option.choices else {"metavar": metavar}
        settings.update(bounds)
        annotation, info = python_type, typer.Option(*option.flags, help=help_text, rich_help_panel=panel,
                                                     **settings)
    if option.default is None or option.kind == "switch":
        annotation = Optional[annotation]
    default = inspect.Parameter.empty if option.default is ... else option.default
    return inspect.Parameter(option.dest, inspect.Parameter.KEYWORD_ONLY, default=default,
                             annotation=Annotated[annotation, info])


# --db and --lang are taken after the command as well: `uppks count pidie --lang id`
ANYWHERE = (grammar.DB, grammar.LANG)


def use_global_options(db: str | None, lang: str | None) -> None:
    """What --db and --lang chose, wherever on the line they were given (the last one counts)."""
    if db is not None:
        session.db_option = db
    if lang is not None:
        session.words = Words(lang)


def command(name: str | None, help_key: str, *options: grammar.Option, group: typer.Typer = app):
    """Register function(**values) as a command taking these options, run inside the error boundary.

    With no name, the function is what the group itself does when no
    subcommand follows (`uppks product-types`).
    """

    def register(function):
        def run(ctx: typer.Context, **values):
            use_global_options(values.pop("db"), values.pop("lang"))
            if name is None and ctx.invoked_subcommand is not None:
                return
            code = guarded(session, lambda: function(**values))
            if code:
                raise typer.Exit(code)

        run.__name__, run.__qualname__, run.__module__ = function.__name__, function.__name__, function.__module__
        context = inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context)
        panel = session.words("help_panel_global")
        run.__signature__ = inspect.Signature([context, *(typer_parameter(option) for option in options),
                                               *(typer_parameter(option, panel) for option in ANYWHERE)])
        argument_help = {option.dest: session.words(option.help) for option in options
                         if option.kind in ("argument", "arguments")}
        cls = type(f"{function.__name__}_command", (UppksCommand,), {"argument_help": argument_help})
        if name is None:
            group.callback(invoke_without_command=True, options_metavar=session.words("metavar_options"))(run)
        else:
            group.command(name, cls=cls, help=session.words(help_key),
                          options_metavar=session.words("metavar_options"))(run)
        return function

    return register


def _version(value: bool) -> None:
    if value:
        typer.echo(f"uppks {__version__}")
        raise typer.Exit()


def main_options(db: Optional[str] = None, lang: Optional[str] = None, version: bool = False) -> None:
    use_global_options(db, lang)


main_options.__signature__ = inspect.Signature([typer_parameter(grammar.DB), typer_parameter(grammar.LANG),
                                                typer_parameter(grammar.VERSION, callback=_version, is_eager=True)])
app.callback()(main_options)
