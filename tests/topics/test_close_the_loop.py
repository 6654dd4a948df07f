"""Close-the-loop DMs name what a voter needs: the event with its time in their zone and
Remind me, the resource by its title and link; /topics mine shows each decision's why."""

from __future__ import annotations

from bot.actions import Action
from tests.harness import TestBot, all_buttons, reply_text
from tests.topics.helpers import a_resource, an_event, decide, dms, suggest
from tests.topics.test_public_post import edits


async def test_planned_names_the_event_in_the_reader_zone_with_remind_me(bot: TestBot) -> None:
    sid = await suggest(bot, "Lead pipes in schools")
    await bot.press_action(Action("topics.vote", (str(sid),)), "bo", platform="discord")
    await bot.command("/timezone Europe/Berlin", "bo", platform="discord")
    event = await an_event(bot, "Lead and water webinar")
    done = reply_text(await decide(bot, f"/topics plan {sid} {event} Spring series"))
    # The organizer's own card names the event as the members' messages do.
    assert "Link: Lead and water webinar, Wed, Feb 4 2026, 9:00 AM" in done, done
    assert "(see /events)" not in done
    await bot.advance("1m")
    (told,) = dms(bot, "bo", "discord")
    text = reply_text(told)
    assert "Lead and water webinar" in text and f"event #{event}" not in text
    assert "Feb 4 2026, 4:00 PM – 5:00 PM CET (Europe/Berlin)" in text, text
    (authors,) = dms(bot, "ana", "slack")
    assert "9:00 AM – 10:00 AM CST (America/Chicago)" in reply_text(authors)
    reminded = await bot.press(told, "Going", "bo", platform="discord")
    assert "Lead and water webinar" in reminded.text
    mine = reply_text(await bot.command("/topics mine", "ana", platform="slack"))
    assert "Why: Spring series" in mine and "Lead and water webinar" in mine
    # The channel post and /topics show name it too (the post in the collaborative's zone).
    post = reply_text(edits(bot, "slack")[-1][1])
    assert "Lead and water webinar, Wed, Feb 4 2026, 9:00 AM" in post and "event #" not in post
    shown = reply_text(await bot.command(f"/topics show {sid}", "bo", platform="discord"))
    assert "Lead and water webinar, Wed, Feb 4 2026, 4:00 PM" in shown


async def test_covered_shows_the_resource_title_and_link(bot: TestBot) -> None:
    sid = await suggest(bot, "Interpreters in clinics")
    await bot.press_action(Action("topics.vote", (str(sid),)), "bo", platform="discord")
    resource = await a_resource(bot, "Language access toolkit")
    await decide(bot, f"/topics cover {sid} {resource}")
    await bot.advance("1m")
    (told,) = dms(bot, "bo", "discord")
    text = reply_text(told)
    assert "covered by Language access toolkit" in text and f"resource #{resource}" not in text
    (see,) = [b for b in all_buttons(told) if b.label == "See the resource"]
    assert see.url == "https://example.org/Language access toolkit"
    mine = reply_text(await bot.command("/topics mine", "bo", platform="discord"))
    assert "Language access toolkit" in mine and f"resource #{resource}" not in mine
