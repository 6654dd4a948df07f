"""The Slack outbox against the fake Web API: retries that are safe, and none that are not."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from adapters.slack.outbox import METADATA_EVENT, SlackOutbox, web_client
from bot.model import Attachment, DirectMessage, Place, Reply, Section, plain
from bot.outbox import Failed, RetryLater, Sent
from tests.slack.blockkit import valid_message
from tests.slack.fake_slack import FakeSlack

REPLY = Reply(
    text="Webinar tomorrow at 1 PM", sections=(Section(title="Housing", text=plain("x")),)
)
HERE = Place("slack", "C-ANN")


@pytest.fixture
async def outbox(fake: FakeSlack) -> AsyncIterator[SlackOutbox]:
    yield SlackOutbox(web_client("xoxb-test", fake.api_url, backoff_factor=0.01, max_wait=1))


def posts(fake: FakeSlack) -> list[dict]:
    return fake.to("chat.postMessage")


async def test_post_sends_blocks_with_the_delivery_key(
    fake: FakeSlack, outbox: SlackOutbox
) -> None:
    result = await outbox.post(HERE, REPLY, key="events:1:1d")
    (sent,) = posts(fake)
    assert isinstance(result, Sent) and result.external_id == fake.messages["C-ANN"][0]["ts"]
    assert sent["channel"] == "C-ANN"
    assert sent["metadata"] == {
        "event_type": METADATA_EVENT,
        "event_payload": {"key": "events:1:1d#0"},
    }
    valid_message(sent)
    assert fake.calls[0].headers["Authorization"] == "Bearer xoxb-test"


async def test_thread_posts_stay_in_the_thread(fake: FakeSlack, outbox: SlackOutbox) -> None:
    result = await outbox.post(Place("slack", "C-J", "111.2"), REPLY, key="k")
    assert posts(fake)[0]["thread_ts"] == "111.2"
    assert isinstance(result, Sent) and result.thread_id == "111.2"


async def test_dm_opens_the_conversation_once(fake: FakeSlack, outbox: SlackOutbox) -> None:
    for key in ("a", "b"):
        assert isinstance(await outbox.post(DirectMessage("slack", "U7"), REPLY, key=key), Sent)
    assert [c["users"] for c in fake.to("conversations.open")] == ["U7"]
    assert {p["channel"] for p in posts(fake)} == {"D-U7"}


async def test_rate_limit_is_waited_out(fake: FakeSlack, outbox: SlackOutbox) -> None:
    fake.fail("chat.postMessage", "429", times=1, retry_after=0)
    assert isinstance(await outbox.post(HERE, REPLY, key="k"), Sent)
    assert len(posts(fake)) == 2 and len(fake.messages["C-ANN"]) == 1


async def test_long_rate_limit_goes_back_to_the_queue(fake: FakeSlack, outbox: SlackOutbox) -> None:
    fake.fail("chat.postMessage", "429", times=1, retry_after=30)
    result = await outbox.post(HERE, REPLY, key="k")
    assert result == RetryLater("rate limited by Slack", 30.0, rate_limited=True)
    assert len(posts(fake)) == 1


async def test_server_errors_are_retried(fake: FakeSlack, outbox: SlackOutbox) -> None:
    fake.fail("chat.postMessage", "500", times=2)
    assert isinstance(await outbox.post(HERE, REPLY, key="k"), Sent)
    assert len(posts(fake)) == 3


async def test_persistent_server_errors_retry_later(fake: FakeSlack, outbox: SlackOutbox) -> None:
    fake.fail("chat.postMessage", "500", times=None)
    result = await outbox.post(HERE, REPLY, key="k")
    assert isinstance(result, RetryLater) and "500" in result.reason
    assert "C-ANN" not in fake.messages


async def test_refusals_fail_without_retry(fake: FakeSlack, outbox: SlackOutbox) -> None:
    result = await outbox.post(Place("slack", "C-MISSING"), REPLY, key="k")
    assert result == Failed("Slack refused the post: channel_not_found")
    assert len(posts(fake)) == 1


async def test_dropped_after_sending_is_found_not_repeated(
    fake: FakeSlack, outbox: SlackOutbox
) -> None:
    fake.fail("chat.postMessage", "drop_after")
    result = await outbox.post(HERE, REPLY, key="k")
    assert isinstance(result, Sent) and result.external_id == fake.messages["C-ANN"][0]["ts"]
    assert len(posts(fake)) == 1 and len(fake.messages["C-ANN"]) == 1
    assert fake.to("conversations.history")[0]["channel"] == "C-ANN"


async def test_dropped_in_a_thread_is_looked_up_in_the_thread(
    fake: FakeSlack, outbox: SlackOutbox
) -> None:
    fake.fail("chat.postMessage", "drop_after")
    result = await outbox.post(Place("slack", "C-J", "9.1"), REPLY, key="k")
    assert isinstance(result, Sent)
    assert fake.to("conversations.replies")[0]["ts"] == "9.1"


async def test_dropped_before_taking_it_is_retried_later(
    fake: FakeSlack, outbox: SlackOutbox
) -> None:
    fake.fail("chat.postMessage", "drop_before")
    result = await outbox.post(HERE, REPLY, key="k")
    assert isinstance(result, RetryLater)
    assert len(posts(fake)) == 1 and "C-ANN" not in fake.messages


async def test_dropped_and_unverifiable_is_not_retried(
    fake: FakeSlack, outbox: SlackOutbox
) -> None:
    fake.fail("chat.postMessage", "drop_after")
    fake.fail("conversations.history", "drop_after", times=None)
    result = await outbox.post(HERE, REPLY, key="k")
    assert isinstance(result, Failed) and "not retried" in result.reason
    assert len(posts(fake)) == 1


async def test_unreachable_slack_retries_later() -> None:
    outbox = SlackOutbox(web_client("xoxb-test", "http://127.0.0.1:9/api/"))
    assert isinstance(await outbox.post(HERE, REPLY, key="k"), RetryLater)


async def test_long_reply_posts_every_page(fake: FakeSlack, outbox: SlackOutbox) -> None:
    sections = tuple(Section(title=f"S{n}", text=plain("y" * 900)) for n in range(20))
    result = await outbox.post(HERE, Reply(text="Digest", sections=sections), key="d")
    assert isinstance(result, Sent)
    assert len(posts(fake)) >= 2
    for sent in posts(fake):
        valid_message(sent)
    assert result.external_id == fake.messages["C-ANN"][0]["ts"]


async def test_attachments_follow_the_post(fake: FakeSlack, outbox: SlackOutbox) -> None:
    ics = Attachment("event.ics", b"BEGIN:VCALENDAR", "text/calendar")
    result = await outbox.post(
        Place("slack", "C-J", "5.5"), Reply(text="t", attachments=(ics,)), key="k"
    )
    assert isinstance(result, Sent)
    (done,) = fake.to("files.completeUploadExternal")
    assert (done["channel_id"], done["thread_ts"]) == ("C-J", "5.5")
    assert list(fake.uploads.values()) == [b"BEGIN:VCALENDAR"]
