"""`count` and `summary` answered without Typer must match the full command line exactly."""

import pytest

from uppks_cli.cli.quick import parse_quick, run_quick


@pytest.fixture
def filled(run):
    for name, district, product_type, members in [("Mawar", "Pidie", "anyaman", 20), ("Melati", "Abes", "makanan", 10),
                                                  ("Seulanga", "Bireuen", "makanan", 7)]:
        run("add", "--name", f"UPPKA {name}", "--district", district, "--product-type", product_type,
            "--members", str(members), "--subdistrict", "Kuala" if district == "Bireuen" else "")
    run("deactivate", "3")
    run("monthly", "add", "1", "--period", "2026-09", "--families", "12", "--attended", "9", "--members-pus", "8",
        "--members-kb", "5")
    return run


CASES = [
    ["count"], ["count", "pidie", "anyaman"], ["count", "aceh", "besar", "makanan"], ["count", "--status", "all"],
    ["count", "--district", "Kab. Pidie"], ["count", "--district=11.06"], ["count", "kuala", "--status=inactive"],
    ["count", "--search", "mel"], ["count", "pidi"], ["count", "1101"], ["count", "--product-type", "kosmetik"],
    ["count", "keripik"], ["--lang", "id", "count", "--product-type", "Tikar pandan"],
    ["--lang", "id", "count", "xyz"], ["--lang=en", "count", "makanan"],
    ["summary", "--format", "json"], ["summary", "-f", "csv", "--by", "product-type"],
    ["summary", "--by", "district,product-type", "-f", "csv", "--status", "all"],
    ["--lang", "id", "summary", "--by", "product-type", "--format", "markdown", "makanan"],
    ["summary", "-f", "json", "--by", "kecamatan"], ["summary", "-f", "markdown", "--subdistrict", "Kuala", "--status", "all"],
    ["recap", "--period", "2026-09", "-f", "json"], ["recap", "pidie", "--period", "9/2026", "--by", "subdistrict",
                                                     "-f", "csv"],
    ["recap", "--period", "2026-09", "--by", "product-type", "-f", "json", "--search", "mawar"],
    ["monthly", "missing", "--period", "2026-09", "-f", "json"], ["monthly", "missing", "aceh", "besar", "-f", "csv",
                                                                  "--period", "Oktober 2026"],
    ["--lang", "id", "recap", "--period", "2026-13", "-f", "json"],
    ["list", "-f", "json"], ["list", "pidie", "-f", "csv", "--status", "all", "--sort", "-members", "--limit", "2"],
    ["list", "--format=json", "--search", "zzz"], ["list", "-f", "json", "--sort", "nothing"],
    ["export"], ["export", "-f", "json", "--status", "all"], ["export", "--redact", "-f", "jsonl", "makanan"],
    ["export", "--delimiter", ";", "--bom"], ["export", "--no-bom", "--delimiter", "tab", "--redact"],
    ["export", "-f", "xlsx"], ["export", "--delimiter", "x"],
]


@pytest.mark.parametrize("argv", CASES, ids=[" ".join(case) for case in CASES])
def test_quick_path_matches_the_full_command_line(filled, capsys, argv):
    quick, full = _both_ways(filled, capsys, argv)
    assert quick == full


def test_database_problems_read_the_same(run, tmp_path, capsys):
    broken = tmp_path / "rusak.db"
    broken.write_bytes(b"bukan basis data" * 300)
    argv = ["--db", str(broken), "count"]
    code = run_quick(parse_quick(argv))
    quick = capsys.readouterr()
    full = run(*argv)
    assert (code, quick.out, quick.err) == (full.exit_code, full.stdout, full.stderr)
    assert code == 1 and quick.err.startswith(f"Error: {broken} is not a readable uppks database")


@pytest.mark.parametrize("argv", [
    ["count", "--help"], ["--help"], ["summary"], ["summary", "--format", "table"], ["summary", "-f", "json", "--chart"],
    ["count", "--status", "gone"], ["count", "--district"], ["list"], ["count", "--limit", "3"], ["--lang", "fr", "count"],
    ["count", "-"], [], ["list", "-f", "table"], ["list", "--redact", "-f", "json"], ["export", "--force=yes"],
    ["export", "--version"], ["import"], ["import", "-"], ["monthly", "import", "x.csv", "--on-existing", "skip"],
    ["import", "x.csv", "--help"], ["activity", "import", "--quiet"], ["import", "x.csv", "-qf", "json"],
])
def test_everything_else_goes_to_the_full_command_line(argv):
    assert parse_quick(argv) is None


FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures"
IMPORT_CASES = [
    ["import", str(FIXTURES / "invalid-rows.csv")],
    ["import", str(FIXTURES / "invalid-rows.csv"), "--skip-invalid", "--rejects", "ditolak.csv", "-f", "json"],
    ["import", str(FIXTURES / "district-sheets.xlsx"), "--dry-run", "--on-existing", "skip", "-q"],
    ["--lang", "id", "import", str(FIXTURES / "banda-aceh-bom.csv"), "--map", "Nama Kelompok=name"],
    ["monthly", "import", str(FIXTURES / "monthly-pidie-oktober-2025.xlsx"), "--skip-invalid", "--rejects=ditolak.csv"],
    ["monthly", "import", str(FIXTURES / "monthly-pidie-oktober-2025-cp1252.csv"), "-f", "json", "--dry-run"],
    ["monthly", "import", str(FIXTURES / "monthly-pidie-oktober-2025.xlsx"), "--period", "2026-13"],
    ["monthly", "import", str(FIXTURES / "monthly-pidie-oktober-2025.xlsx"), "--period", "2025-11", "--quiet"],
    ["--lang", "id", "activity", "import", str(FIXTURES / "activity-pidie-tw3-2026.xlsx"), "--skip-invalid"],
    ["activity", "import", str(FIXTURES / "activity-pidie-tw3-2026.xlsx"), "-f", "json", "--include-hidden"],
    ["monthly", "import", "tidak-ada.csv"],
]


def _untimed(conn, table: str) -> list[str]:
    """The columns of a table but the moments things happened (the two imports ran at two moments)."""
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})") if not row[1].endswith("_at")]


@pytest.mark.parametrize("argv", IMPORT_CASES, ids=[" ".join(case[:3]) + f" #{n}" for n, case in enumerate(IMPORT_CASES)])
def test_an_import_by_the_quick_path_writes_and_says_what_the_full_command_line_does(run, tmp_path, monkeypatch,
                                                                                      capsys, argv):
    """Two copies of one registry, one imported into by each path: the same output, exit code,
    rejects file and registry afterwards."""
    import shutil
    import sqlite3

    from test_monthly_import import PIDIE_GROUPS

    for name, subdistrict in PIDIE_GROUPS:
        run("add", "--name", name, "--district", "Pidie", "--product-type", "makanan", "--subdistrict", subdistrict)
    outcomes = []
    for way in ("quick", "full"):
        folder = tmp_path / way
        folder.mkdir()
        shutil.copyfile(tmp_path / "registry.db", folder / "registry.db")
        monkeypatch.chdir(folder)
        monkeypatch.setenv("UPPKS_DB", "registry.db")
        if way == "quick":
            values = parse_quick(argv)
            assert values is not None and values["command"].endswith("import")
            code = run_quick(values)
            said = capsys.readouterr()
            code, out, err = code, said.out, said.err
        else:
            result = run(*argv)
            code, out, err = result.exit_code, result.stdout, result.stderr
        rejects = (folder / "ditolak.csv").read_bytes() if (folder / "ditolak.csv").exists() else None
        with sqlite3.connect(folder / "registry.db") as conn:
            stored = [conn.execute(f"SELECT {', '.join(_untimed(conn, table))} FROM {table} ORDER BY 1, 2").fetchall()
                      for table in ("groups", "monthly_reports", "activities", "import_batches", "import_files")]
        outcomes.append((code, out, err, rejects, stored))
    assert outcomes[0] == outcomes[1]
    # refused rows, a month that is no month and a missing file end in 1; batches written as said
    code, batches = {0: (1, 0), 1: (0, 1), 2: (0, 0), 3: (0, 1), 4: (0, 1), 5: (1, 0), 6: (1, 0), 7: (1, 0), 8: (0, 1),
                     9: (1, 0), 10: (1, 0)}[IMPORT_CASES.index(argv)]
    assert (outcomes[0][0], len(outcomes[0][4][3])) == (code, batches)


