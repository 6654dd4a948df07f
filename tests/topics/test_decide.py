"""Decisions close the loop: statuses, DMs to everyone who cared, merge, unfollow, refusals."""

from __future__ import annotations

from bot.actions import Action
from bot.errors import ORGANIZERS_ONLY
from bot.model import DirectMessage, Form, Input, Reply
from storage import topics as store
from storage.models.topics import OPEN
from tests.harness import TestBot, reply_text
from tests.topics.helpers import (
    a_resource,
    an_event,
    channel_posts,
    confirmed,
    decide,
    dms,
    suggest,
)


async def state(bot: TestBot, sid: int) -> tuple[str, int]:
    async with bot.db.read() as session:
        s = await store.get(session, sid)
        assert s is not None
        return s.status, await store.vote_count(session, sid)


async def test_the_whole_loop_across_slack_and_discord(bot: TestBot) -> None:
    sid = await suggest(bot, "Community engagement in rural health", "ana", "slack")
    await bot.advance("1m")
    _, post, _ = channel_posts(bot, "333")[0]
    await bot.press(post, "Vote", "bo", platform="discord")
    decided = await decide(
        bot,
        f"/topics plan {sid} https://example.org/webinars/rural May webinar, Dr. Lee presents",
        "org",
        platform="slack",
    )
    assert "now planned" in decided.text and "Messaged 2 people" in decided.text
    await bot.advance("1m")
    for user, platform in (("ana", "slack"), ("bo", "discord")):
        [notice] = dms(bot, user, platform)
        text = reply_text(notice)
        assert "planned" in text and "May webinar, Dr. Lee presents" in text
        assert any(
            b.url == "https://example.org/webinars/rural"
            for s in notice.sections
            for b in s.buttons
        )
        assert "Stop following" in text
    assert dms(bot, "org", "slack") == []
    assert "planned" in reply_text(await bot.command("/topics mine", "bo", platform="discord"))
    await bot.advance("1h")
    assert len(dms(bot, "ana", "slack")) == 1, "a notice is sent once"


async def test_every_decision_notifies_once_per_person(bot: TestBot) -> None:
    sid = await suggest(bot, "Language access in clinics", "ana", "slack")
    await bot.press_action(Action("topics.vote", (str(sid),)), "bo", platform="discord")
    await decide(bot, f"/topics review {sid}", "org")
    kit = await a_resource(bot)
    await decide(bot, f"/topics cover {sid} {kit} see the toolkit", "org")
    await bot.advance("5m")
    texts = [reply_text(r) for r in dms(bot, "bo", "discord")]
    assert len(texts) == 2
    # Both are due by now and posted side by side, so either may arrive first.
    review, cover = sorted(texts, key=lambda t: "covered by" in t)
    assert "under review" in review and "covered by Language access toolkit" in cover
    keys = [key for target, _, key in bot.posts() if isinstance(target, DirectMessage)]
    assert len(keys) == len(set(keys)) == 4


async def test_decline_needs_a_reason(bot: TestBot) -> None:
    sid = await suggest(bot, "Language access in clinics")
    missing = await decide(bot, f"/topics decline {sid}", "org")
    assert "reason" in missing.text and await state(bot, sid) == (OPEN, 0)
    done = await decide(bot, f"/topics decline {sid} Outside our focus this year", "org")
    assert "declined" in done.text
    await bot.advance("1m")
    [notice] = dms(bot, "ana", "slack")
    assert "Outside our focus this year" in reply_text(notice)


async def test_organizer_buttons_and_forms(bot: TestBot) -> None:
    sid = await suggest(bot, "Language access in clinics", "ana")
    view = await bot.command(f"/topics show {sid}", "org", organizer=True)
    assert "Organizer actions" in reply_text(view)
    form = await bot.press(view, "Decline", "org", organizer=True)
    assert form.form is not None
    empty = await bot.submit(form, {"reason": "  "}, "org", organizer=True)
    assert "reason" in empty.form_errors and (await state(bot, sid))[0] == OPEN
    await confirmed(
        bot, await bot.submit(form, {"reason": "We covered it in March"}, "org", organizer=True)
    )
    assert (await state(bot, sid))[0] == "declined"
    plan = await bot.press(view, "Plan", "org", organizer=True)
    bad = await bot.submit(plan, {"event": "javascript:alert(1)"}, "org", organizer=True)
    assert "event" in bad.form_errors
    missing = await bot.submit(plan, {"event": "#7", "note": "June"}, "org", organizer=True)
    assert "no event #7" in missing.form_errors["event"]
    june = await an_event(bot)
    await confirmed(
        bot, await bot.submit(plan, {"event": f"#{june}", "note": "June"}, "org", organizer=True)
    )
    assert (await state(bot, sid))[0] == "planned"
    review = await bot.press(view, "Under review", "org", organizer=True)
    assert "under review" in review.text


