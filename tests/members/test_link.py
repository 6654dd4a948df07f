"""/link and /unlink through the core: one member across Slack and Discord."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from bot.model import DirectMessage
from storage import topics as store
from storage.models.members import Member
from storage.models.people import LinkCode
from tests.events.test_flow import ONE_LINE, create
from tests.harness import TestBot, all_buttons, reply_text
from tests.topics.helpers import decide, suggest
from tests.topics.test_public_post import vote

SLACK, DISCORD = "UANA", "4242"


async def code_for(bot: TestBot, user: str = SLACK, platform: str = "slack") -> str:
    reply = await bot.command("/link", user, platform=platform)
    found = re.search(r"code is ([A-Z0-9]{4}-[A-Z0-9]{4})", reply.text)
    assert found, reply.text
    return found.group(1)


async def link(bot: TestBot, slack: str = SLACK, discord: str = DISCORD) -> str:
    code = await code_for(bot, slack)
    reply = await bot.command(f"/link {code}", discord, platform="discord")
    assert reply.text.startswith("Linked:"), reply.text
    return code


async def votes(bot: TestBot, sid: int) -> int:
    async with bot.db.read() as session:
        return await store.vote_count(session, sid)


def dms_to(bot: TestBot, platform: str, user: str) -> list[str]:
    return [
        reply_text(r)
        for t, r, _ in bot.posts(platform)
        if isinstance(t, DirectMessage) and t.user_id == user
    ]


async def test_codes_are_hashed_single_use_and_expire(bot: TestBot) -> None:
    code = await code_for(bot)
    async with bot.db.read() as session:
        (row,) = (await session.execute(select(LinkCode))).scalars()
    assert code.replace("-", "") not in row.code_hash and len(row.code_hash) == 64
    assert row.expires_at - bot.clock.now() == timedelta(minutes=10)
    assert code != await code_for(bot)  # a new code; the old one stops working
    wrong = await bot.command(f"/link {code}", DISCORD, platform="discord")
    assert "not right" in wrong.text

    code = await code_for(bot)
    same = await bot.command(f"/link {code}", SLACK, platform="slack")
    assert "from this account" in same.text
    other_slack = await bot.command(f"/link {code}", "UBEN", platform="slack")
    assert "different platforms" in other_slack.text
    junk = await bot.command("/link hello", DISCORD, platform="discord")
    assert "not a link code" in junk.text
    await bot.advance("11m")
    late = await bot.command(f"/link {code}", DISCORD, platform="discord")
    assert "expired" in late.text

    code = await code_for(bot)
    assert "Linked:" in (await bot.command(f"/link {code}", DISCORD, platform="discord")).text
    again = await bot.command(f"/link {code.lower()}", DISCORD, platform="discord")
    assert "already used" in again.text


async def test_no_account_joins_a_second_person(bot: TestBot) -> None:
    earlier = await code_for(bot, SLACK)  # still unused when the accounts get linked
    theirs = await code_for(bot, DISCORD, "discord")
    linked = await bot.command(f"/link {theirs}", SLACK, platform="slack")
    assert linked.text.startswith("Linked:")
    overview = await bot.command("/link", SLACK, platform="slack")
    assert "code" not in overview.text  # linked everywhere: nothing more to link
    twice = await bot.command(f"/link {earlier}", DISCORD, platform="discord")
    assert "already linked" in twice.text
    second = await bot.command(f"/link {earlier}", "9999", platform="discord")
    assert "already linked to another Discord account" in second.text
    code = await code_for(bot, "UBEN")
    taken = await bot.command(f"/link {code}", DISCORD, platform="discord")
    assert "already linked to another one" in taken.text


async def test_one_vote_per_person_and_double_votes_collapse(bot: TestBot) -> None:
    first = await suggest(bot, "Rural broadband and telehealth", user="cy")
    second = await suggest(bot, "Language access in clinics", user="cy")
    await bot.press_action(vote(first), SLACK, platform="slack")
    await bot.press_action(vote(first), DISCORD, platform="discord")
    await bot.press_action(vote(second), DISCORD, platform="discord")
    assert await votes(bot, first) == 2  # two accounts, two votes: the old problem
    await link(bot)
    assert await votes(bot, first) == 1 and await votes(bot, second) == 1
    undo = await bot.press_action(vote(second), SLACK, platform="slack")
    assert "took back" in undo.text and await votes(bot, second) == 0
    again = await bot.press_action(vote(first), DISCORD, platform="discord")
    assert "took back" in again.text and await votes(bot, first) == 0
    mine = reply_text(await bot.command("/topics mine", DISCORD, platform="discord"))
    assert "Rural broadband" not in mine
    await bot.press_action(vote(first), DISCORD, platform="discord")
    mine = reply_text(await bot.command("/topics mine", SLACK, platform="slack"))
    assert "Rural broadband" in mine


async def test_zone_is_shared(bot: TestBot) -> None:
    await bot.command("/timezone Denver", DISCORD, platform="discord")
    await link(bot)
    assert "America/Denver" in (await bot.command("/timezone", SLACK, platform="slack")).text
    await bot.command("/timezone Los Angeles", SLACK, platform="slack")
    told = await bot.command("/timezone", DISCORD, platform="discord")
    assert "America/Los_Angeles" in told.text


async def test_reminders_once_where_the_member_chooses(bot: TestBot) -> None:
    await create(bot, ONE_LINE)
    for user, platform in ((SLACK, "slack"), (DISCORD, "discord")):
        listed = await bot.command("/events", user, platform=platform)
        await bot.press(listed, "Going", user, platform=platform)
    await link(bot)
    overview = await bot.command("/link", DISCORD, platform="discord")
    assert "gets your direct messages" in reply_text(overview)
    await bot.press(overview, "Send DMs to Discord", DISCORD, platform="discord")
    reminders = await bot.command("/reminders", SLACK, platform="slack")
    assert reminders.text.startswith("Your reminders (1)")  # two subscriptions became one
    await bot.deliver_due()  # "your Slack account is now linked", to the account that asked
    bot.clear_posts()
    await bot.advance("15d 4h")
    assert dms_to(bot, "slack", SLACK) == []
    got = dms_to(bot, "discord", DISCORD)
    assert len(got) == 2 and "starts in 1 day" in got[0]  # once per reminder, not twice


async def test_decision_notices_go_to_the_chosen_platform(bot: TestBot) -> None:
    sid = await suggest(bot, "Maternal health in Black communities", user="cy")
    await bot.press_action(vote(sid), SLACK, platform="slack")
    await link(bot)
    overview = await bot.command("/link", SLACK, platform="slack")
    await bot.press(overview, "Send DMs to Discord", SLACK, platform="slack")
    await bot.deliver_due()  # "your Slack account is now linked", to the account that asked
    bot.clear_posts()
    await decide(bot, f"/topics review {sid}")
    await bot.deliver_due()
    assert dms_to(bot, "slack", SLACK) == []
    assert len(dms_to(bot, "discord", DISCORD)) == 1


async def test_privacy_shows_and_deletes_both(bot: TestBot) -> None:
    sid = await suggest(bot, "Food as medicine programs", user=DISCORD, platform="discord")
    await bot.press_action(vote(sid), SLACK, platform="slack")
    await bot.command("/timezone Denver", SLACK, platform="slack")
    await link(bot)
    shown = await bot.command("/privacy", DISCORD, platform="discord")
    text = reply_text(shown)
    assert "linked accounts" in text and "topics you suggested: 1" in text and "votes: 1" in text
    asked = await bot.press(shown, "Delete all of it", DISCORD, platform="discord")
    done = await bot.press(asked, "Yes, delete everything", DISCORD, platform="discord")
    assert "deleted" in done.text
    for user, platform in ((SLACK, "slack"), (DISCORD, "discord")):
        after = reply_text(await bot.command("/privacy", user, platform=platform))
        assert "keeps 0 items" in after, after
    assert await votes(bot, sid) == 0


async def test_unlink_is_one_command_and_help_shows_it(bot: TestBot) -> None:
    sid = await suggest(bot, "School-based health centers", user="cy")
    await link(bot)
    await bot.press_action(vote(sid), DISCORD, platform="discord")
    reply = await bot.command("/unlink", DISCORD, platform="discord")
    assert reply.text.startswith("Unlinked") and "Slack account" in reply.text
    assert "not linked" in (await bot.command("/unlink", SLACK, platform="slack")).text
    await bot.press_action(vote(sid), DISCORD, platform="discord")
    assert await votes(bot, sid) == 2  # separate people again: the vote stayed with Slack
    helped = reply_text(await bot.command("/help"))
    assert "/link" in helped and "/unlink" in helped
    overview = await bot.command("/link", SLACK, platform="slack")
    assert "Unlink this account" not in [b.label for b in all_buttons(overview)]


async def test_choices_are_kept_once_and_each_account_keeps_them_after_unlink(
    bot: TestBot,
) -> None:
    await bot.command("/timezone Denver", DISCORD, platform="discord")
    await bot.command("/journey optout", DISCORD, platform="discord")
    await link(bot)
    async with bot.db.read() as session:
        rows = (await session.execute(select(Member))).scalars().all()
    assert [(r.platform, r.user_id) for r in rows] == [("slack", SLACK)]  # the person's row
    assert rows[0].timezone == "America/Denver" and rows[0].journey_optout
    await bot.command("/unlink", SLACK, platform="slack")
    for user, platform in ((SLACK, "slack"), (DISCORD, "discord")):
        told = await bot.command("/timezone", user, platform=platform)
        assert "America/Denver" in told.text, told.text
        shown = reply_text(await bot.command("/privacy", user, platform=platform))
        assert "not kept (you opted out)" in shown, shown
