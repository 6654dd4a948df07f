"""The Slack app manifest, generated from the router's command specs.

`collab-bot slack manifest` prints it; `manifest.yml` at the repo root is the Socket Mode
default, and a test fails when it no longer matches the router. Only the scopes below are
asked for, each for the reason next to it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from adapters.slack.commands import roots, slack_name
from adapters.slack.http import EVENTS_PATH
from bot.config import Settings
from bot.features.resources.api import ResourcesSettings
from bot.message_commands import MessageCommandSpec
from bot.router import CommandSpec

SCOPES: dict[str, str] = {
    "commands": "slash commands",
    "chat:write": "answers, reminders, announcements and prompts",
    "files:write": "calendar files (.ics) that come with some answers and posts",
    "im:write": "open a DM for reminders and close-the-loop notices (conversations.open)",
    "usergroups:read": "organizers may be a user group (usergroups.users.list)",
    "channels:history": "thread replies to journey prompts; find a post after a dropped link",
    "groups:history": "the same, when the journey channel is private",
    "im:history": "DMs to the bot (message.im); find a DM after a dropped connection",
    "app_mentions:read": "@collab-bot in a channel is answered (app_mention)",
    "users:read": "each member's time zone from their profile (users.info -> tz)",
    "channels:read": "`collab-bot doctor`: is the bot in each configured channel",
    "groups:read": "the same, for private channels",
    "links:read": "a library item's link posted in a channel (link_shared)",
    "links:write": "preview that link with the library's card (chat.unfurl)",
}
BOT_EVENTS = (
    "app_home_opened",
    "app_mention",
    "link_shared",
    "message.channels",
    "message.groups",
    "message.im",
)
SHORTCUT_DESCRIPTION = 150  # a shortcut's description (its name: at most 24 characters)
DESCRIPTION_LIMIT = 140
USAGE_LIMIT = 1000


def _command(root: str, specs: list[CommandSpec], url: str | None) -> dict[str, Any]:
    own = next((s for s in specs if s.sub is None), None)
    subs = [s.sub for s in specs if s.sub]
    description = own.description if own else f"{root}: " + ", ".join(str(s) for s in subs)
    hints = [" | ".join(str(s) for s in subs)] if subs else []
    if own is not None:
        hints += [p.usage() for p in own.params]
    entry: dict[str, Any] = {
        "command": f"/{slack_name(root)}",
        "description": description[:DESCRIPTION_LIMIT],
    }
    if hints:
        entry["usage_hint"] = " ".join(hints)[:USAGE_LIMIT]
    if url:
        entry["url"] = url
    entry["should_escape"] = False
    return entry


def _shortcut(spec: MessageCommandSpec) -> dict[str, Any]:
    return {
        "name": spec.name,
        "type": "message",
        "callback_id": spec.form,
        "description": spec.description[:SHORTCUT_DESCRIPTION],
    }


def build_manifest(
    specs: list[CommandSpec],
    settings: Settings,
    *,
    request_url: str | None = None,
    shortcuts: Sequence[MessageCommandSpec] = (),
) -> dict[str, Any]:
    """The manifest as a dict; `request_url` (``https://host/slack/events``) means HTTP mode;
    `shortcuts` are the router's message commands (message shortcuts on Slack)."""
    name = settings.bot.name
    events: dict[str, Any] = {"bot_events": list(BOT_EVENTS)}
    interactivity: dict[str, Any] = {"is_enabled": True}
    if request_url:
        events = {"request_url": request_url, **events}
        interactivity["request_url"] = request_url
    return {
        "display_information": {
            "name": name,
            "description": f"Resources, events, topics and the learning journey for the "
            f"{settings.bot.collaborative}."[:DESCRIPTION_LIMIT],
        },
        "features": {
            "app_home": {
                "home_tab_enabled": True,
                "messages_tab_enabled": True,
                # Members may write to the bot in its Messages tab (a DM is answered).
                "messages_tab_read_only_enabled": False,
            },
            "bot_user": {"display_name": name[:80], "always_online": True},
            "slash_commands": [
                _command(root, group, request_url) for root, group in roots(specs).items()
            ],
            **({"shortcuts": [_shortcut(s) for s in shortcuts]} if shortcuts else {}),
            **(
                {"unfurl_domains": list(settings.section(ResourcesSettings).unfurl_domains)}
                if settings.section(ResourcesSettings).unfurl_domains
                else {}
            ),
        },
        "oauth_config": {"scopes": {"bot": sorted(SCOPES)}},
        "settings": {
            "event_subscriptions": events,
            "interactivity": interactivity,
            "org_deploy_enabled": False,
            "socket_mode_enabled": request_url is None,
            "token_rotation_enabled": False,
        },
    }


def request_url_for(public_url: str) -> str:
    return public_url.rstrip("/") + EVENTS_PATH


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)  # a valid YAML double-quoted string


def to_yaml(value: Any, indent: int = 0) -> str:
    """Block-style YAML for dicts, lists and scalars (all a manifest holds)."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                lines.append(f"{pad}{key}:")
                lines.append(to_yaml(item, indent + 2))
            else:
                lines.append(f"{pad}{key}: {_scalar(item) if item != [] else '[]'}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                body = to_yaml(item, indent + 2).lstrip()
                lines.append(f"{pad}- {body}")
            else:
                lines.append(f"{pad}- {_scalar(item)}")
    else:
        lines.append(pad + _scalar(value))
    return "\n".join(lines)


def manifest_yaml(
    specs: list[CommandSpec],
    settings: Settings,
    request_url: str | None = None,
    shortcuts: Sequence[MessageCommandSpec] = (),
) -> str:
    header = (
        "# Slack app manifest for collab-bot, generated by `collab-bot slack manifest`.\n"
        "# Create the app at https://api.slack.com/apps -> Create New App -> From a manifest.\n"
    )
    return (
        header
        + to_yaml(build_manifest(specs, settings, request_url=request_url, shortcuts=shortcuts))
        + "\n"
    )
