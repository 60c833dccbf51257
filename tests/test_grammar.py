"""The command grammar and its words: Click's refusals and help in the reader's language, one line each;
global options anywhere on the line; yes/no answers in Indonesian; every count sentence agreeing in number."""

import ast
import json
import re
import string
from pathlib import Path

import click
import pytest
import typer
from test_entry_point import run_uppks

from uppks_cli.cli import click_words
from uppks_cli.cli import commands_groups as cli
from uppks_cli.cli.quick import parse_quick, run_quick
from uppks_cli.cli.words import Words, catalogue

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.mark.parametrize("args, message", [
    (["lst"], "Error: No such command 'lst'. Did you mean 'list'? See `uppks --help`."),
    (["--lang", "id", "lst"], "Galat: Tidak ada perintah 'lst'. Maksud Anda 'list'? Lihat `uppks --help`."),
    (["--lang", "id"], "Galat: Perintahnya belum diberikan. Lihat `uppks --help`."),
    (["--lang", "id", "list", "--bogus"], "Galat: Tidak ada opsi '--bogus'. Lihat `uppks list --help`."),
    (["list", "--stat", "all"], "Error: No such option '--stat'. (Did you mean one of: '--district', '--sort', "
     "'--status'?) See `uppks list --help`."),
    (["list", "--status", "gone", "--lang", "id"], "Galat: Nilai tidak sah untuk '--status': 'gone' bukan salah satu "
     "dari 'active', 'inactive', 'all'. Lihat `uppks list --help`."),
    (["show"], "Error: Missing argument 'ID'. See `uppks show --help`."),
    (["--lang", "id", "show", "1", "2"], "Galat: Ada argumen berlebih yang tidak dikenal (2). Lihat `uppks show --help`."),
    (["show", "1", "2"], "Error: Got unexpected extra argument (2). See `uppks show --help`."),
    (["--lang", "id", "list", "--limit", "x"], "Galat: Nilai tidak sah untuk '--limit': 'x' bukan bilangan bulat. "
     "Lihat `uppks list --help`."),
    (["list", "--limit", "x"], "Error: Invalid value for '--limit': 'x' is not a whole number. See `uppks list --help`."),
    (["--lang", "id", "list", "--limit", "0"], "Galat: Nilai tidak sah untuk '--limit': 0 di luar rentang "
     "1<=x<=9223372036854775807. Lihat `uppks list --help`."),
    (["--lang", "id", "add", "--name"], "Galat: Opsi '--name' memerlukan nilai. Lihat `uppks --help`."),
    (["--lang", "id", "product-types", "add", "kosmetik", "--label-en", "Cosmetics"],
     "Galat: Belum diisi: opsi '--label-id'. Lihat `uppks product-types add --help`."),
])
def test_usage_errors_are_one_line_in_the_readers_language(run, args, message):
    result = run(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message + "\n")


def test_a_missing_argument_is_named_as_help_names_it():
    """Names in help are fixed when the commands are built, so this runs as the officer runs it."""
    result = run_uppks("--lang", "id", "show")
    assert (result.returncode, result.stdout, result.stderr) == (
        2, "", "Galat: Belum diisi: argumen 'NOMOR'. Lihat `uppks show --help`.\n")


def test_an_answer_not_given_at_a_prompt_aborts_in_the_readers_language(run, monkeypatch):
    monkeypatch.setattr(cli, "stdin_is_terminal", lambda: True)
    result = run("--lang", "id", "add", "--product-type", "anyaman", input="")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "Nama kelompok: Dibatalkan.\n")
    assert run("count").stdout == "0\n"  # nothing was added


def _help(*args) -> list[str]:
    result = run_uppks(*args, env_extra={"COLUMNS": "100", "NO_COLOR": "1"})
    assert result.returncode == 0, result.stderr
    return [line.rstrip() for line in result.stdout.splitlines()]


