"""Interested on a mirrored Guild Scheduled Event, from the gateway, to the events feature.

Discord sends GUILD_SCHEDULED_EVENT_USER_ADD / _REMOVE (``guild_scheduled_event_id``,
``user_id``, ``guild_id``) with the GUILD_SCHEDULED_EVENTS intent, which is not
privileged. discord.py turns them into ``on_scheduled_event_user_add`` only when both the
scheduled event and the user are in its cache, which without the members intent they
often are not; so the client also hands the raw payload here (see client.py), and the ids
are all we need.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from bot.deps import Deps
from bot.features.events import api as events
from bot.model import Actor
from storage import discord as store

log = logging.getLogger(__name__)
EVENT_REF_PREFIX = "event:"  # storage/refs.event_mirrored


async def interest_changed(
    deps: Deps, data: Mapping[str, Any], added: bool, display_name: str = ""
) -> bool:
    """Record (or take back) the Maybe that Interested means; False if not one of ours."""
    guild_id, event_id = (
        str(data.get("guild_id", "")),
        str(data.get("guild_scheduled_event_id", "")),
    )
    user_id = str(data.get("user_id", ""))
    if not (guild_id.isdigit() and event_id.isdigit() and user_id.isdigit()):
        return False
    async with deps.db.read() as session:
        row = await store.by_discord_id(session, guild_id, event_id)
    ref = row.event_ref if row is not None else ""
    number = ref.removeprefix(EVENT_REF_PREFIX)
    if not ref.startswith(EVENT_REF_PREFIX) or not number.isdigit():
        return False
    assert row is not None
    actor = Actor("discord", user_id, display_name)
    try:
        return await events.interested(deps, actor, int(number), row.starts_at, added)
    except Exception:
        log.exception("could not record Interested for event %s", number)
        return False
