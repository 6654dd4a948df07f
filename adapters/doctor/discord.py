"""Discord: the token works, the privileged intents the config needs are on, and the bot is in
each guild with the permissions to post in each configured channel."""

from __future__ import annotations

from typing import Any

import aiohttp

from adapters.doctor.permissions import (
    CHANNEL_POST,
    THREAD_POST,
    channel_permissions,
    names,
)
from adapters.doctor.report import Check, failed, passed
from bot.config import Settings

# Application flags (Discord docs, Application resource): the Message Content intent is on
# when either is set (LIMITED for bots in fewer than 100 servers).
GATEWAY_MESSAGE_CONTENT = 1 << 18
GATEWAY_MESSAGE_CONTENT_LIMITED = 1 << 19
TOKEN_FIX = "Developer Portal > Bot > Reset Token, and export it as DISCORD_TOKEN"


class Api:
    def __init__(self, session: aiohttp.ClientSession, base: str, token: str) -> None:
        self.session, self.base = session, base.rstrip("/")
        self.headers = {"Authorization": f"Bot {token}"}

    async def get(self, path: str) -> tuple[int, Any]:
        async with self.session.get(self.base + path, headers=self.headers) as reply:
            body = await reply.json(content_type=None) if reply.status != 204 else None
            return reply.status, body


async def checks(settings: Settings, token: str) -> list[Check]:
    if not token:
        return [failed("Discord token", "DISCORD_TOKEN is not set", TOKEN_FIX)]
    timeout = aiohttp.ClientTimeout(total=15)
    try:
        async with aiohttp.ClientSession(timeout=timeout) as session:
            return await _all(settings, Api(session, settings.discord.api_url, token))
    except (aiohttp.ClientError, TimeoutError) as error:
        return [
            failed(
                "Discord API reachable",
                f"{settings.discord.api_url}: {type(error).__name__}",
                "check the network and [discord] api_url",
            )
        ]


async def _all(settings: Settings, api: Api) -> list[Check]:
    status, me = await api.get("/users/@me")
    if status != 200:
        return [failed("Discord token works (GET /users/@me)", f"HTTP {status}", TOKEN_FIX)]
    found = [passed("Discord token works (GET /users/@me)", f"bot {me.get('username')}")]
    if settings.discord.message_content_intent:
        found.append(await _intent(api))
    joined: dict[str, tuple[Any, Any]] = {}
    for guild_id in settings.discord.guild_ids:
        check, membership = await _guild(api, guild_id, int(me["id"]))
        found.append(check)
        if membership is not None:
            joined[str(guild_id)] = membership
    for channel_id, purpose in _channels(settings):
        found.append(await _channel(api, joined, int(me["id"]), channel_id, purpose))
    return found


async def _intent(api: Api) -> Check:
    name = "Discord Message Content intent enabled"
    status, app = await api.get("/applications/@me")
    if status != 200:
        return failed(name, f"GET /applications/@me: HTTP {status}", TOKEN_FIX)
    if int(app.get("flags") or 0) & (GATEWAY_MESSAGE_CONTENT | GATEWAY_MESSAGE_CONTENT_LIMITED):
        return passed(name)
    return failed(
        name,
        "off, and [discord] message_content_intent = true needs it",
        "Developer Portal > Bot > Privileged Gateway Intents: switch on Message Content Intent "
        "(or set message_content_intent = false)",
    )


async def _guild(api: Api, guild_id: int, bot_id: int) -> tuple[Check, tuple[Any, Any] | None]:
    name = f"Discord bot is in guild {guild_id}"
    status, guild = await api.get(f"/guilds/{guild_id}")
    if status == 200:
        status, member = await api.get(f"/guilds/{guild_id}/members/{bot_id}")
        if status == 200:
            return passed(name, str(guild.get("name", ""))), (guild, member)
    return (
        failed(
            name,
            f"HTTP {status}",
            "invite it with the URL `collab-bot discord invite-url` prints, or fix "
            "[discord] guild_ids",
        ),
        None,
    )


def _channels(settings: Settings) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for purpose in ("announcements", "journey", "suggestions", "organizers"):
        for channel in getattr(settings.discord.channels, purpose):
            seen.setdefault(channel, purpose)
    return list(seen.items())


async def _channel(
    api: Api, joined: dict[str, tuple[Any, Any]], bot_id: int, channel_id: str, purpose: str
) -> Check:
    name = f"Discord bot may post in {purpose} channel {channel_id}"
    status, channel = await api.get(f"/channels/{channel_id}")
    if status != 200:
        return failed(name, f"HTTP {status}", f"check the id in [discord.channels] {purpose}")
    label = f"#{channel.get('name', channel_id)}"
    membership = joined.get(str(channel.get("guild_id")))
    if membership is None:
        return failed(
            name,
            f"{label} is in guild {channel.get('guild_id')}, not one the bot was checked in",
            "add that guild to [discord] guild_ids (and invite the bot there)",
        )
    guild, member = membership
    needed = CHANNEL_POST | (THREAD_POST if purpose == "journey" else 0)
    overwrites = channel.get("permission_overwrites", [])
    missing = needed & ~channel_permissions(guild, member, bot_id, overwrites)
    if missing:
        return failed(
            name,
            f"{label} lacks {', '.join(names(missing))}",
            "channel settings > Permissions: allow these for the bot's role",
        )
    return passed(name, label)
