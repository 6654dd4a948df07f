"""Free text said to the bot (a mention, a DM): a command by name, otherwise a library search."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.model import Actor, Command, Place, Reply

if TYPE_CHECKING:
    from bot.app import App

HELP = "help"
SEARCH = "resources"
# A leading mention of the bot (or anyone): Slack <@U123> / <@U123|name>, Discord <@123> /
# <@!123>, or a typed @name; then any slash before the command word.
LEADING = re.compile(r"^\s*(?:<@!?[A-Za-z0-9]+(?:\|[^>]*)?>|@[\w.-]+)[\s,:]*")


def strip_address(text: str) -> str:
    """The text without the mentions and slash people put before what they ask."""
    previous = None
    while previous != text:
        previous = text
        text = LEADING.sub("", text, count=1)
    return text.strip().lstrip("/").strip()


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
