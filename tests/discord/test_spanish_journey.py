"""The journey, the digest and /settings for a Discord member whose client is es-419,
through discord.py against the loopback Discord: the kick-off DM and its buttons, the goal
modal and its answer, the digest DM, /digest with Babel's es-419 date, and /settings."""

from __future__ import annotations

from typing import Any

import pytest

from bot.features.resources.starter import load as load_library
from tests.digest.support import add_item
from tests.digest.support import local as digest_local
from tests.discord import payloads as p
from tests.discord.conftest import Harness
from tests.discord.test_journey_goals import in_dm, labels
from tests.discord.test_spanish import _said, spanish
from tests.journey.support import local

GOAL = "Mostrar por qué conviene invertir en equidad en salud"


@pytest.fixture
def starter_pack() -> bool:
    return True


def _buttons(body: dict[str, Any]) -> set[str]:
    return {c["label"] for row in body["data"].get("components", []) for c in row["components"]}


async def test_the_kickoff_dm_and_its_goal_form_are_in_spanish(harness: Harness) -> None:
    bot = harness.bot
    bot.deps.outbox.add("discord", harness.adapter.outbox)
    await load_library(bot.deps)
    bot.clock.set(local("2026-09-29 12:00"))
    [mine] = await harness.run(spanish(p.command("journey", sub="mine")))
    assert "Mi recorrido, T3 2026" in _said(mine)
    before = len(harness.fake.sent_messages())
    await bot.advance("3d")  # October 1, 10:00: the Q4 kick-off
    [dm] = [c for c in harness.fake.sent_messages()[before:] if "/channels/222/" not in c.path]
    dm_channel = dm.path.split("/")[-2]
    assert "¿Qué esperas llevarte de él?" in str(dm.json)
    assert "What do you hope" not in str(dm.json)
    buttons = labels(dm.json["components"])
    assert {"Escribir mi meta", "Este trimestre no"} <= set(buttons)

    press = in_dm(spanish(p.press(buttons["Escribir mi meta"], dm.json["components"])), dm_channel)
    [modal] = await harness.run(press)
    assert modal["data"]["title"] == "Mi meta del recorrido"
    [field] = [row["component"] for row in modal["data"]["components"]]
    assert "¿Qué esperas llevarte de él?" in str(modal["data"]["components"])
    custom_id = modal["data"]["custom_id"]
    empty = spanish(p.submit(custom_id, {field["custom_id"]: " "}))
    [refused] = await harness.run(in_dm(empty, dm_channel))
    assert "Escribe unas palabras" in str(refused["data"])
    goal = spanish(p.submit(custom_id, {field["custom_id"]: GOAL}))
    [answer] = await harness.run(in_dm(goal, dm_channel))
    assert f"Tu meta para el T4 2026: “{GOAL}”." in str(answer["data"])
    # The items' cards are the resources feature's (bot/features/resources/picks.py, wrapped
    # with the library): their share button is in Spanish already.
    for row in answer["data"]["components"][-3:]:
        assert {"Compartir en el canal", "Guardar", "¿Te sirvió?"} <= {
            c["label"] for c in row["components"]
        }


async def test_digest_the_dm_and_settings_are_in_spanish(harness: Harness) -> None:
    bot = harness.bot
    bot.deps.outbox.add("discord", harness.adapter.outbox)
    bot.clock.set(digest_local("2026-01-06 10:00"))  # a Tuesday
    zone = [p.option("zone", "America/Chicago")]
    await harness.run(spanish(p.command("timezone", zone)))
    [bad] = await harness.run(spanish(p.command("digest", [p.option("choice", "weekly on Fun")])))
    assert "'Fun' no es un día de la semana." in _said(bad)
    [done] = await harness.run(spanish(p.command("digest", [p.option("choice", "weekly")])))
    said = _said(done)
    assert "Tu resumen llega cada semana, los lunes a las 09:00" in said
    assert "el próximo llega el lun, 12 ene." in said  # Babel's date for es-419
    await add_item(bot, "Community health workers guide", "https://example.org/chw")
    await bot.advance("7d")
    [dm] = [c.json for c in harness.fake.sent_messages() if "resumen" in str(c.json)]
    shown = str(dm)
    assert "Tu resumen semanal" in shown and "Community health workers guide" in shown
    assert "Recibes este resumen cada semana, los lunes a las 09:00" in shown
    dm_buttons = {c["label"] for row in dm["components"] for c in row["components"]}
    assert dm_buttons == {"Mejor mensual", "Detener mi resumen"}

    [settings] = await harness.run(spanish(p.command("settings")))
    page = _said(settings)
    assert "Tus ajustes" in page and "America/Chicago (la elegiste tú)." in page
    assert "Participas: tus respuestas en los hilos del recorrido" in page
    assert {"Cambiar zona horaria", "No participar", "Mensual", "Automático"} <= _buttons(settings)
