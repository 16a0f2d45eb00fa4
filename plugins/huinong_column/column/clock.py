"""Today's date in 惠农 (Asia/Shanghai): the only place the tools read the clock.

Builds never do; only ``huinong new`` (the date of a new article) and ``huinong check`` (is a
date in the future?) need today, and both accept ``--today`` to replace it.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Asia/Shanghai")


def today() -> date:
    return datetime.now(TIMEZONE).date()


def parse_day(value: str) -> date:
    """``--today 2024-03-05`` for argparse; a clear message for anything else."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}”不是日期，写成 2024-03-05") from None
