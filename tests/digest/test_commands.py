"""/digest through the core: what a digest holds, bad input, buttons and the form, linked
accounts, /privacy, members who cannot be reached, and two processes sending it once."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select

from bot.actions import Action
from bot.limits import problems
from storage.models.events import SCHEDULED, Event
from storage.models.members import Member
from tests.digest.support import add_item, digest_settings, digests, local
from tests.events.test_flow import create
from tests.harness import TestBot, all_buttons, reply_text
from tests.journey.support import journey_settings
from tests.members.test_link import DISCORD, SLACK, link
from tests.topics.helpers import decide, suggest
from tests.topics.test_public_post import vote

WEBINAR = '/events add Health Equity Webinar when:"February 3 1pm CST" length:1h'
BAD = {
    "/digest fortnightly": "'fortnightly' is not a digest I send. Try /digest weekly",
    "/digest weekly on Funday": "'Funday' is not a day of the week. Write one like Monday",
    "/digest weekly at 25:00": "'25:00' is not a time. Write one like 9:00",
    "/digest monthly at 13pm": "'13pm' is not a time.",
    "/digest off now": "/digest off takes nothing after it",
    "/digest weekly on": "Say which day after 'on'.",
}


async def member_row(bot: TestBot, user: str = "ana", platform: str = "console") -> Member | None:
    async with bot.db.read() as session:
        statement = select(Member).where(Member.platform == platform, Member.user_id == user)
        return (await session.execute(statement)).scalars().first()


async def test_bad_input_is_a_short_clear_reply_and_changes_nothing(bot: TestBot) -> None:
    await bot.command("/digest weekly on Thursday at 7am")
    for line, expected in BAD.items():
        reply = await bot.command(line)
        assert reply.text.startswith(expected), (line, reply.text)
        assert len(reply.text) < 220
    row = await member_row(bot)
    assert row is not None
    assert (row.digest_frequency, row.digest_day, row.digest_time) == ("weekly", 3, "07:00")


async def test_buttons_and_the_form_change_it(bot: TestBot) -> None:
    shown = await bot.command("/digest")
    assert "You get no digest" in shown.text
    assert [b.label for b in all_buttons(shown)] == [
        "Weekly",
        "Monthly",
        "Change day and time",
    ]
    monthly = await bot.press(shown, "Monthly")
    assert "monthly, on the first Monday of the month at 09:00" in monthly.text
    form = await bot.press(await bot.command("/digest"), "Change day and time")
    assert form.form is not None
    assert [i.initial for i in form.form.inputs] == ["monthly", "Monday", "09:00"]
    wrong = await bot.submit(form, {"frequency": "daily", "day": "Funday", "time": "noonish"})
    assert set(wrong.form_errors) == {"frequency", "day", "time"}
    saved = await bot.submit(form, {"frequency": "weekly", "day": "fri", "time": "5:30 pm"})
    assert "weekly, on Fridays at 17:30" in saved.text
    stopped = await bot.press(await bot.command("/digest"), "Off")
    assert stopped.text.startswith("Done: no more digests")
    stale = await bot.press_action(Action("digest.set", ("hourly",)))
    assert "out of date" in stale.text


async def test_a_digest_holds_the_week_for_this_member(database_url: str) -> None:
    settings = journey_settings({"bot": {"timezone": "America/Chicago"}})
    bot = await TestBot.open(database_url, settings=settings, start=local("2026-01-27 10:00"))
    try:
        await bot.command("/digest weekly", "ana", platform="slack")
        mine = await suggest(bot, "Rural broadband and telehealth", "ana")
        theirs = await suggest(bot, "Transit to clinics", "bo")
        await decide(bot, f"/topics review {mine}")
        await decide(bot, f"/topics review {theirs}")
        await add_item(bot, "Budget basics", "https://example.org/budget", "finance")
        await add_item(bot, "Community health workers guide", "https://example.org/chw")
        await create(bot, WEBINAR)
        await bot.advance("6d")  # Mon Feb 2, 9:00
        got = digests(bot, "ana")
        assert len(got) == 1
        target, reply, _ = got[0]
        assert target.platform == "slack"
        text = reply_text(reply)
        # Q1's starter theme is community health workers: that item comes first.
        assert text.index("Community health workers guide") < text.index("Budget basics")
        assert "Rural broadband and telehealth" in text and "Transit to clinics" not in text
        assert "Health Equity Webinar" in text and "Going" in [b.label for b in all_buttons(reply)]
        # The prompt posted on Thu Jan 29, four weeks after the kick-off.
        assert "Journey prompt" in text
        remind = await bot.press(reply, "Going", "ana", platform="slack")
        assert "I will send you a direct message" in remind.text
    finally:
        await bot.close()


async def test_linked_accounts_share_one_choice_and_get_one_digest(bot: TestBot) -> None:
    await link(bot)
    await bot.command("/digest weekly on Tuesday", SLACK, platform="slack")
    told = await bot.command("/digest", DISCORD, platform="discord")
    assert "weekly, on Tuesdays at 09:00" in told.text
    await add_item(bot, "Shared item", "https://example.org/shared")
    await bot.advance("8d")
    assert len(digests(bot)) == 1
    settings = reply_text(await bot.command("/settings", DISCORD, platform="discord"))
    assert "weekly, on Tuesdays" in settings
    await bot.command("/digest off", DISCORD, platform="discord")
    assert "You get no digest" in (await bot.command("/digest", SLACK, platform="slack")).text


async def test_privacy_lists_the_digest_and_deletes_it(bot: TestBot) -> None:
    await bot.command("/digest monthly")
    shown = await bot.command("/privacy")
    assert "Digest: Your digest comes monthly" in reply_text(shown)
    ask = await bot.press(shown, "Delete all of it")
    await bot.press(ask, "Yes, delete everything")
    assert await member_row(bot) is None
    assert "You get no digest" in (await bot.command("/digest")).text
    await add_item(bot, "After forgetting", "https://example.org/forgotten")
    await bot.advance("40d")
    assert digests(bot) == []


async def test_two_processes_send_each_digest_once(database_url: str) -> None:
    settings = digest_settings()
    start = local("2026-01-06 10:00")
    one = await TestBot.open(database_url, settings=settings, start=start, worker_id="one")
    two = await TestBot.open(database_url, settings=settings, start=start, worker_id="two")
    try:
        for user in ("ana", "bo", "cy"):
            await one.command("/digest weekly", user)
        await add_item(two, "Item", "https://example.org/item")
        for day in range(1, 15):
            for bot in (one, two):
                bot.clock.set(local(f"2026-01-{6 + day:02d} 09:30"))
            await asyncio.gather(one.deliver_due(), two.deliver_due(), one.deliver_due())
        keys = [k for _, _, k in digests(one) + digests(two)]
        assert len(keys) == 3 and len(set(keys)) == 3  # one each, Jan 12; Jan 19 had nothing
    finally:
        await one.close()
        await two.close()


async def test_settings_show_every_choice_and_change_them(bot: TestBot) -> None:
    panel = await bot.command("/settings")
    titles = [s.title for s in panel.sections]
    assert titles == [
        "Your settings",
        "Time zone",
        "Reminder times",
        "Learning journey",
        "Digest",
        "Language",
    ]
    out = await bot.press(panel, "Opt out")
    assert out.replace_original and "your replies to journey prompts will not be kept" in out.text
    assert "Opted out" in reply_text(out)
    back = await bot.press(out, "Opt in")
    assert "Taking part" in reply_text(back)
    form = await bot.press(back, "Change time zone")
    assert (
        "I don't know the time zone 'Funkytown'"
        in (await bot.submit(form, {"zone": "Funkytown"})).text
    )
    which = await bot.submit(form, {"zone": "Springfield"})
    assert "Which Springfield" in which.text  # its buttons set the zone, as /timezone's do
    chosen = await bot.press(which, "Oregon")
    assert "America/Los_Angeles" in chosen.text
    zone = reply_text(await bot.command("/settings"))
    assert "America/Los_Angeles (you chose it)" in zone
    profile = await bot.press(await bot.command("/settings"), "Follow my profile")
    assert "Not set" in reply_text(profile)
    listed = await bot.press(await bot.command("/settings"), "Upcoming events")
    assert "No upcoming events" in listed.text


async def test_settings_choose_the_language_the_bot_writes_in(bot: TestBot) -> None:
    panel = await bot.command("/settings")
    spanish = await bot.press(panel, "Español")
    assert "español" in reply_text(spanish)
    again = reply_text(await bot.command("/settings"))
    assert "Te respondo en español, como elegiste." in again
    assert "Escribe" in (await bot.command("/nonsense")).text  # the rest follows the choice
    await bot.press(await bot.command("/settings"), "English")
    assert "I answer you in English, as you chose." in reply_text(await bot.command("/settings"))


async def test_settings_buttons_run_only_the_choices_commands(bot: TestBot) -> None:
    for line in ("events add", "privacy", "resources add"):
        refused = await bot.press_action(Action("settings.run", (line,)))
        assert refused.text == "That button is out of date. Type /settings to see your choices."
    blank = await bot.submit(
        await bot.press(await bot.command("/settings"), "Change time zone"), {"zone": " "}
    )
    assert blank.text.startswith("Type a city")


async def test_linking_keeps_a_digest_chosen_on_either_account_and_sends_one(
    bot: TestBot,
) -> None:
    await bot.command("/digest weekly on Wednesday", DISCORD, platform="discord")
    await link(bot)  # the Slack account made the code: its row is the person's
    told = await bot.command("/digest", SLACK, platform="slack")
    assert "weekly, on Wednesdays at 09:00" in told.text
    await add_item(bot, "Linked item", "https://example.org/linked")
    await bot.advance("9d")
    got = digests(bot)
    assert len(got) == 1 and got[0][2].startswith(f"digest:slack:{SLACK}:")
    await bot.command("/unlink", DISCORD, platform="discord")
    after = await bot.command("/digest", DISCORD, platform="discord")
    assert "weekly, on Wednesdays" in after.text  # each account keeps it after unlinking


async def test_help_explains_digest_and_settings(bot: TestBot) -> None:
    detail = reply_text(await bot.command("/help digest"))
    assert "/digest monthly on Friday at 8:00" in detail and "/digest off" in detail
    assert "/settings" in reply_text(await bot.command("/help settings"))


async def test_the_fullest_digest_is_one_message_on_every_platform(database_url: str) -> None:
    settings = journey_settings(
        {"bot": {"timezone": "America/Chicago"}, "digest": {"items": 8, "sessions": 8}}
    )
    bot = await TestBot.open(database_url, settings=settings, start=local("2026-01-27 10:00"))
    try:
        await bot.command("/digest weekly", "ana", platform="slack")
        long = "Community health workers " + "and rural outreach " * 14
        for n in range(8):
            await add_item(bot, f"{n} {long}"[:150], f"https://example.org/long/{n}")
            sid = await suggest(bot, f"Topic {n} {long}"[:120], f"member{n}")
            await bot.press_action(vote(sid), "ana", platform="slack")
            await decide(bot, f"/topics decline {sid} {'Out of scope this year. ' * 9}")
        now = bot.clock.now()
        async with bot.db.session() as session:
            for n in range(8):
                session.add(
                    Event(
                        uid=f"long-{n}@test",
                        title=f"Webinar {n} {long}"[:200],
                        description="Details " * 100,
                        location="Community Center, " * 10,
                        starts_at=now + timedelta(days=7, hours=n),
                        ends_at=now + timedelta(days=7, hours=n + 1),
                        status=SCHEDULED,
                        created_at=now,
                        updated_at=now,
                    )
                )
        await bot.advance("6d")
        [(_, reply, _)] = digests(bot, "ana")
        assert problems(reply) == []
        text = reply_text(reply)
        assert "Journey prompt" in text and "Decisions on topics you follow" in text
        assert "/digest off" in text  # the footer is never what gives way
        cards = [s for s in reply.sections if (s.footer or "").startswith("Event #")]
        assert 1 <= len(cards) < 8  # sessions give way from the end, and the count says so
        assert f"{len(cards)} sessions this week" in reply.text
    finally:
        await bot.close()
