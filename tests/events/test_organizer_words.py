"""Events as organizers type and say them: dates in the title, lengths in words, repeats
held to the first session's day, impossible dates and daylight time said plainly, a cancel's
reason, and /events remembering who asked for reminders."""

from __future__ import annotations

import pytest

from adapters.console.render import render as console_render
from adapters.discord.render import render as discord_render
from adapters.slack.render import messages as slack_messages
from bot.model import DirectMessage, Place, Reply
from tests.events.test_changes import subscribe
from tests.events.test_flow import create
from tests.harness import TestBot, all_buttons, reply_text

ORG = {"user": "olu", "organizer": True}

REASON = "Speaker is ill; we will reschedule"


def read_on(platform: str, reply: Reply) -> str:
    """What a person reads of a post on that platform's renderer."""
    if platform == "slack":
        return " ".join(f"{m['text']} {m['blocks']}" for m in slack_messages(reply))
    if platform == "discord":
        return " ".join(
            m.content + " ".join(str(e.to_dict()) for e in m.embeds) for m in discord_render(reply)
        )
    return console_render(reply).text


async def test_a_cancels_reason_reaches_the_dms_and_the_channel_notice(bot: TestBot) -> None:
    await create(bot)
    await subscribe(bot, "ana")
    ask = await bot.command(f"/events cancel 1 {REASON}", "olu", organizer=True)
    assert REASON in reply_text(ask)
    await bot.press(ask, "Yes, cancel it", "olu", organizer=True)
    bot.clear_posts()
    await bot.advance("1m")
    posts = bot.posts()
    dms = [(t, r) for t, r, _ in posts if isinstance(t, DirectMessage) and t.user_id == "ana"]
    notices = [(t, r) for t, r, _ in posts if isinstance(t, Place)]
    assert len(dms) == 1 and {"slack", "discord"} <= {t.platform for t, _ in notices}
    for target, reply in [*dms, *notices]:
        shown = read_on(target.platform, reply)
        assert "will not take place" in shown and REASON in shown, (target, shown)


async def test_a_reason_too_long_for_the_button_is_refused_clearly(bot: TestBot) -> None:
    await create(bot)
    reply = await bot.command("/events cancel 1 " + "very long reason " * 10, "olu", organizer=True)
    assert "Shorten it" in reply.text
    assert "Health Equity Webinar" in reply_text(await bot.command("/events"))


async def test_events_shows_the_members_answer_and_reminder_times_once_asked(
    bot: TestBot,
) -> None:
    await create(bot)
    listed = await bot.command("/events", "ana")
    labels = [b.label for b in listed.sections[0].buttons]
    assert labels[:3] == ["Going", "Maybe", "Can't make it"]
    chosen = await bot.press(listed, "Going", "ana")
    assert "Stop reminding me" in [b.label for b in all_buttons(chosen)]
    await bot.press(chosen, "Only 1 hour before", "ana")
    again = await bot.command("/events", "ana")
    said = "Your answer: Going. Reminders 1 hour before."
    assert said in reply_text(again)
    for platform in ("slack", "discord", "console"):
        assert said in read_on(platform, again), platform
    [going] = [b for b in again.sections[0].buttons if b.label == "Going"]
    assert going.style == "primary"
    changed = await bot.press(again, "Going", "ana")
    assert "1 hour before" in changed.text and "All: 1 day and 1 hour before" in reply_text(changed)
    # someone else sees no answer
    other = await bot.command("/events", "bo")
    assert "Your answer" not in reply_text(other)
    await bot.press(changed, "Stop reminding me", "ana")
    after = await bot.command("/events", "ana")
    assert "Your answer: Going." in reply_text(after) and "Reminders" not in reply_text(after)


async def add(bot: TestBot, line: str) -> str:
    return reply_text(await bot.command(f"/events add {line}", **ORG))  # type: ignore[arg-type]


