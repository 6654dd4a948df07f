"""Crontab lines read the way crontab(5) means them.

APScheduler 3 numbers weekdays from Monday = 0, so its `CronTrigger.from_crontab("0 9 * * 1")`
fires on Tuesdays. Writing the weekday numbers as names first keeps the usual meaning
(0 or 7 = Sunday, 1 = Monday).
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEK = {"0-6", "0-7", "1-7"}


def _weekday_field(field: str) -> str:
    parts = []
    for part in field.split(","):
        if part in _WEEK:
            return "*"
        parts.append(re.sub(r"\b[0-7]\b", lambda m: _NAMES[int(m.group())], part))
    return ",".join(parts)


def trigger(line: str, zone: ZoneInfo) -> CronTrigger:
    """A trigger for a five-field crontab line; ValueError if it is not one."""
    fields = line.split()
    if len(fields) != 5:
        raise ValueError(f"expected 5 fields, got {len(fields)}")
    minute, hour, day, month, weekday = fields
    return CronTrigger(
        minute=minute,
        hour=hour,
        day=day,
        month=month,
        day_of_week=_weekday_field(weekday),
        timezone=zone,
    )


def checked(line: str, *, example: str, off: str) -> str:
    """A settings value: a crontab line (stripped), or '' for `off`; ValueError saying how
    to write one otherwise. `example` is a valid line to show."""
    line = line.strip()
    if line:
        try:
            trigger(line, ZoneInfo("UTC"))
        except ValueError as error:
            raise ValueError(
                f"not a crontab expression ({error}); use five fields like '{example}', "
                f"or an empty string for {off}"
            ) from error
    return line
