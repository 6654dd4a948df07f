"""Every form of every feature opened through discord.py and submitted back.

The forms are the router's: every name in `router.forms` must be reached by running every
command (as an organizer, with sample values) and pressing the buttons of the answers, until
each has opened as a modal (callback type 9) that the strict fake accepted. Each modal is
then submitted as a MODAL_SUBMIT interaction with values that fit its own inputs.
"""

from __future__ import annotations

from collections import deque
from typing import Any

import pytest

from adapters.discord.tree import discord_path
from bot.actions import Action
from bot.errors import APOLOGY
from tests.discord import payloads as p
from tests.discord.conftest import Harness
from tests.discord.test_every_command import KIND
from tests.discord.test_member_flows import publish

ORGANIZER = [p.ORGANIZER_ROLE]
# sample values by option or input name; anything else gets a short phrase
SAMPLES = {
    "id": "1",
    "event": "1",
    "into": "2",
    "resource": "1",
    "when": "January 25 2026 1pm CST",
    "length": "1h",
    "url": "https://example.org/toolkit",
    "link": "https://example.org/toolkit",
    "join": "https://example.org/j",
    "register": "https://example.org/r",
    "year": "2024",
    "reminders": "1d",
    "repeat": "",
}
IDS = {"id", "event", "resource"}
# Forms reached only from a DM the bot sends later (tests/after/test_platforms.py opens and
# submits each through this platform).
FROM_DMS = {"events.next"}
PRESSES = 120  # enough to reach every form; a bound so a loop of buttons cannot hang the test


@pytest.fixture
def starter_pack() -> bool:
    return True  # a library and suggestions to edit, cover and merge


def _sample(name: str, limit: int = 4000) -> str:
    return SAMPLES.get(name, f"Sample {name}")[:limit]


def _buttons(body: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]], bool]]:
    data = body.get("data") or {}
    rows = data.get("components") or []
    private = bool(data.get("flags", 0) & 64)
    return [
        (c["custom_id"], rows, private)
        for c in _items(rows)
        if c.get("type") == 2 and "custom_id" in c
    ]


def _items(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for row in rows for c in row.get("components", [])]


def _values(modal: dict[str, Any]) -> dict[str, str]:
    """A value each input accepts: select -> its first option, text -> a sample within limits."""
    values = {}
    for row in modal["components"]:
        item = row.get("component") or (row.get("components") or [{}])[0]
        if item["type"] == 3:
            values[item["custom_id"]] = item["options"][0]["value"]
        else:
            values[item["custom_id"]] = _sample(item["custom_id"], item.get("max_length", 4000))
    return values


async def _open_and_submit_every_form(harness: Harness) -> dict[str, dict[str, Any]]:
    """Run every command, press what the answers offer; each modal is submitted on opening
    (what it makes, such as a resource, lets the next round's commands open theirs)."""
    wanted = forms(harness)
    opened: dict[str, dict[str, Any]] = {}
    pressed: set[str] = set()
    for _round in range(2):
        pending: deque[tuple[str, list[dict[str, Any]], bool]] = deque()
        for payload in _commands(harness):
            [body] = await harness.run(payload)
            await _note(harness, body, opened, pending)
        while pending and len(pressed) < PRESSES and not wanted <= set(opened):
            custom_id, rows, private = pending.popleft()
            name = Action.decode(custom_id).name
            # A proposal is decided once: each of its buttons is tried on a proposal of its own.
            key = custom_id if name.startswith("resources.proposal.") else name
            if key in pressed or _destructive(name):
                continue
            pressed.add(key)
            [body] = await harness.run(p.press(custom_id, rows, roles=ORGANIZER, ephemeral=private))
            await _note(harness, body, opened, pending)
    missing = wanted - set(opened)
    assert not missing, f"forms no command or button opened on Discord: {sorted(missing)}"
    return opened


def forms(harness: Harness) -> set[str]:
    """The router's forms but message commands' (a form the message fills, never a modal)."""
    router = harness.bot.deps.router
    on_messages = {spec.form for spec in router.message_commands.values()}
    return set(router.forms) - on_messages - FROM_DMS


def _commands(harness: Harness) -> list[dict[str, Any]]:
    """Every command as an organizer, with only identifiers given (the rest asked by form)."""
    specs = harness.bot.deps.router.specs()
    harness.gate.release.set()  # the sample router's slow commands answer at once
    out = []
    for spec in specs:
        if any(q.required and q.name not in IDS for q in spec.params):
            continue  # given all it needs, a decision is made at once instead of asked for
        root, sub = discord_path(spec, specs)
        options = [
            p.option(q.name, _sample(q.name), KIND[q.kind]) for q in spec.params if q.required
        ]
        out.append(p.command(root, options, sub=sub, roles=ORGANIZER))
    return out


def _destructive(name: str) -> bool:
    """Buttons that would take away what later forms edit (they are tested elsewhere)."""
    return name in {"events.cancel", "resources.remove", "privacy.delete"} or "delete" in name


async def _note(
    harness: Harness, body: dict[str, Any], opened: dict[str, Any], pending: deque[Any]
) -> None:
    """A modal is submitted at once with values its inputs accept; other answers' buttons
    join the queue."""
    if body["type"] != 9:
        assert APOLOGY not in (body.get("data") or {}).get("content", ""), body
        pending.extend(_buttons(body))
        return
    modal = body["data"]
    name = Action.decode(modal["custom_id"]).name
    if name in opened:
        return
    opened[name] = modal
    [answer] = await harness.run(p.submit(modal["custom_id"], _values(modal), roles=ORGANIZER))
    assert answer["type"] in (4, 7), (name, answer)
    assert APOLOGY not in answer["data"].get("content", ""), (name, answer)
    pending.extend(_buttons(answer))


async def test_every_form_opens_as_a_modal_and_submits(harness: Harness) -> None:
    await publish(harness)  # an event for /events-admin edit
    listed = await harness.bot.command("/events", "ana")
    await harness.bot.press(listed, "Going", "ana")  # someone to message in attendees
    await harness.run(p.command("suggest", [p.option("topic", "Peer navigators")]))
    await harness.run(p.command("suggest", [p.option("topic", "Rural clinic staffing")]))
    for n in range(3):  # to review: Add to library, Decline and Already have it
        await harness.bot.command(f"/resources share https://example.org/proposed-{n}")
    # A journey goal kept, so /journey mine offers Change my goal and Did you get there?
    # (the personal journey's forms otherwise open from its DMs' buttons).
    bot, member = harness.bot, str(p.MEMBER)
    form = await bot.press_action(Action("journey.goal", ("2026-Q1",)), member, platform="discord")
    await bot.submit(form, {"goal": "Learn about coalitions"}, member, platform="discord")
    opened = await _open_and_submit_every_form(harness)
    assert set(opened) == forms(harness)
    for modal in opened.values():  # what Discord showed: within its limits (the fake agreed)
        assert 1 <= len(modal["components"]) <= 5