async def test_a_date_at_the_end_of_the_title_is_the_when(bot: TestBot) -> None:
    shown = await add(bot, "Medicaid webinar March 19 1pm CST")
    assert "Is this right?" in shown, shown
    assert "Webinar: Medicaid webinar\n" in shown
    assert "Thu, Mar 19 2026, 1:00 PM – 2:00 PM CDT" in shown


async def test_cst_on_a_daylight_date_says_how_it_was_read(bot: TestBot) -> None:
    march = await add(bot, 'Webinar when:"March 19 1pm CST"')
    assert "Chicago is on daylight time then (CDT): I read CST as Chicago's clock" in march
    said = "(America/Chicago). Chicago is on daylight time then (CDT): I read CST as "
    assert f"I read the time as Thu, Mar 19 2026, 1:00 PM – 2:00 PM CDT {said}" in march
    assert "day. Confirm to publish this event." in march and ".)." not in march, march
    preview = await bot.command(
        '/events add Webinar when:"March 20 1pm CST"', "olu", organizer=True
    )
    assert preview.text.endswith("I read CST as Chicago's clock that day."), preview.text
    january = await add(bot, 'Webinar when:"January 29 1pm CST"')
    assert "Is this right?" in january and "daylight" not in january


async def test_a_date_without_a_time_asks_for_the_time(bot: TestBot) -> None:
    shown = await add(bot, 'Medicaid webinar when:"March 19"')
    assert "At what time?" in shown and '"March 19 1pm CST"' in shown
    assert "Is this right?" not in shown
    all_day = await add(bot, 'Medicaid webinar when:"March 19 all day"')
    assert "Is this right?" in all_day


@pytest.mark.parametrize("length", ['length:"2 hours"', "length:2 hours", "length:120 minutes"])
async def test_a_length_in_words_is_read(bot: TestBot, length: str) -> None:
    shown = await add(bot, f'Medicaid webinar when:"March 19 1pm CST" {length}')
    assert "Webinar: Medicaid webinar\n" in shown, shown
    assert "1:00 PM – 3:00 PM CDT" in shown


async def test_a_repeat_naming_another_day_is_refused_not_read_as_the_start_day(
    bot: TestBot,
) -> None:
    thursday = await add(bot, 'Webinar when:"March 19 1pm" repeat:"every third Tuesday"')
    assert "Thursday, March 19, but the repeat names Tuesday" in thursday
    assert "Is this right?" not in thursday
    second = await add(bot, 'Webinar when:"March 10 1pm" repeat:"every third Tuesday"')
    assert "is the second Tuesday of its month, not the third" in second


async def test_every_third_tuesday_on_a_third_tuesday_is_monthly(bot: TestBot) -> None:
    shown = await add(bot, 'Webinar when:"March 17 1pm" repeat:"every third Tuesday"')
    assert "Repeats: monthly on the third Tuesday" in shown, shown


async def test_a_day_the_month_does_not_have_is_named(bot: TestBot) -> None:
    shown = await add(bot, 'Webinar when:"February 30 1pm"')
    assert "February has only 28 days (29 in a leap year)" in shown
    april = await add(bot, "Webinar April 31 2pm")
    assert "April has only 30 days" in april


async def test_a_title_starting_with_its_kind_is_not_prefixed_twice(bot: TestBot) -> None:
    shown = await add(bot, 'Webinar: Medicaid basics when:"March 19 1pm CST"')
    assert "Webinar: Medicaid basics" in shown and "Webinar: Webinar:" not in shown
    for line in ('Webinar: Medicaid basics when:"March 19 1pm CST"', 'Potluck when:"March 20 6pm"'):
        preview = await bot.command(f"/events add {line}", "olu", organizer=True)
        await bot.press(preview, "Confirm", "olu", organizer=True)
    await bot.advance("1m")
    announced = {r.text for t, r, _ in bot.posts("console") if isinstance(t, Place)}
    assert announced == {"New webinar: Medicaid basics", "New event: Potluck"}, announced
