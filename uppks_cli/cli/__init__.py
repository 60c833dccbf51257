"""The command line: the only layer that knows Typer, Rich and words.

quick.py answers `count` and machine-format `summary` without loading Typer;
everything else goes to app.py. Options are declared once (grammar.py);
every command runs inside one error boundary (boundary.py); words.py puts
message keys into the officer's language.
"""
