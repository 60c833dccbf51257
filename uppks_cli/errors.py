"""The one exception type for input or data the tool refuses.

The core raises it with a catalogue key and the values the message needs; the
CLI translates it into the officer's language and prints one line. Keeping the
key (not a finished sentence) lets the core stay free of any language choice.
"""


class UppksError(Exception):
    def __init__(self, key: str, **params):
        self.key = key
        self.params = params
        super().__init__(key)

    def __str__(self) -> str:
        from uppks_cli.i18n import t

        return t(self.key, **self.params)


class DataWarning:
    """A non-fatal remark about a value that was kept (e.g. an unknown gampong)."""

    __slots__ = ("key", "params")

    def __init__(self, key: str, **params):
        self.key = key
        self.params = params

    def __eq__(self, other):
        return isinstance(other, DataWarning) and (self.key, self.params) == (other.key, other.params)

    def __repr__(self):
        return f"DataWarning({self.key!r}, {self.params!r})"

    def __str__(self) -> str:
        from uppks_cli.i18n import t

        return t(self.key, **self.params)
