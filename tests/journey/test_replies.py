"""Replies in a prompt's thread are kept (once, unless the author opted out) and summarized
for organizers without ever pinging anyone."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from storage import journey as store
from tests.harness import TestBot, reply_text
from tests.journey.support import journey_settings, local, thread_of
from tests.members.test_link import code_for, link
from tests.pings import pings


@pytest.fixture
async def posted(database_url: str) -> AsyncIterator[TestBot]:
    """A bot just after the 2026-Q2 kick-off went out everywhere."""
    bot = await TestBot.open(
        database_url, settings=journey_settings(), start=local("2026-03-31 09:00")
    )
    await bot.advance("1d 2h")
    yield bot
    await bot.close()


async def kept(bot: TestBot, quarter: str = "2026-Q2") -> list[tuple[str, str, str]]:
    async with bot.db.read() as session:
        rows = await store.replies(session, quarter=quarter)
    return [(r.author_key, r.prompt_id, r.text) for r in rows]


async def test_replies_in_the_prompt_thread_are_kept_once(posted: TestBot) -> None:
    slack = await thread_of(posted, "2026-Q2", "kickoff", "slack")
    discord = await thread_of(posted, "2026-Q2", "kickoff", "discord")
    await posted.say(
        "We added housing.",
        user="bo",
        platform="slack",
        channel="C-JOURNEY",
        thread=slack,
        message_id="1.1",
    )
    await posted.say(
        "We added housing.",
        user="bo",
        platform="slack",
        channel="C-JOURNEY",
        thread=slack,
        message_id="1.1",
    )
    await posted.say(
        "Transit next!",
        user="cy",
        platform="discord",
        channel=discord,
        thread=discord,
        message_id="9",
    )
    assert await kept(posted) == [
        ("slack:bo", "kickoff", "We added housing."),
        ("discord:cy", "kickoff", "Transit next!"),
    ]


async def test_other_threads_and_other_platforms_are_ignored(posted: TestBot) -> None:
    slack = await thread_of(posted, "2026-Q2", "kickoff", "slack")
    await posted.say("Not a reply", user="bo", platform="slack", channel="C-JOURNEY")
    await posted.say("Other thread", user="bo", platform="slack", thread="123.456")
    await posted.say("   ", user="bo", platform="slack", channel="C-JOURNEY", thread=slack)
    assert await kept(posted) == []


async def test_opted_out_members_are_not_kept_and_can_opt_back_in(posted: TestBot) -> None:
    thread = await thread_of(posted, "2026-Q2", "kickoff", "console")
    await posted.say("First thought", user="dee", thread=thread, message_id="c1")
    reply = await posted.command("/journey optout", user="dee")
    assert "1 kept reply was deleted" in reply.text
    await posted.say("Second thought", user="dee", thread=thread, message_id="c2")
    assert await kept(posted) == []
    status = await posted.command("/journey", user="dee")
    assert "You opted out" in reply_text(status)
    await posted.command("/journey optin", user="dee")
    await posted.say("Third thought", user="dee", thread=thread, message_id="c3")
    assert await kept(posted) == [("console:dee", "kickoff", "Third thought")]


async def test_summary_counts_per_prompt_and_platform(posted: TestBot) -> None:
    slack = await thread_of(posted, "2026-Q2", "kickoff", "slack")
    console = await thread_of(posted, "2026-Q2", "kickoff", "console")
    for n, user in enumerate(("ana", "bo", "cy")):
        await posted.say(
            f"Idea {n}",
            user=user,
            platform="slack",
            channel="C-JOURNEY",
            thread=slack,
            message_id=f"s{n}",
        )
    await posted.say(
        "Ping <!channel> @everyone <@U123>", user="eve", thread=console, message_id="c1"
    )
    await posted.advance("4w")
    follow_up = await thread_of(posted, "2026-Q2", "after-4w", "slack")
    await posted.say(
        "Later idea",
        user="ana",
        platform="slack",
        channel="C-JOURNEY",
        thread=follow_up,
        message_id="s9",
    )

    summarized = await posted.command("/journey summary", organizer=True)
    summary = reply_text(summarized)
    assert "5 replies from 4 participants" in summary
    assert "Most replied: Kick-off (4)" in summary
    assert "Ana (slack, 2), Eve (console, 1), Bo (slack, 1), Cy (slack, 1)" in summary
    assert "Kick-off: console 1 · slack 3 (total 4)" in summary
    assert "Follow-up after 4 weeks: slack 1 (total 1)" in summary
    assert "Later idea" in summary
    assert "Ping <!channel> @everyone <@U123>" in summary  # as written, and
    assert pings(summarized) == []  # defused by each adapter as it renders


async def test_summary_of_a_quiet_or_named_quarter(posted: TestBot) -> None:
    quiet = await posted.command("/journey summary 2026-Q1", organizer=True)
    assert "No replies have been kept for 2026-Q1 yet" in reply_text(quiet)
    bad = await posted.command("/journey summary someday", organizer=True)
    assert "like 2026-Q1" in bad.text


async def test_hostile_replies_are_kept_safely_and_summarized(posted: TestBot) -> None:
    thread = await thread_of(posted, "2026-Q2", "kickoff", "console")
    hostile = [
        "quote \" ' `; DROP TABLE journey_replies; --",
        "nul\x00byte",
        "x" * 10_000,
        "emoji 🎉🏳️‍🌈",
        "@here <@&123> <#C1>",
    ]
    for n, text in enumerate(hostile):
        await posted.say(text, user=f"u{n}", thread=thread, message_id=f"h{n}")
    texts = [t for _, _, t in await kept(posted)]
    assert len(texts) == 5 and "nulbyte" in texts and len(texts[2]) == 4000
    summary = await posted.command("/journey summary", organizer=True)
    assert "@here <@&123> <#C1>" in reply_text(summary)  # as written, and
    assert pings(summary) == []  # defused by each adapter as it renders


async def test_a_linked_member_opts_out_once_for_both_accounts(posted: TestBot) -> None:
    """Opting out on Slack stops Discord replies being kept, and deletes those already kept;
    a reply from either account is kept under the one person."""
    await link(posted, slack="bo", discord="cy")
    discord = await thread_of(posted, "2026-Q2", "kickoff", "discord")
    where = {"platform": "discord", "channel": discord, "thread": discord}
    await posted.say("From Discord", user="cy", message_id="d1", **where)
    assert await kept(posted) == [("slack:bo", "kickoff", "From Discord")]
    reply = await posted.command("/journey optout", user="bo", platform="slack")
    assert "1 kept reply was deleted" in reply.text
    await posted.say("Again from Discord", user="cy", message_id="d2", **where)
    assert await kept(posted) == []
    status = await posted.command("/journey", user="cy", platform="discord")
    assert "opted out" in reply_text(status).lower()


async def test_linking_keeps_the_more_private_journey_choice(posted: TestBot) -> None:
    slack = await thread_of(posted, "2026-Q2", "kickoff", "slack")
    where = {"platform": "slack", "channel": "C-JOURNEY", "thread": slack}
    await posted.command("/journey optout", user="cy", platform="discord")
    await posted.say("Before linking", user="bo", message_id="s1", **where)
    assert len(await kept(posted)) == 1
    code = await code_for(posted, "bo")
    linked = await posted.command(f"/link {code}", "cy", platform="discord")
    assert "now neither keeps them" in linked.text
    assert await kept(posted) == []  # the Discord account had opted out: both have now
    await posted.say("After linking", user="bo", message_id="s2", **where)
    assert await kept(posted) == []
