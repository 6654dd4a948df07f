"""/link end to end: a code from the real Slack adapter, entered through the real Discord one."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

import discord
import pytest

from adapters.http.server import HttpServer
from adapters.slack.app import SlackBridge, build_app
from adapters.slack.http import EVENTS_PATH, slack_routes
from adapters.slack.outbox import web_client
from adapters.slack.roles import SlackOrganizers
from storage import topics as store
from tests.discord import payloads
from tests.discord.conftest import Harness
from tests.discord.fake_discord import FakeDiscord
from tests.events.test_flow import ONE_LINE, create
from tests.harness import TestBot, settings_for_tests
from tests.slack.conftest import ORGANIZER, SECRET, SlackEnv
from tests.slack.fake_slack import FakeSlack
from tests.slack.test_http_mode import block_action
from tests.topics.helpers import suggest


@dataclass
class Both:
    slack: SlackEnv
    discord: Harness


@pytest.fixture
async def both(database_url: str) -> AsyncIterator[Both]:
    slack_fake = await FakeSlack().start()
    discord_fake = FakeDiscord()
    await discord_fake.start()
    before = discord.http.Route.BASE
    discord.http.Route.BASE = discord_fake.base
    settings = settings_for_tests(
        {
            "slack": {"api_url": slack_fake.api_url, "organizer_user_ids": [ORGANIZER]},
            "discord": {"enabled": True, "guild_ids": [payloads.GUILD]},
        }
    )
    bot = await TestBot.open(database_url, settings=settings)
    client = web_client("xoxb-test", slack_fake.api_url, backoff_factor=0.01, max_wait=1)
    bridge = SlackBridge(bot.runtime, client, SlackOrganizers(bot.deps.settings, client))
    server = HttpServer(bot.runtime, [slack_routes(build_app(bridge, signing_secret=SECRET))])
    port = await server.start("127.0.0.1", 0)
    url = f"http://127.0.0.1:{port}{EVENTS_PATH}"
    slack = SlackEnv(slack_fake, bot, bridge, build_app(bridge, signing_secret=SECRET), url)
    harness = Harness(bot, discord_fake)
    await harness.connect(defer_after=5.0)
    try:
        yield Both(slack, harness)
    finally:
        await harness.close()
        await server.stop()
        await bot.close()
        discord.http.Route.BASE = before
        await discord_fake.stop()
        await slack_fake.stop()


async def slack_says(env: SlackEnv, line: str, user: str = "UANA") -> str:
    answered = len(env.fake.responses)
    await env.command(line, user=user)
    await env.fake.wait_for(lambda: len(env.fake.responses) > answered)
    reply = env.fake.responses[-1]
    return f"{reply.get('text', '')} {reply.get('blocks', '')}"


async def discord_says(h: Harness, payload: dict[str, object]) -> str:
    (callback,) = await h.run(payload)
    data = callback.get("data") or {}
    return f"{data.get('content', '')} {data.get('embeds', '')}"


async def test_link_across_the_real_adapters(both: Both) -> None:
    said = await slack_says(both.slack, "/link")
    found = re.search(r"code is ([A-Z0-9]{4}-[A-Z0-9]{4})", said)
    assert found, said
    member = payloads.MEMBER
    entered = await discord_says(
        both.discord,
        payloads.command("link", [payloads.option("code", found.group(1))], user_id=member),
    )
    assert "Linked:" in entered

    bot = both.slack.bot
    sid = await suggest(bot, "Rural broadband and telehealth", user="cy")
    answered = len(both.slack.fake.responses)
    url = both.slack.fake.response_url("vote")
    await both.slack.interact(block_action(f"topics.vote:{sid}", user="UANA", response_url=url))
    await both.slack.fake.wait_for(lambda: len(both.slack.fake.responses) > answered)
    button = {"type": 2, "style": 1, "label": "Vote", "custom_id": f"topics.vote:{sid}"}
    rows = [{"type": 1, "components": [button]}]
    pressed = await discord_says(
        both.discord, payloads.press(f"topics.vote:{sid}", rows, user_id=member)
    )
    assert "took back" in pressed  # the Slack vote, taken back from Discord
    async with bot.db.read() as session:
        assert await store.vote_count(session, sid) == 0

    reused = await discord_says(
        both.discord,
        payloads.command("link", [payloads.option("code", found.group(1))], user_id=member),
    )
    assert "already used" in reused
    unlinked = await slack_says(both.slack, "/unlink")
    assert "Unlinked" in unlinked


async def test_a_linked_members_slack_home_shows_their_reminders_first(both: Both) -> None:
    """The code made on Discord, so the person is the Discord account: reminders set from
    Slack are kept under it, and Slack's App Home must find them there."""
    bot = both.slack.bot
    await create(bot, ONE_LINE)
    later = ONE_LINE.replace("Health Equity Webinar", "Rural Health Workshop")
    await create(bot, later.replace("January 20", "January 27"))
    member = payloads.MEMBER
    said = await discord_says(both.discord, payloads.command("link", user_id=member))
    found = re.search(r"code is ([A-Z0-9]{4}-[A-Z0-9]{4})", said)
    assert found, said
    assert "Linked:" in await slack_says(both.slack, f"/link {found.group(1)}")

    answered = len(both.slack.fake.responses)
    url = both.slack.fake.response_url("remind")
    await both.slack.interact(block_action("events.remind:2", user="UANA", response_url=url))
    await both.slack.fake.wait_for(lambda: len(both.slack.fake.responses) > answered)
    assert "remind" in str(both.slack.fake.responses[-1]).lower()

    opened = {"type": "app_home_opened", "user": "UANA", "channel": "D1", "tab": "home"}
    await both.slack.event(opened, "Ev-home")
    (published,) = await both.slack.fake.wait_for(lambda: both.slack.fake.to("views.publish"))
    shown = str(published["view"])
    assert shown.index("Rural Health Workshop") < shown.index("Health Equity Webinar")
