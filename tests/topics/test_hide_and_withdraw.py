"""Organizers hide a suggestion; its author withdraws or edits it while it is open."""

from __future__ import annotations

from bot.actions import Action
from tests.harness import TestBot, all_buttons, reply_text
from tests.topics.helpers import channel_posts, dms, suggest
from tests.topics.test_public_post import edits

SECRET = "Call Jane Doe at 555-0100"


def vote(sid: int) -> Action:
    return Action("topics.vote", (str(sid),))


def post_now(bot: TestBot, platform: str) -> str:
    """What the suggestion's channel post on `platform` shows after its last edit."""
    return reply_text(edits(bot, platform)[-1][1])


async def test_an_organizer_hides_a_suggestion_everywhere(bot: TestBot) -> None:
    sid = await suggest(bot, f"{SECRET} | she needs housing")
    await bot.press_action(vote(sid), "bo", platform="discord")
    await bot.advance("1m")
    refused = await bot.command(f"/topics hide {sid} spam", "bo")
    assert "Only organizers" in refused.text
    asked = await bot.command(f"/topics hide {sid} It names a person", "olga", organizer=True)
    assert f"Hide #{sid}" in asked.text and "suggester is told" in asked.text
    assert [b.label for b in all_buttons(asked)] == ["Confirm", "Cancel"]
    done = await bot.press(asked, "Confirm", "olga", organizer=True)
    assert "hidden by organizers" in done.text
    await bot.advance("1m")
    for platform in ("slack", "discord"):
        shown = post_now(bot, platform)
        assert "hidden by organizers" in shown and "Jane" not in shown and "Vote for" not in shown
    for command in ("/topics", "/topics mine", f"/topics show {sid}"):
        seen = reply_text(await bot.command(command, "bo", platform="discord"))
        assert "Jane" not in seen, command
    told = [reply_text(r) for r in dms(bot, "ana", "slack")]
    assert len(told) == 1 and "hid it" in told[0] and "It names a person" in told[0]
    assert dms(bot, "bo", "discord") == []  # voters are not told of a hide
    to_organizers = channel_posts(bot, "C-ORG") + channel_posts(bot, "444")
    logged = [reply_text(r) for _, r, _ in to_organizers if "hid suggestion" in r.text]
    assert len(logged) == 2 and all(
        t.startswith("Olga hid suggestion #1. Why: It names") for t in logged
    )
    assert not any("Jane" in t for t in logged)
    # Still in its history for organizers, and for its author.
    organizer = reply_text(await bot.command(f"/topics show {sid}", "olga", organizer=True))
    assert "Jane" in organizer and "hidden by organizers" in organizer
    again = await bot.command(f"/topics hide {sid} twice", "olga", organizer=True)
    assert "already hidden" in again.text


async def test_a_hide_can_be_undone_before_anyone_is_told(database_url: str) -> None:
    from tests.harness import settings_for_tests

    bot = await TestBot.open(
        database_url, settings=settings_for_tests({"topics": {"undo_seconds": 30}})
    )
    try:
        sid = await suggest(bot, SECRET)
        asked = await bot.command(f"/topics hide {sid} Personal details", "olga", organizer=True)
        done = await bot.press(asked, "Confirm", "olga", organizer=True)
        undone = await bot.press(done, "Undo", "olga", organizer=True)
        assert "open again" in undone.text
        await bot.advance("1m")
        assert dms(bot, "ana", "slack") == []
        assert not any("hid suggestion" in r.text for _, r, _ in channel_posts(bot, "C-ORG"))
    finally:
        await bot.close()


async def test_the_author_withdraws_from_topics_mine_and_voters_are_told(bot: TestBot) -> None:
    sid = await suggest(bot, "Lead pipes in schools")
    await bot.press_action(vote(sid), "bo", platform="discord")
    mine = await bot.command("/topics mine", "ana", platform="slack")
    labels = [b.label for b in all_buttons(mine)]
    assert "Withdraw" in labels and "Edit" in labels
    assert "Withdraw" not in [b.label for b in all_buttons(await bot.command("/topics mine", "bo"))]
    asked = await bot.press(mine, "Withdraw", "ana", platform="slack")
    assert "1 person who voted for or follow it will be told" in asked.text
    stranger = await bot.press(asked, "Yes, withdraw it", "bo", platform="discord")
    assert "Only the member who suggested" in stranger.text
    done = await bot.press(asked, "Yes, withdraw it", "ana", platform="slack")
    assert done.text.startswith(f"Withdrawn: #{sid}")
    await bot.advance("1m")
    (told,) = dms(bot, "bo", "discord")
    assert "withdrew it" in reply_text(told) and "Lead pipes" in reply_text(told)
    assert "Lead pipes" not in reply_text(await bot.command("/topics", "cy"))
    assert "withdrawn" in post_now(bot, "slack") and "Vote for this" not in post_now(bot, "slack")
    after = reply_text(await bot.command("/topics mine", "ana", platform="slack"))
    assert "withdrawn by its author" in after and "Withdraw" not in after
    late = await bot.press_action(Action("topics.withdraw", (str(sid),)), "ana", platform="slack")
    assert "can no longer be withdrawn" in late.text
    reopened = await bot.command(f"/topics review {sid}", "olga", organizer=True)
    assert "withdrawn by its author; only hiding it is left" in reopened.text


async def test_the_author_edits_an_open_suggestion_and_its_post_follows(bot: TestBot) -> None:
    sid = await suggest(bot, "Lead pipes | in shcools")
    shown = await bot.command(f"/topics show {sid}", "ana", platform="slack")
    form_reply = await bot.press(shown, "Edit", "ana", platform="slack")
    assert form_reply.form is not None
    assert [i.initial for i in form_reply.form.inputs] == ["Lead pipes", "in shcools"]
    bad = await bot.submit(form_reply, {"title": "", "details": "x"}, "ana", platform="slack")
    assert "title" in dict(bad.form_errors)
    saved = await bot.submit(
        form_reply,
        {"title": "Lead pipes in schools", "details": "in schools"},
        "ana",
        platform="slack",
    )
    assert saved.text.startswith(f"Saved: #{sid} Lead pipes in schools")
    await bot.advance("1m")
    assert "Lead pipes in schools" in post_now(bot, "discord")
    other = await bot.submit(form_reply, {"title": "Mine now"}, "bo", platform="discord")
    assert "Only the member who suggested" in other.text
    assert "Edit" not in [
        b.label for b in all_buttons(await bot.command(f"/topics show {sid}", "bo"))
    ]
