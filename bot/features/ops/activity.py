"""What happened since the last summary (posts sent and failed, commands handled), logged as
one INFO line every `SUMMARY_SECONDS` so a quiet log still says the bot is at work."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.deps import Deps
from bot.model import Reply
from bot.router import Call, Job, Next, Router
from storage.models.deliveries import SENT

log = logging.getLogger("bot.activity")
SUMMARY_SECONDS = 15 * 60
ORDER = ("posts sent", "posts failed", "commands handled")
router = Router("ops")


@dataclass
class Activity:
    """This process's counts since the last summary line."""

    counts: Counter[str] = field(default_factory=Counter)
    since: datetime | None = None


def counts(deps: Deps) -> Counter[str]:
    return deps.state.get(Activity).counts


def note(deps: Deps, what: str) -> None:
    counts(deps)[what] += 1


@router.use
async def count_handled(call: Call, deps: Deps, next: Next) -> Reply:
    """Every interaction counts, answered or refused: the first step of every call."""
    note(deps, "commands handled")
    return await next(call)


@router.on_outcome
def count_posts(status: str, deps: Deps) -> None:
    note(deps, "posts sent" if status == SENT else "posts failed")


def summary_line(deps: Deps) -> str:
    counted = counts(deps)
    line = ", ".join(f"{counted[k]} {k}" for k in ORDER)
    counted.clear()
    return f"last {SUMMARY_SECONDS // 60} min: {line}"


async def _summary(deps: Deps) -> None:
    # A fake clock runs every job at each step: log only once the period has passed.
    now = deps.clock.now()
    activity = deps.state.get(Activity)
    if activity.since is None:
        activity.since = now
    if now - activity.since >= timedelta(seconds=SUMMARY_SECONDS):
        activity.since = now
        log.info("%s", summary_line(deps))


router.jobs["activity-summary"] = Job("activity-summary", _summary, seconds=SUMMARY_SECONDS)