def test_a_short_option_written_with_an_equals_sign_is_refused_as_the_full_command_line_refuses_it(run, tmp_path,
                                                                                                  capsys):
    """Click reads `-f=json` as the value "=json" and refuses it; the quick path read it as json and imported."""
    sheet = tmp_path / "okt.csv"
    sheet.write_text("Nama Kelompok,Kabupaten,Kecamatan,Jenis Usaha\nUPPKA Mawar,Pidie,Mutiara,jasa\n", encoding="utf-8")
    for argv in (["import", str(sheet), "-f=json"], ["summary", "-f=json"]):
        assert parse_quick(argv) is None
    result = run("import", str(sheet), "-f=json")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", "Error: Invalid value for '--format' / '-f': '=json' is not one of 'table', 'json'. "
               "See `uppks import --help`.\n")
    assert not (tmp_path / "registry.db").exists()


@pytest.mark.parametrize("argv", [["attention", "-f", "json", "--kb-drop", "9" * 5000],
                                  ["list", "--limit", "9" * 5000], ["attention", "-f", "csv", "--trend-months=" + "1" * 5000]])
def test_a_number_of_thousands_of_digits_is_left_to_the_full_command_line(argv):
    # int() itself refuses more than 4300 digits: the quick path never asks it
    assert parse_quick(argv) is None


def _both_ways(run, capsys, argv):
    """What the quick path and the full command line each say: (exit code, stdout, stderr)."""
    values = parse_quick(argv)
    assert values is not None
    code = run_quick(values)
    quick = capsys.readouterr()
    full = run(*argv)
    # Click's result reads CRLF (an export's line ends) as LF
    return (code, quick.out.replace("\r\n", "\n"), quick.err), (full.exit_code, full.stdout, full.stderr)


@pytest.mark.parametrize("argv", [
    ["--db", ".", "summary", "-f", "json", "--by", "zzz"], ["summary", "-f", "json", "--by", "zzz", "mawar"],
    ["--db", ".", "recap", "--period", "2026-13", "-f", "json"], ["recap", "--period", "x", "-f", "csv", "mawar"],
    ["--db", ".", "monthly", "missing", "--period", "2026-13", "-f", "json"],
    ["monthly", "missing", "--period", "--period", "2026-08", "-f", "json"],
])
def test_a_mistyped_month_or_grouping_is_refused_before_the_registry_is_opened_or_the_terms_read(filled, capsys, argv):
    """The full command line reads --period and --by first; the quick path opened the registry and read
    the terms first, so it said the registry was a folder, or a note about the terms, before the refusal."""
    quick, full = _both_ways(filled, capsys, argv)
    assert quick == full
    assert full[0] == 1 and full[2].count("\n") == 1 and full[2].startswith("Error: ")


@pytest.mark.parametrize("argv", [["count", "--search", "--lang", "id"], ["count", "--district", "--lang=id"],
                                  ["summary", "-f", "json", "--by", "--lang", "id"]])
def test_the_words_are_chosen_as_the_full_command_line_chooses_them(filled, capsys, argv):
    """The full command line picks its language from `--lang id` anywhere on the line before Click reads
    it, even the value of another option; the quick path answered such a line in English."""
    quick, full = _both_ways(filled, capsys, argv)
    assert quick == full
    assert full[0] == 1 and full[2].startswith("Galat: ")


@pytest.mark.parametrize("argv", [["count", "--search", "\udcff"], ["list", "-f", "json", "Pidi\udce9"],
                                  ["--lang", "id", "count", "--subdistrict", "\udcff"]])
def test_a_byte_that_is_not_utf8_on_the_command_line_is_one_line_not_a_traceback(filled, capsys, argv):
    """Python hands a non-UTF-8 byte of argv on as a lone surrogate, which SQLite would not encode: both
    paths ended in a traceback. Now both say which byte, in one line, and end in 1."""
    quick, full = _both_ways(filled, capsys, argv)
    assert quick == full
    assert full[0] == 1 and full[2].splitlines()[-1].startswith(("Error: ", "Galat: ")) and "\\udc" in full[2]
    assert "Traceback" not in full[2]
