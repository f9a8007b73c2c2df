"""Processes the builder starts end when it ends, however it ends.

A layout worker, the process drawing the cover, the processes cleaning the
texts and EPUBCheck's JVM each ask Linux, as they start, to be killed when
the process that started them dies (``prctl(PR_SET_PDEATHSIG)``): a build
killed by a CI timeout or a closed terminal leaves nothing running.
Elsewhere nothing is asked, and the builder's own ``finally`` clauses are
all there is.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def end_with_parent() -> None:
    """In a child process, as it starts: be killed when the parent dies (Linux; elsewhere nothing)."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:          # the parent died before the request: end now
        os._exit(1)
