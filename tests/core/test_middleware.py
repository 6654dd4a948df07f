"""Middleware: every call passes the features' steps in composition order, then the steps
of routers included after them; a step may change the call or answer it itself."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import pytest

from bot.deps import Deps
from bot.features import COMPOSITION
from bot.features.insights.activity import count_activity
from bot.features.members.middleware import resolve_person
from bot.features.ops.activity import count_handled, counts
from bot.model import Command, Reply
from bot.params import Params
from bot.router import Call, Next, Router
from tests.harness import TestBot

seen: list[tuple[str, bool, str]] = []
router = Router("test-middleware")


@router.use
async def note(call: Call, deps: Deps, next: Next) -> Reply:
    interaction = call.interaction
    name = interaction.name if isinstance(interaction, Command) else type(interaction).__name__
    seen.append((name, call.personal, interaction.actor.display_name))
    if name == "closed":
        return Reply(text="Closed today.", private=True)  # answered here: no handler runs
    renamed = dataclasses.replace(interaction.actor, display_name="Ana (checked)")
    return await next(
        dataclasses.replace(call, interaction=dataclasses.replace(interaction, actor=renamed))
    )


@router.command("whoami", "Says the name the handler sees")
async def whoami(command: Command, _params: Params, _deps: Deps) -> Reply:
    return Reply(text=f"You are {command.actor.display_name}.")


@router.command("closed", "Never reached")
async def closed(*_: object) -> Reply:
    raise AssertionError("the middleware answered first")


@router.command("lookup", "Touches no member data", personal=False)
async def lookup(*_: object) -> Reply:
    return Reply(text="looked up")


@pytest.fixture
async def mw_bot(database_url: str) -> AsyncIterator[TestBot]:
    seen.clear()
    bot = await TestBot.open(database_url, extra_routers=[router])
    yield bot
    await bot.close()


def test_the_features_steps_run_in_composition_order() -> None:
    steps = COMPOSITION.router().middleware
    assert steps == [count_handled, resolve_person, count_activity]
    assert COMPOSITION.router([router]).middleware[-1] is note


async def test_a_step_may_change_the_call_the_handler_gets(mw_bot: TestBot) -> None:
    reply = await mw_bot.command("/whoami", "ana")
    assert reply.text == "You are Ana (checked)."
    assert seen == [("whoami", True, "Ana")]


async def test_a_step_may_answer_without_the_handler(mw_bot: TestBot) -> None:
    assert (await mw_bot.command("/closed", "ana")).text == "Closed today."


async def test_a_command_that_touches_no_member_data_is_marked_impersonal(
    mw_bot: TestBot,
) -> None:
    assert (await mw_bot.command("/lookup", "ana")).text == "looked up"
    assert seen == [("lookup", False, "Ana")]


async def test_an_unknown_command_still_passes_every_step_and_is_counted(
    mw_bot: TestBot,
) -> None:
    before = counts(mw_bot.deps)["commands handled"]
    reply = await mw_bot.command("/nosuch", "ana")
    assert "I don't know /nosuch." in reply.text
    assert seen == [("nosuch", True, "Ana")]
    assert counts(mw_bot.deps)["commands handled"] == before + 1
