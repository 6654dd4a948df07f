"""A Slack member whose profile locale is es-ES suggests a topic, browses /topics and
/topics mine, and proposes a resource, all in Spanish, through slack-bolt against the
loopback Slack."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.harness import reply_text
from tests.slack.conftest import ORGANIZER, SlackEnv
from tests.slack.payloads import submission
from tests.slack.test_spanish import MARIA, said, shown
from tests.topics.helpers import dms


async def opened_form(slack: SlackEnv, line: str) -> dict[str, Any]:
    before = len(slack.fake.to("views.open"))
    await slack.command(line, user="U7")
    calls = await slack.fake.wait_for(
        lambda: slack.fake.to("views.open") if len(slack.fake.to("views.open")) > before else None
    )
    return dict(calls[-1]["view"])


def labels(view: dict[str, Any]) -> list[str]:
    return [b["label"]["text"] for b in view["blocks"] if b.get("type") == "input"]


def options(view: dict[str, Any], name: str) -> list[str]:
    [block] = [b for b in view["blocks"] if b.get("block_id") == name]
    return [o["value"] for o in block["element"]["options"]]


async def test_suggest_form_and_its_confirmation_are_in_spanish(slack: SlackEnv) -> None:
    slack.fake.users["U7"] = MARIA
    view = await opened_form(slack, "/suggest")
    assert view["title"]["text"] == "Sugerir un tema"
    assert labels(view)[:2] == ["Tema (un título corto)", "Detalles: ¿qué te gustaría aprender?"]
    choices = options(view, "anonymous")
    assert choices[0] == "Mostrar mi nombre" and choices[1].startswith("Anónima:")
    before = len(slack.fake.responses)
    values = {"title": "Vivienda y salud", "details": "Talleres", "anonymous": choices[1]}
    status, body = await slack.interact(submission(view, values, "U7"))
    assert status == 200 and not body, body
    await slack.fake.wait_for(lambda: len(slack.fake.responses) > before)
    thanks = slack.fake.responses[-1]["text"]
    assert re.search(r"¡Gracias! Tu sugerencia #\d+ Vivienda y salud ya está publicada", thanks)
    assert "Los miembros no verán tu nombre" in thanks and "/topics mine" in thanks


async def test_a_spanish_choice_that_is_not_offered_is_refused_in_spanish(
    slack: SlackEnv,
) -> None:
    slack.fake.users["U7"] = MARIA
    view = await opened_form(slack, "/suggest")
    # A select sends one of its options; typed text (a platform's free answer) is checked.
    payload = submission(
        view, {"title": "Vivienda y salud", "anonymous": "Mostrar mi nombre"}, "U7"
    )
    payload["view"]["state"]["values"]["anonymous"]["value"] = {
        "type": "static_select",
        "selected_option": {"text": {"type": "plain_text", "text": "quizás"}, "value": "quizás"},
    }
    status, body = await slack.interact(payload)
    assert status == 200
    errors = json.loads(body)["errors"]
    assert errors["anonymous"] == "Elige Mostrar mi nombre o " + options(view, "anonymous")[1] + "."


async def test_topics_and_topics_mine_are_in_spanish(slack: SlackEnv) -> None:
    slack.fake.users["U7"] = MARIA
    posted = shown(await said(slack, "/suggest Clínicas con intérpretes"))
    assert "¡Gracias! Tu sugerencia" in posted and "▲ Votar" in posted
    listed = shown(await said(slack, "/topics"))
    assert "Sugerencias (abierta, las más votadas primero), 1-1 de 1:" in listed
    assert "Sugerir un tema" in listed and "Detalles" in listed and "Mostrando 1-1 de 1." in listed
    mine = shown(await said(slack, "/topics mine"))
    assert "Tus temas:" in mine and "Tus sugerencias" in mine
    assert "Sigue abierta: puedes retirarla o editar su texto." in mine
    assert "Retirar" in mine and "Editar" in mine
    missing = shown(await said(slack, "/topics show 99"))
    assert "No hay ninguna sugerencia #99. Mira /topics para ver la lista." in missing


async def test_a_likely_duplicate_is_offered_in_spanish(slack: SlackEnv) -> None:
    slack.fake.users["U7"] = MARIA
    await said(slack, "/suggest Clínicas con intérpretes comunitarios")
    like = shown(await said(slack, "/suggest Clínicas con intérpretes"))
    assert "Puede que esto ya esté aquí. Vota por una sugerencia que ya existe" in like
    assert "Votar por esta mejor" in like and "Publicar la mía igual" in like
    assert "hasta ahora" in like and "La tuya: Clínicas con intérpretes" in like
    twin = shown(await said(slack, "/suggest clínicas con intérpretes comunitarios"))
    assert "ya es la sugerencia #1 (0 votos). Vota por ella" in twin and "▲ Votar por ella" in twin


async def test_resources_share_and_mine_are_in_spanish(slack: SlackEnv) -> None:
    slack.fake.users["U7"] = MARIA
    view = await opened_form(slack, "/resources share")
    assert view["title"]["text"] == "Proponer un recurso"  # a form title fits 24 characters
    assert labels(view)[:3] == ["Enlace (https://…)", "Título (si lo sabes)", "Por qué sirve"]
    assert options(view, "credit")[1] == "No mostrar mi nombre"
    thanks = shown(await said(slack, "/resources share https://example.org/guia Sirve mucho"))
    assert "¡Gracias! Tu propuesta #1: https://example.org/guia quedó" in thanks
    assert "con “Compartido por” y tu nombre" in thanks
    mine = shown(await said(slack, "/resources mine"))
    assert "Tu 1 propuesta más reciente para la biblioteca." in mine
    assert "Esperando al equipo organizador." in mine and "propuesta el " in mine
    bad = shown(await said(slack, "/resources share ftp://example.org/x"))
    assert "En la biblioteca solo caben enlaces web" in bad


async def test_a_decision_on_a_proposal_reaches_the_member_in_spanish(slack: SlackEnv) -> None:
    """The organizer decides in English; the member's DM is written in the member's language."""
    slack.fake.users["U7"] = MARIA
    await said(slack, "/resources share https://example.org/guia Sirve mucho")
    bot = slack.bot
    queue = await bot.command("/resources review", ORGANIZER, platform="slack", organizer=True)
    form = await bot.press(queue, "Decline", ORGANIZER, platform="slack", organizer=True)
    done = await bot.submit(
        form, {"reason": "It is behind a paywall."}, ORGANIZER, platform="slack", organizer=True
    )
    assert done.text.startswith("Declined proposal #1")  # organizer tools stay English
    await bot.deliver_due()
    [notice] = dms(bot, "U7", "slack")
    text = reply_text(notice)
    assert "Tu recurso propuesta #1: https://example.org/guia no se agregó a la biblioteca." in text
    assert (
        "Motivo: It is behind a paywall." in text and "Lo propusiste con /resources share." in text
    )
