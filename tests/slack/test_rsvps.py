"""Going, Maybe and Can't make it on Slack, through slack-bolt and the loopback fake: the
buttons on /events and the App Home, and the organizer's counts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from storage import rsvps
from tests.events.test_flow import create
from tests.slack.conftest import ORGANIZER, SlackEnv
from tests.slack.payloads import answer, block_action


def _buttons(blocks: list[dict[str, Any]]) -> dict[str, str]:
    return {
        element["text"]["text"]: element["action_id"]
        for block in blocks
        if block["type"] == "actions"
        for element in block["elements"]
        if "action_id" in element
    }


async def _reply(slack: SlackEnv, line: str, user: str) -> dict[str, Any]:
    count = len(slack.fake.responses)
    await slack.command(line, user=user)
    return (await answer(slack, count + 1))[-1]


async def _press(slack: SlackEnv, action_id: str, user: str) -> dict[str, Any]:
    count = len(slack.fake.responses)
    url = slack.fake.response_url(f"press-{user}-{count}")
    await slack.interact(block_action(action_id, user=user, response_url=url))
    return (await answer(slack, count + 1))[-1]


async def test_members_answer_and_the_organizer_counts_them(slack: SlackEnv) -> None:
    await create(slack.bot)
    for user, label in (("U7", "Going"), ("U8", "Maybe"), ("U9", "Can't make it")):
        listed = await _reply(slack, "/events", user)
        buttons = _buttons(listed["blocks"])
        assert list(buttons)[:3] == ["Going", "Maybe", "Can't make it"]
        said = await _press(slack, buttons[label], user)
        if label == "Can't make it":
            assert "Send me the recording" in _buttons(said["blocks"])
    again = await _reply(slack, "/events", "U7")
    assert "Your answer: Going." in str(again["blocks"])

    counts = await _reply(slack, "/events attendees 1", ORGANIZER)
    shown = str(counts["blocks"])
    assert "1 Going, 1 Maybe, 1 Can't make it" in counts["text"]
    assert shown.count("1 (Slack 1)") == 3
    assert {"Message Going", "Message Maybe", "Export CSV"} <= set(_buttons(counts["blocks"]))

    refused = await _reply(slack, "/events attendees 1", "U7")
    assert "organizer" in refused["text"].lower()
    async with slack.bot.db.read() as session:
        start = datetime(2026, 1, 20, 19, tzinfo=UTC)
        going = await rsvps.people_answering(session, 1, start, [rsvps.GOING])
    assert [a.key for a in going] == ["slack:U7"]


async def test_the_app_home_offers_the_answers_and_shows_the_members(slack: SlackEnv) -> None:
    await create(slack.bot)
    listed = await _reply(slack, "/events", "U1")
    await _press(slack, _buttons(listed["blocks"])["Maybe"], "U1")
    event = {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}
    assert (await slack.event(event))[0] == 200
    (published,) = await slack.fake.wait_for(lambda: slack.fake.to("views.publish"))
    blocks = published["view"]["blocks"]
    assert list(_buttons(blocks))[:3] == ["Going", "Maybe", "Can't make it"]
    assert "Your answer: Maybe" in str(blocks)
