"""uppks: a registry of BKKBN Aceh's UPPKA (formerly UPPKS) groups in one SQLite file."""

__version__ = "0.1.0"
