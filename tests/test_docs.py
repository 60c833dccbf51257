"""Every command is documented, and every message exists in both languages."""

import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
import typer

from uppks_cli.cli.app import app
from uppks_cli.cli.words import catalogue

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "uppks_cli").rglob("*.py"))


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


ENGLISH, INDONESIAN = catalogue("en"), catalogue("id")


def _placeholders(entry) -> list[set]:
    forms = entry if isinstance(entry, tuple) else (entry,)
    return [set(re.findall(r"{(\w+)}", form)) for form in forms]


def test_both_languages_have_every_message_with_the_same_placeholders():
    assert ENGLISH.MESSAGES.keys() == INDONESIAN.MESSAGES.keys()
    for key, english in ENGLISH.MESSAGES.items():
        indonesian = INDONESIAN.MESSAGES[key]
        forms = _placeholders(english) + _placeholders(indonesian)
        assert all(form == forms[0] for form in forms), key
        assert all(text.strip() for text in ((english,) if isinstance(english, str) else english)), key


def test_plural_forms_follow_each_language_and_are_chosen_by_count():
    for module in (ENGLISH, INDONESIAN):
        for key, entry in module.MESSAGES.items():
            if isinstance(entry, tuple):
                assert len(entry) == module.NPLURALS and "count" in _placeholders(entry)[0], key
    assert [ENGLISH.plural(n) for n in (0, 1, 2, 21)] == [1, 0, 1, 1]
    assert [INDONESIAN.plural(n) for n in (0, 1, 2)] == [0, 0, 0]


def test_one_group_is_one_group(run):
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "anyaman")
    assert run("list").stdout.splitlines()[0].strip() == "1 group"
    run("add", "--name", "UPPKA Melati", "--district", "Pidie", "--product-type", "anyaman")
    assert run("list").stdout.splitlines()[0].strip() == "2 groups"
    assert run("--lang", "id", "list").stdout.splitlines()[0].strip() == "2 kelompok"


def test_every_message_key_used_in_the_code_is_in_the_catalogue():
    used = set()
    for source in SOURCES:
        text = source.read_text(encoding="utf-8")
        used |= set(re.findall(r"""(?:\bt|words|UppksError|DataWarning|Message|note)\(\s*["']([a-z_]+)["']""", text))
        used |= set(re.findall(r"""["']((?:error|warning|note|help|field_help)_[a-z_]+)["']""", text))
    # keys built at run time ("col_" + field) are checked where they are used
    missing = sorted(key for key in used if key not in ENGLISH.MESSAGES and not key.endswith("_")
                     and key != "help_option_names")  # a Click setting, not a message
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


def _help_text(*args) -> str:
    """A command's --help, run as its own process (the help's language is chosen as it starts),
    with the boxes and the wrapping taken away: its words in one line."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "400"}
    result = subprocess.run([sys.executable, "-m", "uppks_cli", *args, "--help"], capture_output=True, text=True,
                            env=env, stdin=subprocess.DEVNULL, timeout=60)
    assert result.returncode == 0, result.stderr
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.stdout).split())


@pytest.mark.parametrize("language, chart, search, monthly", [
    ("en", "--chart Draw --measure as horizontal bars, one a month, instead of a table.",
     "--search TEXT Text to look for in name, product, leader, kecamatan, gampong, notes, NIB, P-IRT and halal "
     "numbers.",
     "Monthly reports of the groups (R/I/UPPKA): add, import, export, list, and who has not reported."),
    ("id", "--chart Gambar --measure sebagai batang mendatar, satu per bulan, bukan tabel.",
     "--search TEKS Teks yang dicari pada nama, produk, ketua, kecamatan, gampong, catatan, nomor NIB, P-IRT dan "
     "halal.",
     "Laporan bulanan kelompok (R/I/UPPKA): tambah, impor, ekspor, daftar, dan siapa yang belum melapor.")])
def test_help_says_what_the_readme_and_the_command_do(run, language, chart, search, monthly):
    assert chart in _help_text("--lang", language, "trend")  # it draws --measure, not the groups
    assert search in _help_text("--lang", language, "list")
    assert monthly in _help_text("--lang", language, "monthly")
    run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "makanan", "--nib", "9120001234567")
    assert run("count", "--search", "9120001234567").stdout == "1\n"  # the NIB the help names is looked for
