"""A shell redirection onto the registry (`uppks export > uppks.db`) never writes into it."""

import subprocess

import pytest
from test_entry_point import uppks_executable

REFUSAL = ("Error: {stream} is the registry {path} itself (a redirection such as > or >> onto it); nothing was read "
           "or written. Write to another file; if > emptied it, restore a backup (uppks restore).\n")


@pytest.fixture
def registry(tmp_path):
    path = tmp_path / "uppks.db"
    subprocess.run([uppks_executable(), "--db", str(path), "add", "--name", "UPPKA Mawar", "--district", "Pidie",
                    "--product-type", "anyaman"], check=True, capture_output=True)
    return path


@pytest.mark.parametrize("mode", ["r+b", "ab"])  # `1<>uppks.db` writes over its first page, `>>` after its end
@pytest.mark.parametrize("command", [["export", "--format", "csv"], ["list"], ["count"]])
def test_stdout_onto_the_registry_is_refused_and_leaves_it_as_it_was(registry, mode, command):
    before = registry.read_bytes()
    with registry.open(mode) as stdout:
        done = subprocess.run([uppks_executable(), "--db", str(registry), *command], stdout=stdout,
                              stderr=subprocess.PIPE, text=True)
    assert (done.returncode, done.stderr) == (1, REFUSAL.format(stream="stdout", path=registry))
    assert registry.read_bytes() == before


def test_stdout_that_emptied_the_registry_gets_no_new_empty_registry(registry):
    with registry.open("wb") as stdout:  # `uppks export > uppks.db`: the shell empties it first
        done = subprocess.run([uppks_executable(), "--db", str(registry), "export"], stdout=stdout,
                              stderr=subprocess.PIPE, text=True)
    assert (done.returncode, done.stderr) == (1, REFUSAL.format(stream="stdout", path=registry))
    assert registry.read_bytes() == b""  # left for `uppks restore`, not made to look like an empty registry


def test_stderr_onto_the_registry_is_refused_without_writing_the_line_there(registry):
    before = registry.read_bytes()
    with registry.open("r+b") as stderr:
        done = subprocess.run([uppks_executable(), "--db", str(registry), "add", "--name", "UPPKA Melati",
                               "--district", "Pidie", "--product-type", "anyaman"], stdout=subprocess.PIPE,
                              stderr=stderr)
    assert (done.returncode, done.stdout) == (1, b"")
    assert registry.read_bytes() == before

