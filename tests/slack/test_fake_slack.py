"""The fake Slack refuses what Slack refuses, in Slack's words, and counts every call."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tests.slack.fake_slack import FakeSlack, SlackUser


def modal(max_length: int, initial: str = "") -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": "v",
        "max_length": max_length,
    }
    if initial:
        element["initial_value"] = initial
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Add a resource"},
        "submit": {"type": "plain_text", "text": "Save"},
        "blocks": [
            {
                "type": "input",
                "block_id": "d",
                "label": {"type": "plain_text", "text": "D"},
                "element": element,
            }
        ],
    }


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


@pytest.fixture
def client(fake: FakeSlack) -> AsyncWebClient:
    return AsyncWebClient(token="xoxb-test", base_url=fake.api_url)


async def refused(call: Any) -> dict[str, Any]:
    with pytest.raises(SlackApiError) as caught:
        await call
    return dict(caught.value.response.data)  # type: ignore[arg-type]


async def test_views_refuse_a_max_length_outside_1_to_3000(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    await client.views_open(trigger_id="t", view=modal(3000, "x" * 3000))
    for bad in (modal(4000), modal(0), modal(100, "x" * 101)):
        answer = await refused(client.views_open(trigger_id="t", view=bad))
        assert answer["ok"] is False and answer["error"] == "invalid_arguments"
        assert answer["response_metadata"]["messages"][0].startswith("[ERROR] ")
        assert "/view/blocks/0/element/" in answer["response_metadata"]["messages"][0]
    long_title = {**modal(10), "title": {"type": "plain_text", "text": "x" * 25}}
    crowded = {"type": "home", "blocks": [section("x")] * 101}
    await refused(client.views_publish(user_id="U1", view=crowded))
    await refused(client.views_update(view_id="V1", view=long_title))
    assert len(fake.to("views.open")) == 4 and len(fake.rejected) == 5
    fake.rejected.clear()


async def test_messages_refuse_what_block_kit_refuses(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    await client.chat_postMessage(channel="C1", text="ok", blocks=[section("x" * 3000)])
    bad_blocks = [
        [section("x" * 3001)],
        [section("x")] * 51,
        [{"type": "actions", "elements": []}],
        [{"type": "header", "text": {"type": "mrkdwn", "text": "h"}}],
        [
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "b" * 76},
                        "action_id": "a",
                    }
                ],
            }
        ],
        [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}] * 11}],
        [{"type": "image_carousel"}],
    ]
    for blocks in bad_blocks:
        answer = await refused(client.chat_postMessage(channel="C1", text="t", blocks=blocks))
        assert answer["error"] == "invalid_blocks", blocks
    with pytest.warns(UserWarning, match="text"):  # slack_sdk warns, Slack refuses
        answer = await refused(client.chat_postEphemeral(channel="C1", user="U1", text=""))
    assert answer["error"] == "no_text"
    answer = await refused(client.chat_update(channel="C1", ts="1.0", text="t"))
    assert answer["error"] == "message_not_found"
    assert len(fake.to("chat.postMessage")) == 1 + len(bad_blocks)
    fake.rejected.clear()


async def test_response_urls_are_checked_and_used_five_times_at_most(fake: FakeSlack) -> None:
    url = fake.response_url("r")
    async with aiohttp.ClientSession() as session:
        statuses = []
        for _ in range(6):
            async with session.post(url, json={"text": "hi"}) as response:
                statuses.append(response.status)
        async with session.post(fake.response_url("s"), json={"blocks": [section("")]}) as bad:
            assert bad.status == 400
    assert statuses == [200] * 5 + [404]
    assert len(fake.responses) == 5
    fake.rejected.clear()


async def test_users_info_answers_like_slack(fake: FakeSlack, client: AsyncWebClient) -> None:
    fake.users["U1"] = SlackUser("U1", "Europe/Berlin", "Central European Time", 3600)
    user = (await client.users_info(user="U1"))["user"]
    assert (user["tz"], user["tz_label"], user["tz_offset"]) == (
        "Europe/Berlin",
        "Central European Time",
        3600,
    )
    assert (await refused(client.users_info(user="U404")))["error"] == "user_not_found"


async def test_chat_unfurl_needs_where_and_unfurls_keyed_by_url(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    good = {"https://example.org/a": {"blocks": [section("A card")]}}
    await client.chat_unfurl(channel="C1", ts="1.2", unfurls=good)
    await client.chat_unfurl(unfurl_id="U-1", source="composer", unfurls=good)
    nowhere = await refused(client.chat_unfurl(channel="C1", unfurls=good))
    assert nowhere["error"] == "invalid_unfurls"
    await refused(client.chat_unfurl(channel="C1", ts="1.2", unfurls={}))
    await refused(client.chat_unfurl(channel="C1", ts="1.2", unfurls={"a card": {"blocks": []}}))
    too_long = {"https://example.org/a": {"blocks": [section("x" * 3001)]}}
    await refused(client.chat_unfurl(channel="C1", ts="1.2", unfurls=too_long))
    assert len(fake.to("chat.unfurl")) == 6 and len(fake.rejected) == 4
    fake.rejected.clear()
