"""Every command of the whole app (each feature as it lands) answered through Discord.

For each command spec the router holds, an INTERACTION_CREATE with sample values for its
options is fed to the client; the answer must come back as a Discord callback within the
message limits. Every autocompleted option is asked for suggestions, and every button of
the first answers is pressed once.
"""

from __future__ import annotations

from typing import Any

from adapters.discord.limits import message_problems, modal_problems
from adapters.discord.tree import discord_path
from bot.params import Param
from bot.router import CommandSpec
from tests.discord import payloads as p
from tests.discord.conftest import Harness

SAMPLE = {"text": "housing", "rest": "housing and health", "int": 2024, "bool": True}
KIND = {"text": 3, "rest": 3, "choice": 3, "int": 4, "bool": 5}


def _value(param: Param) -> Any:
    if param.kind == "choice" and param.choices:
        return param.choices[0]
    return SAMPLE.get(param.kind, "housing")


def _where(spec: CommandSpec, specs: list[CommandSpec]) -> tuple[str, str | None]:
    return discord_path(spec, specs)


def _check(body: dict[str, Any]) -> None:
    assert body["type"] in (4, 5, 7, 9), body
    if body["type"] == 9:
        assert modal_problems(body["data"]) == []
    elif body["type"] in (4, 7):
        assert message_problems(body["data"]) == []


async def test_every_command_answers_within_discord_limits(harness: Harness) -> None:
    specs = harness.bot.deps.router.specs()
    pressable: list[tuple[str, list[dict[str, Any]]]] = []
    for spec in specs:
        if spec.name in ("things slow", "things later"):
            harness.gate.release.set()
        name, sub = _where(spec, specs)
        options = [p.option(q.name, _value(q), KIND[q.kind]) for q in spec.params if q.required]
        payload = p.command(name, options, sub=sub, roles=[p.ORGANIZER_ROLE])
        [body] = await harness.run(payload)
        _check(body)
        rows = body["data"].get("components", []) if body["type"] == 4 else []
        pressable += [(custom_id, rows) for custom_id in p.custom_ids(rows)]
    for custom_id, rows in pressable:
        [body] = await harness.run(p.press(custom_id, rows, roles=[p.ORGANIZER_ROLE]))
        _check(body)


async def test_every_autocompleted_option_suggests_within_limits(harness: Harness) -> None:
    specs = harness.bot.deps.router.specs()
    for spec in specs:
        for param in spec.params:
            if not param.autocomplete:
                continue
            name, sub = _where(spec, specs)
            focused = p.option(param.name, "h", KIND[param.kind], focused=True)
            [body] = await harness.run(p.command(name, [focused], sub=sub, autocomplete=True))
            assert body["type"] == 8
            choices = body["data"]["choices"]
            assert len(choices) <= 25
            assert all(1 <= len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)
