"""A child process forked from the build, to work beside it and hand back one result.

The search index and the page memo's digest each run in one. The child inherits the whole
context by ``fork``, nothing is pickled but its answer, and the collector is frozen while it
forks, so that the inherited objects stay pages shared with the parent.
"""

from __future__ import annotations

import gc
import multiprocessing
from multiprocessing.connection import Connection


def fork(target, *args) -> tuple[multiprocessing.Process, Connection]:
    """Start ``target(*args, send)`` in a forked process; return it and the receiving end."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=target, args=(*args, send))
    gc.freeze()
    try:
        process.start()
    finally:
        gc.unfreeze()
    send.close()
    return process, receive
