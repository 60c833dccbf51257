"""Writing files whole or not at all: exports, reports, backups, restores."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from uppks_cli.errors import UppksError


def check_target(target: Path, force: bool = False) -> None:
    """Refuse to replace a file unless asked, or to write into a folder that is not there."""
    if target.exists() and not force:
        raise UppksError("error_export_exists", path=str(target))
    if not target.parent.exists():
        raise UppksError("error_export_folder", path=str(target))


@contextlib.contextmanager
def written_whole(target: Path):
    """A temporary path beside `target`, moved onto it only when the block completes.

    An interrupted write never leaves half a file. The temporary file is
    created readable by its owner only (it may hold names and phone numbers),
    and writers that reuse the file keep that mode.
    """
    handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    try:
        yield Path(partial)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
