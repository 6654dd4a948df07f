"""Going, Maybe, Can't make it: reminders follow the answer, series answers survive changes,
organizers see who answered, and bad presses change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.actions import Action
from bot.model import DirectMessage
from storage import rsvps
from tests.events.test_changes import pending
from tests.events.test_flow import create, dms
from tests.harness import TestBot, all_buttons, reply_text

SERIES = (
    '/events add Design Justice when:"January 14 12pm CST" length:90m repeat:"weekly, 4 sessions"'
)
FIRST = datetime(2026, 1, 14, 18, tzinfo=UTC)  # 12 pm Central
WEEK = timedelta(days=7)


async def answering(bot: TestBot, start: datetime, *answers: str, event_id: int = 1) -> list[str]:
    async with bot.db.read() as session:
        found = await rsvps.people_answering(session, event_id, start, answers)
    return [account.key for account in found]


async def answer(bot: TestBot, label: str, user: str, platform: str = "console") -> str:
    listed = await bot.command("/events", user, platform=platform)
    return reply_text(await bot.press(listed, label, user, platform=platform))


def reminders_to(bot: TestBot, user: str) -> list[str]:
    return [text for text in dms(bot, user) if "Reminder:" in text]


async def test_every_card_offers_the_three_answers(bot: TestBot) -> None:
    await create(bot)
    await bot.advance("1m")
    listed = await bot.command("/events", "ana")
    labels = [b.label for b in listed.sections[0].buttons]
    assert labels[:3] == ["Going", "Maybe", "Can't make it"]
    assert "Remind me" not in labels
    [(_, announcement, _)] = [p for p in bot.posts("console") if "New webinar" in p[1].text]
    assert [b.label for b in all_buttons(announcement)][:3] == ["Going", "Maybe", "Can't make it"]
    # the shared announcement answers in a private reply that shows the member's answer
    said = await bot.press(announcement, "Maybe", "bo")
    assert said.private and "Your answer: Maybe" in reply_text(said)


async def test_cant_make_it_gets_no_reminder_and_can_ask_for_the_recording(
    bot: TestBot,
) -> None:
    await create(bot)
    listed = await bot.command("/events", "ana")
    cant = await bot.press(listed, "Can't make it", "ana")
    assert "no reminder" in cant.text
    wish = await bot.press(cant, "Send me the recording", "ana")
    assert "send you the recording" in wish.text
    await answer(bot, "Going", "bo")
    start = datetime(2026, 1, 20, 19, tzinfo=UTC)
    assert await answering(bot, start, rsvps.RECORDING) == ["console:ana"]
    assert await answering(bot, start, rsvps.GOING) == ["console:bo"]
    bot.clear_posts()
    await bot.advance(start - bot.clock.now())
    assert reminders_to(bot, "ana") == []
    assert len(reminders_to(bot, "bo")) == 2


async def test_going_and_maybe_are_reminded_at_their_offsets(bot: TestBot) -> None:
    await create(bot)
    await answer(bot, "Going", "ana")
    await answer(bot, "Maybe", "bo")
    start = datetime(2026, 1, 20, 19, tzinfo=UTC)
    due = sorted((d.target_id, d.due_at) for d in await pending(bot))
    assert due == [
        ("ana", start - timedelta(days=1)),
        ("ana", start - timedelta(hours=1)),
        ("bo", start - timedelta(days=1)),
        ("bo", start - timedelta(hours=1)),
    ]
    bot.clear_posts()
    await bot.advance(start - timedelta(days=1) - bot.clock.now())
    assert [len(reminders_to(bot, u)) for u in ("ana", "bo")] == [1, 1]
    await bot.advance("23h")
    assert [len(reminders_to(bot, u)) for u in ("ana", "bo")] == [2, 2]


async def test_changing_to_cant_withdraws_the_reminders(bot: TestBot) -> None:
    await create(bot)
    await answer(bot, "Going", "ana")
    assert len(await pending(bot)) == 2
    await answer(bot, "Can't make it", "ana")
    assert await pending(bot) == []
    await answer(bot, "Maybe", "ana")
    assert len(await pending(bot)) == 2


async def test_a_series_answer_survives_a_moved_and_a_skipped_session(bot: TestBot) -> None:
    await create(bot, SERIES)
    going = await answer(bot, "Going", "ana")
    assert "every session" in going
    # Bo can't make the second session only
    listed = await bot.command("/events", "bo")
    await bot.press(listed, "Going", "bo")
    second = FIRST + WEEK
    action = Action("events.rsvp", ("1", "cant", rsvps.stamp(second)))
    cant = await bot.press_action(action, "bo")
    assert "no reminder" in cant.text and "Every session" in [b.label for b in all_buttons(cant)]
    assert await answering(bot, second, rsvps.GOING) == ["console:ana"]
    assert await answering(bot, second, rsvps.CANT) == ["console:bo"]

    moved = await bot.command(
        '/events move 1 "January 21" to:"January 22 3pm CST"', "olu", organizer=True
    )
    done = await bot.press(moved, "Yes, move it", "olu", organizer=True)
    assert "moved" in done.text
    new = datetime(2026, 1, 22, 21, tzinfo=UTC)
    assert await answering(bot, new, rsvps.GOING) == ["console:ana"]
    assert await answering(bot, new, rsvps.CANT) == ["console:bo"], "Bo's answer moved with it"
    await bot.advance("1m")
    [notice] = [t for t in dms(bot, "ana") if "moves to" in t]
    assert "Your answer to it stays as it was" in notice

    skipped = await bot.command('/events skip 1 "January 28"', "olu", organizer=True)
    await bot.press(skipped, "Yes, skip it", "olu", organizer=True)
    last = FIRST + 3 * WEEK
    assert await answering(bot, last, rsvps.GOING) == ["console:ana", "console:bo"]

    bot.clear_posts()
    await bot.advance(datetime(2026, 1, 23, tzinfo=UTC) - bot.clock.now())
    ana = reminders_to(bot, "ana")
    assert len(ana) == 4, ana  # first and moved sessions, 1 day and 1 hour before each
    assert len(reminders_to(bot, "bo")) == 2, "Bo: the first session only"


async def test_this_session_and_every_session(bot: TestBot) -> None:
    await create(bot, SERIES)
    listed = await bot.command("/events", "ana")
    going = await bot.press(listed, "Going", "ana")
    only = await bot.press(going, "This session", "ana")
    assert "session of Design Justice" in only.text
    assert await answering(bot, FIRST, rsvps.GOING) == ["console:ana"]
    assert await answering(bot, FIRST + WEEK, rsvps.GOING) == []
    every = await bot.press(only, "Every session", "ana")
    assert "each session" in every.text
    assert await answering(bot, FIRST + WEEK, rsvps.GOING) == ["console:ana"]


async def test_a_press_after_the_start_or_on_an_old_card_changes_nothing(bot: TestBot) -> None:
    await create(bot)
    listed = await bot.command("/events", "ana")
    await bot.press(listed, "Going", "ana")
    start = datetime(2026, 1, 20, 19, tzinfo=UTC)
    await bot.advance(start + timedelta(minutes=5) - bot.clock.now())
    late = await bot.press(listed, "Can't make it", "ana")
    assert "has started" in late.text
    assert await answering(bot, start, rsvps.GOING) == ["console:ana"]
    forged = await bot.press_action(Action("events.rsvp", ("1", "sure", "")), "ana")
    assert "old card" in forged.text
    gone = await bot.press_action(Action("events.rsvp", ("99", "going", "")), "ana")
    assert "not on the calendar" in gone.text
    odd = await bot.press_action(Action("events.rsvp", ("1", "going", "20260121T1900Z")), "ana")
    assert "moved or skipped" in odd.text
    assert await answering(bot, start, rsvps.GOING) == ["console:ana"]


async def test_a_moved_event_keeps_its_answers_and_old_cards_say_so(bot: TestBot) -> None:
    await create(bot)
    listed = await bot.command("/events", "ana")
    await bot.press(listed, "Maybe", "ana")
    preview = await bot.command('/events edit 1 when:"January 27 1pm CST"', "olu", organizer=True)
    await bot.press(preview, "Confirm", "olu", organizer=True)
    await bot.advance("1m")
    [notice] = [t for t in dms(bot, "ana") if "has moved" in t]
    assert "Your answer still holds" in notice
    assert await answering(bot, datetime(2026, 1, 27, 19, tzinfo=UTC), rsvps.MAYBE) == [
        "console:ana"
    ]
    old = await bot.press(listed, "Going", "ana")
    assert "moved or skipped" in old.text


async def test_cancelling_tells_going_and_maybe_not_cant(bot: TestBot) -> None:
    await create(bot)
    await answer(bot, "Going", "ana")
    await answer(bot, "Maybe", "bo")
    await answer(bot, "Can't make it", "cy")
    asked = await bot.command("/events cancel 1", "olu", organizer=True)
    done = await bot.press(asked, "Yes, cancel it", "olu", organizer=True)
    assert "2 members told" in done.text
    await bot.advance("1m")
    told = [user for user in ("ana", "bo", "cy") if any("Cancelled" in t for t in dms(bot, user))]
    assert told == ["ana", "bo"]


async def test_organizers_see_counts_names_and_can_message_and_export(bot: TestBot) -> None:
    await create(bot)
    await answer(bot, "Going", "ana", platform="slack")
    await answer(bot, "Going", "bo", platform="discord")
    await answer(bot, "Maybe", "cy")
    await answer(bot, "Can't make it", "di", platform="slack")
    listed = await bot.command("/events attendees 1", "olu", organizer=True)
    text = reply_text(listed)
    assert "2 Going, 1 Maybe, 1 Can't make it" in text
    assert "2 (Discord 1, Slack 1)" in text and "1 (the console 1)" in text
    assert "Going: Ana, Bo" in text and "Maybe: Cy" in text
    form = await bot.press(listed, "Message Going", "olu", organizer=True)
    assert form.form is not None
    sent = await bot.submit(form, {"message": "Bring your questions!"}, "olu", organizer=True)
    assert "to 2 members" in sent.text
    again = await bot.submit(form, {"message": "Bring your questions!"}, "olu", organizer=True)
    assert "to 0 members" in again.text and "had it already" in again.text
    await bot.advance("1m")
    got = {
        t.user_id
        for t, reply, _ in bot.posts()
        if isinstance(t, DirectMessage) and "Bring your questions!" in reply.text
    }
    assert got == {"ana", "bo"}
    everyone = await bot.press(listed, "Message everyone who answered", "olu", organizer=True)
    assert (
        "to 4 members"
        in (await bot.submit(everyone, {"message": "Slides are up"}, "olu", organizer=True)).text
    )
    exported = await bot.press(listed, "Export CSV", "olu", organizer=True)
    [csv] = exported.attachments
    assert csv.content.decode().splitlines() == [
        "name,answer",
        "Ana,Going",
        "Bo,Going",
        "Cy,Maybe",
        "Di,Can't make it",
    ]


async def test_attendees_is_refused_to_members_and_bad_numbers_get_a_clear_word(
    bot: TestBot,
) -> None:
    await create(bot)
    refused = await bot.command("/events attendees 1", "ana")
    assert "organizer" in refused.text.lower()
    press = await bot.press_action(Action("events.attendees.csv", ("1", "next")), "ana")
    assert "organizer" in press.text.lower()
    unknown = await bot.command("/events attendees 99", "olu", organizer=True)
    assert "no upcoming event #99" in unknown.text
    nobody = await bot.command("/events attendees 1", "olu", organizer=True)
    assert "No one has answered" in nobody.text


async def test_series_view_counts_every_session_answers(bot: TestBot) -> None:
    await create(bot, SERIES)
    await answer(bot, "Going", "ana")
    listed = await bot.command("/events", "bo")
    going = await bot.press(listed, "Going", "bo")
    await bot.press(going, "This session", "bo")
    whole = reply_text(await bot.command("/events attendees 1 series", "olu", organizer=True))
    assert "every session of Design Justice: 1 Going" in whole and "Bo" not in whole
    nxt = reply_text(await bot.command("/events attendees 1", "olu", organizer=True))
    assert "2 Going" in nxt


async def test_events_mine_lists_the_answered_sessions(bot: TestBot) -> None:
    await create(bot)
    await create(bot, SERIES)
    empty = await bot.command("/events mine", "ana")
    assert "not answered any event" in empty.text
    listed = await bot.command("/events", "ana")
    await bot.press(listed, "Can't make it", "ana", nth=0)  # the series, soonest
    await bot.press(listed, "Going", "ana", nth=1)
    mine = reply_text(await bot.command("/events mine", "ana"))
    assert "Your answers (2)" in mine
    assert "Going" in mine and "Can't make it · this session" in mine


async def test_linked_accounts_answer_once_as_one_person(bot: TestBot) -> None:
    from tests.members.test_link import link

    await create(bot)
    await answer(bot, "Going", "U1", platform="slack")
    await answer(bot, "Maybe", "D1", platform="discord")  # before linking: two people
    start = datetime(2026, 1, 20, 19, tzinfo=UTC)
    assert len(await answering(bot, start, *rsvps.ANSWERS)) == 2
    await link(bot, "U1", "D1")
    assert await answering(bot, start, *rsvps.ANSWERS) == ["slack:U1"]
    said = await answer(bot, "Can't make it", "D1", platform="discord")
    assert "no reminder" in said
    assert await answering(bot, start, rsvps.CANT) == ["slack:U1"]
    counts = reply_text(await bot.command("/events attendees 1", "olu", organizer=True))
    assert "1 Can't make it." in counts and "Going" not in counts.split("\n")[0]
    listed = await bot.command("/events", "U1", platform="slack")
    assert "Your answer: Can't make it." in reply_text(listed)
    assert await pending(bot) == []


async def test_an_undeliverable_organizer_message_shows_in_events_failed(
    database_url: str,
) -> None:
    from tests.events.test_dst_and_restart import FlakyOutbox
    from tests.harness import settings_for_tests

    bot = await TestBot.open(
        database_url, settings=settings_for_tests({"scheduler": {"max_attempts": 2}})
    )
    try:
        await create(bot)
        await answer(bot, "Going", "D9", platform="discord")
        bot.runtime.deps.outbox.add("discord", FlakyOutbox())
        listed = await bot.command("/events attendees 1", "olu", organizer=True)
        form = await bot.press(listed, "Message Going", "olu", organizer=True)
        await bot.submit(form, {"message": "Room change: 2B"}, "olu", organizer=True)
        await bot.advance("10m")
        shown = reply_text(await bot.command("/events failed", "olu", organizer=True))
        assert "to discord dm D9" in shown and "Room change: 2B" in shown
    finally:
        await bot.close()
