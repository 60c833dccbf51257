"""The full `uppks` command line: every command registered on one Typer app."""

from __future__ import annotations

from uppks_cli.cli import (  # noqa: F401 (registering the commands)
    commands_coaching,
    commands_files,
    commands_groups,
    commands_monthly,
    commands_settings,
)
from uppks_cli.cli.typer_app import app

__all__ = ["app", "main"]


def main() -> None:
    app(prog_name="uppks")