def test_help_is_indonesian_all_the_way():
    assert _help("--lang", "id", "show", "--help") == [
        "",
        " Cara pakai: uppks show [OPSI] NOMOR",
        "",
        " Tampilkan semua isian satu kelompok.",
        "",
        "╭─ Argumen " + "─" * 88 + "╮",
        "│ *          NOMOR  Nomor kelompok (lihat `uppks list`). [wajib]" + " " * 35 + "│",
        "╰" + "─" * 98 + "╯",
        "╭─ Opsi " + "─" * 91 + "╮",
        "│ --format  -f      [table|csv|json]  Format keluaran. [bawaan: table]" + " " * 29 + "│",
        "│ --help    -h                        Tampilkan bantuan ini lalu keluar." + " " * 27 + "│",
        "╰" + "─" * 98 + "╯",
        "╭─ Opsi umum (boleh juga sebelum perintah) " + "─" * 56 + "╮",
        "│ --db          LOKASI   Berkas basis data. Bawaan: $UPPKS_DB, atau uppks.db di folder aplikasi    │",
        "│                        pengguna." + " " * 65 + "│",
        "│ --lang        [id|en]  Bahasa pesan dan tabel: id atau en." + " " * 39 + "│",
        "╰" + "─" * 98 + "╯",
        "",
    ]


def test_positional_arguments_are_explained_in_help():
    backup = _help("backup", "--help", "--lang", "en")
    assert "│         [DEST]  Where to write the copy (a file or a folder)." + " " * 36 + "│" in backup
    terms = _help("--lang", "id", "count", "--help")
    assert terms[1] == " Cara pakai: uppks count [OPSI] [KATA]..."
    assert terms[6:9] == [
        "│         [KATA]...  Kata penyaring, masing-masing dibaca sebagai kabupaten/kota, jenis usaha atau │",
        "│                    kecamatan: pidie anyaman." + " " * 53 + "│",
        "╰" + "─" * 98 + "╯",
    ]


ENGLISH_CHROME = re.compile(r"Usage:|Show this message|\[required\]|\[default:|─ (Options|Arguments|Commands) ─|"
                            r"\b(TEXT|INTEGER|PATH|COMMAND|OPTIONS)\b|Install completion|Show completion")


@pytest.mark.parametrize("args", [["--help"], ["import", "--help"], ["product-types", "--help"],
                                  ["product-types", "add", "--help"], ["export", "-h"]])
def test_no_english_chrome_in_indonesian_help(args):
    text = "\n".join(_help("--lang", "id", *args))
    assert ENGLISH_CHROME.findall(text) == []


def _click_sentences() -> set[str]:
    """Every sentence the installed Click and Typer put through gettext."""
    found = set()
    for package in (click, typer):
        for source in Path(package.__file__).parent.glob("*.py"):
            for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("_", "ngettext"):
                    found |= {arg.value for arg in node.args if isinstance(arg, ast.Constant)}
    return found


def test_every_click_sentence_translated_is_still_one_click_writes():
    """A Click or Typer upgrade that rewords a sentence fails here, not silently in English."""
    assert sorted(set(click_words.CLICK_SENTENCES) - _click_sentences()) == []
    from typer import rich_utils

    source = Path(rich_utils.__file__).read_text(encoding="utf-8")
    for constant, sentence in click_words.RICH_CONSTANTS.items():
        assert f"{constant} = _({sentence!r})" in source.replace('"', "'").replace(f"_('{sentence}')",
                                                                                 f"_({sentence!r})"), constant


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_translations_of_click_fill_only_what_click_gives():
    for sentence, key in click_words.CLICK_SENTENCES.items():
        for language in ("en", "id"):
            assert _fields(catalogue(language).MESSAGES[key]) <= _fields(sentence), (language, key)


