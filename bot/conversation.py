"""Free text said to the bot (a mention, a DM): a command by name, otherwise a library search.

The adapter strips its own mention syntax first (`strip_leading` with its pattern), so the
core sees only what was asked, perhaps after a typed ``@name`` and a slash.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.model import Actor, Command, Place, Reply

if TYPE_CHECKING:
    from bot.app import App

HELP = "help"
SEARCH = "resources"
# A typed @name before what is asked (any platform's plain text, the console's too).
TYPED = re.compile(r"^\s*@[\w.-]+[\s,:]*")


def strip_leading(text: str, *patterns: re.Pattern[str]) -> str:
    """`text` without the addresses the patterns match at its start, in any order."""
    previous = None
    while previous != text:
        previous = text
        for pattern in (*patterns, TYPED):
            text = pattern.sub("", text, count=1)
    return text


def strip_address(text: str) -> str:
    """The text without a typed @name and the slash people put before what they ask."""
    return strip_leading(text).strip().lstrip("/").strip()


def as_command(text: str, actor: Actor, place: Place, roots: set[str]) -> Command:
    """The Command the text means: a known root by name, help when empty, else a search."""
    said = strip_address(text)
    if not said:
        return Command(HELP, "", actor, place)
    head, _, rest = said.partition(" ")
    name = head.lower().lstrip("/")
    if name in roots:
        return Command(name, rest.strip(), actor, place)
    return Command(SEARCH, said, actor, place)


async def answer_text(text: str, actor: Actor, place: Place, app: App) -> Reply:
    """Answer free text through the app's front door, so role checks and errors apply."""
    roots = {spec.root for spec in app.router.specs()}
    return await app.handle(as_command(text, actor, place, roots))
