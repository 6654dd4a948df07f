"""Organizer decisions are checked, confirmed and can be undone: nothing points at an event
or resource that is not there, votes never move onto a closed suggestion, the organizer
sees how many people will be told before anyone is, and Undo within the moment the
notices wait tells nobody."""

from __future__ import annotations

from bot.actions import Action
from storage import topics as store
from storage.models.events import CANCELLED
from tests.harness import TestBot, reply_text, settings_for_tests
from tests.topics.helpers import a_resource, an_event, decide, dms, suggest


async def status_of(bot: TestBot, sid: int) -> str:
    async with bot.db.read() as session:
        s = await store.get(session, sid)
        assert s is not None
        return s.status


async def test_decisions_pointing_at_nothing_are_refused(bot: TestBot) -> None:
    sid = await suggest(bot, "Language access in clinics", "ana")
    gone = await decide(bot, f"/topics plan {sid} 999")
    assert "There is no event #999" in gone.text
    cancelled = await an_event(bot, "Spring summit", status=CANCELLED)
    refused = await decide(bot, f"/topics plan {sid} {cancelled}")
    assert "Spring summit" in refused.text and "cancelled" in refused.text
    missing = await decide(bot, f"/topics cover {sid} 999")
    assert "There is no resource #999" in missing.text
    assert await status_of(bot, sid) == "open"

    closed = await suggest(bot, "Maternal health in Black communities", "eve")
    await bot.press_action(Action("topics.vote", (str(sid),)), "bo")
    await decide(bot, f"/topics decline {closed} Out of scope")
    refused = await decide(bot, f"/topics merge {sid} {closed}")
    assert "declined, so it takes no votes" in refused.text
    assert await status_of(bot, sid) == "open"
    async with bot.db.read() as session:
        assert (
            await store.vote_count(session, sid) == 1
            and await store.vote_count(session, closed) == 0
        )


async def test_a_decision_says_who_will_be_told_and_waits_for_confirm(bot: TestBot) -> None:
    sid = await suggest(bot, "Language access in clinics", "ana")
    for voter in ("bo", "cy"):
        await bot.press_action(Action("topics.vote", (str(sid),)), voter)
    asked = await bot.command(f"/topics decline {sid} Out of scope", "org", organizer=True)
    assert "This messages 3 people" in asked.text
    assert [b.label for s in asked.sections for b in s.buttons] == ["Confirm", "Cancel"]
    await bot.advance("5m")
    assert await status_of(bot, sid) == "open" and dms(bot, "ana", "console") == []
    cancelled = await bot.press(asked, "Cancel", "org", organizer=True)
    assert "nothing was changed" in cancelled.text
    again = await bot.press(asked, "Confirm", "org", organizer=True)
    assert "already confirmed or cancelled" in again.text
    assert await status_of(bot, sid) == "open"


async def test_undo_within_the_moment_tells_nobody(database_url: str) -> None:
    settings = settings_for_tests({"topics": {"undo_seconds": 120}})
    bot = await TestBot.open(database_url, settings=settings)
    try:
        sid = await suggest(bot, "Language access in clinics", "ana", "console")
        await bot.press_action(Action("topics.vote", (str(sid),)), "bo")
        await decide(bot, f"/topics review {sid}")
        await bot.advance("5m")
        assert len(dms(bot, "bo", "console")) == 1
        bot.clear_posts()

        done = await decide(bot, f"/topics decline {sid} Out of scope")
        assert "Messaged 2 people (in 120 seconds" in done.text
        await bot.advance("1m")
        assert dms(bot, "bo", "console") == []
        undone = await bot.press(done, "Undo", "org", organizer=True)
        assert "is under review again" in undone.text and "Nobody was messaged" in undone.text
        await bot.advance("10m")
        assert bot.posts() == [] and await status_of(bot, sid) == "review"
        vote = await bot.press_action(Action("topics.vote", (str(sid),)), "cy")
        assert "You voted" in vote.text

        late = await decide(bot, f"/topics decline {sid} Out of scope")
        await bot.advance("3m")
        assert len(dms(bot, "bo", "console")) == 1
        refused = await bot.press(late, "Undo", "org", organizer=True)
        assert "Too late" in refused.text and await status_of(bot, sid) == "declined"
    finally:
        await bot.close()


async def test_covering_with_a_real_resource_links_it(bot: TestBot) -> None:
    sid = await suggest(bot, "Language access in clinics", "ana")
    kit = await a_resource(bot)
    done = await decide(bot, f"/topics cover {sid} {kit}")
    assert "now covered" in done.text and await status_of(bot, sid) == "covered"


async def test_cancelling_an_event_asks_what_becomes_of_its_planned_suggestions(
    bot: TestBot,
) -> None:
    event = await an_event(bot, "May webinar")
    back = await suggest(bot, "Language access in clinics", "ana")
    kept = await suggest(bot, "Maternal health in Black communities", "eve")
    await bot.press_action(Action("topics.vote", (str(back),)), "bo")
    for sid in (back, kept):
        await decide(bot, f"/topics plan {sid} {event}")
    other = await an_event(bot, "June webinar")
    await bot.advance("5m")
    bot.clear_posts()

    asked = await bot.command(f"/events cancel {event}", "org", organizer=True)
    assert "2 suggestions are planned for it" in asked.text
    labels = [b.label for s in asked.sections for b in s.buttons]
    assert any("back to review" in label for label in labels)
    assert any("keep" in label for label in labels)
    stale = await bot.press_action(Action("events.cancel", (str(event),)), "org", organizer=True)
    assert "choose what becomes of them" in stale.text
    done = await bot.press(asked, "back to review", "org", organizer=True)
    assert "2 planned suggestion(s) back to review" in done.text
    assert await status_of(bot, back) == "review" and await status_of(bot, kept) == "review"
    await bot.advance("5m")
    notices = [r.text for r in dms(bot, "bo", "console")]
    assert len(notices) == 1 and "May webinar" in notices[0] and "cancelled" in notices[0]
    assert len(dms(bot, "eve", "slack")) == 1

    await decide(bot, f"/topics plan {kept} {other}")
    asked = await bot.command(f"/events cancel {other}", "org", organizer=True)
    await bot.press(asked, "keep", "org", organizer=True)
    assert await status_of(bot, kept) == "planned"
    async with bot.db.read() as session:
        s = await store.get(session, kept)
        assert s is not None and s.link_ref == ""


async def test_the_bots_own_reason_reaches_each_reader_in_their_language(bot: TestBot) -> None:
    event = await an_event(bot, "May webinar")
    sid = await suggest(bot, "Language access in clinics", "ana")
    await bot.command("/language es", "bo")
    await bot.press_action(Action("topics.vote", (str(sid),)), "bo")
    await decide(bot, f"/topics plan {sid} {event}")
    await bot.advance("5m")
    bot.clear_posts()
    asked = await bot.command(f"/events cancel {event}", "org", organizer=True)
    await bot.press(asked, "back to review", "org", organizer=True)
    await bot.advance("5m")
    [spanish] = [r.text for r in dms(bot, "bo", "console")]
    assert "Su evento, May webinar, se canceló; el equipo organizador la revisará" in spanish
    shown = reply_text(await bot.command(f"/topics show {sid}", "bo"))
    assert "Su evento, May webinar, se canceló" in shown, shown
    english = reply_text(await bot.command(f"/topics show {sid}", "ana"))
    assert "Its event, May webinar, was cancelled; organizers will look at it again." in english
