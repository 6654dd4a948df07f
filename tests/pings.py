"""Whether a reply could ping anyone once an adapter renders it, on Slack and on Discord.

Member-written text reaches the core as typed; each adapter defuses mentions when it
renders (Slack escapes ``<``, ``>`` and ``&`` and breaks @here/@channel/@everyone; Discord
escapes @everyone/@here and sends every message with no mention allowed). These look at
what would go over the wire.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from adapters.discord.render import render
from adapters.slack.render import messages
from bot.model import Reply

PINGS = re.compile(r"<[@#!]|@(everyone|here|channel)\b", re.IGNORECASE)
MASS = re.compile(r"@(everyone|here)\b", re.IGNORECASE)


def strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)


def slack_pings(reply: Reply) -> list[str]:
    """Every string of the Slack payloads that Slack would read as a mention."""
    return [s for s in strings(messages(reply)) if PINGS.search(s)]


def discord_pings(reply: Reply) -> list[str]:
    """A message that allows mentions, or a mass mention left whole in its text."""
    found = []
    for page in render(reply):
        payload = page.payload()
        allowed = payload["allowed_mentions"]
        if not isinstance(allowed, dict) or allowed.get("parse") or allowed.get("users"):
            found.append(f"mentions allowed: {allowed}")
        found += [s for s in strings(payload) if MASS.search(s)]
    return found


def pings(reply: Reply) -> list[str]:
    return slack_pings(reply) + discord_pings(reply)
