"""Hostile input to every command and every form field, on every adapter: never a crash,
always a clear reply, and a refused command changes nothing."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import APOLOGY, ORGANIZERS_ONLY
from bot.model import Command, Form
from tests.harness import TestBot
from tests.production.snapshot import snapshot
from tests.production.surfaces import Surface, surfaces

pytestmark = pytest.mark.slow

HOSTILE = [
    "",
    "\x00",
    "a\x00b\x07c",
    "x" * 10_000,
    "<!channel> <!here> @everyone @here",
    "<@U123> <@!42> <@&999> <#C1|general>",
    "*bold* _it_ ~s~ `code` ```block``` > quote [link](javascript:alert(1))",
    "'; DROP TABLE resources; --",
    '(rural "unclosed AND OR NOT NEAR(',
    "COVID-19 LGBTQ+ what's new?",
    "🌾🧑🏽‍⚕️ عدالة صحية 健康公平",
    "title:x type:nope year:abc org:",
    "%s %d {0} {x} ${HOME}",
    "<script>alert(1)</script> &amp; &lt;",
    "99999999999999999999 -1 0 1e9",
    "\u202e\u200b\ufeff",
    "1 2 3 4 5 6 7 8 9 10 11 12",
]


@pytest.fixture
async def world(database_url: str) -> AsyncIterator[tuple[TestBot, list[Surface]]]:
    async with surfaces(database_url) as (bot, adapters):
        await bot.deliver_due()
        yield bot, adapters


def clear(shown: str) -> bool:
    return bool(shown.strip()) and APOLOGY not in shown


async def open_forms(bot: TestBot) -> dict[str, tuple[Form, bool]]:
    """Every form a command opens when given no text (as an organizer, to reach them all)."""
    forms: dict[str, tuple[Form, bool]] = {}
    for spec in bot.deps.router.specs():
        command = Command(spec.root, spec.sub or "", bot.actor("olu", organizer=True), bot.place())
        reply = await bot.runtime.app.handle(command)
        if reply.form is not None:
            forms[reply.form.action.name] = (reply.form, spec.organizer_only)
    return forms


async def test_every_command_on_every_adapter_survives_hostile_text(
    world: tuple[TestBot, list[Surface]],
) -> None:
    bot, adapters = world
    specs = bot.deps.router.specs()
    unclear: list[str] = []
    texts = itertools.cycle(HOSTILE)
    for surface in adapters:
        # Every command sees every hostile string on the console; each adapter sees a share.
        rounds = len(HOSTILE) if surface.name == "console" else 3
        for spec in specs:
            for _ in range(rounds):
                text = next(texts)
                for organizer in (False, True):
                    shown = await surface.command(spec, text, organizer=organizer)
                    if not clear(shown):
                        unclear.append(f"{surface.name} /{spec.name} {text[:30]!r}: {shown[:120]}")
    assert unclear == []


async def test_every_form_field_on_every_adapter_survives_hostile_values(
    world: tuple[TestBot, list[Surface]],
) -> None:
    bot, adapters = world
    forms = await open_forms(bot)
    assert len(forms) >= 3, sorted(forms)
    unclear: list[str] = []
    for surface in adapters:
        for name, (form, _) in forms.items():
            for text in HOSTILE[:8] if surface.name != "console" else HOSTILE:
                values = {item.name: text for item in form.inputs}
                shown = await surface.submit(form.action, values, organizer=True)
                if not clear(shown):
                    unclear.append(f"{surface.name} form {name} {text[:30]!r}: {shown[:120]}")
    assert unclear == []


async def test_refused_hostile_commands_change_nothing(
    world: tuple[TestBot, list[Surface]],
) -> None:
    bot, adapters = world
    before = await snapshot(bot)
    organizer_only = [s for s in bot.deps.router.specs() if s.organizer_only]
    for surface in adapters:
        for spec, text in zip(organizer_only, itertools.cycle(HOSTILE), strict=False):
            assert ORGANIZERS_ONLY in await surface.command(spec, text, organizer=False)
    assert await snapshot(bot) == before


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_arbitrary_text_anywhere_gets_a_clear_reply(
    world: tuple[TestBot, list[Surface]], data: st.DataObject
) -> None:
    bot, adapters = world
    surface = data.draw(st.sampled_from(adapters), label="adapter")
    spec = data.draw(st.sampled_from(bot.deps.router.specs()), label="command")
    text = data.draw(
        st.one_of(
            st.text(max_size=300),
            st.sampled_from(HOSTILE),
            st.text(alphabet="<>@!#&|*_~`'\":\\ \n\x00aU1", max_size=60),
        ),
        label="text",
    )
    organizer = data.draw(st.booleans(), label="organizer")
    shown = await surface.command(spec, text, organizer=organizer)
    assert clear(shown), shown[:300]
