"""The console demo as a newcomer uses it: a command leaves a form, a number only presses the
latest reply's buttons, a reply prints once and without asterisks, a calendar file is saved."""

from __future__ import annotations

from pathlib import Path

from adapters.console.render import BOLD, render
from adapters.console.session import ConsoleSession
from bot.features.events import starter
from bot.model import Reply, Section, Span
from storage import topics
from tests.harness import TestBot


def _session(bot: TestBot, out: list[str], answers: list[str], files: Path) -> ConsoleSession:
    async def ask(prompt: str) -> str | None:
        out.append(prompt)
        return answers.pop(0) if answers else None

    actor = bot.actor("ana")
    return ConsoleSession(bot.runtime, actor, write=out.append, ask=ask, files=files)


async def test_a_command_typed_into_a_form_leaves_it(bot: TestBot, tmp_path: Path) -> None:
    out: list[str] = []
    answers = ["/suggest 🙂", "/help"]
    session = _session(bot, out, answers, tmp_path)
    await session.handle_line("/suggest")  # no title: opens the suggestion form
    assert any("Left the form" in line for line in out)
    async with bot.db.read() as db_session:
        titles = [row.title for row, _votes in await topics.everything(db_session)]
    # The typed command ran as a command (and was answered as one), not as the title.
    assert titles == [] and out[-1].startswith("Please describe the topic in words")


async def test_a_number_after_a_reply_without_buttons(bot: TestBot, tmp_path: Path) -> None:
    out: list[str] = []
    await starter.load(bot.deps)
    session = _session(bot, out, [], tmp_path)
    await session.handle_line("/events")
    assert "[1] Going" in out[-1]
    await session.handle_line("/timezone chicago")
    await session.handle_line("1")
    assert out[-1] == "There is no button 1 (buttons: none right now)."
    reminders = await bot.command("/reminders")
    assert "Stop" not in reminders.text and not any(s.buttons for s in reminders.sections)


async def test_add_to_calendar_saves_the_file(bot: TestBot, tmp_path: Path) -> None:
    out: list[str] = []
    await starter.load(bot.deps)
    session = _session(bot, out, [], tmp_path)
    await session.handle_line("/events")
    await session.handle_line("4")  # Add to calendar (after Going, Maybe, Can't make it)
    saved = [line for line in out[-1].splitlines() if line.startswith("(saved ")]
    assert len(saved) == 1
    path = saved[0].removeprefix("(saved ").rstrip(")")
    assert path == f"{tmp_path}/event-1.ics"
    assert (tmp_path / "event-1.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_a_single_section_reply_prints_its_words_once() -> None:
    words = "I will send you a direct message 1 day before the webinar."
    reply = Reply(text=words, sections=(Section(text=(Span(words),)),))
    assert render(reply).text.count(words) == 1
    headed = Reply(text="3 results", sections=(Section(title="One"),))
    assert render(headed).text.startswith("3 results")


def test_strong_text_has_no_literal_asterisks() -> None:
    reply = Reply(
        text="x", sections=(Section(text=(Span("about "), Span("housing", strong=True))),)
    )
    assert render(reply).text.endswith("about housing")
    assert f"{BOLD[0]}housing{BOLD[1]}" in render(reply, BOLD).text
