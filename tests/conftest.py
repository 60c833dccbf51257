import os
import time

import pytest
from typer.testing import CliRunner

from uppks_cli.cli.app import app
from uppks_cli.cli.words import Words
from uppks_cli.registry.connection import connect


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """No test touches a real registry, a real locale or a real terminal width."""
    monkeypatch.setenv("UPPKS_DB", str(tmp_path / "registry.db"))
    monkeypatch.setenv("UPPKS_LANG", "en")
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    yield


@pytest.fixture
def en():
    """The words a person reads in English, for asserting exact messages."""
    return Words("en")


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "registry.db"


@pytest.fixture
def conn(db_path):
    connection = connect(db_path)
    yield connection
    connection.close()


@pytest.fixture
def run():
    """Invoke the CLI as a script would: stdin is not a terminal."""
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def pidie_group():
    return {"name": "UPPKA Mawar", "district": "Pidie", "product_type": "anyaman",
            "subdistrict": "Mutiara", "members": "20", "members_pus": "15", "members_kb": "12"}


@pytest.fixture
def jakarta():
    """The laptop's clock in Western Indonesian Time (UTC+7), as in Aceh; put back afterwards."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Jakarta"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()
