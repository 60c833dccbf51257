"""What the core says to a person: a catalogue key and its values, never words.

The core raises UppksError for input or data it refuses and returns
DataWarning and Message for what it kept or noticed. Only the command line
turns a key into a sentence, in the officer's language (cli/words.py), so no
module below it knows which language is spoken.
"""

from __future__ import annotations


class Message:
    """A catalogue key with the values its sentence needs."""

    __slots__ = ("key", "params")

    def __init__(self, key: str, **params):
        self.key = key
        self.params = params

    def __eq__(self, other):
        return isinstance(other, Message) and (self.key, self.params) == (other.key, other.params)

    def __hash__(self):
        return hash(self.key)

    def __repr__(self):
        return f"{type(self).__name__}({self.key!r}, {self.params!r})"


class Number(int):
    """A count or an amount inside a sentence, shown as the reader's language writes numbers
    (10,000,000 in English, 10.000.000 in Indonesian); a bare int (a row, a group's number) is not."""

    __slots__ = ()


class DataWarning(Message):
    """A remark about a value that was kept as given (an unknown gampong, say)."""

    __slots__ = ()


class UppksError(Exception):
    """The input or the data is refused: the key says why, the values say where."""

    def __init__(self, key: str, **params):
        self.key = key
        self.params = params
        super().__init__(key, params)

    def __str__(self) -> str:
        return f"{self.key} {self.params}"

    def __reduce__(self):
        # rebuilt with its values when it crosses from the import's reader process
        return _rebuilt_error, (type(self), self.key, self.params)


def _rebuilt_error(kind, key: str, params: dict) -> UppksError:
    return kind(key, **params)
