"""Sharing from Slack: the message shortcuts (message_action payloads through bolt) open the
proposal and suggestion forms prefilled; a proposal reaches the organizers' channel, is
added, and the member hears back once, by DM."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from adapters.slack.unfurl import Unfurler
from bot.actions import Action
from tests.harness import TestBot, settings_for_tests
from tests.slack.conftest import ORGANIZER, SlackEnv, served
from tests.slack.fake_slack import FakeSlack
from tests.slack.payloads import block_action, message_action, submission

ORGANIZERS = "C-ORG"
LINK = "https://example.org/rural-housing-toolkit"
UNFURLED = "Rural Housing Toolkit | Example Org"
PROPOSE = "resources.from_message"
SUGGEST = "topics.from_message"


@pytest.fixture
async def live(database_url: str, fake: FakeSlack) -> AsyncIterator[SlackEnv]:
    settings = settings_for_tests(
        {
            "slack": {
                "api_url": fake.api_url,
                "organizer_user_ids": [ORGANIZER],
                "channels": {"organizers": [ORGANIZERS]},
            },
            "discord": {"channels": {}},
        }
    )
    bot = await TestBot.open(database_url, settings=settings)
    async with served(fake, bot) as env:
        yield env


def shared_message(text: str, *, unfurled: bool = True) -> dict[str, Any]:
    """A member's message as the shortcut payload carries it: text with Slack's link markup
    and, when Slack unfurled the link, an attachment with from_url and title."""
    message: dict[str, Any] = {"ts": "1700000000.000100", "user": "U1", "text": text}
    if unfurled:
        message["attachments"] = [
            {
                "id": 1,
                "from_url": LINK,
                "original_url": LINK,
                "title": UNFURLED,
                "title_link": LINK,
                "service_name": "example.org",
            }
        ]
    return message


async def run_shortcut(env: SlackEnv, callback_id: str, message: dict[str, Any]) -> None:
    before = len(env.fake.to("views.open")) + len(env.fake.responses)
    url = env.fake.response_url(f"shortcut-{before}")
    status, _ = await env.interact(message_action(callback_id, message, response_url=url))
    assert status == 200
    await env.fake.wait_for(
        lambda: len(env.fake.to("views.open")) + len(env.fake.responses) > before
    )


def inputs(view: dict[str, Any]) -> dict[str, str]:
    out = {}
    for block in view["blocks"]:
        element = block.get("element") or {}
        chosen = element.get("initial_option") or {}
        out[block["block_id"]] = element.get("initial_value") or chosen.get("value", "")
    return out


def buttons(message: dict[str, Any]) -> dict[str, str]:
    return {
        e["text"]["text"]: e.get("action_id", "")
        for b in message.get("blocks") or []
        if b["type"] == "actions"
        for e in b["elements"]
    }


async def submit(env: SlackEnv, view: dict[str, Any], values: dict[str, str], user: str) -> str:
    """Submit a modal; the answer Slack shows (in-modal errors, or the new message)."""
    before = len(env.fake.responses)
    status, body = await env.interact(submission({**view, "id": "V9"}, values, user))
    assert status == 200
    if body:
        return body
    await env.fake.wait_for(lambda: len(env.fake.responses) > before)
    return str(env.fake.responses[-1]["text"])


async def test_propose_for_the_library_from_a_message_reaches_organizers_and_back(
    live: SlackEnv,
) -> None:
    await run_shortcut(live, PROPOSE, shared_message(f"Look: <{LINK}|the toolkit> for clinics"))
    [opened] = live.fake.to("views.open")
    view = opened["view"]
    prefilled = inputs(view)
    assert prefilled["url"] == LINK and prefilled["title"] == UNFURLED
    assert "for clinics" in prefilled["why"]
    said = await submit(live, view, prefilled, "U1")
    assert said.startswith("Thanks!"), said

    await live.bot.deliver_due()
    [card] = [c for c in live.fake.to("chat.postMessage") if c["channel"] == ORGANIZERS]
    assert set(buttons(card)) >= {"Add to library", "Decline", "Already have it"}

    url = live.fake.response_url("add")
    payload = block_action(
        buttons(card)["Add to library"], user=ORGANIZER, ephemeral=False, response_url=url
    )
    payload["container"].update(channel_id=ORGANIZERS, message_ts=card.get("ts", "1.1"))
    await live.interact(payload)
    await live.fake.wait_for(lambda: len(live.fake.to("views.open")) == 2)
    add_view = live.fake.to("views.open")[1]["view"]
    assert Action.decode(add_view["callback_id"]).name == "resources.proposal.added"
    values = {**inputs(add_view), "type": "toolkit"}
    assert values["url"] == LINK and values["title"] == UNFURLED
    added = await submit(live, add_view, values, ORGANIZER)
    assert added.startswith("Added #1"), added

    await live.bot.deliver_due()
    await live.bot.advance("1h")
    dms = [c for c in live.fake.to("chat.postMessage") if c["channel"] == "D-U1"]
    assert len(dms) == 1
    assert "#1" in dms[0]["text"] and "/resources 1" in dms[0]["text"]


async def test_a_message_with_no_link_is_told_so_and_nothing_opens(live: SlackEnv) -> None:
    await run_shortcut(live, PROPOSE, shared_message("no link here", unfurled=False))
    assert live.fake.to("views.open") == []
    assert live.fake.responses[-1]["text"].startswith("That message has no link to propose")
    assert live.fake.responses[-1]["response_type"] == "ephemeral"


async def test_a_message_whose_link_is_in_the_library_shows_the_item(live: SlackEnv) -> None:
    form = await live.bot.command("/resources add", organizer=True)
    await live.bot.submit(
        form, {"title": "Rural housing toolkit", "url": LINK, "type": "toolkit"}, organizer=True
    )
    await run_shortcut(live, PROPOSE, shared_message(f"<{LINK}?utm_source=slack>"))
    assert live.fake.to("views.open") == []
    assert "already in the library, as #1" in live.fake.responses[-1]["text"]


async def test_suggest_as_a_topic_opens_the_suggestion_form_with_the_text(live: SlackEnv) -> None:
    text = "Could we have a session on paying community advisors?\nHow do others budget?"
    await run_shortcut(live, SUGGEST, shared_message(text, unfurled=False))
    [opened] = live.fake.to("views.open")
    prefilled = inputs(opened["view"])
    assert prefilled["title"] == "Could we have a session on paying community advisors?"
    assert "How do others budget?" in prefilled["details"]


def link_shared(links: list[str], **where: str) -> dict[str, Any]:
    """A link_shared event as the Events API sends it (a message's links, or the composer's)."""
    event: dict[str, Any] = {
        "type": "link_shared",
        "channel": "C1",
        "is_bot_user_member": True,
        "user": "U1",
        "message_ts": "1700000000.000200",
        "event_ts": "1700000000.000300",
        "links": [{"domain": "example.org", "url": url} for url in links],
    }
    event.update(where)
    return event


async def test_a_library_link_posted_in_a_channel_unfurls_as_the_library_card(
    live: SlackEnv,
) -> None:
    form = await live.bot.command("/resources add", organizer=True)
    await live.bot.submit(
        form,
        {"title": "Rural housing toolkit", "url": LINK, "type": "toolkit", "topics": "housing"},
        organizer=True,
    )
    tracked = f"{LINK}?utm_source=newsletter"
    other = "https://example.org/not-in-the-library"
    status, _ = await live.event(link_shared([tracked, other]), event_id="EvLink1")
    assert status == 200
    [call] = await live.fake.wait_for(lambda: live.fake.to("chat.unfurl") or None)
    assert call["channel"] == "C1" and call["ts"] == "1700000000.000200"
    assert list(call["unfurls"]) == [tracked]  # the other link is left to Slack
    blocks = str(call["unfurls"][tracked]["blocks"])
    assert "Rural housing toolkit" in blocks and "Toolkit" in blocks and "housing" in blocks
    assert "Open in the library" in blocks and "Save" in blocks


async def test_a_link_in_the_composer_unfurls_by_its_unfurl_id(live: SlackEnv) -> None:
    form = await live.bot.command("/resources add", organizer=True)
    await live.bot.submit(form, {"title": "Rural housing toolkit", "url": LINK}, organizer=True)
    event = link_shared([LINK], channel="COMPOSER", unfurl_id="U-1", source="composer")
    await live.event(event, event_id="EvLink2")
    [call] = await live.fake.wait_for(lambda: live.fake.to("chat.unfurl") or None)
    assert call["unfurl_id"] == "U-1" and call["source"] == "composer" and "ts" not in call


async def test_links_outside_the_library_are_left_to_slack(live: SlackEnv) -> None:
    # The listener itself, awaited (bolt runs it after the ack, so waiting for nothing to
    # happen would prove nothing).
    unfurler = Unfurler(live.bot.runtime, live.bridge.client)
    await unfurler.on_link_shared(link_shared(["https://example.org/elsewhere", "mailto:x@y.z"]))
    assert live.fake.to("chat.unfurl") == []
