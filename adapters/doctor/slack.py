"""Slack: the tokens work, carry the manifest's scopes, and the bot is in each channel."""

from __future__ import annotations

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.doctor.report import Check, failed, passed
from adapters.slack.manifest import SCOPES
from bot.config import Secrets, Settings

REINSTALL = (
    "regenerate the manifest (`collab-bot slack manifest`), paste it in the app's settings "
    "and reinstall the app, then export the new SLACK_BOT_TOKEN"
)


async def checks(settings: Settings, secrets: Secrets) -> list[Check]:
    if not secrets.slack_bot_token:
        return [failed("Slack bot token", "SLACK_BOT_TOKEN is not set", "export it (xoxb-...)")]
    client = AsyncWebClient(token=secrets.slack_bot_token, base_url=settings.slack.api_url)
    try:
        reply = await client.auth_test()
    except SlackApiError as error:
        return [
            failed(
                "Slack bot token works (auth.test)",
                str(error.response.get("error")),
                "copy the Bot User OAuth Token from OAuth & Permissions into SLACK_BOT_TOKEN",
            )
        ]
    except (aiohttp.ClientError, TimeoutError) as error:
        return [_unreachable(settings, error)]
    found = [
        passed(
            "Slack bot token works (auth.test)",
            f"team {reply.get('team')}, bot user {reply.get('user_id')}",
        )
    ]
    found.append(_scopes(_header(reply.headers, "x-oauth-scopes")))
    found += await _mode(settings, secrets)
    found += [await _member(client, channel, purpose) for channel, purpose in _channels(settings)]
    return found


def _header(headers: dict[str, object], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return ",".join(value) if isinstance(value, list) else str(value)
    return ""


def _scopes(header: str) -> Check:
    granted = {s.strip() for s in header.split(",") if s.strip()}
    missing = sorted(set(SCOPES) - granted)
    if missing:
        return failed("Slack token scopes", f"missing {', '.join(missing)}", REINSTALL)
    return passed("Slack token scopes", f"all {len(SCOPES)} the manifest asks for")


async def _mode(settings: Settings, secrets: Secrets) -> list[Check]:
    if settings.slack.mode == "http":
        if secrets.slack_signing_secret:
            return [passed("Slack signing secret set (HTTP mode)")]
        return [
            failed(
                "Slack signing secret set (HTTP mode)",
                "SLACK_SIGNING_SECRET is not set",
                "copy Basic Information > Signing Secret into SLACK_SIGNING_SECRET",
            )
        ]
    name = "Slack app token works (Socket Mode, apps.connections.open)"
    if not secrets.slack_app_token:
        return [failed(name, "SLACK_APP_TOKEN is not set", _APP_TOKEN_FIX)]
    client = AsyncWebClient(token=secrets.slack_app_token, base_url=settings.slack.api_url)
    try:
        await client.apps_connections_open(app_token=secrets.slack_app_token)
    except SlackApiError as error:
        return [failed(name, str(error.response.get("error")), _APP_TOKEN_FIX)]
    return [passed(name)]


_APP_TOKEN_FIX = (
    "Basic Information > App-Level Tokens: generate one with connections:write and export it "
    "as SLACK_APP_TOKEN (xapp-...)"
)


def _channels(settings: Settings) -> list[tuple[str, str]]:
    channels = settings.slack.channels
    seen: dict[str, str] = {}
    for purpose in ("announcements", "journey", "suggestions", "organizers"):
        for channel in getattr(channels, purpose):
            seen.setdefault(channel, purpose)
    return list(seen.items())


async def _member(client: AsyncWebClient, channel: str, purpose: str) -> Check:
    name = f"Slack bot is in {purpose} channel {channel}"
    try:
        reply = await client.conversations_info(channel=channel)
    except SlackApiError as error:
        code = str(error.response.get("error"))
        fix = (
            REINSTALL
            if code == "missing_scope"
            else f"check the id in [slack.channels] {purpose} (channel details > About)"
        )
        return failed(name, code, fix)
    info = reply.get("channel") or {}
    if info.get("is_member"):
        return passed(name, f"#{info.get('name', channel)}")
    return failed(
        name,
        "the bot is not a member",
        f"in #{info.get('name', channel)} type /invite @collab-bot (or the app's name)",
    )


def _unreachable(settings: Settings, error: BaseException) -> Check:
    return failed(
        "Slack API reachable",
        f"{settings.slack.api_url}: {type(error).__name__}",
        "check the network and [slack] api_url",
    )
