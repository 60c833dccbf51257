"""Writing files whole or not at all: exports, reports, backups, restores."""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

from uppks_cli.errors import UppksError

# The delimiters of the CSV files districts send (and the import recognises);
# an export writes only these, so it always imports back.
DELIMITERS = (",", ";", "\t", "|")


def check_target(target: Path, force: bool = False, protected=()) -> None:
    """Refuse what an output must never do.

    Never onto a protected file (the registry, its journal, an input of the
    same command), never onto anything that is not a regular file (a folder, a
    device, a pipe), never a file that exists unless `force`, and never into a
    folder that is not there.
    """
    if any(_same_file(target, other) for other in protected):
        raise UppksError("error_output_protected", path=str(target))
    if target.exists() and not target.is_file():
        raise UppksError("error_output_not_a_file", path=str(target))
    if target.exists() and not force:
        raise UppksError("error_export_exists", path=str(target))
    if not target.parent.exists():
        raise UppksError("error_export_folder", path=str(target))


def _same_file(one: Path, other) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:  # one of them is not there: the same path, then, after links are followed
        return os.path.realpath(one) == os.path.realpath(other)


@contextlib.contextmanager
def written_whole(target: Path):
    """A temporary path beside `target`, moved onto it only when the block completes.

    An interrupted write never leaves half a file. The temporary file is
    created readable by its owner only (it may hold names and phone numbers),
    and writers that reuse the file keep that mode.
    """
    remove_stale(target.parent, f".{target.name}.")
    import tempfile

    handle, partial = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".partial", dir=target.parent)
    os.close(handle)
    try:
        yield Path(partial)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def remove_stale(folder, prefix: str) -> None:
    """Remove half-written files a killed uppks left (its process id is in their name)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if not name.startswith(prefix):
            continue
        owner = name[len(prefix):].split(".", 1)[0].split("-", 1)[0]
        if owner.isdigit() and int(owner) != os.getpid() and not _alive(int(owner)):
            try:
                os.unlink(os.path.join(folder, name))
            except OSError:
                pass


# what written_whole() names a half-written file: ".<target>.<pid>.<random>.partial", and the
# journal SQLite may keep beside it while a backup writes into it
_PARTIAL = re.compile(r"^\.(?P<target>.+)\.(?P<pid>\d+)\.[^.]+\.partial(?:-journal|-wal|-shm)?$")


def remove_stale_partials(folder, ours) -> None:
    """Remove the half-written files a killed uppks left for targets `ours(name)` accepts.

    For outputs whose name changes each time (a backup's carries the time it was made), so
    the next write of the same name never comes to clear them.
    """
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        found = _PARTIAL.match(name)
        if found is None or not ours(found.group("target")):
            continue
        owner = int(found.group("pid"))
        if owner != os.getpid() and not _alive(owner):
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(folder, name))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
