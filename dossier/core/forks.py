"""How much work to give processes forked from the build's: one place to say where it is worth it."""

from __future__ import annotations

import os
import sys


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
