"""Work of the render done in a process forked from the build's, on another core, while the build's
process goes on with the rest (Apart): the pages of a family, made and written there.

The forked process has the linked dossier as it was when forked, and writes into the same staging
folder; what the build's process must know of its work (the pages' keys, the addresses it listed)
comes back through a pipe once it is done. What stopped it is raised in the build's process as it
would have been raised there (a full disk: the same OSError, naming the same file). A process that
ends without a word (killed, out of memory), or with an error that cannot be sent whole, leaves the
work to the build's process, which does it as if no process had been forked: what the process
wrote before is written again.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable

from ..core import forks


class Apart:
    """`work()` done in a process forked now (where the system can fork one: forks.can_fork); `result`
    waits for it and returns what it returned, with whether it came from that process: work done here
    (no process, or one that failed unsaid) has changed this process's objects itself, a process's
    has not. `close` stops the process if it still runs."""

    def __init__(self, work: Callable[[], object]):
        self.work, self.process = work, None
        if not forks.can_fork():
            return
        context = multiprocessing.get_context("fork")  # the child has the linked dossier already
        self.receive, send = context.Pipe(duplex=False)
        try:
            # Not a daemon: it may fork the processes that write pages (writing.write_pages). It dies with
            # the build (forks.die_with_parent), and `close` stops it.
            self.process = context.Process(target=_apart, args=(send, work))
            self.process.start()
        except OSError:  # no process to be had (too many, no memory): done here
            self.process = None
            self.receive.close()
        finally:
            send.close()

    def result(self) -> tuple[object, bool]:
        """What `work` returned, and whether the forked process did it (False: it was done here)."""
        if self.process is not None:
            try:
                found = self.receive.recv()
            except (EOFError, OSError, pickle.UnpicklingError):  # killed, out of memory
                found = None
            self._closed()
            if isinstance(found, _Failed):
                raise found.error
            if isinstance(found, _Done):
                return found.value, True
        return self.work(), False

    def close(self) -> None:
        """Stop the process if it still runs (the render stopped first), and wait for it."""
        if self.process is not None:
            self.process.terminate()
            self._closed()

    def _closed(self) -> None:
        self.process.join()
        self.receive.close()
        self.process = None


class _Done:
    def __init__(self, value: object):
        self.value = value


class _Failed:
    def __init__(self, error: BaseException):
        self.error = error


def _apart(send, work: Callable[[], object]) -> None:
    """The process of `Apart`: do the work and send what it returned, or the error that stopped it
    (nothing when it cannot be sent whole: the build's process then does the work)."""
    forks.die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the build's process, which stops this one
    # No collection of the build's objects (every one of them, shared with the build's process until touched):
    # this process is short, and what it makes is freed as it goes.
    gc.disable()
    try:
        found: object = _Done(work())
    except Exception as error:  # noqa: BLE001 — raised in the build's process, as if raised there
        found = _Failed(error) if forks.sent_whole(error) else None
    try:
        send.send(found)
    except (pickle.PicklingError, TypeError, AttributeError):  # what cannot be sent: done again there
        with contextlib.suppress(OSError):
            send.send(None)
    except OSError:  # the build's process is gone
        pass
    os._exit(0)  # nothing of the build's process (its buffered output, its exit handlers) done twice
