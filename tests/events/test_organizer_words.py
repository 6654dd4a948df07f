"""Events as organizers type and say them: a cancel's reason reaches members."""

from __future__ import annotations

from adapters.console.render import render as console_render
from adapters.discord.render import render as discord_render
from adapters.slack.render import messages as slack_messages
from bot.model import DirectMessage, Place, Reply
from tests.events.test_changes import subscribe
from tests.events.test_flow import create
from tests.harness import TestBot, reply_text

REASON = "Speaker is ill; we will reschedule"


def read_on(platform: str, reply: Reply) -> str:
    """What a person reads of a post on that platform's renderer."""
    if platform == "slack":
        return " ".join(f"{m['text']} {m['blocks']}" for m in slack_messages(reply))
    if platform == "discord":
        return " ".join(
            m.content + " ".join(str(e.to_dict()) for e in m.embeds)
            for m in discord_render(reply)
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


async def test_events_stops_offering_remind_me_once_asked_and_says_what_was_chosen(
    bot: TestBot,
) -> None:
    await create(bot)
    listed = await bot.command("/events", "ana")
    assert "Remind me" in [b.label for b in listed.sections[0].buttons]
    chosen = await bot.press(listed, "Remind me", "ana")
    await bot.press(chosen, "Only 1 hour before", "ana")
    again = await bot.command("/events", "ana")
    labels = [b.label for b in again.sections[0].buttons]
    assert "Remind me" not in labels and "Stop reminding me" in labels
    assert "You asked for reminders 1 hour before." in reply_text(again)
    for platform in ("slack", "discord", "console"):
        assert "You asked for reminders 1 hour before." in read_on(platform, again), platform
    changed = await bot.press(again, "Change reminders", "ana")
    assert "1 hour before" in changed.text and "All: 1 day and 1 hour before" in reply_text(changed)
    # someone else is still offered Remind me
    other = await bot.command("/events", "bo")
    assert "Remind me" in [b.label for b in other.sections[0].buttons]
    await bot.press(again, "Stop reminding me", "ana")
    after = await bot.command("/events", "ana")
    assert "Remind me" in [b.label for b in after.sections[0].buttons]
