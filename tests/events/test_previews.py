"""Previews ("I read the time as…") take no event number: the events members see are
numbered 1, 2, 3 however many previews were cancelled, left open or changed first."""

from __future__ import annotations

from bot.model import Reply
from tests.harness import TestBot, reply_text


def _line(title: str, day: int) -> str:
    return f'/events add {title} when:"January {day} 1pm CST" length:1h'


async def _preview(bot: TestBot, line: str) -> Reply:
    reply = await bot.command(line, "olu", organizer=True)
    assert "Is this right?" in reply_text(reply), reply_text(reply)
    return reply


async def _confirm(bot: TestBot, preview: Reply) -> str:
    return reply_text(await bot.press(preview, "Confirm", "olu", organizer=True))


async def test_cancelled_and_open_previews_leave_no_gap_in_event_numbers(bot: TestBot) -> None:
    first = await _confirm(bot, await _preview(bot, _line("Housing basics", 20)))
    assert "Event #1" in first, first

    cancelled = await _preview(bot, _line("Typo webinar", 21))
    await bot.press(cancelled, "Cancel", "olu", organizer=True)
    left_open = await _preview(bot, _line("Maybe later", 22))
    await _preview(bot, _line("Typed twice", 23))
    # An edit's preview, changed once before it is confirmed, takes no number either.
    await _preview(bot, '/events edit 1 when:"January 27 1pm CST"')
    edit = await _preview(bot, '/events edit 1 when:"January 28 1pm CST"')
    assert "Confirm to change event #1" in reply_text(edit)
    saved = await _confirm(bot, edit)
    assert "Event #1" in saved and "Jan 28" in saved, saved

    second = await _confirm(bot, await _preview(bot, _line("Medicaid basics", 24)))
    assert "Event #2" in second, second
    third = await _confirm(bot, left_open)  # confirmed late: the next number, not its own
    assert "Event #3" in third, third

    listed = reply_text(await bot.command("/events", "ana"))
    assert [n for n in ("#1", "#2", "#3", "#4") if f"Event {n}" in listed] == ["#1", "#2", "#3"]
    for title in ("Typo webinar", "Typed twice"):
        assert title not in listed, "a preview is not published"


async def test_a_preview_confirms_once(bot: TestBot) -> None:
    preview = await _preview(bot, _line("Health equity webinar", 20))
    await _confirm(bot, preview)
    again = await _confirm(bot, preview)
    assert "already confirmed or cancelled" in again
    listed = reply_text(await bot.command("/events", "ana"))
    assert listed.count("Event #") == 1
    cancelled = reply_text(await bot.press(preview, "Cancel", "olu", organizer=True))
    assert "nothing was changed" in cancelled
    assert "Health equity webinar" in reply_text(await bot.command("/events", "ana"))


async def test_members_cannot_confirm_an_organizers_preview(bot: TestBot) -> None:
    preview = await _preview(bot, _line("Health equity webinar", 20))
    refused = reply_text(await bot.press(preview, "Confirm", "ana"))
    assert "organizer" in refused.lower(), refused
    assert "No upcoming events" in reply_text(await bot.command("/events", "ana"))
    assert "Event #1" in await _confirm(bot, preview)
