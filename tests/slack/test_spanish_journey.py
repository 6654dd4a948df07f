"""The journey, the digest and /settings for a Slack member whose profile locale is es-ES,
through slack-bolt against the loopback Slack: the kick-off DM, its goal modal and its
answer in Spanish; the digest DM and /digest with Babel's Spanish dates; /settings; and a
journey prompt the content gives in both languages, posted in both (or in Spanish only when
`[bot] language` is es)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from adapters.slack.outbox import SlackOutbox, web_client
from tests.digest.support import add_item
from tests.digest.support import local as digest_local
from tests.harness import TestBot, settings_for_tests
from tests.journey.support import local
from tests.slack.blockkit import valid_message, valid_view
from tests.slack.conftest import ORGANIZER, SlackEnv, served
from tests.slack.fake_slack import FakeSlack, SlackUser
from tests.slack.payloads import block_action
from tests.slack.test_journey_goals import live  # noqa: F401  (the fixture)
from tests.slack.test_sharing import buttons, submit
from tests.slack.test_spanish import said, shown

MARIA = SlackUser("U1", "America/Chicago", "Central Standard Time", -21600, locale="es-ES")
GOAL = "Construir una coalición con grupos de vivienda y transporte"
CONTENT = """
[quarters.Q2]
theme = "Partnerships and Coalitions"
theme_es = "Alianzas y coaliciones"
introduction = "No single sector can undo health inequities."
introduction_es = "Ningún sector por sí solo puede deshacer las inequidades en salud."

