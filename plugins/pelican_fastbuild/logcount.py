"""Which steps of a build had something to say, so that the caches let them say it again."""

from __future__ import annotations

import logging
from contextlib import contextmanager


def loud_loggers(settings: dict) -> tuple[str, ...]:
    """Loggers whose every record counts, not only warnings: ``FASTBUILD_LOUD_LOGGERS``."""
    return tuple(settings.get("FASTBUILD_LOUD_LOGGERS", ()))


@contextmanager
def said(also: tuple[str, ...] = ()):
    """The records made meanwhile at WARNING or above (and any from loggers named ``also…``),
    counted as they are made, before any filter: Pelican's logger drops a message it has
    given once in this process, which the next build must give again."""
    made: list = []
    make = logging.getLogRecordFactory()

    def record(*args, **kwargs):
        new = make(*args, **kwargs)
        if new.levelno >= logging.WARNING or (also and new.name.startswith(also)):
            made.append(new.levelno)
        return new

    logging.setLogRecordFactory(record)
    try:
        yield made
    finally:
        logging.setLogRecordFactory(make)
