"""INTERACTION_CREATE payloads as Discord's gateway sends them, for the tests to feed."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from tests.discord.fake_discord import APP_ID, user

GUILD = 555_000_000_000_000_001
CHANNEL = 111
THREAD = 666_000_000_000_000_001
ORGANIZER_ROLE = 777_000_000_000_000_001
ORGANIZER_USER = 424_242_424_242_424_242
MEMBER = 123_456_789_012_345_678
_ids = itertools.count(1)


def _base(
    kind: int,
    data: dict[str, Any],
    *,
    user_id: int,
    roles: Sequence[int],
    channel: int,
    message: dict[str, Any] | None = None,
    thread_parent: int | None = None,
) -> dict[str, Any]:
    n = next(_ids)
    channel_data: dict[str, Any] = {
        "id": str(channel),
        "type": 0,
        "guild_id": str(GUILD),
        "name": "general",
        "position": 0,
        "permission_overwrites": [],
    }
    if thread_parent is not None:
        channel_data = {
            "id": str(channel),
            "type": 11,
            "guild_id": str(GUILD),
            "name": "prompt",
            "parent_id": str(thread_parent),
            "owner_id": str(MEMBER),
            "message_count": 1,
            "member_count": 1,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": "2026-01-05T15:00:00+00:00",
                "locked": False,
            },
        }
    payload: dict[str, Any] = {
        "id": str(1_200_000_000_000_000_000 + n),
        "application_id": str(APP_ID),
        "type": kind,
        "token": f"token-{n}",
        "version": 1,
        "guild_id": str(GUILD),
        "channel_id": str(channel),
        "channel": channel_data,
        "member": {
            "user": user(user_id, f"user{user_id % 1000}"),
            "roles": [str(r) for r in roles],
            "joined_at": "2025-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "permissions": "0",
            "flags": 0,
        },
        "data": data,
        "locale": "en-US",
        "guild_locale": "en-US",
        "app_permissions": "0",
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(GUILD)},
        "context": 0,
        "attachment_size_limit": 10_485_760,
    }
    if message is not None:
        payload["message"] = message
    return payload


def command(
    name: str,
    options: Sequence[dict[str, Any]] = (),
    *,
    sub: str | None = None,
    user_id: int = MEMBER,
    roles: Sequence[int] = (),
    channel: int = CHANNEL,
    autocomplete: bool = False,
    thread_parent: int | None = None,
) -> dict[str, Any]:
    """An application command (type 2) or its autocomplete (type 4)."""
    opts = list(options)
    if sub is not None:
        opts = [{"type": 1, "name": sub, "options": opts}]
    data = {"id": "1", "name": name, "type": 1, "guild_id": str(GUILD), "options": opts}
    return _base(
        4 if autocomplete else 2,
        data,
        user_id=user_id,
        roles=roles,
        channel=channel,
        thread_parent=thread_parent,
    )


def option(name: str, value: Any, kind: int = 3, *, focused: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "type": kind, "value": value}
    if focused:
        out["focused"] = True
    return out


def message(
    components: list[dict[str, Any]],
    *,
    ephemeral: bool = False,
    message_id: int = 1_250_000_000_000_000_000,
) -> dict[str, Any]:
    return {
        "id": str(message_id),
        "channel_id": str(CHANNEL),
        "author": user(1, "collab-bot", bot=True),
        "content": "",
        "timestamp": "2026-01-05T15:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": False,
        "type": 0,
        "flags": 64 if ephemeral else 0,
        "components": components,
    }


def press(
    custom_id: str,
    components: list[dict[str, Any]],
    *,
    user_id: int = MEMBER,
    roles: Sequence[int] = (),
    ephemeral: bool = False,
) -> dict[str, Any]:
    """A button press (type 3) on a message carrying `components`."""
    data = {"custom_id": custom_id, "component_type": 2}
    return _base(
        3,
        data,
        user_id=user_id,
        roles=roles,
        channel=CHANNEL,
        message=message(components, ephemeral=ephemeral),
    )


def submit(
    custom_id: str, values: dict[str, str], *, user_id: int = MEMBER, roles: Sequence[int] = ()
) -> dict[str, Any]:
    """A modal submission (type 5) with one labelled text input per value."""
    rows = [
        {"type": 18, "id": n, "component": {"type": 4, "id": n + 100, "custom_id": k, "value": v}}
        for n, (k, v) in enumerate(values.items(), 1)
    ]
    return _base(
        5,
        {"custom_id": custom_id, "components": rows},
        user_id=user_id,
        roles=roles,
        channel=CHANNEL,
    )


def custom_ids(components: list[dict[str, Any]]) -> list[str]:
    return [
        c["custom_id"] for row in components for c in row.get("components", []) if "custom_id" in c
    ]


def role(role_id: int, name: str, position: int) -> dict[str, Any]:
    return {
        "id": str(role_id),
        "name": name,
        "color": 0,
        "hoist": False,
        "position": position,
        "permissions": "0",
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }


def guild(threads: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """GUILD_CREATE as the gateway sends it at connect (the guilds intent): roles, channels."""
    return {
        "id": str(GUILD),
        "name": "Collaborative",
        "owner_id": "1",
        "roles": [role(GUILD, "@everyone", 0), role(ORGANIZER_ROLE, "Organizers", 1)],
        "emojis": [],
        "stickers": [],
        "features": [],
        "member_count": 2,
        "members": [],
        "voice_states": [],
        "presences": [],
        "unavailable": False,
        "channels": [
            {
                "id": str(CHANNEL),
                "type": 0,
                "name": "journey",
                "position": 0,
                "permission_overwrites": [],
            }
        ],
        "threads": list(threads),
    }


def message_command(
    name: str,
    content: str,
    *,
    embeds: Sequence[dict[str, Any]] = (),
    user_id: int = MEMBER,
    roles: Sequence[int] = (),
    author: int = MEMBER,
) -> dict[str, Any]:
    """A message context-menu command: an APPLICATION_COMMAND interaction (type 2) whose
    data has type 3 (MESSAGE), the target_id, and the message in data.resolved.messages."""
    target = str(1_260_000_000_000_000_000 + next(_ids))
    target_message = {
        **message([]),
        "id": target,
        "author": user(author, f"user{author % 1000}"),
        "content": content,
        "embeds": list(embeds),
        "flags": 0,
    }
    data = {
        "id": "2",
        "name": name,
        "type": 3,
        "guild_id": str(GUILD),
        "target_id": target,
        "resolved": {"messages": {target: target_message}},
    }
    return _base(2, data, user_id=user_id, roles=roles, channel=CHANNEL)
