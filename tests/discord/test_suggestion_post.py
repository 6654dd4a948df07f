"""A suggestion's channel post on Discord is edited (PATCH) as votes and decisions come in."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.actions import Action
from bot.model import Place, PostedMessage, Reply
from bot.outbox import Failed, Sent
from tests.discord import payloads
from tests.discord.conftest import Harness, discord_settings
from tests.discord.fake_discord import FakeDiscord
from tests.harness import TestBot
from tests.production.test_privacy import forget
from tests.topics.helpers import decide, suggest

SUGGESTIONS = "333"


@pytest.fixture
async def live(database_url: str, fake: FakeDiscord) -> AsyncIterator[Harness]:
    settings = discord_settings(channels={"suggestions": [SUGGESTIONS]})
    bot = await TestBot.open(database_url, settings=settings)
    h = Harness(bot, fake)
    adapter = await h.connect(defer_after=5.0)
    bot.deps.outbox.add("discord", adapter.outbox)
    try:
        yield h
    finally:
        await h.close()
        await bot.close()


def fields(body: dict[str, object]) -> dict[str, str]:
    embed = body["embeds"][0]  # type: ignore[index]
    return {f["name"]: f["value"] for f in embed.get("fields", [])}


async def test_votes_and_a_decision_edit_the_post(live: Harness) -> None:
    fake = live.fake
    await live.run(payloads.command("suggest", [payloads.option("topic", "Rural broadband")]))
    await live.bot.deliver_due()
    (post,) = fake.sent_messages()
    assert post.path.endswith(f"/channels/{SUGGESTIONS}/messages")
    (message_id,) = [i for i, m in fake.messages.items() if m["channel_id"] == SUGGESTIONS]
    assert fields(post.json)["Votes"] == "0"
    vote_id = payloads.custom_ids(post.json["components"])[0]

    await live.run(payloads.press(vote_id, post.json["components"], user_id=payloads.MEMBER))
    await live.bot.advance("10s")
    path = rf"/channels/{SUGGESTIONS}/messages/{message_id}$"
    (edit,) = fake.find("PATCH", path)
    assert edit.status == 200 and fields(edit.json)["Votes"] == "1"
    assert fake.messages[message_id]["embeds"] == edit.json["embeds"]

    await live.run(payloads.press(vote_id, post.json["components"], user_id=payloads.MEMBER))
    await live.bot.advance("10s")
    assert fields(fake.find("PATCH", path)[-1].json)["Votes"] == "0"

    await decide(live.bot, "/topics decline 1 Not in our mission")
    await live.bot.advance("10s")
    last = fake.find("PATCH", path)[-1].json
    assert fields(last)["Status"] == "declined" and "Not in our mission" in fields(last)["Why"]
    assert payloads.custom_ids(last["components"]) == []  # no vote button once declined
    in_channel = [c for c in fake.sent_messages() if f"/channels/{SUGGESTIONS}/" in c.path]
    assert len(in_channel) == 1  # edited, never posted again


async def test_a_burst_of_votes_makes_few_edits(live: Harness) -> None:
    await live.run(payloads.command("suggest", [payloads.option("topic", "Language access")]))
    await live.bot.deliver_due()
    (post,) = live.fake.sent_messages()
    vote_id = payloads.custom_ids(post.json["components"])[0]
    for n in range(8):
        await live.run(payloads.press(vote_id, post.json["components"], user_id=10**17 + n))
    await live.bot.advance("30s")
    edits = live.fake.find("PATCH", rf"/channels/{SUGGESTIONS}/messages/\d+$")
    assert 1 <= len(edits) < 8
    assert fields(edits[-1].json)["Votes"] == "8"


async def test_edit_is_strict_like_discord(live: Harness) -> None:
    outbox = live.adapter.outbox
    reply = Reply(text="x")
    theirs = live.fake.add_message(int(SUGGESTIONS), "a person's message")
    refused = await outbox.edit(PostedMessage("discord", SUGGESTIONS, theirs), reply, key="e1")
    assert isinstance(refused, Failed) and "403" in refused.reason
    missing = await outbox.edit(PostedMessage("discord", SUGGESTIONS, "12345"), reply, key="e2")
    assert isinstance(missing, Failed) and "404" in missing.reason
    live.fake.fail("PATCH", r"/messages/\d+$", 429, retry_after=90.0)
    posted = await outbox.post(Place("discord", SUGGESTIONS), Reply(text="mine"), key="p1")
    assert isinstance(posted, Sent) and posted.external_id
    mine = PostedMessage("discord", SUGGESTIONS, posted.external_id)
    limited = await outbox.edit(mine, reply, key="e3")
    assert not isinstance(limited, Sent | Failed) and limited.rate_limited
    assert isinstance(await outbox.edit(mine, reply, key="e4"), Sent)
    assert len(live.fake.find("PATCH", r"/messages/\d+$")) == 4  # every call counted


async def test_privacy_delete_edits_the_member_posts_to_what_is_kept(live: Harness) -> None:
    fake, bot = live.fake, live.bot
    kept = await suggest(bot, "Rural broadband | my street in Springfield", "eve", "discord")
    await suggest(bot, "Composting for farm co-ops | at my farm on Elm Road", "eve", "discord")
    await bot.deliver_due()
    posted = [i for i, m in fake.messages.items() if m["channel_id"] == SUGGESTIONS]
    # Both posts were due at once: find each by its words, whatever order they went in.
    (first,) = [i for i in posted if "Rural broadband" in str(fake.messages[i])]
    (second,) = [i for i in posted if "Composting" in str(fake.messages[i])]
    assert "Springfield" in str(fake.messages[first]["embeds"])
    await bot.press_action(Action("topics.vote", (str(kept),)), "bo", platform="discord")
    await bot.advance("10s")
    await forget(bot, "eve", "discord")
    await bot.advance("10s")
    now_first = fake.messages[first]
    assert fields(now_first)["Suggested by"] == "a member"
    assert "Springfield" not in str(now_first) and "Eve" not in str(now_first)
    now_second = fake.messages[second]
    assert "deleted" in str(now_second) and "Composting" not in str(now_second)
    assert payloads.custom_ids(now_second.get("components", [])) == []
    in_channel = [c for c in fake.sent_messages() if f"/channels/{SUGGESTIONS}/" in c.path]
    assert len(in_channel) == 2  # edited, never posted again


async def test_topics_admin_hide_asks_then_the_post_says_only_hidden(live: Harness) -> None:
    fake, bot = live.fake, live.bot
    await suggest(bot, "Call Jane Doe at 555-0100", "eve", "discord")
    await bot.deliver_due()
    (message_id,) = [i for i, m in fake.messages.items() if m["channel_id"] == SUGGESTIONS]
    options = [payloads.option("id", "1"), payloads.option("reason", "It names a person")]
    organizer = {"roles": [payloads.ORGANIZER_ROLE]}
    [asked] = await live.run(payloads.command("topics-admin", options, sub="hide", **organizer))
    assert "Hide #1" in str(asked["data"])
    rows = asked["data"]["components"]
    confirm = [c["custom_id"] for r in rows for c in r["components"] if c["label"] == "Confirm"]
    ephemeral = bool(asked["data"].get("flags", 0) & 64)
    await live.run(payloads.press(confirm[0], rows, ephemeral=ephemeral, **organizer))
    await bot.advance("1m")
    edited = fake.messages[message_id]
    assert "hidden by organizers" in str(edited) and "Jane" not in str(edited)
    assert payloads.custom_ids(edited.get("components", [])) == []
