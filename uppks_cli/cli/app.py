"""The full `uppks` command line: every command registered on one Typer app."""

from __future__ import annotations

from uppks_cli.cli import commands_files, commands_groups, commands_settings  # noqa: F401 (registering the commands)
from uppks_cli.cli.typer_app import app

__all__ = ["app", "main"]


def main() -> None:
    app(prog_name="uppks")
