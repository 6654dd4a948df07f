"""`collab-bot doctor` against loopback fakes: all pass on a healthy deployment, and each
broken piece is one failed check with its fix."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from adapters.cli.doctor import gather
from adapters.doctor.permissions import ALL, channel_permissions
from adapters.doctor.report import Check
from bot.config import Secrets
from bot.features import parse_settings
from tests.operator.world import (
    APP_TOKEN,
    DISCORD_CHANNELS,
    DISCORD_TOKEN,
    GUILD,
    SEND,
    SLACK_CHANNELS,
    SLACK_TOKEN,
    World,
    healthy_world,
    manifest_scopes,
    toml,
)

ROOT = Path(__file__).resolve().parents[2]
SECRETS = Secrets(
    slack_bot_token=SLACK_TOKEN, slack_app_token=APP_TOKEN, discord_token=DISCORD_TOKEN
)


@pytest.fixture
async def world() -> AsyncIterator[World]:
    built = await healthy_world()
    yield built
    await built.stop()


async def _run(world: World, tmp_path: Path, **changes: Any) -> list[Check]:
    data = world.config(str(tmp_path / "bot.db"))
    for section, values in changes.items():
        data[section] = {**data[section], **values}
    return await gather(parse_settings(data), SECRETS)


def _failures(checks: list[Check]) -> dict[str, Check]:
    return {c.name: c for c in checks if not c.ok}


async def test_a_healthy_deployment_passes_every_check(world: World, tmp_path: Path) -> None:
    checks = await _run(world, tmp_path)
    assert _failures(checks) == {}
    names = " | ".join(c.name for c in checks)
    for expected in ("auth.test", "scopes", "Message Content", f"guild {GUILD}", "/healthz"):
        assert expected in names
    assert len(checks) == 3 + 1 + 2 + 2 + 1 + 1 + 1 + 2  # db, slack, discord, healthz


async def test_a_revoked_slack_token(world: World, tmp_path: Path) -> None:
    world.slack.revoked.add(SLACK_TOKEN)
    failures = _failures(await _run(world, tmp_path))
    check = failures["Slack bot token works (auth.test)"]
    assert check.detail == "invalid_auth" and "SLACK_BOT_TOKEN" in check.fix


async def test_a_scope_the_manifest_asks_for_is_missing(world: World, tmp_path: Path) -> None:
    world.slack.scopes = [s for s in manifest_scopes() if s != "files:write"]
    failures = _failures(await _run(world, tmp_path))
    assert failures["Slack token scopes"].detail == "missing files:write"
    assert "reinstall" in failures["Slack token scopes"].fix


async def test_the_bot_is_not_in_a_slack_channel(world: World, tmp_path: Path) -> None:
    world.slack.channels[SLACK_CHANNELS["journey"]]["is_member"] = False
    del world.slack.channels[SLACK_CHANNELS["announcements"]]
    failures = _failures(await _run(world, tmp_path))
    journey = failures[f"Slack bot is in journey channel {SLACK_CHANNELS['journey']}"]
    assert "/invite" in journey.fix
    gone = failures[f"Slack bot is in announcements channel {SLACK_CHANNELS['announcements']}"]
    assert gone.detail == "channel_not_found"


async def test_the_socket_mode_app_token_is_refused(world: World, tmp_path: Path) -> None:
    world.slack.revoked.add(APP_TOKEN)
    failures = _failures(await _run(world, tmp_path))
    assert any("apps.connections.open" in name for name in failures)


async def test_a_wrong_discord_token(world: World, tmp_path: Path) -> None:
    world.discord.token = "another-token"
    failures = _failures(await _run(world, tmp_path))
    assert failures["Discord token works (GET /users/@me)"].detail == "HTTP 401"


async def test_the_message_content_intent_is_off(world: World, tmp_path: Path) -> None:
    world.discord.app_flags = 0
    failures = _failures(await _run(world, tmp_path))
    assert "Privileged Gateway Intents" in failures["Discord Message Content intent enabled"].fix
    # Not needed when the config does not read thread text.
    off = await _run(world, tmp_path, discord={"message_content_intent": False})
    assert _failures(off) == {}


async def test_the_bot_is_not_in_the_guild(world: World, tmp_path: Path) -> None:
    del world.discord.guilds[GUILD]
    failures = _failures(await _run(world, tmp_path))
    assert "invite-url" in failures[f"Discord bot is in guild {GUILD}"].fix
    # Its channels cannot be checked either, and say why.
    channel = DISCORD_CHANNELS["announcements"]
    assert "guild_ids" in failures[f"Discord bot may post in announcements channel {channel}"].fix


async def test_a_channel_overwrite_denies_sending(world: World, tmp_path: Path) -> None:
    channel = DISCORD_CHANNELS["announcements"]
    world.discord.channels[channel]["permission_overwrites"] = [
        {"id": GUILD, "type": 0, "allow": "0", "deny": str(SEND)}
    ]
    journey = DISCORD_CHANNELS["journey"]
    world.discord.channels[journey]["permission_overwrites"] = []  # no thread permissions
    failures = _failures(await _run(world, tmp_path))
    assert (
        "Send Messages"
        in failures[f"Discord bot may post in announcements channel {channel}"].detail
    )
    assert (
        "Create Public Threads"
        in failures[f"Discord bot may post in journey channel {journey}"].detail
    )


async def test_public_url_health(world: World, tmp_path: Path) -> None:
    world.health_status[0] = 503
    failures = _failures(await _run(world, tmp_path))
    assert failures[f"{world.health_url}/healthz answers"].detail == "HTTP 503"
    gone = await _run(world, tmp_path, http={"public_url": "http://127.0.0.1:9"})
    assert "http://127.0.0.1:9/healthz answers" in _failures(gone)


async def test_database_unreachable_and_not_migrated(world: World, tmp_path: Path) -> None:
    broken = await _run(world, tmp_path, database={"path": str(tmp_path / "no" / "dir.db")})
    assert "Database reachable" in _failures(broken)
    pg = os.environ.get("COLLAB_BOT_TEST_DATABASE_URL", "")
    if pg:
        empty = pg.rsplit("/", 1)[0] + "/postgres"  # reachable, never migrated
        stale = await _run(world, tmp_path, database={"url": empty})
        assert _failures(stale)["Database migrated"].fix == "run `collab-bot db upgrade`"


def test_permissions_follow_discords_order() -> None:
    guild = {
        "id": "1",
        "owner_id": "9",
        "roles": [{"id": "1", "permissions": "0"}, {"id": "2", "permissions": str(1 << 3)}],
    }
    assert channel_permissions(guild, {"roles": ["2"]}, 5, []) == ALL  # administrator
    member = {"roles": ["3"]}
    guild["roles"].append({"id": "3", "permissions": str(SEND)})
    deny_everyone = {"id": "1", "allow": "0", "deny": str(SEND)}
    allow_role = {"id": "3", "allow": str(SEND), "deny": "0"}
    assert not channel_permissions(guild, member, 5, [deny_everyone]) & SEND
    assert channel_permissions(guild, member, 5, [deny_everyone, allow_role]) & SEND
    deny_member = {"id": "5", "allow": "0", "deny": str(SEND)}
    assert not channel_permissions(guild, member, 5, [allow_role, deny_member]) & SEND


async def test_the_command_exits_0_only_when_all_pass(world: World, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(toml(world.config(str(tmp_path / "bot.db"))))
    ok = await _doctor(tmp_path, world)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "checks passed" in ok.stdout and "Traceback" not in ok.stderr
    world.slack.revoked.add(SLACK_TOKEN)
    bad = await _doctor(tmp_path, world)
    assert bad.returncode == 1 and "[FAIL] Slack bot token works" in bad.stdout
    config.write_text('[slack]\nmode = "pigeon"\n')
    broken = await _doctor(tmp_path, world)
    assert broken.returncode == 1 and "slack.mode" in broken.stdout


async def _doctor(cwd: Path, world: World) -> subprocess.CompletedProcess[str]:
    import asyncio

    env = {**os.environ, "PYTHONPATH": str(ROOT), **world.env()}
    env.pop("COLLAB_BOT_DATABASE_URL", None)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.cli.main", "doctor",
        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode is not None
    return subprocess.CompletedProcess([], process.returncode, out.decode(), err.decode())