def test_global_options_anywhere_on_the_line(run, tmp_path, monkeypatch):
    other = tmp_path / "lain.db"
    assert run("--db", str(other), "add", "--name", "UPPKA Mawar", "--district", "Pidie",
               "--product-type", "anyaman").stdout == "1\n"
    assert run("list", "--db", str(other), "--format", "csv").stdout.splitlines()[1].split(",")[:4] == [
        "1", "UPPKA Mawar", "11.07", "Pidie"]
    assert run("count", "pidie", "--db", str(other)).stdout == "1\n"
    # the registry of UPPKS_DB was never made: --db did not stick
    assert run("count").stderr.startswith("Error: there is no registry at ")
    refused = run("count", "pidi", "--lang", "id", "--db", str(other))
    assert (refused.exit_code, refused.stderr) == (
        1, "Galat: 'pidi' bukan kabupaten/kota, jenis usaha atau kecamatan; maksud Anda Pidie?\n")
    assert run("--lang", "id", "count", "pidi", "--db", str(other), "--lang", "en").stderr.startswith(
        "Error: 'pidi' is not a district")
    assert run("--db", str(other), "product-types", "--lang", "id", "-f", "csv").stdout.splitlines()[2] == (
        "anyaman,Anyaman,Woven goods,anyaman; Woven goods; Anyaman pandan; Anyaman bili; Anyaman rotan; "
        "Kerajinan anyaman; Tikar pandan; Weaving,1")
    # a value that looks like a command stays a value: a registry file called "count"
    monkeypatch.chdir(tmp_path)
    assert run("--db", "count", "add", "--name", "UPPKA Melati", "--district", "Pidie",
               "--product-type", "jasa").stdout == "1\n"
    assert run("--db", "count", "count").stdout == "1\n"
    assert run("count", "--db", "count", "--search", "count").stdout == "0\n"
    assert (tmp_path / "count").exists()


@pytest.mark.parametrize("argv", [["count", "pidie", "--lang", "id"], ["count", "--db", "count", "count"],
                                  ["count", "xyz", "--lang=id"], ["summary", "-f", "json", "--lang", "id"]])
def test_quick_path_takes_global_options_anywhere_like_the_full_one(run, capsys, tmp_path, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)
    values = parse_quick(argv)
    assert values is not None
    code = run_quick(values)
    quick = capsys.readouterr()
    full = run(*argv)
    assert (code, quick.out, quick.err) == (full.exit_code, full.stdout, full.stderr)


def test_shell_completion_is_offered_and_answers():
    script = run_uppks("--show-completion", "bash")
    assert script.returncode == 0 and script.stdout.splitlines()[0] == "_uppks_completion() {"
    assert script.stdout.splitlines()[-1] == "complete -o default -F _uppks_completion uppks"
    answer = run_uppks(env_extra={"_UPPKS_COMPLETE": "complete_bash", "COMP_WORDS": "uppks count pidie --lan",
                                  "COMP_CWORD": "3"})
    assert (answer.returncode, answer.stdout) == (0, "--lang\n")
    answer = run_uppks(env_extra={"_UPPKS_COMPLETE": "complete_bash", "COMP_WORDS": "uppks summ", "COMP_CWORD": "1"})
    assert (answer.returncode, answer.stdout) == (0, "summary\n")


@pytest.mark.parametrize("answers, done", [("ya\n", True), ("iya\n", True), ("Y\n", True), ("t\n", False),
                                           ("\n", False), ("mungkin\ntidak\n", False)])
def test_indonesian_yes_at_a_prompt(run, monkeypatch, answers, done):
    assert run("import", str(FIXTURES / "records.json")).exit_code == 0
    monkeypatch.setattr(cli, "stdin_is_terminal", lambda: True)
    result = run("--lang", "id", "undo-import", "1", input=answers)
    question = "Batalkan batch 1: hapus 2 kelompok yang ditambahkannya dan pulihkan 0 kelompok yang diubahnya? [y/T] "
    typed = answers.split("\n")
    asked = question + typed[0] + "\n" + ("Jawab y (ya) atau t (tidak).\n" + question + typed[1] + "\n"
                                          if len(typed) > 2 else "")
    ending = "Batch 1 dibatalkan: 2 kelompok dihapus, 0 kelompok dipulihkan.\n" if done else "Tidak ada yang diubah.\n"
    assert (result.exit_code, result.stderr) == (0 if done else 1, asked + ending)
    assert run("count", "--status", "all").stdout == ("0\n" if done else "2\n")