async def test_merge_moves_votes_and_followers_without_double_votes(bot: TestBot) -> None:
    a = await suggest(bot, "Rural broadband and telehealth", "ana")
    b = await suggest(bot, "Maternal health in Black communities", "eve")
    for voter, target in (("bo", a), ("cy", a), ("cy", b), ("dee", b), ("gil", a)):
        await bot.press_action(Action("topics.vote", (str(target),)), voter)
    await bot.command(f"/topics unfollow {a}", "gil")
    merged = await decide(bot, f"/topics merge {a} {b}", "org")
    assert "now has 4 votes" in merged.text
    assert await state(bot, a) == ("merged", 0) and await state(bot, b) == (OPEN, 4)
    again = await bot.press_action(Action("topics.vote", (str(a),)), "fay")
    assert f"merged into #{b}" in again.text
    await bot.advance("1m")
    assert "merged into" in reply_text(dms(bot, "ana", "slack")[0])
    bot.clear_posts()
    await decide(bot, f"/topics plan {b} {await an_event(bot)}", "org")
    await bot.advance("1m")
    told = {t.user_id for t, _, _ in bot.posts() if isinstance(t, DirectMessage)}
    assert told == {"ana", "bo", "cy", "dee", "eve"}


async def test_merge_refuses_itself_and_merged_ones(bot: TestBot) -> None:
    a = await suggest(bot, "Rural broadband and telehealth", "ana")
    b = await suggest(bot, "Maternal health in Black communities", "eve")
    assert "itself" in (await decide(bot, f"/topics merge {a} {a}", "org")).text
    await decide(bot, f"/topics merge {a} {b}", "org")
    twice = await decide(bot, f"/topics merge {a} {b}", "org")
    assert "was merged into" in twice.text
    into_merged = await decide(bot, f"/topics merge {b} {a}", "org")
    assert "was merged into" in into_merged.text and (await state(bot, b))[0] == OPEN


async def test_unfollow_stops_the_messages(bot: TestBot) -> None:
    sid = await suggest(bot, "Language access in clinics", "ana", "slack")
    await bot.press_action(Action("topics.vote", (str(sid),)), "bo", platform="discord")
    stop = await bot.command(f"/topics unfollow {sid}", "bo", platform="discord")
    assert "won't get messages" in stop.text
    await decide(bot, f"/topics review {sid}", "org")
    await bot.advance("1m")
    assert dms(bot, "bo", "discord") == []
    [notice] = dms(bot, "ana", "slack")
    await bot.press(notice, "Stop following", "ana", platform="slack")
    await decide(bot, f"/topics plan {sid} {await an_event(bot)}", "org")
    await bot.advance("1m")
    assert len(dms(bot, "ana", "slack")) == 1
    view = await bot.command(f"/topics show {sid}", "bo", platform="discord")
    await bot.press(view, "Follow", "bo", platform="discord")
    await decide(bot, f"/topics cover {sid} {await a_resource(bot)}", "org")
    await bot.advance("1m")
    assert len(dms(bot, "bo", "discord")) == 1


async def test_every_organizer_only_thing_is_refused_to_members(bot: TestBot) -> None:
    sid = await suggest(bot, "Language access in clinics", "ana")
    await bot.press_action(Action("topics.vote", (str(sid),)), "bo")
    await bot.advance("1m")
    bot.clear_posts()
    commands = [
        f"/topics review {sid}",
        f"/topics plan {sid} 3",
        f"/topics cover {sid} 3",
        f"/topics decline {sid} no",
        f"/topics merge {sid} {sid + 1}",
    ]
    for line in commands:
        assert (await bot.command(line, "mallory")).text == ORGANIZERS_ONLY, line
    for name in ("do_review", "ask_plan", "ask_cover", "ask_decline", "ask_merge"):
        refused = await bot.press_action(Action(f"topics.{name}", (str(sid),)), "mallory")
        assert refused.text == ORGANIZERS_ONLY, name
    values = {"event": "3", "resource": "3", "reason": "no", "into": "2", "note": ""}
    for name in ("plan", "cover", "decline", "merge"):
        fake = Reply(
            text="", form=Form(Action(f"topics.{name}", (str(sid),)), "x", (Input("a", "a"),))
        )
        assert (await bot.submit(fake, values, "mallory")).text == ORGANIZERS_ONLY, name
    view = await bot.command(f"/topics show {sid}", "mallory")
    assert "Organizer actions" not in reply_text(view)
    await bot.advance("1m")
    assert await state(bot, sid) == (OPEN, 1) and bot.posts() == []


async def test_covered_by_a_past_event_or_a_resource(bot: TestBot) -> None:
    sid = await suggest(bot, "Language access in clinics", "ana", "slack")
    march = await an_event(bot, "March webinar")
    await decide(bot, f"/topics cover {sid} event:{march} We ran this in March", "org")
    await bot.advance("1m")
    [notice] = dms(bot, "ana", "slack")
    assert "covered by March webinar, Wed, Feb 4 2026" in notice.text
    assert f"event #{march}" not in reply_text(notice)
    view = await bot.command(f"/topics show {sid}", "org", organizer=True)
    form = await bot.press(view, "Covered", "org", organizer=True)
    await confirmed(
        bot,
        await bot.submit(form, {"resource": "https://example.org/toolkit"}, "org", organizer=True),
    )
    await bot.advance("1m")
    latest = dms(bot, "ana", "slack")[-1]
    assert [b.url for s in latest.sections for b in s.buttons if b.url] == [
        "https://example.org/toolkit"
    ]
    refused = await decide(bot, f"/topics cover {sid} next week", "org")
    assert "number" in refused.text
