"""Today's date in 惠农 (Asia/Shanghai): the only place the tools read the clock.

``huinong new`` needs it for the date of a new article, and the rulebook (``huinong check``
and every build) to refuse a date in the future. No page ever shows it: output depends only
on the articles. ``--today`` or ``COLUMN_TODAY`` (environment or settings) replaces it.
"""

from __future__ import annotations

import argparse
import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Asia/Shanghai")


def today(settings: dict | None = None) -> date:
    """Today in 惠农, unless ``COLUMN_TODAY`` (environment, then settings) fixes it."""
    fixed = os.environ.get("COLUMN_TODAY") or (settings or {}).get("COLUMN_TODAY")
    try:
        return date.fromisoformat(str(fixed)) if fixed else datetime.now(TIMEZONE).date()
    except ValueError:  # the freshness reminders say so; a gate just uses the real date
        return datetime.now(TIMEZONE).date()


def parse_day(value: str) -> date:
    """``--today 2024-03-05`` for argparse; a clear message for anything else."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}”不是日期，写成 2024-03-05") from None
