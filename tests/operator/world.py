"""A deployment that passes every `collab-bot doctor` check, on loopback fakes: Slack with the
manifest's scopes, Discord with the intent on and the bot allowed to post, a /healthz."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web

from tests.discord.fake_discord import BOT_ID, FakeDiscord
from tests.slack.fake_slack import FakeSlack

ROOT = Path(__file__).resolve().parents[2]
GUILD = "700000000000000001"
ROLE = "700000000000000002"
# Discord's permission bits (docs: Permissions): view, send, embed links, threads.
VIEW, SEND, EMBED, THREADS, IN_THREADS = 1 << 10, 1 << 11, 1 << 14, 1 << 35, 1 << 38
DISCORD_CHANNELS = {"announcements": "710000000000000001", "journey": "710000000000000002"}
SLACK_CHANNELS = {"announcements": "C0ANNOUNCE", "journey": "C0JOURNEY"}
SLACK_TOKEN, APP_TOKEN, DISCORD_TOKEN = "xoxb-doctor-1", "xapp-doctor-1", "discord.doctor.1"


def manifest_scopes() -> list[str]:
    """The scopes an operator grants by installing the shipped manifest.yml."""
    text = (ROOT / "manifest.yml").read_text()
    block = text[text.index("    bot:\n") :].split("\n", 1)[1]
    return re.findall(r'^\s+- "([^"]+)"', block.split("settings:")[0], re.M)


@dataclass
class World:
    slack: FakeSlack
    discord: FakeDiscord
    health: web.AppRunner
    health_status: list[int]

    @property
    def health_url(self) -> str:
        site = next(iter(self.health.sites))
        return f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"  # type: ignore[union-attr]

    def config(self, database_path: str) -> dict[str, Any]:
        return {
            "database": {"path": database_path},
            "slack": {
                "enabled": True,
                "api_url": self.slack.api_url,
                "channels": {k: [v] for k, v in SLACK_CHANNELS.items()},
            },
            "discord": {
                "enabled": True,
                "api_url": self.discord.base,
                "guild_ids": [int(GUILD)],
                "message_content_intent": True,
                "channels": {k: [v] for k, v in DISCORD_CHANNELS.items()},
            },
            "http": {"public_url": self.health_url},
        }

    def env(self) -> dict[str, str]:
        return {
            "SLACK_BOT_TOKEN": SLACK_TOKEN,
            "SLACK_APP_TOKEN": APP_TOKEN,
            "DISCORD_TOKEN": DISCORD_TOKEN,
        }

    async def stop(self) -> None:
        await self.slack.stop()
        await self.discord.stop()
        await self.health.cleanup()


async def healthy_world() -> World:
    slack = await FakeSlack(scopes=manifest_scopes()).start()
    for purpose, channel in SLACK_CHANNELS.items():
        slack.channels[channel] = {"id": channel, "name": purpose, "is_member": True}
    discord = FakeDiscord(token=DISCORD_TOKEN, app_flags=1 << 18)
    await discord.start()
    discord.guilds[GUILD] = {
        "id": GUILD,
        "name": "Collaborative",
        "owner_id": "1",
        "roles": [
            {"id": GUILD, "name": "@everyone", "permissions": str(VIEW)},
            {"id": ROLE, "name": "collab-bot", "permissions": str(SEND | EMBED)},
        ],
    }
    discord.members[GUILD] = {"user": {"id": str(BOT_ID)}, "roles": [ROLE]}
    for purpose, channel in DISCORD_CHANNELS.items():
        allow = THREADS | IN_THREADS if purpose == "journey" else 0
        discord.channels[channel] = {
            "id": channel,
            "guild_id": GUILD,
            "name": purpose,
            "type": 0,
            "permission_overwrites": [{"id": ROLE, "type": 0, "allow": str(allow), "deny": "0"}],
        }
    status = [200]

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"ok": status[0] == 200}, status=status[0])

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return World(slack, discord, runner, status)


def toml(data: dict[str, Any]) -> str:
    lines: list[str] = []
    for section, values in data.items():
        nested = {k: v for k, v in values.items() if isinstance(v, dict)}
        lines.append(f"[{section}]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in values.items() if k not in nested]
        for name, table in nested.items():
            lines.append(f"[{section}.{name}]")
            lines += [f"{k} = {json.dumps(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"
