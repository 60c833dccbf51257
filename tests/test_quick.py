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
    options = parse_quick(argv)
    assert options is not None
    code = run_quick(options)
    quick = capsys.readouterr()
    full = filled(*argv)
    # Click's result reads CRLF (an export's line ends) as LF
    assert (code, quick.out.replace("\r\n", "\n"), quick.err) == (full.exit_code, full.stdout, full.stderr)


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
    ["export", "--version"],
])
def test_everything_else_goes_to_the_full_command_line(argv):
    assert parse_quick(argv) is None
