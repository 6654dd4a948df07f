"""A digest of the top open suggestions for the organizers' channel, once per period.

The period is the latest time `digest_cron` names (in the collaborative's zone); the
digest's queue key carries it, so however often the job runs, and in however many
processes, each period is queued once per channel. The text is rendered at send time.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.actions import Action
from bot.crontab import trigger as crontab
from bot.delivery.queue import schedule
from bot.deps import Deps
from bot.features.topics import views
from bot.features.topics.settings import TopicsSettings
from bot.model import Button, Field, Place, Reply, Section, plain
from bot.router import Router
from storage import refs
from storage import topics as store
from storage.models.deliveries import Delivery
from storage.models.topics import OPEN, REVIEW

router = Router("topics.digest")
KIND = "topics.digest"
# A digest missed by more than this (the bot was down) is not worth sending late.
GRACE = timedelta(hours=12)
_MAX_STEPS = 2000


def last_period(cron: str, zone: ZoneInfo, now: datetime) -> datetime | None:
    """The latest time `cron` names within GRACE before `now` (inclusive), if any."""
    trigger = crontab(cron, zone)
    latest = None
    fire = trigger.get_next_fire_time(None, now - GRACE)
    for _ in range(_MAX_STEPS):
        if fire is None or fire > now:
            break
        latest = fire
        fire = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
    return latest


def organizer_period(deps: Deps, cron: str) -> tuple[datetime, list[Place]] | None:
    """The latest period `cron` names (within GRACE) and the organizers' channels, if any."""
    places = deps.settings.places("organizers", deps.platforms)
    if not cron or not places:
        return None
    period = last_period(cron, deps.settings.bot.zone, deps.clock.now())
    return None if period is None else (period, places)


async def queue_periodic(deps: Deps, kind: str, period: datetime, places: list[Place]) -> None:
    """Queue `kind` for `period` to each place; the key carries the period, so however often
    this runs, and in however many processes, each period goes out once per channel."""
    stamp = period.isoformat()
    async with deps.db.session() as session:
        for place in places:
            await schedule(
                session,
                key=refs.periodic(kind, stamp, place.platform, place.channel_id),
                kind=kind,
                target=place,
                due_at=period,
                now=deps.clock.now(),
                ref=refs.periodic_ref(kind),
                payload=json.dumps({"period": stamp}),
                expires_at=period + GRACE,
            )


@router.every("topics.digest", cron="*/5 * * * *")
async def queue_digest(deps: Deps) -> None:
    due = organizer_period(deps, deps.settings.section(TopicsSettings).digest_cron)
    if due is None:
        return
    async with deps.db.read() as session:
        top = await store.top_alive(session, 1, (OPEN, REVIEW))
    # Nothing to decide on: no open suggestion, or none with a single vote yet.
    if not top or top[0][1] == 0:
        return
    await queue_periodic(deps, KIND, *due)


@router.renderer(KIND)
async def render_digest(delivery: Delivery, deps: Deps) -> Reply | None:
    async with deps.db.read() as session:
        rows = await store.top_alive(
            session, deps.settings.section(TopicsSettings).digest_size, (OPEN, REVIEW)
        )
    if not any(votes for _, votes in rows):
        return None  # every count 0 (or nothing open): nothing for organizers to weigh
    # Titles and counts only: nine full cards could pass Discord's 6000 characters per message.
    sections = [
        Section(
            title=views.headline(s)[:150],
            fields=(
                Field.of("Votes", str(votes)),
                Field.of("Status", views.status_word(s.status)),
            ),
            buttons=(Button("Details", action=Action("topics.show", (str(s.id),))),),
        )
        for s, votes in rows
    ]
    sections.insert(
        0,
        Section(
            title="Top suggested topics",
            text=plain("The open suggestions with the most votes. Decide with /topics show <id>."),
        ),
    )
    lines = "\n".join(f"{views.headline(s)} ({views.votes_text(votes)})" for s, votes in rows)
    return Reply(
        text=f"Top suggested topics:\n{lines}"[:2000], sections=tuple(sections), private=False
    )
