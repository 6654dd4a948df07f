"""Replies in a prompt's thread: recorded with author, platform, text and time, unless the
author opted out; each platform message is kept once."""

from __future__ import annotations

import json

from bot.deps import Deps
from bot.features.journey.posting import KIND
from bot.model import Actor, Message
from bot.params import clean
from storage import journey as store
from storage.models.journey import JourneyReply

MAX_REPLY = 4000


async def record(message: Message, deps: Deps) -> bool:
    """Keep `message` if it answers a journey prompt; True if it was new and kept."""
    place = message.place
    text = clean(message.text).strip()[:MAX_REPLY]
    if not place.thread_id or not text or not message.message_id:
        return False
    async with deps.db.read() as session:
        post = await store.sent_post_for_thread(
            session,
            kind=KIND,
            platform=place.platform,
            thread_id=place.thread_id,
            channel_id=place.channel_id,
        )
        if post is None or await store.is_opted_out(
            session, message.actor.platform, message.actor.user_id
        ):
            return False
    about = json.loads(post.payload)
    reply = JourneyReply(
        quarter=about["quarter"],
        prompt_id=about["prompt"],
        platform=place.platform,
        channel_id=place.channel_id[:64],
        thread_id=place.thread_id[:100],
        message_id=message.message_id[:100],
        author_key=message.actor.key[:100],
        author_name=message.actor.display_name[:200],
        text=text,
        replied_at=deps.clock.now(),
    )
    async with deps.db.session() as session:
        return await store.add_reply(session, reply)


async def set_optout(deps: Deps, actor: Actor, optout: bool) -> int:
    """Record the choice; opting out also forgets what was kept. Returns replies forgotten."""
    async with deps.db.session() as session:
        await store.set_optout(
            session,
            platform=actor.platform,
            user_id=actor.user_id,
            display_name=actor.display_name,
            optout=optout,
            now=deps.clock.now(),
        )
        return await store.forget_replies(session, actor.key) if optout else 0
