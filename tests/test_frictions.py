"""What a new user stumbled on: each answer where a person and a script expect it."""

import subprocess

from test_entry_point import uppks_executable

from uppks_cli.registry.connection import SCHEMA_VERSION


def test_the_checks_verdict_is_the_answer_on_stdout(run, db_path):
    run("add", "--name", "UPPKA A", "--district", "Pidie", "--product-type", "jasa", "--members", "5")
    result = run("check")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"{db_path}: OK (schema {SCHEMA_VERSION}, journal delete; 1 group, 1 active, 0 imports).\n"


def test_a_csv_listing_is_guarded_and_has_the_bom_only_in_a_file(run, tmp_path, db_path):
    name = '=HYPERLINK("http://contoh.example","Klik")'
    assert run("add", "--name", name, "--district", "Pidie", "--product-type", "jasa").exit_code == 0
    piped = subprocess.run([uppks_executable(), "--db", str(db_path), "list", "-f", "csv"], capture_output=True,
                           stdin=subprocess.DEVNULL)
    saved = tmp_path / "daftar.csv"
    with saved.open("wb") as sink:
        subprocess.run([uppks_executable(), "--db", str(db_path), "list", "-f", "csv"], stdout=sink, check=True,
                       stdin=subprocess.DEVNULL)
    row = '1,"\'=HYPERLINK(""http://contoh.example"",""Klik"")",11.07,Pidie,'
    assert piped.stdout.decode().splitlines()[1].startswith(row)
    assert saved.read_bytes().startswith(b"\xef\xbb\xbfid,name,")
    assert saved.read_bytes().decode("utf-8-sig").splitlines()[1].startswith(row)


def test_given_values_are_checked_before_any_question(run, monkeypatch):
    from uppks_cli.cli import commands_groups

    monkeypatch.setattr(commands_groups, "stdin_is_terminal", lambda: True)
    asked = []
    monkeypatch.setattr("builtins.input", lambda: asked.append(1) or "UPPKA Mawar")
    result = run("add", "--district", "Pidie", "--members", "abc")
    assert (result.exit_code, result.stderr, asked) == (
        1, "Error: members: 'abc' is not a whole number; write it as 25, 1.500.000 or 2,5 jt.\n", [])


def test_ctrl_c_at_a_question_is_an_interrupt(run, monkeypatch):
    from uppks_cli.cli import commands_groups

    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(commands_groups, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr("builtins.input", interrupted)
    result = run("add", "--district", "Pidie", "--product-type", "jasa")
    assert (result.exit_code, result.stderr) == (130, "Name of the group: \nInterrupted; nothing half-done was kept.\n")
    assert run("count").stdout == "0\n"


def test_questions_take_the_answers_typed(run, monkeypatch):
    from uppks_cli.cli import commands_groups

    monkeypatch.setattr(commands_groups, "stdin_is_terminal", lambda: True)
    result = run("add", "--members", "12", input="\nUPPKA Mawar\npidi\nPidie\nanyaman\n")
    assert (result.exit_code, result.stdout) == (0, "1\n")
    assert result.stderr == ("Name of the group: Name of the group: District (kabupaten/kota): Error: district: "
                             "'pidi' is not a district of Aceh; did you mean Pidie?\nDistrict (kabupaten/kota): "
                             "Product type: ")
