"""Slash commands, autocomplete, buttons and modals through the real discord.py client."""

from __future__ import annotations

from tests.discord import payloads as p
from tests.discord.conftest import Harness


async def test_login_runs_setup_hook_and_syncs_commands_to_the_guild(harness: Harness) -> None:
    fake = harness.fake
    assert fake.find("GET", r"/users/@me$")
    synced = fake.find("PUT", rf"/applications/\d+/guilds/{p.GUILD}/commands$")
    assert len(synced) == 1
    names = {c["name"] for c in synced[0].body}
    assert {"help", "things", "echo"} <= names
    assert not fake.find("PUT", r"/applications/\d+/commands$")


async def test_help_answers_privately_with_embeds_and_no_mentions(harness: Harness) -> None:
    [body] = await harness.run(p.command("help"))
    assert body["type"] == 4
    data = body["data"]
    assert data["flags"] & 64
    assert data["allowed_mentions"] == {"parse": []}
    assert any(e["title"] == "/things" for e in data["embeds"])
