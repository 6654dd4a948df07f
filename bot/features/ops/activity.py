"""What happened since the last summary (posts sent and failed, commands handled), logged as
one INFO line every `SUMMARY_SECONDS` so a quiet log still says the bot is at work."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta

from bot.deps import Deps
from bot.router import Job, Router

log = logging.getLogger("bot.activity")
SUMMARY_SECONDS = 15 * 60
KEY = "activity"
ORDER = ("posts sent", "posts failed", "commands handled")


def counts(deps: Deps) -> Counter[str]:
    found = deps.status.get(KEY)
    if not isinstance(found, Counter):
        found = deps.status[KEY] = Counter()
    return found


def note(deps: Deps, what: str) -> None:
    counts(deps)[what] += 1


def summary_line(deps: Deps) -> str:
    counted = counts(deps)
    line = ", ".join(f"{counted[k]} {k}" for k in ORDER)
    counted.clear()
    return f"last {SUMMARY_SECONDS // 60} min: {line}"


async def _summary(deps: Deps) -> None:
    # A fake clock runs every job at each step: log only once the period has passed.
    now = deps.clock.now()
    last = deps.status.setdefault("activity_since", now)
    assert isinstance(last, datetime)
    if now - last >= timedelta(seconds=SUMMARY_SECONDS):
        deps.status["activity_since"] = now
        log.info("%s", summary_line(deps))


def activity_router() -> Router:
    router = Router("activity")
    router.jobs["activity-summary"] = Job("activity-summary", _summary, seconds=SUMMARY_SECONDS)
    return router
