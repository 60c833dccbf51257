"""How checked rows reach the writer: the fast path of a big import, behind one function.

`read_checked()` gives the events of checking.checked_rows. A big file is read
and checked in a second process while this one matches and writes (on two
cores that takes about a third off a big import); a small one, or a machine
that cannot fork, is read right here. Either way the events are the same.

The second process never outlives the import: it is told to die with its
parent (Linux), keeps no copy of the pipe's reading end (so a parent that is
gone breaks the pipe it writes to), and is ended when the import stops for
any reason.
"""

from __future__ import annotations

import os

from uppks_cli.errors import UppksError
from uppks_cli.importing.checking import checked_rows

# Files at least this big are read and checked in a second process.
SECOND_PROCESS_MIN_BYTES = 1 << 20
EVENTS_PER_MESSAGE = 1000
PIPE_BYTES = 1 << 20


class SeenIdentities:
    """The identities (district, name key) an import may already know.

    A fixed table of bits, one hash slot each (a Bloom filter with one hash):
    a clear bit means the group is surely new, so most rows of a big import
    skip the registry lookup; a set bit means the group is registered, or an
    earlier row had it, or another identity shares the slot, and the row is
    looked up. Its size stays the same however long the file. Python's
    hash() is per process: the table is shared only with a forked reader,
    and never stored.
    """

    def __init__(self, slots: int = 1 << 25):
        if slots & (slots - 1):
            raise ValueError("slots must be a power of two")
        self.slots = slots
        self.bits = bytearray(max(slots >> 3, 1))

    def add_all(self, identities) -> None:
        self.sort_out(map(tuple, identities))

    def sort_out(self, identities) -> list[int]:
        """Add the identities; the positions of those that may have been seen."""
        bits, mask = self.bits, self.slots - 1
        maybe = []
        for index, identity in enumerate(identities):
            slot = hash(identity) & mask
            bit = 1 << (slot & 7)
            if bits[slot >> 3] & bit:
                maybe.append(index)
            else:
                bits[slot >> 3] |= bit
        return maybe


def read_checked(source, options, mappings: dict, checker, seen: SeenIdentities | None, more_follow: bool,
                 second_process: bool | None = None, rows=checked_rows):
    """The events of rows(source, options, mappings, checker, seen) for one source
    (checked_rows for groups); `seen` learns the identities it adds.

    second_process: read in a second process (True), here (False), or as the
    file's size says (None, the default).
    """
    if second_process is None:
        second_process = source.size >= SECOND_PROCESS_MIN_BYTES
    if second_process and _can_fork():
        return _from_second_process(source, options, mappings, checker, seen, more_follow, rows)
    return rows(source, options, mappings, checker, seen)


def _can_fork() -> bool:
    import multiprocessing

    return (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


def _die_with_parent(parent: int) -> None:
    """Ask the kernel to end this process when its parent ends (Linux only)."""
    try:
        import ctypes
        import signal

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # elsewhere the broken pipe ends it at its next send
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(0)


def _produce(receiver, sender, parent, source, options, mappings, checker, seen, send_back, rows) -> None:
    """In the second process: read and check, sending events in batches."""
    receiver.close()  # only the parent reads: when it is gone, sending fails
    _die_with_parent(parent)
    batch = []
    try:
        for event in rows(source, options, mappings, checker, seen):
            batch.append(event)
            if len(batch) >= EVENTS_PER_MESSAGE or event[0] == "rows":
                sender.send(batch)
                batch = []
        if send_back and seen is not None:
            batch.append(("seen", seen.bits))  # the identities this file added, for the files after it
        batch.append(("done",))
    except (BrokenPipeError, ConnectionResetError, KeyboardInterrupt):
        return  # the parent stopped (Ctrl-C, kill): it rolls back; nothing to say here
    except UppksError as refusal:
        batch.append(("error", refusal))
    except Exception as exc:  # reported to the parent, which stops and rolls back
        batch.append(("crash", repr(exc)))
    try:
        sender.send(batch)
        sender.close()
    except OSError:
        pass


def _widen(connection) -> None:
    """A pipe that holds a few chunks, so the reader seldom waits for the writer."""
    try:
        import fcntl

        fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # the default size works, only a little slower


def _from_second_process(source, options, mappings, checker, seen, send_back: bool, rows):
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    _widen(sender)
    child = context.Process(target=_produce, daemon=True, args=(
        receiver, sender, os.getpid(), source, options, mappings, checker, seen, send_back, rows))
    child.start()
    sender.close()
    try:
        while True:
            try:
                batch = receiver.recv()
            except EOFError:
                raise UppksError("error_import_reader_died", file=source.label) from None
            for event in batch:
                kind = event[0]
                if kind == "done":
                    return
                if kind == "error":
                    raise event[1]
                if kind == "crash":
                    raise UppksError("error_import_reader_died", file=source.label)
                if kind == "seen":
                    seen.bits = event[1]
                    continue
                yield event
    finally:
        receiver.close()
        if child.is_alive():
            child.terminate()
        child.join()