[quarters.Q2.kickoff]
text = "Welcome to {quarter}: {theme}. Which partners are missing from your table?"
text_es = "Bienvenidos al {quarter}: {theme}. ¿Qué aliados faltan en tu mesa?"
questions = ["Which sector would you most like to bring in?"]
questions_es = ["¿Qué sector te gustaría sumar?"]
"""


async def test_the_kickoff_dm_its_form_and_answer_are_in_spanish(live: SlackEnv) -> None:  # noqa: F811
    live.fake.users["U1"] = MARIA
    mine = shown(await said(live, "/journey mine", user="U1"))
    assert "Mi recorrido, T1 2026" in mine and "Todavía no tienes meta para el T1 2026" in mine
    await live.bot.advance("1d")  # April 1, 12:00: the kick-off went out at 10:00
    [dm] = [m for m in live.fake.to("chat.postMessage") if m["channel"] == "D-U1"]
    valid_message(dm)
    text = str(dm["blocks"])
    assert "¿Qué esperas llevarte de él?" in text and "El tema de este trimestre es" in text
    assert "Learning Journey T2 2026" in text and "/journey optout para no recibir" in text
    assert "What do you hope" not in text
    assert set(buttons(dm)) >= {"Escribir mi meta", "Este trimestre no"}

    payload = block_action(
        buttons(dm)["Escribir mi meta"],
        user="U1",
        ephemeral=False,
        response_url=live.fake.response_url("goal"),
    )
    payload["container"].update(channel_id="D-U1", message_ts=dm.get("ts", "1.1"))
    await live.interact(payload)
    await live.fake.wait_for(lambda: live.fake.to("views.open"))
    view = live.fake.to("views.open")[-1]["view"]
    assert view["title"]["text"] == "Mi meta del recorrido"
    assert view["submit"]["text"] == "Guardar mi meta"
    refused = await submit(live, view, {"goal": "   "}, "U1")
    assert "Escribe unas palabras, o pulsa Este trimestre no." in refused
    answered = await submit(live, view, {"goal": GOAL}, "U1")
    assert f"Tu meta para el T2 2026: “{GOAL}”." in answered
    assert "(/journey mine los guarda)" in answered


async def test_the_digest_dm_digest_and_settings_are_in_spanish(slack: SlackEnv) -> None:
    bot = slack.bot
    slack.fake.users["U1"] = MARIA
    client = web_client("xoxb-test", slack.fake.api_url, backoff_factor=0.01, max_wait=1)
    bot.deps.outbox.add("slack", SlackOutbox(client))
    bot.clock.set(digest_local("2026-01-06 10:00"))  # a Tuesday
    await said(slack, "/timezone Chicago", user="U1")
    bad = (await said(slack, "/digest fortnightly", user="U1"))["text"]
    assert bad.startswith("'fortnightly' no es un resumen que yo envíe. Prueba /digest weekly")
    done = (await said(slack, "/digest weekly on miércoles at 7:30am", user="U1"))["text"]
    assert "Listo. Tu resumen llega cada semana, los miércoles a las 07:30" in done
    assert "el próximo llega el mié, 7 ene." in done  # Babel's date for es
    await add_item(bot, "Language access toolkit", "https://example.org/language")
    await bot.advance("1d")  # Wednesday 10:00 Chicago: the 7:30 digest went out
    [posted] = [m for m in slack.fake.to("chat.postMessage") if m["channel"] == "D-U1"]
    valid_message(posted)
    text = str(posted["blocks"])
    assert "Tu resumen semanal" in text and "1 recurso nuevo en la biblioteca" in text
    assert "Nuevo en la biblioteca" in text and "Language access toolkit" in text
    assert "Recibes este resumen cada semana, los miércoles a las 07:30" in text
    assert set(buttons(posted)) == {"Mejor mensual", "Detener mi resumen"}

    settings = await said(slack, "/settings", user="U1")
    page = shown(settings)
    assert "Tus ajustes" in page and "Solo tú ves esto." in page
    assert "Zona horaria" in page and "America/Chicago (la elegiste tú)." in page
    assert "Participas: tus respuestas en los hilos del recorrido" in page
    assert "Idioma" in page and "Resumen" in page
    wanted = {"Cambiar zona horaria", "Seguir mi perfil", "Próximos eventos", "No participar"}
    wanted |= {"Mensual", "Apagado", "Cambiar día y hora", "Español", "Automático"}
    assert wanted <= set(buttons(settings)), buttons(settings)


@pytest.fixture
def content_file(tmp_path: Path) -> str:
    path = tmp_path / "journey.toml"
    path.write_text(CONTENT, encoding="utf-8")
    return str(path)


async def _channel_env(
    database_url: str, fake: FakeSlack, content_file: str, language: str
) -> AsyncIterator[SlackEnv]:
    settings = settings_for_tests(
        {
            "bot": {"language": language},
            "journey": {"content_file": content_file},
            "slack": {
                "api_url": fake.api_url,
                "organizer_user_ids": [ORGANIZER],
                "channels": {"journey": ["C-JOURNEY"]},
            },
            "discord": {"channels": {}},
        }
    )
    bot = await TestBot.open(database_url, settings=settings, start=local("2026-03-31 12:00"))
    async with served(fake, bot) as env:
        yield env


@pytest.fixture
async def english_bot(
    database_url: str, fake: FakeSlack, content_file: str
) -> AsyncIterator[SlackEnv]:
    async for env in _channel_env(database_url, fake, content_file, "en"):
        yield env


@pytest.fixture
async def spanish_bot(
    database_url: str, fake: FakeSlack, content_file: str
) -> AsyncIterator[SlackEnv]:
    async for env in _channel_env(database_url, fake, content_file, "es"):
        yield env


def _post(fake: FakeSlack) -> dict[str, Any]:
    [post] = [m for m in fake.to("chat.postMessage") if m["channel"] == "C-JOURNEY"]
    valid_message(post)
    return dict(post)


async def test_a_prompt_given_in_both_languages_is_posted_in_both(english_bot: SlackEnv) -> None:
    await english_bot.bot.advance("1d")  # April 1, 10:00: the Q2 kick-off
    text = str(_post(english_bot.fake)["blocks"])
    english = text.index("Which partners are missing from your table?")
    spanish = text.index("¿Qué aliados faltan en tu mesa?")
    assert english < spanish  # [bot] language first, then the Spanish the organizer gave
    assert "Bienvenidos al T2 2026: Alianzas y coaliciones." in text
    assert "Welcome to Q2 2026: Partnerships and Coalitions." in text
    assert "Ningún sector por sí solo" in text and "¿Qué sector te gustaría sumar?" in text
    assert "Preguntas para reflexionar" in text and "Questions for reflection" in text
    assert "Responde en este hilo para participar." in text

    # A Spanish reader's /journey is in Spanish only; an English reader's in English only.
    english_bot.fake.users["U1"] = MARIA
    theirs = shown(await said(english_bot, "/journey", user="U1"))
    assert "¿Qué aliados faltan en tu mesa?" in theirs and "Cómo participar" in theirs
    assert "Which partners" not in theirs and "Última pregunta" in theirs
    english_only = shown(await said(english_bot, "/journey", user="U2"))
    assert "Which partners are missing" in english_only and "¿Qué aliados" not in english_only


async def test_a_spanish_collaborative_posts_the_spanish_text_only(spanish_bot: SlackEnv) -> None:
    await spanish_bot.bot.advance("1d")
    text = str(_post(spanish_bot.fake)["blocks"])
    assert "Learning Journey T2 2026: Alianzas y coaliciones" in text
    assert "¿Qué aliados faltan en tu mesa?" in text and "Which partners" not in text
    assert "No single sector" not in text and "Responde en este hilo" in text


async def test_the_app_home_is_in_the_members_language(slack: SlackEnv) -> None:
    slack.fake.users["U1"] = MARIA
    event = {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}
    await slack.event(event)
    (first,) = await slack.fake.wait_for(lambda: slack.fake.to("views.publish"))
    valid_view(first["view"])
    home = str(first["view"])
    assert "Tus ajustes" in home and "Cámbialos con estos botones o con /settings." in home
    assert "Tus próximos eventos" in home and "Temas abiertos más votados" in home
    assert "Zona horaria" in home and "Your settings" not in home
