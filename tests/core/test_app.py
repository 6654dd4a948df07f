"""The app: user errors become short private replies, bugs an apology, outages a retry hint,
and organizer-only things refuse members before any handler runs."""

import logging
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.exc import OperationalError

from bot.actions import Action
from bot.errors import APOLOGY, ORGANIZERS_ONLY, TRY_AGAIN, BadInput, FormErrors, NotFound
from bot.model import Button, Form, Input, Reply, Section
from bot.params import Param
from bot.router import Router
from tests.harness import TestBot, reply_text

calls: list[str] = []
router = Router("test-app")


@router.command("boom", "Fails like a bug")
async def boom(*_: object) -> Reply:
    raise RuntimeError("secret internals")


@router.command("dbdown", "Fails like a database outage")
async def dbdown(*_: object) -> Reply:
    raise OperationalError("SELECT 1", {}, ConnectionRefusedError("refused"))


@router.command("picky", "Refuses bad input", params=(Param("n", "A number", "int"),))
async def picky(*_: object) -> Reply:
    raise BadInput("Give me a smaller number.")


@router.command("wipe", "Organizers only", organizer_only=True)
async def wipe(*_: object) -> Reply:
    calls.append("wipe")
    return Reply(text="wiped", sections=(Section(buttons=(Button("Really", Action("t.wipe")),)),))


@router.action("t.wipe", organizer_only=True)
async def wipe_button(*_: object) -> Reply:
    calls.append("wipe button")
    return Reply(text="wiped again")


@router.command("ask", "Opens a form")
async def ask(*_: object) -> Reply:
    return Reply(
        text="Fill this in", form=Form(Action("t.form"), "Tell us", (Input("name", "Name"),))
    )


@router.form("t.form", organizer_only=True)
async def form(submit, _deps) -> Reply:  # type: ignore[no-untyped-def]
    if not submit.values.get("name"):
        raise FormErrors({"name": "Please give a name."})
    calls.append("form")
    return Reply(text=f"Thanks {submit.values['name']}")


@pytest.fixture
async def app_bot(database_url: str) -> AsyncIterator[TestBot]:
    calls.clear()
    bot = await TestBot.open(database_url, extra_routers=[router])
    yield bot
    await bot.close()


async def test_bug_is_logged_with_context_and_answered_politely(
    app_bot: TestBot, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        reply = await app_bot.command("/boom", user="ana", platform="slack")
    assert reply.text == APOLOGY and reply.private
    assert "secret internals" not in reply_text(reply)
    record = next(r for r in caplog.records if "unexpected error" in r.getMessage())
    assert "/boom from slack:ana" in record.getMessage() and record.exc_info


async def test_database_outage_asks_to_try_again(app_bot: TestBot) -> None:
    assert (await app_bot.command("/dbdown")).text == TRY_AGAIN


async def test_user_errors_are_short_and_private(app_bot: TestBot) -> None:
    reply = await app_bot.command("/picky 3")
    assert reply.text == "Give me a smaller number." and reply.private
    assert "whole number" in (await app_bot.command("/picky many")).text


async def test_unknown_command_suggests_the_closest(app_bot: TestBot) -> None:
    reply = await app_bot.command("/hlep")
    assert "Did you mean /help?" in reply.text


async def test_organizer_only_command_action_and_form_refuse_members(app_bot: TestBot) -> None:
    assert (await app_bot.command("/wipe")).text == ORGANIZERS_ONLY
    assert (await app_bot.press_action(Action("t.wipe"))).text == ORGANIZERS_ONLY
    opened = await app_bot.command("/ask")
    assert (await app_bot.submit(opened, {"name": "x"})).text == ORGANIZERS_ONLY
    assert calls == []
    reply = await app_bot.command("/wipe", organizer=True)
    await app_bot.press(reply, "Really", organizer=True)
    assert calls == ["wipe", "wipe button"]


async def test_form_errors_come_back_per_field(app_bot: TestBot) -> None:
    opened = await app_bot.command("/ask")
    reply = await app_bot.submit(opened, {"name": ""}, organizer=True)
    assert reply.form_errors == {"name": "Please give a name."}
    assert (await app_bot.submit(opened, {"name": "Bo"}, organizer=True)).text == "Thanks Bo"


async def test_unknown_or_stale_buttons_are_explained(app_bot: TestBot) -> None:
    reply = await app_bot.press_action(Action("gone.feature", ("1",)))
    assert "older version" in reply.text
    with pytest.raises(NotFound, match="older version"):
        app_bot.runtime.app.decode("")


async def test_help_shows_members_only_what_they_may_use(app_bot: TestBot) -> None:
    member = reply_text(await app_bot.command("/help"))
    organizer = reply_text(await app_bot.command("/help", organizer=True))
    assert "/wipe" not in member and "/wipe" in organizer
    assert "/boom" in member
    detail = await app_bot.command("/help picky")
    assert "/picky [n]" in reply_text(detail)
    assert "no /nothing command" in (await app_bot.command("/help nothing")).text


async def test_help_pages_when_there_are_many_commands(app_bot: TestBot) -> None:
    reply = await app_bot.command("/help", organizer=True)
    titles: list[str] = []
    for _ in range(10):
        titles += [s.title for s in reply.sections if s.title]
        if not any(b.label == "More commands" for s in reply.sections for b in s.buttons):
            break
        reply = await app_bot.press(reply, "More commands", organizer=True)
    roots = sorted({spec.root for spec in app_bot.deps.router.specs()})
    assert sorted(t.lstrip("/") for t in titles) == roots
