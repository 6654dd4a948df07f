"""The console session: buttons by number through encode/decode, forms field by field,
the demo clock, and the bot's own posts printed as [#channel] / [DM name]."""

import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.console.clock import clock_router
from adapters.console.outbox import ConsoleOutbox
from adapters.console.session import ConsoleSession
from bot.actions import Action
from bot.delivery.queue import send_message
from bot.model import Button, DirectMessage, Form, Input, Place, Reply, Section
from bot.router import Router
from tests.harness import TestBot

demo = Router("console-demo")


@demo.command("count", "Show a counter with a button")
async def count(*_: object) -> Reply:
    return Reply(
        text="Count: 0",
        sections=(
            Section(
                title="Counter",
                buttons=(
                    Button("Add one", Action("demo.add", ("0",))),
                    Button("Docs", url="https://example.org/docs"),
                ),
            ),
        ),
    )


@demo.action("demo.add")
async def add(press, _deps) -> Reply:  # type: ignore[no-untyped-def]
    value = int(press.action.arg(0)) + 1
    return Reply(
        text=f"Count: {value}",
        sections=(Section(buttons=(Button("Add one", Action("demo.add", (str(value),))),)),),
    )


@demo.command("signup", "Open a form")
async def signup(*_: object) -> Reply:
    return Reply(
        text="Tell us about you",
        form=Form(
            Action("demo.signup"),
            "Sign up",
            (
                Input("name", "Your name"),
                Input("sector", "Sector", "choice", choices=("academia", "community")),
            ),
        ),
    )


@demo.form("demo.signup")
async def signed(submit, _deps) -> Reply:  # type: ignore[no-untyped-def]
    from bot.errors import FormErrors

    if submit.values["sector"] not in ("academia", "community"):
        raise FormErrors({"sector": "Pick academia or community."})
    if len(submit.values["name"]) < 2:
        raise FormErrors({"name": "A name needs two letters or more."})
    return Reply(text=f"Welcome {submit.values['name']} from {submit.values['sector']}")


@pytest.fixture
async def console(database_url: str) -> AsyncIterator[tuple[TestBot, list[str], list[str]]]:
    holder: list[TestBot] = []
    bot = await TestBot.open(
        database_url, extra_routers=[demo, clock_router(lambda: holder[0].runtime)]
    )
    holder.append(bot)
    out: list[str] = []
    answers: list[str] = []
    yield bot, out, answers
    await bot.close()


def session_for(
    bot: TestBot, out: list[str], answers: list[str], *, organizer: bool = False
) -> ConsoleSession:
    async def ask(prompt: str) -> str | None:
        out.append(prompt)
        return answers.pop(0) if answers else None

    return ConsoleSession(
        bot.runtime,
        bot.actor("ana", organizer=organizer),
        write=out.append,
        ask=ask,
        files=Path(tempfile.mkdtemp(prefix="console-files-")),  # never into the checkout
    )


async def test_bare_numbers_press_buttons_of_the_last_reply(console) -> None:  # type: ignore[no-untyped-def]
    bot, out, answers = console
    session = session_for(bot, out, answers)
    await session.handle_line("/count")
    assert "[1] Add one" in out[-1] and "[2] Docs <https://example.org/docs>" in out[-1]
    await session.handle_line("1")
    await session.handle_line("1")
    assert out[-1].startswith("Count: 2")
    await session.handle_line("2")
    assert "There is no button 2" in out[-1]


async def test_forms_are_asked_field_by_field_and_re_asked_when_wrong(console) -> None:  # type: ignore[no-untyped-def]
    bot, out, answers = console
    answers += ["Ana", "government", "2"]
    session = session_for(bot, out, answers)
    await session.handle_line("/signup")
    assert any("Sector (1) academia; 2) community)" in line for line in out)
    assert any(line.startswith("'government' is not one of the choices") for line in out)
    assert out[-1] == "Welcome Ana from community"


@pytest.mark.parametrize(
    ("typed", "chosen"), [("1", "academia"), ("2", "community"), ("comm", "community")]
)
async def test_a_choice_is_its_number_as_listed_or_its_first_letters(
    console, typed, chosen
) -> None:  # type: ignore[no-untyped-def]
    bot, out, answers = console
    answers += ["Ana", typed]
    await session_for(bot, out, answers).handle_line("/signup")
    assert out[-1] == f"Welcome Ana from {chosen}"


async def test_refused_answers_keep_the_rest_of_the_form_and_are_not_the_default(console) -> None:  # type: ignore[no-untyped-def]
    bot, out, answers = console
    answers += ["x", "2", "y", "z", "Ana"]  # three refused names, then a good one
    await session_for(bot, out, answers).handle_line("/signup")
    assert out[-1] == "Welcome Ana from community"  # the sector typed first was kept
    asked_again = [line for line in out if line.startswith("A name needs two letters")]
    assert len(asked_again) == 3 and not any("[x]" in line or "[z]" in line for line in out)


async def test_running_out_of_answers_cancels_the_form(console) -> None:  # type: ignore[no-untyped-def]
    bot, out, answers = console
    session = session_for(bot, out, answers)
    await session.handle_line("/signup")
    assert out[-1] == "Form cancelled; nothing was submitted."


async def test_clock_advance_delivers_posts_at_their_time(console) -> None:  # type: ignore[no-untyped-def]
    bot, out, answers = console
    printed: list[str] = []
    bot.deps.outbox.add("console", ConsoleOutbox(write=printed.append))
    now = bot.clock.now()
    async with bot.db.session() as session:
        await send_message(
            session,
            key="a",
            target=Place("console", "announcements"),
            reply=Reply(text="Webinar tomorrow"),
            now=now,
            due_at=now.replace(hour=now.hour + 1),
        )
        await send_message(
            session,
            key="b",
            target=DirectMessage("console", "ana"),
            reply=Reply(text="Your reminder"),
            now=now,
        )
    member = session_for(bot, out, answers)
    await member.handle_line("/clock advance 2h")
    assert "Only organizers" in out[-1] and printed == []
    organizer = session_for(bot, out, answers, organizer=True)
    await organizer.handle_line("/clock advance 2h")
    assert printed == ["[DM ana] Your reminder", "[#announcements] Webinar tomorrow"]
    assert "2 posts went out" in out[-1]
    await organizer.handle_line("/clock set 2020-01-01T00:00+00:00")
    assert "only moves forward" in out[-1]


async def test_clock_set_reads_words_and_explains_what_it_cannot(console) -> None:  # type: ignore[no-untyped-def]
    bot, out, answers = console
    organizer = session_for(bot, out, answers, organizer=True)
    before = bot.clock.now()
    await organizer.handle_line("/clock set tomorrow 9am")
    assert out[-1].startswith("It is now "), out[-1]
    assert (bot.clock.now().date() - before.date()).days == 1
    await organizer.handle_line("/clock set whenever")
    assert "I could not read 'whenever' as a time" in out[-1]
    assert "Invalid isoformat" not in out[-1]
