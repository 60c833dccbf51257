"""Every command is documented, and every message exists in both languages."""

import re
from pathlib import Path

import click
import pytest
import typer

from uppks_cli.cli import app
from uppks_cli.i18n import CATALOGUE

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "uppks_cli").glob("*.py"))


def commands():
    group = typer.main.get_command(app)
    found = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += [(f"{name} {sub}", subcommand) for sub, subcommand in command.commands.items()]
        found.append((name, command))
    return found


@pytest.mark.parametrize("name, command", commands(), ids=[name for name, _ in commands()])
def test_every_command_has_help_and_a_readme_example(name, command):
    assert command.help and len(command.help) > 20
    assert f"uppks {name}" in (ROOT / "README.md").read_text(encoding="utf-8") or f"`{name}`" in (
        ROOT / "README.md").read_text(encoding="utf-8")


def test_every_catalogue_entry_has_both_languages_with_the_same_placeholders():
    for key, (english, indonesian) in CATALOGUE.items():
        assert english.strip() and indonesian.strip(), key
        assert set(re.findall(r"{(\w+)}", english)) == set(re.findall(r"{(\w+)}", indonesian)), key


def test_every_message_key_used_in_the_code_is_in_the_catalogue():
    used = set()
    for source in SOURCES:
        text = source.read_text(encoding="utf-8")
        used |= set(re.findall(r"""(?:\bt|UppksError|DataWarning|_note)\(\s*["']([a-z_]+)["']""", text))
        used |= set(re.findall(r"""["']((?:error|warning|note)_[a-z_]+)["']""", text))
    # keys built at run time ("col_" + field) are checked where they are used
    missing = sorted(key for key in used if key not in CATALOGUE and not key.endswith("_"))
    assert missing == []


@pytest.mark.parametrize("language", ["id", "en"])
def test_no_table_shows_a_raw_catalogue_key(run, language):
    fixtures = ROOT / "tests" / "fixtures"
    run("import", str(fixtures / "district-sheets.xlsx"))
    run("edit", "1", "--members", "21")
    outputs = [run("--lang", language, *args) for args in (
        ["list", "--status", "all"], ["show", "1"], ["summary"], ["summary", "--by", "product-type"],
        ["summary", "--by", "district,product-type"], ["summary", "--chart"], ["districts"], ["product-types"],
        ["imports"], ["history", "1"], ["check"], ["summary", "-f", "markdown"], ["--help"], ["import", "--help"])]
    for result in outputs:
        assert result.exit_code == 0, result.output
        text = result.stdout + result.stderr
        assert not re.search(r"\b(col|summary_title|help|error|warning|note|field_help)_[a-z_]+\b", text), text
