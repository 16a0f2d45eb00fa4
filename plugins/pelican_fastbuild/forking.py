"""A child process forked from the build, to work beside it and hand back one result.

The search index and the page memo's digest each run in one. The child inherits the whole
context by ``fork``, nothing is pickled but its answer, and the collector is frozen while it
forks, so that the inherited objects stay pages shared with the parent.

Every child of a build dies with it (``die_with_parent``), however the build ends: a build
killed by ``kill -9`` or the machine's OOM killer gets no chance to stop its children, and
an orphan would hold the build's lock and its files while it works on for nothing.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
from multiprocessing.connection import Connection

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int, sig: int = signal.SIGKILL) -> None:
    """Have the kernel send ``sig`` to this process once ``parent``, its parent, has exited.

    Called first thing in a child; a parent already gone (before the call) counts too.
    """
    prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)  # Linux only
    if prctl is not None:
        prctl(PR_SET_PDEATHSIG, sig)
    if os.getppid() != parent:
        os.kill(os.getpid(), sig)


def _start(parent: int, sig: int, target, *args) -> None:
    die_with_parent(parent, sig)
    target(*args)


def fork(
    target, *args, on_parent_exit: int = signal.SIGKILL
) -> tuple[multiprocessing.Process, Connection]:
    """Start ``target(*args, send)`` in a forked process; return it and the receiving end.

    The child gets ``on_parent_exit`` when the build's process ends (SIGTERM for a child
    that has its own children to stop)."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    arguments = (os.getpid(), on_parent_exit, target, *args, send)
    process = context.Process(target=_start, args=arguments)
    gc.freeze()
    try:
        process.start()
    finally:
        gc.unfreeze()
    send.close()
    return process, receive