def test_fields_are_named_in_the_readers_language(run):
    result = run("--lang", "id", "add", "--name", "UPPKA Mawar", "--product-type", "anyaman")
    assert result.stderr == "Galat: kabupaten/kota wajib diisi tetapi kosong; isi dengan --district.\n"
    result = run("--lang", "id", "add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "anyaman",
                 "--members", "sepuluh")
    assert result.stderr == "Galat: jumlah anggota: 'sepuluh' bukan bilangan bulat; tulis seperti 25, 1.500.000 atau 2,5 jt.\n"
    result = run("--lang", "id", "add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "anyaman",
                 "--members", "10", "--members-pus", "11")
    assert result.stderr == ("Galat: anggota PUS: 11 lebih banyak dari jumlah anggota (10); anggota PUS termasuk dalam "
                             "anggota, perbaiki salah satunya.\n")
    assert run("add", "--name", "UPPKA Mawar", "--district", "Pidie", "--product-type", "anyaman").exit_code == 0
    result = run("--lang", "id", "edit", "1", "--members", "30", "--leader", "Cut Aisyah")
    assert result.stderr == "Kelompok 1 diubah: jumlah anggota: - -> 30, ketua: - -> Cut Aisyah.\n"


def _cells(text: str, first: str) -> list[str]:
    """The cells of the table row that starts with `first`."""
    for line in text.splitlines():
        cells = [cell.strip() for cell in re.split("[│┃]", line)[1:-1]]
        if cells and cells[0] == first:
            return cells
    raise AssertionError(f"no row {first!r} in\n{text}")


