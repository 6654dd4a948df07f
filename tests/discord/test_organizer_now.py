"""A dashboard link's Discord organizer is asked of Discord on each load: by configured id, or
by the roles they hold in the guild now (issue 29: a link outlived the role for a week)."""

from __future__ import annotations

from typing import Any

from tests.discord import payloads as p
from tests.discord.conftest import Harness

USER = "313131313131313131"


def member(roles: list[int]) -> dict[str, Any]:
    return {
        "user": {"id": USER, "username": "dee", "discriminator": "0", "avatar": None},
        "roles": [str(r) for r in roles],
        "joined_at": "2025-01-01T00:00:00+00:00",
        "deaf": False,
        "mute": False,
        "flags": 0,
    }


async def test_a_role_lost_in_discord_ends_the_organizers_dashboard(harness: Harness) -> None:
    adapter = harness.adapter
    check = harness.bot.deps.organizer_checks["discord"]
    assert check == adapter.is_organizer
    assert await check(str(p.ORGANIZER_USER)), "listed by id in config"
    harness.fake.guilds[str(p.GUILD)] = p.guild()
    harness.fake.members[f"{p.GUILD}/{USER}"] = member([p.ORGANIZER_ROLE])
    assert await check(USER)
    harness.fake.members[f"{p.GUILD}/{USER}"] = member([])
    assert not await check(USER)
    assert not await check("999999999999999999"), "not in the guild"
    assert not await check("²"), "not a Discord id"
