"""Small helpers shared by the topics tests."""

from __future__ import annotations

from bot.limits import problems
from bot.model import DirectMessage, Reply, Target
from tests.harness import TestBot, reply_text


async def suggest(bot: TestBot, text: str, user: str = "ana", platform: str = "slack") -> int:
    """Post a suggestion (pressing "Post mine anyway" if asked) and return its number."""
    reply = await bot.command(f"/suggest {text}", user, platform=platform)
    if "Post mine anyway" in reply_text(reply):
        reply = await bot.press(reply, "Post mine anyway", user, platform=platform)
    assert "is posted" in reply.text, reply.text
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