@pytest.fixture
def jakarta_time(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Asia/Jakarta")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _local(stored: str) -> str:
    import datetime

    moment = datetime.datetime.strptime(stored, "%Y-%m-%dT%H:%M:%SZ") + datetime.timedelta(hours=7)
    return moment.strftime("%Y-%m-%d %H:%M")


def test_tables_show_statuses_actions_and_local_times_in_words(run, jakarta_time):
    assert run("import", str(FIXTURES / "records.json")).exit_code == 0
    run("deactivate", "1", "--reason", "bubar")
    group = json.loads(run("show", "1", "-f", "json").stdout)
    assert group["status"] == "inactive"
    shown = run("--lang", "id", "show", "1").stdout
    assert [line.strip().split(None, 1) for line in shown.splitlines() if line.split()[0] in ("Status", "Dibuat")] == [
        ["Status", "tidak aktif"], ["Dibuat", _local(group["created_at"])]]
    history = json.loads(run("history", "1", "-f", "json").stdout)
    assert [entry["action"] for entry in history] == ["deactivated", "imported"]
    table = run("--lang", "id", "history", "1").stdout
    assert _cells(table, "Waktu") == ["Waktu", "Kejadian", "Sumber", "Perubahan"]
    assert _cells(table, _local(history[0]["at"]))[:3] == [_local(history[0]["at"]), "dinonaktifkan", "bubar"]
    assert run("history", "1").stdout.count("deactivated") == 1
    batch = json.loads(run("imports", "-f", "json").stdout)[0]
    assert batch["status"] == "done"
    assert run("imports", "-f", "csv").stdout.splitlines()[1].endswith(",done")
    assert _cells(run("--lang", "id", "imports").stdout, "1") == [
        "1", _local(batch["started_at"]), "records.json", "2", "0", "0", "0", "0", "0", "kelompok", "selesai"]
    assert _cells(run("--lang", "id", "list", "--status", "all").stdout, "1")[-1] == "tidak aktif"


def test_product_types_headings_are_distinct(run, conn):
    assert _cells(run("--lang", "id", "product-types").stdout, "Kode") == ["Kode", "Jenis usaha", "Ejaan lain",
                                                                           "Kelompok"]
    assert _cells(run("product-types").stdout, "Code") == ["Code", "Product type", "Also written as", "Groups"]
    assert list(json.loads(run("product-types", "-f", "json").stdout)[0]) == [
        "product_type", "label", "label_id", "label_en", "aliases", "groups"]


def _filled(entry: str, count: int) -> str:
    return entry.format(**{name: ("X" if name != "count" else count) for name in _fields(entry)})


# Each count sentence of English: what it says for one, and for two.
ENGLISH_COUNTS = {
    "list_title": ("1 group", "2 groups"),
    "list_table_cut": ("of 1 group are shown", "of 2 groups are shown"),
    "demo_loaded": ("Loaded 1 MADE-UP example group into", "Loaded 2 MADE-UP example groups into"),
    "error_demo_example": ("has 1 refused row;", "has 2 refused rows;"),
    "import_errors_more": ("and 1 more refusal (", "and 2 more refusals ("),
    "warnings_more": ("and 1 more warning like", "and 2 more warnings like"),
    "import_nothing_written": ("1 row was refused. Fix it", "2 rows were refused. Fix them"),
    "import_nothing_valid": ("the 1 row read was refused", "all 2 rows read were refused"),
    "import_nothing_new_skipped": ("1 row names a registered group, which --on-existing skip leaves as it is",
                                   "2 rows name registered groups, which --on-existing skip leaves as they are"),
    "note_encoding_mixed": ("1 line is not UTF-8 like the rest (line X)", "2 lines are not UTF-8 like the rest (lines X)"),
    "error_batch_touched": ("1 of its groups was changed", "2 of its groups were changed"),
    "export_done": ("1 group written", "2 groups written"),
    "check_members_rule": ("1 group breaks", "2 groups break"),
    "count_groups": ("1 group", "2 groups"),
    "count_imports": ("1 import", "2 imports"),
    "count_duplicates": ("1 duplicate", "2 duplicates"),
    "progress_rows": ("1 row", "2 rows"),
    "monthly_list_title": ("1 monthly report", "2 monthly reports"),
    "monthly_missing_title": ("1 group without a report", "2 groups without a report"),
    "recap_behind": ("1 line marked ! has fewer", "2 lines marked ! have fewer"),
    "show_months_title": ("Its 1 latest monthly report", "Its 2 latest monthly reports"),
    "report_silent_more": ("and 1 more group;", "and 2 more groups;"),
    "report_attention_too_many": ("holds 1 group:", "holds 2 groups:"),
    "report_changes_counted": ("1 group was added", "2 groups were added"),
    "monthly_export_done": ("1 monthly report written", "2 monthly reports written"),
    "count_reports": ("1 monthly report", "2 monthly reports"),
    "error_monthly_batch_touched": ("1 of its reports was changed", "2 of its reports were changed"),
    "error_batch_reported": ("1 of the groups it added has monthly", "2 of the groups it added have monthly"),
    "activity_list_title": ("1 activity", "2 activities"),
    "activity_export_done": ("1 activity written", "2 activities written"),
    "count_activities": ("1 activity", "2 activities"),
    "count_papers": ("papers of 1 group", "papers of 2 groups"),
    "error_activity_batch_touched": ("set on 1 group were", "set on 2 groups were"),
    "error_batch_activities": ("1 of the groups it added has activities", "2 of the groups it added have activities"),
    "attention_title": ("1 group needs attention", "2 groups need attention"),
    "report_attention_counted": ("1 group needs attention; `X` lists it.", "2 groups need attention; `X` lists them."),
}


def test_every_count_sentence_agrees_with_its_number():
    english = catalogue("en").MESSAGES
    assert sorted(key for key, entry in english.items() if isinstance(entry, tuple)) == sorted(ENGLISH_COUNTS)
    words = Words("en")
    for key, (one, two) in ENGLISH_COUNTS.items():
        params = {name: "X" for name in _fields(english[key][1]) if name != "count"}
        assert one in words(key, count=1, **params) and two not in words(key, count=1, **params), key
        assert two in words(key, count=2, **params), key
    from uppks_cli.cli.commands_files import counted_groups

    assert words("undo_done", **counted_groups({"batch": 3, "remove": 1, "restore": 2})) == (
        "Batch 3 undone: 1 group removed, 2 groups restored.")
    assert words("undo_done", **counted_groups({"batch": 4, "kind": "monthly", "remove": 2, "restore": 1})) == (
        "Batch 4 undone: 2 monthly reports removed, 1 monthly report restored.")
    indonesian = Words("id")
    for key in ENGLISH_COUNTS:
        entry = catalogue("id").MESSAGES[key]
        params = {name: "X" for name in _fields(entry) if name != "count"}
        assert indonesian(key, count=2, **params) == _filled(entry, 2), key
        assert indonesian(key, count=1, **params) == _filled(entry, 1), key
