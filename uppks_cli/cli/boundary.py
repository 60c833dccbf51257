"""The one error boundary, and what a command run holds: its words and its registry.

Every command, the quick ones included, runs inside `guarded()`: a refusal,
a database failure, a file the system will not read or write, and Ctrl-C
each become one line on stderr and an exit code (1, or 130 when
interrupted). Every write is one transaction, so an interrupted one was
rolled back and nothing half-done is kept. No traceback reaches a person.
"""

from __future__ import annotations

import os
import sqlite3
import sys

from uppks_cli.cli.words import Words, detect_language
from uppks_cli.domain.values import visible
from uppks_cli.errors import UppksError

APP_NAME = "uppks"
DB_FILENAME = "uppks.db"
ENV_DB = "UPPKS_DB"


def default_db_path() -> str:
    import click  # already loaded with Typer; typer.get_app_dir is click's

    return os.path.join(click.get_app_dir(APP_NAME), DB_FILENAME)


def resolve_db_path(option: str | None, environ=os.environ) -> tuple[str, str]:
    """Which file to use and why: the --db option, UPPKS_DB, or the app folder.

    A plain string: `uppks count` does not pay for importing pathlib."""
    if option is not None:
        if not option.strip():
            # `--db "$DB"` with DB unset: the default registry is not the one meant
            raise UppksError("error_db_empty")
        return os.path.expanduser(option), "option"
    if environ.get(ENV_DB):
        return os.path.expanduser(environ[ENV_DB]), "env"
    return default_db_path(), "default"


def wrapped(text: str) -> str:
    """Lines wrapped at the terminal's width between words, continuation lines indented under their line."""
    import shutil
    import textwrap

    width = shutil.get_terminal_size().columns
    lines = []
    for line in text.split("\n"):
        indent = line[:len(line) - len(line.lstrip(" "))]
        lines.append(textwrap.fill(line, width, subsequent_indent=indent + "  ", break_long_words=False,
                                   break_on_hyphens=False) if len(line) > width else line)
    return "\n".join(lines)


class Session:
    """What the global options chose, and the connection opened on first need."""

    def __init__(self, language: str | None = None):
        self.db_option: str | None = None
        self.db_path = None
        self.conn = None
        self.words = Words(language or detect_language([], os.environ))

    def say(self, message: str) -> None:
        """A message for the person, never for a script: stderr, control characters made visible;
        at a terminal, long lines wrap between words, not inside them."""
        text = visible(message)
        if sys.stderr.isatty():
            text = wrapped(text)
        sys.stderr.write(text + "\n")
        sys.stderr.flush()

    def say_notes(self, notes) -> None:
        """How the officer's words were read, on stderr: the answer on stdout stays as it is."""
        for note in notes:
            self.say(self.words("note_prefix") + self.words.of(note))

    def registry_path(self):
        """The registry file as a Path, for the commands that back it up, check or restore it."""
        from pathlib import Path

        return Path(resolve_db_path(self.db_option)[0])

    def open_registry(self, create: bool = False):
        """The registry, opened once. Only commands that put groups in it (create) make a
        new file: a read of a mistyped --db must not answer 0 from a new empty registry."""
        if self.conn is None:
            from uppks_cli.registry.connection import connect

            path, source = resolve_db_path(self.db_option)
            self.db_path = path
            self.conn = connect(path, make_folders=(source == "default"), create=create,
                                on_wait=lambda: self.say(self.words("waiting_for_lock")))
        return self.conn

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def guarded(session: Session, action) -> int:
    """Run action(); the exit code it deserves, with one line on stderr for any failure."""
    words = session.words
    try:
        action()
        return 0
    except UppksError as refusal:
        session.say(words("error_prefix") + words.of(refusal))
    except sqlite3.Error as exc:
        from uppks_cli.registry.connection import explain

        session.say(words("error_prefix") + words.of(explain(exc, session.db_path)))
    except UnicodeEncodeError as exc:
        # a byte of the command line that is not UTF-8 (a name typed in another encoding) reaches Python as a
        # lone surrogate, which SQLite and the files refuse to store: the word to type again, not a traceback
        if exc.reason != "surrogates not allowed":
            raise
        session.say(words("error_prefix") + words("error_not_utf8", value=ascii(exc.object[exc.start:exc.end])[1:-1]))
    except KeyboardInterrupt:
        session.say(words("interrupted"))
        return 130
    except BrokenPipeError:
        # the reader of stdout went away (`uppks list | head`): nothing more to say
        _silence_stdout()
    except OSError as exc:
        session.say(words("error_prefix") + words("error_os", path=exc.filename or "-",
                                                   reason=exc.strerror or str(exc)))
    finally:
        session.close()
    return 1


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's exit does not fail writing to a closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
