"""Each member's own time on Slack: the zone of their Slack profile (users.info), kept with when
it was read and read again now and then; /timezone stays the override and says where the
current zone comes from."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from adapters.runtime import open_runtime
from adapters.slack.outbox import SlackOutbox, web_client
from adapters.slack.zones import ProfileZones
from bot.clock import FakeClock
from storage import members as store
from storage.identity import Account
from storage.models.members import ZONE_PROFILE
from tests.events.test_flow import create, dms
from tests.harness import START, TestBot
from tests.slack.conftest import SlackEnv, slack_settings
from tests.slack.fake_slack import FakeSlack, SlackUser
from tests.slack.payloads import answer, block_action

LA = SlackUser("U7", "America/Los_Angeles", "Pacific Standard Time", -28800)


async def said(slack: SlackEnv, line: str, user: str = "U7") -> str:
    count = len(slack.fake.responses)
    await slack.command(line, user=user)
    return str((await answer(slack, count + 1))[-1]["text"])


async def test_a_member_sees_times_in_their_profile_zone(slack: SlackEnv) -> None:
    slack.fake.users["U7"] = LA
    await create(slack.bot)
    listed = await said(slack, "/events")
    assert "PST (America/Los_Angeles)" in str(slack.fake.responses[-1]["blocks"]), listed
    where = await said(slack, "/timezone")
    assert "America/Los_Angeles, from your Slack profile" in where
    assert [c["user"] for c in slack.fake.to("users.info")] == ["U7"]  # read once, then kept
    async with slack.bot.db.read() as session:
        state = await store.zone_state(session, Account("slack", "U7"))
    assert state.source == ZONE_PROFILE and state.fetched_at == slack.bot.clock.now()


async def test_the_profile_zone_is_read_again_when_old(slack: SlackEnv) -> None:
    slack.fake.users["U7"] = LA
    await said(slack, "/timezone")
    slack.fake.users["U7"] = SlackUser("U7", "Europe/Berlin", "Central European Time", 3600)
    slack.bot.clock.advance(timedelta(days=2))
    assert "America/Los_Angeles" in await said(slack, "/timezone")
    slack.bot.clock.advance(timedelta(days=1, minutes=1))  # past profile_zone_days = 3
    assert "Europe/Berlin, from your Slack profile" in await said(slack, "/timezone")
    assert len(slack.fake.to("users.info")) == 2


async def test_a_chosen_zone_wins_until_the_member_lets_go(slack: SlackEnv) -> None:
    slack.fake.users["U7"] = LA
    await said(slack, "/timezone Denver")
    assert "America/Denver (you set it)" in await said(slack, "/timezone")
    slack.bot.clock.advance(timedelta(days=10))
    assert "America/Denver (you set it)" in await said(slack, "/timezone")
    assert "profile's time zone" in await said(slack, "/timezone auto")
    assert "America/Los_Angeles, from your Slack profile" in await said(slack, "/timezone")


async def test_unknown_users_and_a_slack_outage_fall_back_to_the_default(
    slack: SlackEnv,
) -> None:
    assert "have not set a time zone" in await said(slack, "/timezone", user="U-GONE")
    assert slack.fake.to("users.info")[0]["user"] == "U-GONE"
    slack.fake.users["U8"] = LA
    slack.fake.fail("users.info", "500", times=None)
    assert "have not set a time zone" in await said(slack, "/timezone", user="U8")
    asked = len(slack.fake.to("users.info"))
    await said(slack, "/timezone", user="U8")
    assert len(slack.fake.to("users.info")) == asked, "not on every action while Slack is away"
    slack.fake.rules.clear()
    slack.bot.clock.advance(timedelta(minutes=11))
    assert "from your Slack profile" in await said(slack, "/timezone", user="U8")


async def test_a_dm_reminder_uses_the_profile_zone(slack: SlackEnv) -> None:
    bot = slack.bot
    await create(bot)
    slack.fake.users["U7"] = LA
    await said(slack, "/events")
    remind = next(
        element
        for block in slack.fake.responses[-1]["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["text"]["text"] == "Going"
    )
    url = slack.fake.response_url("remind")
    await slack.interact(block_action(remind["action_id"], user="U7", response_url=url))
    await slack.fake.wait_for(lambda: len(slack.fake.responses) >= 2 or None)
    bot.clear_posts()
    await bot.advance("15d 4h")
    got = dms(bot, "U7")
    assert got and all("PST (America/Los_Angeles)" in text for text in got), got


async def test_a_reminder_reads_the_profile_zone_before_it_renders(
    database_url: str, fake: FakeSlack
) -> None:
    """No action by the member since: the DM reminder itself reads their profile first."""
    client = web_client("xoxb-test", fake.api_url, backoff_factor=0.01, max_wait=1)
    outbox = SlackOutbox(client)
    runtime = await open_runtime(
        slack_settings(fake),
        clock=FakeClock(START),
        outboxes={"slack": outbox},
        database_url=database_url,
        migrate_now=False,
    )
    outbox.zones = ProfileZones(runtime.deps, client)
    bot = TestBot(runtime, {})
    try:
        await create(bot)
        listed = await bot.command("/events", "U7", platform="slack")
        await bot.press(listed, "Going", "U7", platform="slack")
        fake.users["U7"] = LA
        assert fake.to("users.info") == []
        await bot.advance("15d 4h")
        texts = [str(m["blocks"]) for m in fake.messages["D-U7"]]
        assert len(texts) == 2 and all("PST (America/Los_Angeles)" in t for t in texts), texts
        assert len(fake.to("users.info")) == 1  # read once, kept for the second reminder
    finally:
        await runtime.stop()


async def test_a_search_answers_before_the_profile_zone_is_read(slack: SlackEnv) -> None:
    """Issue 28: a search shows no times, so a new member's answer does not wait for
    users.info; the zone is read after it (and /events, which shows times, reads it first)."""
    slack.fake.users["U7"] = LA
    held = slack.fake.holds["users.info"] = asyncio.Event()  # Slack has not answered yet
    await said(slack, "/resources housing")
    async with slack.bot.db.read() as session:
        state = await store.zone_state(session, Account("slack", "U7"))
    assert state.fetched_at is None, "the search's answer waited for the profile"
    await slack.fake.wait_for(lambda: slack.fake.to("users.info"))
    asked = [a for a in slack.fake.arrivals if a in ("users.info", "response_url")]
    assert asked[:2] == ["response_url", "users.info"], "the profile was asked before answering"
    held.set()
    await slack.fake.wait_for(lambda: slack.fake.to("users.info"))
    assert "America/Los_Angeles, from your Slack profile" in await said(slack, "/timezone")
