"""Prompt posts as rows in the delivery queue: materialized ahead, pulled forward, skipped.

The database is the truth. An idempotent job queues one delivery per (prompt, journey
channel) under a unique key such as ``journey:2026-Q1:kickoff:slack:C1``, due at the
cron-computed time and expiring at the end of the catch-up window; the worker's claims make
each post go out once even with two processes. Nothing here posts directly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from bot import platforms
from bot.delivery.queue import schedule
from bot.deps import Deps
from bot.features.journey.content import NO_CONTENT, Content
from bot.features.journey.schedule import QuarterId, Slot, horizon, slots
from bot.features.journey.settings import JourneySettings
from bot.model import Place
from storage import journey as store
from storage import refs
from storage.deliveries import cancel_pending
from storage.models.deliveries import CLAIMED, PENDING, Delivery
from storage.models.journey import JourneyPost

KIND = "journey.prompt"


@dataclass(frozen=True)
class Outcome:
    """What post-now did: channels it queued the prompt for, and channels that had it."""

    slot: Slot
    queued: int = 0
    already: int = 0


def delivery_key(slot: Slot, place: Place) -> str:
    return refs.journey_post(str(slot.quarter), slot.prompt.id, place.platform, place.channel_id)


def payload(slot: Slot) -> str:
    return json.dumps({"quarter": str(slot.quarter), "prompt": slot.prompt.id})


def journey_places(deps: Deps) -> list[Place]:
    """The journey channels this process posts to (its enabled platforms)."""
    return deps.settings.places("journey", deps.platforms)


def configured(deps: Deps, place: Place) -> bool:
    """Still a journey channel in config, on any platform (another process may serve it)."""
    known = place.platform in platforms.names()
    return known and place in deps.settings.places("journey", (place.platform,))


def content_of(deps: Deps) -> Content:
    """The configured content; the shipped starter set only while [bot] starter_pack is on,
    so a deployment (or a test) that turned the starter pack off gets no surprise posts."""
    settings = deps.settings
    if not settings.section(JourneySettings).content_file and not settings.bot.starter_pack:
        return NO_CONTENT
    return settings.section(JourneySettings).content()


def plan(deps: Deps, now: datetime) -> list[Slot]:
    """Every prompt around `now` (last, this and next quarter), in due order."""
    settings = deps.settings
    return slots(
        content_of(deps),
        horizon(now, settings.bot.zone),
        post_time=settings.section(JourneySettings).post_time,
        catch_up=settings.section(JourneySettings).catch_up_window,
        zone=settings.bot.zone,
    )


def current_quarter(deps: Deps) -> QuarterId:
    return QuarterId.of(deps.clock.now().astimezone(deps.settings.bot.zone).date())


async def open_slots(deps: Deps, now: datetime) -> list[Slot]:
    """Prompts whose window is still open and that no organizer skipped."""
    async with deps.db.read() as session:
        skips = await store.skipped(session)
    return [
        s for s in plan(deps, now) if s.expires > now and (str(s.quarter), s.prompt.id) not in skips
    ]


async def record_sent(deps: Deps) -> int:
    """Copy sent prompts into journey_posts, which outlives the queue's housekeeping."""
    async with deps.db.read() as session:
        sent = await store.unrecorded_posts(session, KIND)
    if not sent:
        return 0
    async with deps.db.session() as session:
        for row in sent:
            about = json.loads(row.payload)
            post = JourneyPost(
                key=row.key,
                quarter=about["quarter"],
                prompt_id=about["prompt"],
                platform=row.platform,
                channel_id=row.target_id,
                external_id=row.external_id,
                posted_at=row.sent_at or deps.clock.now(),
            )
            await store.record_post(session, post)
    return len(sent)


async def materialize(deps: Deps) -> int:
    """Queue every open prompt for every journey channel; move pending ones whose time changed.

    Safe to run any number of times in any number of processes: a key is queued once, and
    never again once it was posted, even after housekeeping forgot its delivery row.
    """
    await record_sent(deps)
    if not deps.settings.section(JourneySettings).enabled:
        return 0
    now = deps.clock.now()
    wanted = {
        delivery_key(slot, place): (slot, place)
        for slot in await open_slots(deps, now)
        for place in journey_places(deps)
    }
    async with deps.db.read() as session:
        existing = await store.deliveries_by_key(session, wanted)
        posted = await store.posted_keys(session, wanted)
    todo = {
        k: v
        for k, v in wanted.items()
        if k not in posted and _needs_work(existing.get(k), v[0], now)
    }
    if not todo:
        return 0
    added = 0
    async with deps.db.session() as session:
        for key, (slot, place) in todo.items():
            if key in existing:
                await store.move_pending(
                    session, key, due_at=slot.due, expires_at=slot.expires, only_after=now
                )
                continue
            added += await schedule(
                session,
                key=key,
                kind=KIND,
                target=place,
                due_at=slot.due,
                now=now,
                ref=slot.ref,
                payload=payload(slot),
                expires_at=slot.expires,
            )
    return added


def _needs_work(row: Delivery | None, slot: Slot, now: datetime) -> bool:
    if row is None:
        return True
    # A pending row not yet due follows the content (post time edited); others are history.
    moved = row.due_at != slot.due or row.expires_at != slot.expires
    return row.status == PENDING and row.due_at > now and moved


async def next_slot(deps: Deps) -> Slot | None:
    """The next prompt not yet posted (or given up) on every journey channel."""
    now = deps.clock.now()
    candidates = await open_slots(deps, now)
    places = journey_places(deps)
    keys = [delivery_key(s, p) for s in candidates for p in places]
    async with deps.db.read() as session:
        rows = await store.deliveries_by_key(session, keys)
        posted = await store.posted_keys(session, keys)
    for slot in candidates:
        if not places or any(
            _open(rows.get(key), key in posted) for key in (delivery_key(slot, p) for p in places)
        ):
            return slot
    return None


def _open(row: Delivery | None, posted: bool) -> bool:
    """Still to be posted on this channel: not posted, and queued or not queued yet."""
    return not posted and (row is None or row.status in (PENDING, CLAIMED))


async def post_now(deps: Deps, slot: Slot) -> Outcome:
    """Queue `slot` for every journey channel, due now; a channel that had it keeps it once."""
    now = deps.clock.now()
    expires = now + deps.settings.section(JourneySettings).catch_up_window
    queued = already = 0
    async with deps.db.session() as session:
        places = journey_places(deps)
        posted = await store.posted_keys(session, [delivery_key(slot, p) for p in places])
        for place in places:
            key = delivery_key(slot, place)
            if key in posted:
                already += 1
                continue
            added = await schedule(
                session,
                key=key,
                kind=KIND,
                target=place,
                due_at=now,
                now=now,
                ref=slot.ref,
                payload=payload(slot),
                expires_at=expires,
            )
            if added or await store.move_pending(session, key, due_at=now, expires_at=expires):
                queued += 1
            else:
                already += 1
    return Outcome(slot, queued=queued, already=already)


async def skip(deps: Deps, slot: Slot, by: str) -> int:
    """Remember the skip (so the job never queues it again) and withdraw its pending posts;
    returns how many were withdrawn."""
    async with deps.db.session() as session:
        await store.add_skip(
            session,
            quarter=str(slot.quarter),
            prompt_id=slot.prompt.id,
            by=by,
            now=deps.clock.now(),
        )
        return await cancel_pending(session, ref=slot.ref, kind=KIND)
