"""A Slack member whose profile locale is es-ES reads the bot in Spanish, through slack-bolt
against the loopback Slack; /language en overrides it, and a locale the bot has no catalog
for (pt-BR) is answered in English with a note, once."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import members as store
from storage import resources
from storage.identity import Account
from storage.models.resources import Resource
from tests.harness import reply_text
from tests.resources.helpers import load_rows
from tests.slack.conftest import ORGANIZER, SlackEnv
from tests.slack.fake_slack import SlackUser
from tests.topics.helpers import decide, dms

MARIA = SlackUser("U7", "America/Chicago", "Central Standard Time", -21600, locale="es-ES")
JOAO = SlackUser("U8", locale="pt-BR")
HOUSING = {
    "title": "Renters' rights toolkit",
    "url": "https://lib.example/renters",
    "type": "toolkit",
    "topics": "housing",
    "description": "What tenants can do about housing repairs.",
}


async def only_id(session: AsyncSession) -> int:
    [row] = (await session.execute(select(Resource))).scalars().all()
    return int(row.id or 0)


async def said(slack: SlackEnv, line: str, user: str = "U7") -> dict[str, Any]:
    """The first message answering this slash command (its own response_url), as Slack
    received it: a long answer's later pages and earlier commands' are not mixed in."""
    mine = f"cmd-{slack.sent_commands}"
    await slack.command(line, user=user)
    found = await slack.fake.wait_for(lambda: [r for r in slack.fake.responses if r["id"] == mine])
    return dict(found[0])


def shown(body: dict[str, Any]) -> str:
    return f"{body['text']} {body.get('blocks', '')}"


async def test_help_and_resources_follow_the_slack_profile_locale(slack: SlackEnv) -> None:
    slack.fake.users["U7"] = MARIA
    await load_rows(slack.bot, [HOUSING])
    async with slack.bot.db.session() as session:
        await resources.mark_verified(session, await only_id(session), slack.bot.clock.now())
    help_body = shown(await said(slack, "/help"))
    assert "Esto es lo que collab-bot puede hacer por ti" in help_body
    assert "Buscar en la biblioteca de recursos" in help_body  # /resources, described
    [info] = slack.fake.to("users.info")
    assert info["include_locale"] in ("1", "true", True)
    found = shown(await said(slack, "/resources housing"))
    assert "1 recurso para “housing”" in found and "Guardar" in found and "¿Te sirvió?" in found
    assert "Renters' rights toolkit" in found  # the item's own words stay as written
    assert "enlace revisado el 5 ene 2026" in found  # Babel's date for the locale
    nothing = shown(await said(slack, "/resources zzzqx"))
    assert "Nada en la biblioteca coincide con “zzzqx”" in nothing


async def test_language_en_overrides_the_profile_and_auto_follows_it_again(
    slack: SlackEnv,
) -> None:
    slack.fake.users["U7"] = MARIA
    shown_now = (await said(slack, "/language"))["text"]
    assert "Te respondo en español, según el idioma de tu aplicación." in shown_now
    assert "Done: I answer you in English." in (await said(slack, "/language en"))["text"]
    assert "Here is what collab-bot can do for you" in shown(await said(slack, "/help"))
    async with slack.bot.db.read() as session:
        state = await store.language_state(session, Account("slack", "U7"))
    assert state.chosen == "en" and state.profile_locale == "es-ES"
    auto = (await said(slack, "/language auto"))["text"]
    assert "Listo: sigo el idioma de tu aplicación, así que te respondo en español." in auto
    assert "Esto es lo que" in shown(await said(slack, "/help"))


async def test_a_topic_notice_is_written_in_the_readers_language(slack: SlackEnv) -> None:
    slack.fake.users["U7"] = MARIA
    posted = (await said(slack, "/suggest Vivienda y salud | Talleres para inquilinos"))["text"]
    number = re.search(r"#(\d+)", posted)
    assert number, posted
    await decide(slack.bot, f"/topics review {number[1]}", ORGANIZER, platform="slack")
    await slack.bot.advance("1m")
    [notice] = dms(slack.bot, "U7", "slack")
    text = reply_text(notice)
    assert f"Novedades sobre #{number[1]} Vivienda y salud: el equipo organizador la está" in text
    assert "Dejar de seguir" in text and "Tú sugeriste esto." in text


async def test_a_locale_without_a_catalog_is_answered_in_english_and_said_once(
    slack: SlackEnv,
) -> None:
    slack.fake.users["U8"] = JOAO
    first = shown(await said(slack, "/help", user="U8"))
    assert "Here is what collab-bot can do for you" in first
    assert "Your Slack is set to Portuguese (Brazil), which I don't speak yet" in first
    again = shown(await said(slack, "/help", user="U8"))
    assert "Here is what" in again and "Portuguese" not in again
    es = [await said(slack, "/language es", user="U8")]
    assert es[0]["text"].startswith("Listo: te respondo en español.")


async def test_a_spanish_reader_sees_the_spanish_item_first_where_both_match(
    slack: SlackEnv,
) -> None:
    slack.fake.users["U7"] = MARIA
    spanish = {
        "title": "Vivienda y salud: derechos de inquilinos",
        "url": "https://lib.example/vivienda",
        "type": "toolkit",
        "topics": "housing",
        "description": "Qué pueden hacer los inquilinos ante reparaciones de vivienda.",
        "language": "es",
    }
    await load_rows(slack.bot, [HOUSING, spanish])

    def first_title(body: dict[str, Any]) -> str:
        text = shown(body)
        at = {title: text.find(title) for title in ("Renters' rights", "Vivienda y salud")}
        assert all(found >= 0 for found in at.values()), text
        return min(at, key=lambda title: at[title])

    await said(slack, "/help")  # the profile's locale is read on first contact
    assert first_title(await said(slack, "/resources housing")) == "Vivienda y salud"
    assert "English" in (await said(slack, "/language en"))["text"]  # answered before the next
    assert first_title(await said(slack, "/resources housing")) == "Renters' rights"
