"""Small helpers shared by the topics tests."""

from __future__ import annotations

from datetime import timedelta

from bot.limits import problems
from bot.model import DirectMessage, Reply, Target
from storage.models.events import SCHEDULED, Event
from storage.models.resources import Resource
from tests.harness import TestBot, reply_text


async def suggest(bot: TestBot, text: str, user: str = "ana", platform: str = "slack") -> int:
    """Post a suggestion (pressing "Post mine anyway" if asked) and return its number; the
    member may read English or Spanish (a platform locale the bot remembers)."""
    reply = await bot.command(f"/suggest {text}", user, platform=platform)
    for anyway in ("Post mine anyway", "Publicar la mía igual"):
        if anyway in reply_text(reply):
            reply = await bot.press(reply, anyway, user, platform=platform)
    assert "is posted" in reply.text or "ya está publicada" in reply.text, reply.text
    return int(reply.text.split("#", 1)[1].split(" ", 1)[0])


def dms(bot: TestBot, user: str, platform: str) -> list[Reply]:
    out = []
    for target, reply, _key in bot.posts(platform):
        if isinstance(target, DirectMessage) and target.user_id == user:
            assert problems(reply) == [], problems(reply)
            out.append(reply)
    return out


def channel_posts(bot: TestBot, channel: str) -> list[tuple[Target, Reply, str]]:
    return [
        post
        for post in bot.posts()
        if not isinstance(post[0], DirectMessage) and post[0].channel_id == channel
    ]


async def decide(bot: TestBot, line: str, user: str = "org", *, platform: str = "console") -> Reply:
    """An organizer's decision, confirmed when the bot asks (as it does when people will be
    messaged); returns the bot's last answer."""
    reply = await bot.command(line, user, platform=platform, organizer=True)
    return await confirmed(bot, reply, user, platform=platform)


async def confirmed(
    bot: TestBot, reply: Reply, user: str = "org", *, platform: str = "console"
) -> Reply:
    if any(b.label == "Confirm" for s in reply.sections for b in s.buttons):
        return await bot.press(reply, "Confirm", user, platform=platform, organizer=True)
    return reply


async def an_event(
    bot: TestBot, title: str = "Health equity webinar", status: str = SCHEDULED
) -> int:
    """An event on the calendar (or cancelled) to plan suggestions for; returns its number."""
    now = bot.clock.now()
    async with bot.db.session() as session:
        event = Event(
            uid=f"{title}-{now.timestamp()}-{status}@test",
            title=title,
            starts_at=now + timedelta(days=30),
            ends_at=now + timedelta(days=30, hours=1),
            status=status,
            created_at=now,
            updated_at=now,
        )
        session.add(event)
        await session.flush()
        return int(event.id or 0)


async def a_resource(bot: TestBot, title: str = "Language access toolkit") -> int:
    now = bot.clock.now()
    async with bot.db.session() as session:
        row = Resource(
            url_key=f"example.org/{title}",
            url=f"https://example.org/{title}",
            title=title,
            added_at=now,
            updated_at=now,
        )
        session.add(row)
        await session.flush()
        return int(row.id or 0)
