"""Posts through DiscordOutbox: nonces per delivery, 429s, failures sorted for the worker."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from adapters.discord.outbox import nonce_for
from bot.delivery.queue import send_message
from bot.model import DirectMessage, Place, Reply, Section, plain
from bot.outbox import CannotTell, Failed, RetryLater, Sent
from storage.models.deliveries import Delivery
from tests.discord.conftest import Harness

CHANNEL = Place("discord", "111")


def test_nonce_is_stable_per_key_and_page_and_fits_discord() -> None:
    assert nonce_for("events.reminder:12:1d") == nonce_for("events.reminder:12:1d")
    assert nonce_for("a") != nonce_for("b")
    assert nonce_for("a", 0) != nonce_for("a", 1)
    assert len(nonce_for("x" * 500)) <= 25


async def test_post_sends_with_the_delivery_nonce_and_enforce_nonce(harness: Harness) -> None:
    result = await harness.adapter.outbox.post(CHANNEL, Reply(text="Hello"), key="k1")
    assert isinstance(result, Sent) and result.external_id
    [call] = harness.fake.find("POST", r"/channels/111/messages$")
    assert call.json["nonce"] == nonce_for("k1")
    assert call.json["enforce_nonce"] is True
    assert call.json["allowed_mentions"] == {"parse": []}
    assert result.thread_id == result.external_id  # a thread started on it has its id


async def test_a_repeat_is_dropped_by_discord_thanks_to_the_nonce(harness: Harness) -> None:
    first = await harness.adapter.outbox.post(CHANNEL, Reply(text="Once"), key="same")
    again = await harness.adapter.outbox.post(CHANNEL, Reply(text="Once"), key="same")
    assert isinstance(first, Sent) and isinstance(again, Sent)
    assert first.external_id == again.external_id
    calls = harness.fake.find("POST", r"/channels/111/messages$")
    assert {c.json["nonce"] for c in calls} == {nonce_for("same")}
    assert all(c.json["enforce_nonce"] for c in calls)


async def test_429_is_waited_out_by_discord_py(harness: Harness) -> None:
    harness.fake.fail("POST", r"/channels/111/messages$", 429, retry_after=0.01)
    result = await harness.adapter.outbox.post(CHANNEL, Reply(text="Hi"), key="k429")
    assert isinstance(result, Sent)
    calls = harness.fake.find("POST", r"/channels/111/messages$")
    assert [c.status for c in calls] == [429, 200]
    assert calls[0].json["nonce"] == calls[1].json["nonce"]


async def test_long_429_becomes_retry_later_with_its_delay(harness: Harness) -> None:
    # the adapter gives up waiting after 30 s (discord.py's minimum) and lets the queue wait
    harness.fake.fail("POST", r"/channels/111/messages$", 429, retry_after=90.0)
    result = await harness.adapter.outbox.post(CHANNEL, Reply(text="Hi"), key="k-long")
    assert result == RetryLater("rate limited by Discord", 90.0, rate_limited=True)


async def test_server_error_is_retry_later_and_forbidden_is_failed(harness: Harness) -> None:
    harness.fake.fail("POST", r"/channels/111/messages$", 503)
    result = await harness.adapter.outbox.post(CHANNEL, Reply(text="Hi"), key="k503")
    assert isinstance(result, RetryLater)
    harness.fake.fail("POST", r"/channels/111/messages$", 403)
    result = await harness.adapter.outbox.post(CHANNEL, Reply(text="Hi"), key="k403")
    assert isinstance(result, Failed)
    assert "403" in result.reason


async def test_direct_messages_open_a_dm_channel_first(harness: Harness) -> None:
    target = DirectMessage("discord", "123456789012345678")
    result = await harness.adapter.outbox.post(target, Reply(text="Reminder"), key="dm1")
    assert isinstance(result, Sent)
    [dm] = harness.fake.find("POST", r"/users/@me/channels$")
    assert dm.json == {"recipient_id": 123456789012345678}
    assert harness.fake.find("POST", r"/channels/\d+/messages$")[0].json["content"] == "Reminder"


async def test_thread_posts_go_to_the_thread_and_bad_ids_fail(harness: Harness) -> None:
    thread = Place("discord", "111", "666")
    result = await harness.adapter.outbox.post(thread, Reply(text="In thread"), key="t1")
    assert isinstance(result, Sent) and result.thread_id == "666"
    assert harness.fake.find("POST", r"/channels/666/messages$")
    bad = await harness.adapter.outbox.post(Place("discord", "general"), Reply(text="x"), key="b")
    assert isinstance(bad, Failed)


async def test_each_page_has_its_own_stable_nonce(harness: Harness) -> None:
    sections = tuple(Section(title=f"S{n}", text=plain("y" * 1500)) for n in range(8))
    result = await harness.adapter.outbox.post(
        CHANNEL, Reply(text="Digest", sections=sections), key="digest"
    )
    assert isinstance(result, Sent)
    calls = harness.fake.find("POST", r"/channels/111/messages$")
    assert [c.json["nonce"] for c in calls] == [nonce_for("digest", n) for n in range(len(calls))]
    assert len(calls) >= 2


async def test_not_logged_in_is_retry_later(harness: Harness) -> None:
    from adapters.discord.adapter import DiscordAdapter

    idle = DiscordAdapter(harness.bot.deps.settings, "fake-token")
    result = await idle.outbox.post(CHANNEL, Reply(text="x"), key="early")
    assert isinstance(result, RetryLater)
    await idle.stop()


async def test_worker_retries_a_failed_delivery_and_discord_sees_one_nonce(
    harness: Harness,
) -> None:
    bot = harness.bot
    bot.deps.outbox.add("discord", harness.adapter.outbox)
    async with bot.db.session() as session:
        await send_message(
            session, key="notice:1", target=CHANNEL, reply=Reply(text="Notice"), now=bot.clock.now()
        )
    harness.fake.fail("POST", r"/channels/111/messages$", 503)
    await bot.advance("1m")
    await bot.advance("10m")
    calls = harness.fake.find("POST", r"/channels/111/messages$")
    assert [c.status for c in calls] == [503, 200]
    assert {c.json["nonce"] for c in calls} == {nonce_for("notice:1")}
    async with bot.db.read() as session:
        row = await session.get(Delivery, 1)
    assert row is not None and row.status == "sent"
    assert row.external_id == json.loads(json.dumps(row.external_id))


async def test_a_share_of_failures_still_delivers_each_post_exactly_once(
    harness: Harness,
) -> None:
    bot = harness.bot
    bot.deps.outbox.add("discord", harness.adapter.outbox)
    harness.fake.fail_share, harness.fake.fail_status = 0.4, 503
    async with bot.db.session() as session:
        for n in range(8):
            await send_message(
                session,
                key=f"n:{n}",
                target=CHANNEL,
                reply=Reply(text=f"N{n}"),
                now=bot.clock.now(),
            )
    for _ in range(12):
        await bot.advance("10m")
    calls = harness.fake.find("POST", r"/channels/111/messages$")
    assert any(c.status == 503 for c in calls)
    delivered = [c for c in calls if c.status == 200]
    assert sorted(c.json["content"] for c in delivered) == [f"N{n}" for n in range(8)]
    async with bot.db.read() as session:
        rows = [await session.get(Delivery, n) for n in range(1, 9)]
    assert all(row is not None and row.status == "sent" for row in rows)


async def test_a_500_is_retried_by_discord_py_itself(harness: Harness) -> None:
    harness.fake.fail("POST", r"/channels/111/messages$", 500)
    result = await harness.adapter.outbox.post(CHANNEL, Reply(text="Hi"), key="k500")
    assert isinstance(result, Sent)
    calls = harness.fake.find("POST", r"/channels/111/messages$")
    assert [c.status for c in calls] == [500, 200]
    assert calls[0].json["nonce"] == calls[1].json["nonce"]


async def test_a_reply_in_an_unopened_thread_opens_it_on_its_message(harness: Harness) -> None:
    harness.fake.missing_channels.add("777")  # a post whose thread nobody opened yet
    target = Place("discord", "111", "777")
    result = await harness.adapter.outbox.post(target, Reply(text="Thanks, all!"), key="t-open")
    assert isinstance(result, Sent) and result.thread_id == "777"
    [opened] = harness.fake.find("POST", r"/channels/111/messages/777/threads$")
    assert opened.json["name"] == "Thanks, all!"
    posts = harness.fake.find("POST", r"/channels/777/messages$")
    assert [c.status for c in posts] == [404, 200]


async def test_an_unknown_channel_without_a_thread_is_failed(harness: Harness) -> None:
    harness.fake.missing_channels.add("112")
    result = await harness.adapter.outbox.post(Place("discord", "112"), Reply(text="x"), key="u")
    assert isinstance(result, Failed)
    assert not harness.fake.find("POST", r"/threads$")


async def test_find_sees_our_post_in_the_history_after_the_nonce_window(
    harness: Harness,
) -> None:
    """Past Discord's nonce window a repeat would post again: `find` reads the channel's
    history (fetched messages carry no nonce, so the first embed's footer is marked)."""
    since = datetime.now(UTC) - timedelta(minutes=1)
    reply = Reply(text="Reminder", sections=(Section(title="Webinar", footer="See you"),))
    posted = await harness.adapter.outbox.post(CHANNEL, reply, key="rem-1")
    assert isinstance(posted, Sent)
    [call] = harness.fake.find("POST", r"/channels/111/messages$")
    assert call.json["embeds"][-1]["footer"]["text"] == f"See you · ref {nonce_for('rem-1')}"
    harness.fake.nonce_window = 0  # the window has passed: Discord would post a repeat
    found = await harness.adapter.outbox.find(CHANNEL, "rem-1", since=since)
    assert found == Sent(external_id=posted.external_id, thread_id=posted.external_id)
    assert await harness.adapter.outbox.find(CHANNEL, "rem-2", since=since) is None
    [fetch, _] = harness.fake.find("GET", r"/channels/111/messages$")
    assert int(fetch.query["after"]) > 0
    again = await harness.adapter.outbox.post(CHANNEL, reply, key="rem-1")
    assert isinstance(again, Sent) and again.external_id != posted.external_id
    assert len(harness.fake.sent_messages()) == 2, "the fake never dedupes past the window"


async def test_find_cannot_tell_when_the_history_is_unreadable(harness: Harness) -> None:
    harness.fake.fail("GET", r"/channels/111/messages$", 403)
    with pytest.raises(CannotTell):
        await harness.adapter.outbox.find(CHANNEL, "k", since=datetime.now(UTC))
