"""A suggestion's channel post on Slack is updated (chat.update) as votes and decisions come in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from adapters.slack.outbox import SlackOutbox, web_client
from bot.actions import Action
from bot.model import PostedMessage, Reply
from bot.outbox import Failed, RetryLater, Sent
from tests.harness import TestBot, settings_for_tests
from tests.production.test_privacy import forget
from tests.slack.blockkit import valid_message
from tests.slack.conftest import ORGANIZER, SlackEnv, served
from tests.slack.fake_slack import FakeSlack
from tests.slack.test_http_mode import block_action
from tests.topics.helpers import decide
from tests.topics.helpers import suggest as suggest_as

SUGGESTIONS = "C-SUGG"


@pytest.fixture
async def live(database_url: str, fake: FakeSlack) -> AsyncIterator[SlackEnv]:
    settings = settings_for_tests(
        {
            "slack": {
                "api_url": fake.api_url,
                "organizer_user_ids": [ORGANIZER],
                "channels": {"suggestions": [SUGGESTIONS]},
            },
            "discord": {"channels": {}},
        }
    )
    bot = await TestBot.open(database_url, settings=settings)
    async with served(fake, bot) as env:
        yield env


def shown(message: dict[str, Any]) -> str:
    return str(message["blocks"])


def vote_id(message: dict[str, Any]) -> str:
    ids = [
        e["action_id"]
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if "action_id" in e
    ]
    return next(i for i in ids if i.startswith("topics.vote:"))


async def press_vote(env: SlackEnv, message: dict[str, Any], user: str) -> None:
    answered = len(env.fake.responses)
    url = env.fake.response_url(f"vote-{answered}")
    payload = block_action(vote_id(message), user=user, ephemeral=False, response_url=url)
    payload["container"].update(channel_id=SUGGESTIONS, message_ts=message["ts"])
    payload["channel"] = {"id": SUGGESTIONS}
    status, _ = await env.interact(payload)
    assert status == 200
    # the vote is counted once its private answer is out
    await env.fake.wait_for(lambda: len(env.fake.responses) > answered)


async def suggest(env: SlackEnv, text: str) -> None:
    answered = len(env.fake.responses)
    await env.command(f"/suggest {text}", user="U1")
    await env.fake.wait_for(lambda: len(env.fake.responses) > answered)


async def test_votes_and_a_decision_update_the_post(live: SlackEnv) -> None:
    fake = live.fake
    await suggest(live, "Rural broadband and telehealth")
    await live.bot.deliver_due()
    (posted,) = fake.to("chat.postMessage")
    (message,) = fake.messages[SUGGESTIONS]
    valid_message(posted)
    assert "Votes*\\n0" in shown(message)

    await press_vote(live, message, "U2")
    await live.bot.advance("10s")
    (update,) = fake.to("chat.update")
    assert update["channel"] == SUGGESTIONS and update["ts"] == message["ts"]
    valid_message(update)
    assert "Votes*\\n1" in shown(fake.message(SUGGESTIONS, message["ts"]))

    await press_vote(live, message, "U2")
    await live.bot.advance("10s")
    assert "Votes*\\n0" in shown(fake.message(SUGGESTIONS, message["ts"]))

    await decide(live.bot, "/topics plan 1 https://example.org/webinar Spring series")
    await live.bot.advance("10s")
    final = shown(fake.message(SUGGESTIONS, message["ts"]))
    assert "planned" in final and "Spring series" in final and "example.org/webinar" in final
    assert len(fake.messages[SUGGESTIONS]) == 1 and len(fake.to("chat.update")) == 3


async def test_a_burst_of_votes_makes_few_updates(live: SlackEnv) -> None:
    await suggest(live, "Language access in clinics")
    await live.bot.deliver_due()
    (message,) = live.fake.messages[SUGGESTIONS]
    for n in range(8):
        await press_vote(live, message, f"UV{n}")
    await live.bot.advance("30s")
    updates = live.fake.to("chat.update")
    assert 1 <= len(updates) < 8
    assert "Votes*\\n8" in shown(live.fake.message(SUGGESTIONS, message["ts"]))


async def test_chat_update_is_strict_like_slack(fake: FakeSlack) -> None:
    outbox = SlackOutbox(web_client("xoxb-test", fake.api_url, backoff_factor=0.01, max_wait=1))
    reply = Reply(text="x")
    theirs = fake.add_message(SUGGESTIONS, "a person's message")
    refused = await outbox.edit(PostedMessage("slack", SUGGESTIONS, theirs), reply, key="e1")
    assert isinstance(refused, Failed) and "cant_update_message" in refused.reason
    missing = await outbox.edit(PostedMessage("slack", SUGGESTIONS, "1.2"), reply, key="e2")
    assert isinstance(missing, Failed) and "message_not_found" in missing.reason
    fake.fail("chat.update", "429", times=1, retry_after=60)
    mine = PostedMessage("slack", SUGGESTIONS, fake.add_message(SUGGESTIONS, "x", user=""))
    fake.message(SUGGESTIONS, mine.message_id)["bot_id"] = "BBOT"
    limited = await outbox.edit(mine, reply, key="e3")
    assert isinstance(limited, RetryLater) and limited.rate_limited
    assert limited.after_seconds == 60
    assert isinstance(await outbox.edit(mine, reply, key="e4"), Sent)
    assert len(fake.to("chat.update")) == 4


async def test_privacy_delete_edits_the_member_posts_to_what_is_kept(live: SlackEnv) -> None:
    fake, bot = live.fake, live.bot
    kept = await suggest_as(bot, "Rural broadband | my street in Springfield", "eve")
    await suggest_as(bot, "Composting for farm co-ops | at my farm on Elm Road", "eve")
    await bot.deliver_due()
    # Both posts were due at once: find each by its words, whatever order they went in.
    (first,) = [m for m in fake.messages[SUGGESTIONS] if "Rural broadband" in shown(m)]
    (second,) = [m for m in fake.messages[SUGGESTIONS] if "Composting" in shown(m)]
    assert "Eve" in shown(first) and "Springfield" in shown(first)
    await bot.press_action(Action("topics.vote", (str(kept),)), "bo", platform="slack")
    await bot.advance("10s")
    await forget(bot, "eve")
    await bot.advance("10s")
    now_first = shown(fake.message(SUGGESTIONS, first["ts"]))
    assert "Rural broadband" in now_first and "a member" in now_first
    assert "Eve" not in now_first and "Springfield" not in now_first
    now_second = shown(fake.message(SUGGESTIONS, second["ts"]))
    assert "deleted" in now_second and "Composting" not in now_second
    assert "Eve" not in now_second and "topics.vote" not in now_second
    assert len(fake.messages[SUGGESTIONS]) == 2  # edited, never posted again
