"""Every form the router knows opens as a Slack modal Slack accepts, and submits.

The forms are found, not listed: every command of every feature is run through the real
bolt app as an organizer (with no text and with the number 1), every button in the answers
is pressed once, and every modal views.open received is submitted back. The test fails when
a form registered in the router was never reached, or when Slack would refuse any payload.
"""

from __future__ import annotations

import json
from typing import Any

from adapters.slack.forms import Origin
from bot.actions import Action
from tests.events.test_flow import create
from tests.resources.helpers import load_rows
from tests.slack.blockkit import valid_view
from tests.slack.conftest import ORGANIZER, SlackEnv
from tests.slack.payloads import block_action, submission
from tests.slack.slack_rules import view_errors
from tests.topics.helpers import suggest

SAMPLES = {
    "title": "Housing and health",
    "when": "January 20 1pm CST",
    "length": "1h",
    "url": "https://example.org/new-guide",
    "join": "https://example.org/join",
    "reason": "We covered this in March.",
    "published": "2024",
    "into": "1",
    "target": "1",
}
DEFAULT_SAMPLE = "A sample answer"
# Forms reached only from a DM the bot sends later (tests/after/test_platforms.py opens and
# submits each through this platform).
FROM_DMS = {"events.next"}


def answers(slack: SlackEnv) -> int:
    return len(slack.fake.responses) + len(slack.fake.to("views.open"))


async def run(slack: SlackEnv, line: str) -> None:
    before = answers(slack)
    status, _ = await slack.command(line, user=ORGANIZER)
    assert status == 200, line
    await slack.fake.wait_for(lambda: answers(slack) > before)


async def press(slack: SlackEnv, action_id: str, number: int) -> None:
    before = answers(slack)
    url = slack.fake.response_url(f"press-{number}")
    status, _ = await slack.interact(block_action(action_id, user=ORGANIZER, response_url=url))
    assert status == 200, action_id
    await slack.fake.wait_for(lambda: answers(slack) > before)


def buttons(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        element
        for block in payload.get("blocks") or []
        if block.get("type") == "actions"
        for element in block["elements"]
        if "url" not in element
    ]


def sample_values(view: dict[str, Any]) -> dict[str, str]:
    """What an organizer would type: the prefilled value, else a sample that fits the field."""
    values = {}
    for block in view["blocks"]:
        element, name = block["element"], block["block_id"]
        if element["type"] == "static_select":
            chosen = element.get("initial_option") or element["options"][0]
            values[name] = chosen["value"]
            continue
        given = element.get("initial_value") or SAMPLES.get(name, DEFAULT_SAMPLE)
        values[name] = given[: element.get("max_length", 3000)]
    return values


async def submit(slack: SlackEnv, name: str, view: dict[str, Any]) -> None:
    """Submit a modal as an organizer would; the answer is an in-modal one or a new message."""
    valid_view(view)
    before = len(slack.fake.responses)
    values = sample_values(view)
    status, body = await slack.interact(submission({**view, "id": "V9"}, values, ORGANIZER))
    assert status == 200, name
    if body:
        answer = json.loads(body)
        assert answer["response_action"] in ("errors", "update"), (name, answer)
        if answer["response_action"] == "update":
            assert view_errors(answer["view"]) == [], name
        else:
            assert answer["errors"], name
        return
    assert Origin.load(view["private_metadata"]).response_url, name
    await slack.fake.wait_for(lambda: len(slack.fake.responses) > before)
    said = slack.fake.responses[-1]["text"]
    assert said and "try again" not in said.lower() and "went wrong" not in said.lower(), said


async def crawl(slack: SlackEnv) -> dict[str, dict[str, Any]]:
    """Run every command, press every button and submit every form reached; the forms opened."""
    names = {root: name for name, root in slack.bridge.roots.items()}
    for spec in slack.bot.deps.router.specs():
        line = f"/{names[spec.root]}" + (f" {spec.sub}" if spec.sub else "")
        for tail in ("", " 1"):
            await run(slack, line + tail)
    pressed: set[str] = set()
    opened: dict[str, dict[str, Any]] = {}
    for rounds in range(6):
        danger = rounds >= 4  # destructive buttons last, once everything else was reached
        for payload in list(slack.fake.responses):
            for button in buttons(payload):
                if button["action_id"] in pressed or (button.get("style") == "danger") != danger:
                    continue
                pressed.add(button["action_id"])
                await press(slack, button["action_id"], len(pressed))
        for call in slack.fake.to("views.open"):
            name = Action.decode(call["view"]["callback_id"]).name
            if name not in opened:
                opened[name] = call["view"]
                await submit(slack, name, call["view"])
    return opened


async def test_every_form_opens_and_submits_through_slack(slack: SlackEnv) -> None:
    bot = slack.bot
    await create(bot)
    await bot.press(await bot.command("/events", "ana"), "Going", "ana")  # for attendees
    await suggest(bot, "Doula care in rural counties")
    await load_rows(bot, [{"title": "Rural health guide", "url": "https://example.org/rural"}])
    await bot.command("/resources share https://example.org/proposed-toolkit")  # to review
    # A journey goal kept, so /journey mine offers Change my goal and Did you get there?
    # (the personal journey's forms otherwise open from its DMs' buttons).
    form = await bot.press_action(Action("journey.goal", ("2026-Q1",)), ORGANIZER, platform="slack")
    await bot.submit(form, {"goal": "Learn about coalitions"}, ORGANIZER, platform="slack")
    opened = await crawl(slack)
    # A message command's handler is a form the message fills, never a modal.
    on_messages = {spec.form for spec in bot.deps.router.message_commands.values()}
    missing = set(bot.deps.router.forms) - set(opened) - on_messages - FROM_DMS
    assert not missing, f"never opened on Slack: {sorted(missing)}"
