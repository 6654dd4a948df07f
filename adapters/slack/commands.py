"""Slack names for the router's root commands, avoiding Slack's built-in slash commands.

Slack refuses an app manifest that declares a built-in command (``/remind``, ``/topic``,
``/who``...). A root with such a name is offered on Slack as ``/collab-<name>`` instead;
every other root keeps its own name, so ``/help`` and ``/resources`` read the same on each
platform.
"""

from __future__ import annotations

from bot.router import CommandSpec

PREFIX = "collab-"
MAX_NAME = 32
# https://slack.com/help/articles/201259356 (built-in slash commands), plus a few that
# workspaces commonly have and that an app cannot take over.
RESERVED = frozenset(
    {
        "active",
        "apps",
        "archive",
        "away",
        "call",
        "collapse",
        "dm",
        "dnd",
        "expand",
        "feed",
        "feedback",
        "invite",
        "join",
        "kick",
        "leave",
        "me",
        "msg",
        "mute",
        "open",
        "prefs",
        "pro",
        "remind",
        "remove",
        "rename",
        "search",
        "shortcuts",
        "shrug",
        "star",
        "status",
        "topic",
        "who",
    }
)


def slack_name(root: str) -> str:
    """The Slack command (without the slash) for a router root."""
    name = f"{PREFIX}{root}" if root in RESERVED else root
    return name[:MAX_NAME]


def roots(specs: list[CommandSpec]) -> dict[str, list[CommandSpec]]:
    """Root command -> its specs (the root itself and its sub-commands), in name order."""
    grouped: dict[str, list[CommandSpec]] = {}
    for spec in sorted(specs, key=lambda s: s.name):
        grouped.setdefault(spec.root, []).append(spec)
    return grouped


def slack_names(specs: list[CommandSpec]) -> dict[str, str]:
    """Slack command name -> router root, for every root command."""
    return {slack_name(root): root for root in roots(specs)}
