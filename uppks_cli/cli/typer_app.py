"""The Typer application, built from the declarations in grammar.py.

A command is a plain function that takes the values of the options it
declares; `command()` turns each declaration into a Typer parameter (so an
option is written once, for every command that takes it and for the quick
path) and runs the function inside the error boundary.
"""

from __future__ import annotations

import inspect
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import click
import typer

from uppks_cli import __version__
from uppks_cli.cli import grammar
from uppks_cli.cli.boundary import Session, guarded
from uppks_cli.cli.words import Words, detect_language

# Help text is fixed when the commands are defined, so the language is chosen
# now, from --lang on the command line, UPPKS_LANG or the locale.
session = Session(detect_language(sys.argv[1:], os.environ))

app = typer.Typer(
    help=session.words("help_app"), no_args_is_help=True, add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
product_types_app = typer.Typer(help=session.words("help_product_types"), add_completion=False)
app.add_typer(product_types_app, name="product-types")
settings_app = typer.Typer(help=session.words("help_settings"), add_completion=False)
app.add_typer(settings_app, name="settings")

_TYPES = {"text": str, "int": int, "path": Path}


def typer_parameter(option: grammar.Option, **extra) -> inspect.Parameter:
    """One declaration as the parameter Typer reads from a signature."""
    help_text = session.words(option.help)
    python_type = _TYPES[option.value]
    bounds = {"min": option.minimum, "max": option.maximum} if option.minimum is not None else {}
    if option.kind in ("argument", "arguments"):
        annotation = list[str] if option.kind == "arguments" else python_type
        info = typer.Argument(metavar=option.metavar, help=help_text, show_default=False, **bounds)
    elif option.kind == "flag":
        annotation, info = bool, typer.Option(*option.flags, help=help_text, **extra)
    elif option.kind == "switch":
        annotation, info = bool, typer.Option("/".join(option.flags), help=help_text, show_default=False)
    elif option.kind == "repeated":
        annotation = list[str]
        info = typer.Option(*option.flags, help=help_text, metavar=option.metavar)
    else:
        settings = {"click_type": click.Choice(option.choices)} if option.choices else {}
        settings.update(bounds)
        if option.metavar:
            settings["metavar"] = option.metavar
        annotation, info = python_type, typer.Option(*option.flags, help=help_text, **settings)
    if option.default is None or option.kind == "switch":
        annotation = Optional[annotation]
    default = inspect.Parameter.empty if option.default is ... else option.default
    return inspect.Parameter(option.dest, inspect.Parameter.KEYWORD_ONLY, default=default,
                             annotation=Annotated[annotation, info])


def command(name: str | None, help_key: str, *options: grammar.Option, group: typer.Typer = app):
    """Register function(**values) as a command taking these options, run inside the error boundary.

    With no name, the function is what the group itself does when no
    subcommand follows (`uppks product-types`).
    """

    def register(function):
        def run(ctx: typer.Context, **values):
            if name is None and ctx.invoked_subcommand is not None:
                return
            code = guarded(session, lambda: function(**values))
            if code:
                raise typer.Exit(code)

        run.__name__, run.__qualname__, run.__module__ = function.__name__, function.__name__, function.__module__
        context = inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context)
        run.__signature__ = inspect.Signature([context, *(typer_parameter(option) for option in options)])
        if name is None:
            group.callback(invoke_without_command=True)(run)
        else:
            group.command(name, help=session.words(help_key))(run)
        return function

    return register


def _version(value: bool) -> None:
    if value:
        typer.echo(f"uppks {__version__}")
        raise typer.Exit()


def main_options(db: Optional[str] = None, lang: Optional[str] = None, version: bool = False) -> None:
    session.db_option = db
    session.words = Words(lang or detect_language([], os.environ))


main_options.__signature__ = inspect.Signature([typer_parameter(grammar.DB), typer_parameter(grammar.LANG),
                                                typer_parameter(grammar.VERSION, callback=_version, is_eager=True)])
app.callback()(main_options)
