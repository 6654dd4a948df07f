"""Replies in a prompt's thread: recorded with author, platform, text and time, unless the
author opted out; each platform message is kept once."""

from __future__ import annotations

import json

from sqlalchemy.ext.asyncio import AsyncSession

from bot.deps import Deps
from bot.features.journey.posting import KIND
from bot.model import Actor, Message, Place
from bot.params import clean
from storage import journey as store
from storage import members, people
from storage.models.journey import JourneyReply

MAX_REPLY = 4000


async def record(message: Message, deps: Deps) -> bool:
    """Keep `message` if it answers a journey prompt; True if it was new and kept."""
    place = message.place
    text = clean(message.text).strip()[:MAX_REPLY]
    if not place.thread_id or not text or not message.message_id:
        return False
    actor = message.actor
    async with deps.db.read() as session:
        prompt = await _prompt_of_thread(session, place)
        if prompt is None or await members.is_opted_out(session, actor.account):
            return False
        # A linked member's replies are theirs from either account (one opt-out, one author).
        person = await people.person_key(session, actor.platform, actor.user_id)
    quarter, prompt_id = prompt
    reply = JourneyReply(
        quarter=quarter,
        prompt_id=prompt_id,
        platform=place.platform,
        channel_id=place.channel_id[:64],
        thread_id=place.thread_id[:100],
        message_id=message.message_id[:100],
        author_key=(person or actor.key)[:100],
        author_name=actor.display_name[:200],
        text=text,
        replied_at=deps.clock.now(),
    )
    async with deps.db.session() as session:
        return await store.add_reply(session, reply)


async def _prompt_of_thread(session: AsyncSession, place: Place) -> tuple[str, str] | None:
    """(quarter, prompt id) of the journey post that started `place`'s thread, if any.

    journey_posts holds every post the job has recorded; a post sent since its last run is
    still found through its delivery row.
    """
    assert place.thread_id is not None
    where = {"platform": place.platform, "thread_id": place.thread_id}
    recorded = await store.post_for_thread(session, channel_id=place.channel_id, **where)
    if recorded is not None:
        return recorded.quarter, recorded.prompt_id
    sent = await store.sent_post_for_thread(
        session, kind=KIND, channel_id=place.channel_id, **where
    )
    if sent is None:
        return None
    about = json.loads(sent.payload)
    return about["quarter"], about["prompt"]


async def set_optout(deps: Deps, actor: Actor, optout: bool) -> int:
    """Record the person's choice (linked accounts share it); opting out also forgets what
    was kept from any of their accounts. Returns replies forgotten."""
    async with deps.db.session() as session:
        now = deps.clock.now()
        await members.set_optout(session, actor.account, optout, now, actor.display_name)
        if not optout:
            return 0
        accounts = await people.accounts(session, actor.platform, actor.user_id)
        return await store.forget_replies_of(session, [a.key for a in accounts])
