"""Numbers decoded from component ids are bounded in one place (`Action.number`): a forged
button or form id with a huge, negative or non-ASCII number gets a short "out of date"
answer, never an overflow, a traceback or the apology, on both databases."""

from __future__ import annotations

import logging

import pytest

from bot.actions import MAX_NUMBER, Action
from bot.app import OUT_OF_DATE
from bot.errors import APOLOGY
from bot.model import FormSubmit
from tests.harness import TestBot

FORGED = (str(10**30), str(MAX_NUMBER + 1), "²", "-1")
POSITIONS = 6


def forged_args(position: int, value: str) -> tuple[str, ...]:
    return tuple(value if i == position else "1" for i in range(position + 1))


async def test_a_forged_topics_page_offset_is_out_of_date(
    bot: TestBot, caplog: pytest.LogCaptureFixture
) -> None:
    await bot.command("/suggest Rural telehealth")
    for value in FORGED:
        reply = await bot.press_action(Action("topics.page", ("top", "", value)))
        assert reply.text == OUT_OF_DATE and reply.private
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_every_button_and_form_survives_forged_numbers(
    bot: TestBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    router = bot.runtime.app.router
    for name in sorted(router.actions):
        for position in range(POSITIONS):
            for value in FORGED:
                action = Action(name, forged_args(position, value))
                reply = await bot.press_action(action, "olga", organizer=True)
                assert reply.text != APOLOGY, (name, position, value)
    for name in sorted(router.forms):
        for position in range(POSITIONS):
            for value in FORGED:
                submit = FormSubmit(
                    Action(name, forged_args(position, value)),
                    {},
                    bot.actor("olga", organizer=True),
                    bot.place(),
                )
                reply = await bot.runtime.app.handle(submit)
                assert reply.text != APOLOGY, (name, position, value)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []
