"""A Discord member whose client is es-419 suggests a topic through the modal, lists
/topics and /topics mine, and proposes a resource, all in Spanish, through discord.py
against the loopback Discord."""

from __future__ import annotations

from typing import Any

from tests.discord import payloads as p
from tests.discord.conftest import Harness
from tests.discord.test_spanish import _said, spanish


def _inputs(modal: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each input of a modal by its custom_id, with the label it is shown under."""
    out = {}
    for row in modal["components"]:
        item = row.get("component") or (row.get("components") or [{}])[0]
        out[item["custom_id"]] = {**item, "shown": row.get("label") or item.get("label")}
    return out


async def test_suggest_modal_and_confirmation_are_in_spanish(harness: Harness) -> None:
    [opened] = await harness.run(spanish(p.command("suggest")))
    assert opened["type"] == 9, opened
    modal = opened["data"]
    assert modal["title"] == "Sugerir un tema"
    inputs = _inputs(modal)
    assert inputs["title"]["shown"] == "Tema (un título corto)"
    assert (
        inputs["anonymous"]["shown"] == "¿Mostrar tu nombre? (el equipo siempre lo ve)"
    )  # 45 at most
    hide = [o["value"] for o in inputs["anonymous"]["options"]][1]
    assert hide.startswith("Anónima:")
    values = {"title": "Clínicas con intérpretes", "details": "", "anonymous": hide}
    [answer] = await harness.run(spanish(p.submit(modal["custom_id"], values)))
    said = _said(answer)
    assert "¡Gracias! Tu sugerencia #1 Clínicas con intérpretes ya está publicada." in said
    assert "Los miembros no verán tu nombre; el equipo organizador sí." in said


async def test_topics_mine_and_resources_share_are_in_spanish(harness: Harness) -> None:
    topic = [p.option("topic", "Vivienda y salud")]
    [posted] = await harness.run(spanish(p.command("suggest", topic)))
    assert "¡Gracias! Tu sugerencia #1 Vivienda y salud" in _said(posted)
    [listed] = await harness.run(spanish(p.command("topics", sub="list")))
    assert "Sugerencias (abierta, las más votadas primero), 1-1 de 1:" in _said(listed)
    buttons = [c["label"] for row in listed["data"]["components"] for c in row["components"]]
    assert "Sugerir un tema" in buttons and "Detalles" in buttons
    [mine] = await harness.run(spanish(p.command("topics", sub="mine")))
    assert "Tus temas:" in _said(mine) and "Sigue abierta" in _said(mine)
    link = [p.option("link", "https://example.org/guia"), p.option("why", "Sirve mucho")]
    [shared] = await harness.run(spanish(p.command("resources", link, sub="share")))
    assert "¡Gracias! Tu propuesta #1: https://example.org/guia quedó" in _said(shared)
    [english] = await harness.run(p.command("resources", sub="mine"))  # client in English
    assert "Your 1 latest proposal for the library." in _said(english)
