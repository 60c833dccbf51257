"""The installed `uppks` command, run as a real process the way the officer and scripts run it."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from uppks_cli.registry.connection import connect


def uppks_executable() -> str:
    beside_python = Path(sys.executable).parent / "uppks"
    found = str(beside_python) if beside_python.exists() else shutil.which("uppks")
    assert found, "the uppks command is not installed; install the project with pip first"
    return found


def run_uppks(*args, env_extra=None, stdin=subprocess.DEVNULL):
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([uppks_executable(), *args], capture_output=True, text=True, env=env,
                          stdin=stdin, timeout=60)


def test_installed_command_adds_and_counts(tmp_path):
    database = str(tmp_path / "field.db")
    added = run_uppks("--db", database, "add", "--name", "UPPKA Mawar", "--district", "Abdya",
                      "--product-type", "Anyaman pandan")
    assert (added.returncode, added.stdout, added.stderr) == (0, "1\n", "")
    counted = run_uppks("--db", database, "count", "abdya", "anyaman")
    assert (counted.returncode, counted.stdout, counted.stderr) == (0, "1\n", "")
    assert oct(os.stat(database).st_mode & 0o777) == "0o600"


def test_help_follows_the_language():
    indonesian = run_uppks("--lang", "id", "--help")
    assert indonesian.returncode == 0
    assert "Daftar kelompok UPPKA" in indonesian.stdout
    english = run_uppks("--help", env_extra={"UPPKS_LANG": "en"})
    assert "A registry of BKKBN Aceh's UPPKA" in english.stdout
    from_locale = run_uppks("add", "--help", env_extra={"UPPKS_LANG": "", "LC_ALL": "id_ID.UTF-8"})
    assert "Tambah kelompok dan cetak nomornya." in from_locale.stdout


def test_refusal_is_one_line_without_traceback(tmp_path):
    result = run_uppks("--db", str(tmp_path / "x.db"), "add", "--district", "Pidie", "--product-type", "anyaman")
    assert result.returncode == 1
    assert result.stderr == "Error: name is required but was not given; give it with --name.\n"
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"\x00\x01not sqlite" * 500)
    result = run_uppks("--db", str(broken), "count")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"Error: {broken} is not a readable uppks database")


def test_python_dash_m_works():
    result = subprocess.run([sys.executable, "-m", "uppks_cli", "--version"], capture_output=True, text=True,
                            timeout=60)
    from uppks_cli import __version__

    assert (result.returncode, result.stdout) == (0, f"uppks {__version__}\n")


def test_works_from_any_folder(tmp_path):
    """Reference data travels with the package, not with the working directory."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    connect(tmp_path / "r.db").close()
    result = subprocess.run([uppks_executable(), "--db", str(tmp_path / "r.db"), "districts", "-f", "csv"],
                            capture_output=True, text=True, cwd=elsewhere, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "11.01,1103,Aceh Selatan,Kabupaten Aceh Selatan,kabupaten,18,260,0"
