"""How much work to give processes forked from the build's: one place to say where it is worth it, and
that they die with the process that forked them."""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import sys

_PR_SET_PDEATHSIG = 1  # prctl(2), <linux/prctl.h>

# In a forked process: the process that forked it (recorded in that one just before each fork).
_FORKED_BY: int | None = None


def _before_fork() -> None:
    global _FORKED_BY
    _FORKED_BY = os.getpid()


os.register_at_fork(before=_before_fork)


def can_fork() -> bool:
    """Whether a process may be forked from this one safely: on Linux (macOS's system libraries do not
    survive a fork, and Windows has none)."""
    return sys.platform == "linux"


def processes(most: int) -> int:
    """How many processes to share work between: one per core this process may run on, `most` at the
    most; 1 where the system cannot fork (the work is then done here)."""
    if not can_fork():
        return 1
    return max(1, min(most, len(os.sched_getaffinity(0))))


def yield_to_build(niceness: int) -> None:
    """In a process forked from the build's whose work is wanted only later: let the build's own process, the
    render's critical path, have the processors first where there are fewer of them than processes at work
    (os.nice; nothing where the system has no such thing)."""
    with contextlib.suppress(OSError, AttributeError):
        os.nice(niceness)


def die_with_parent(*_: object) -> None:
    """In a process forked from the build's (first thing): be killed when the process that forked it
    ends, killed or not (Linux's parent-death signal), so that no process of a killed build goes on
    (holding the dossier's lock, writing its files). Takes any arguments: a Pool's initializer.

    One that forked it and died before the signal was asked for is seen (it has another parent
    now): this one ends at once."""
    if sys.platform != "linux":
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no C library to ask: the process ends with its work
        return
    if _FORKED_BY is not None and os.getppid() != _FORKED_BY:
        os._exit(1)


def sent_whole(error: Exception) -> bool:
    """Whether `error` is the same once through a pipe from a forked process: its type, its message and
    the file it names. One that is not is better made again where it is raised."""
    try:
        again = pickle.loads(pickle.dumps(error))
    except Exception:  # noqa: BLE001 — an error whose arguments do not make it again
        return False
    return type(again) is type(error) and str(again) == str(error) and getattr(again, "filename", None) == getattr(error, "filename", None)
