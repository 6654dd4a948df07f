"""The authorization matrix: every organizer-only command, button and form, on every adapter,
tried by a member: refused with the same clear message, and nothing in the database changed."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.actions import Action
from bot.errors import ORGANIZERS_ONLY
from bot.router import CommandSpec
from tests.harness import TestBot
from tests.production.snapshot import snapshot
from tests.production.surfaces import Surface, surfaces

pytestmark = pytest.mark.slow


def sample_text(spec: CommandSpec) -> str:
    """Plausible arguments: ids that exist in the starter pack, a reason, a link."""
    return " ".join("1" if p.kind == "int" or "id" in p.name else "because" for p in spec.params)


@pytest.fixture
async def world(database_url: str) -> AsyncIterator[tuple[TestBot, list[Surface]]]:
    async with surfaces(database_url) as pair:
        yield pair


async def test_members_are_refused_everything_organizer_only_everywhere(
    world: tuple[TestBot, list[Surface]],
) -> None:
    bot, adapters = world
    router = bot.deps.router
    commands = [s for s in router.specs() if s.organizer_only]
    actions = sorted(name for name, (_, organizer_only) in router.actions.items() if organizer_only)
    forms = sorted(name for name, (_, organizer_only) in router.forms.items() if organizer_only)
    assert len(commands) >= 15 and len(actions) >= 8 and len(forms) >= 4, "matrix too small"
    await bot.deliver_due()  # settle what the starter pack queued
    before = await snapshot(bot)
    not_refused: list[str] = []
    for surface in adapters:
        for spec in commands:
            shown = await surface.command(spec, sample_text(spec), organizer=False)
            if ORGANIZERS_ONLY not in shown:
                not_refused.append(f"{surface.name} /{spec.name}: {shown[:160]}")
        for name in actions:
            shown = await surface.press(Action(name, ("1", "1")), organizer=False)
            if ORGANIZERS_ONLY not in shown:
                not_refused.append(f"{surface.name} button {name}: {shown[:160]}")
        for name in forms:
            shown = await surface.submit(
                Action(name, ("1",)), {"title": "x", "reason": "y"}, organizer=False
            )
            if ORGANIZERS_ONLY not in shown:
                not_refused.append(f"{surface.name} form {name}: {shown[:160]}")
    assert not_refused == []
    assert await snapshot(bot) == before


async def test_the_matrix_can_fail_an_organizer_is_let_through(
    world: tuple[TestBot, list[Surface]],
) -> None:
    bot, adapters = world
    spec = next(s for s in bot.deps.router.specs() if s.name == "journey preview")
    for surface in adapters:
        shown = await surface.command(spec, "", organizer=True)
        assert ORGANIZERS_ONLY not in shown, surface.name
