"""The features once merged: a suggestion finds the library and the calendar, a search that
finds nothing becomes a suggestion, and Discord's event mirror reads the calendar."""

from __future__ import annotations

from adapters.discord.event_source import upcoming_events
from tests.events.test_flow import create
from tests.harness import TestBot, all_buttons, reply_text
from tests.resources.helpers import load_het


async def test_suggesting_what_exists_points_to_the_library_and_the_calendar(
    bot: TestBot,
) -> None:
    await load_het(bot)
    await create(
        bot,
        "/events add Political Determinants of Health webinar "
        'when:"January 20 1pm CST" length:1h join:https://example.org/j',
    )
    reply = await bot.command("/suggest Political determinants of health", "ana")
    text = reply_text(reply)
    assert "In the library: Political Determinants of Health" in text
    assert "Event: Political Determinants of Health webinar" in text
    labels = [b.label for b in all_buttons(reply)]
    assert "See the resource" in labels and "Post mine anyway" in labels


async def test_a_search_with_no_results_turns_into_a_suggestion(bot: TestBot) -> None:
    await load_het(bot)
    found = await bot.command("/resources zzzqqq xylophone", "ana")
    assert "No resources" in found.text or "nothing" in found.text.lower()
    opened = await bot.press(found, "Suggest", "ana")
    assert opened.form is not None
    assert any("xylophone" in item.initial for item in opened.form.inputs)


async def test_the_discord_mirror_sees_the_calendar(bot: TestBot) -> None:
    await create(bot)
    (mirrored,) = await upcoming_events(bot.deps)
    assert mirrored.ref == "event:1" and mirrored.title == "Health Equity Webinar"
    assert mirrored.location == "https://example.org/j"
    assert mirrored.end is not None and mirrored.end > mirrored.start
