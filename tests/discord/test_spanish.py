"""Discord in Spanish, through discord.py against the loopback Discord: the command picker
carries Spanish names and descriptions within Discord's limits (the fake checks them from
Discord's docs), and a member whose client is es-419 is answered in Spanish."""

from __future__ import annotations

from typing import Any

from adapters.discord.client import sync_now
from bot.features import build_router
from storage import resources
from tests.discord import discord_rules as rules
from tests.discord import payloads as p
from tests.discord.conftest import Harness, discord_settings
from tests.discord.fake_discord import APP_ID, FakeDiscord
from tests.harness import reply_text
from tests.resources.helpers import load_rows
from tests.slack.test_spanish import only_id
from tests.topics.helpers import decide, dms, suggest

SPANISH = ("es-ES", "es-419")
HOUSING = {
    "title": "Renters' rights toolkit",
    "url": "https://lib.example/renters",
    "type": "toolkit",
    "topics": "housing",
}


def _walk(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        out.append(item)
        out += _walk(item.get("options") or [])
    return out


async def test_the_command_tree_carries_spanish_within_discords_limits(fake: FakeDiscord) -> None:
    settings = discord_settings(command_sync="global", guild_ids=[])
    await sync_now(settings, "fake-token", build_router())  # the fake refuses what Discord would
    [put] = fake.find("PUT", rf"/applications/{APP_ID}/commands$")
    assert rules.commands(put.body) == []
    by_name = {c["name"]: c for c in put.body}
    help_command = by_name["help"]
    for locale in SPANISH:
        assert help_command["name_localizations"][locale] == "ayuda"
        assert help_command["description_localizations"][locale] == (
            "Ver los comandos que puedes usar, o la explicación de uno"
        )
    resources = {o["name"]: o for o in by_name["resources"]["options"]}
    assert resources["search"]["name_localizations"]["es-419"] == "buscar"
    query = {o["name"]: o for o in resources["search"]["options"]}["query"]
    assert query["name_localizations"]["es-ES"] == "consulta"
    everything = _walk(put.body)
    localized = [i for i in everything if (i.get("description_localizations") or {}).get("es-ES")]
    assert len(localized) > 0.8 * len([i for i in everything if i.get("description")])
    for item in everything:  # no other locale is claimed, and English stays the default
        assert set(item.get("name_localizations") or {}) <= set(SPANISH)


def test_the_fake_refuses_localizations_discord_would_refuse() -> None:
    good = {"name": "help", "description": "Help", "type": 1}
    too_long = {**good, "description_localizations": {"es-ES": "x" * 101}}
    upper = {**good, "name_localizations": {"es-419": "Ayuda"}}
    spaced = {**good, "name_localizations": {"es-419": "la ayuda"}}
    unknown = {**good, "name_localizations": {"es-MX": "ayuda"}}
    twice = [
        {**good, "name_localizations": {"es-ES": "ver"}},
        {**good, "name": "show", "name_localizations": {"es-ES": "ver"}},
    ]
    assert rules.commands([good]) == []
    for bad in (too_long, upper, spaced, unknown):
        assert rules.commands([bad]), bad
    assert rules.commands(twice)


def _said(body: dict[str, Any]) -> str:
    data = body["data"]
    return f"{data.get('content', '')} {data.get('embeds', '')}"


def spanish(payload: dict[str, Any]) -> dict[str, Any]:
    payload["locale"] = "es-419"
    return payload


async def test_an_es_419_member_gets_help_and_resources_in_spanish(harness: Harness) -> None:
    await load_rows(harness.bot, [HOUSING])
    async with harness.bot.db.session() as session:
        await resources.mark_verified(session, await only_id(session), harness.bot.clock.now())
    [help_body] = await harness.run(spanish(p.command("help")))
    assert "Esto es lo que collab-bot puede hacer por ti" in _said(help_body)
    options = [p.option("query", "housing")]
    [found] = await harness.run(spanish(p.command("resources", options, sub="search")))
    said = _said(found)
    assert "1 recurso para “housing”" in said and "Renters' rights toolkit" in said
    assert "enlace revisado el 5 ene 2026" in said
    labels = [c["label"] for row in found["data"]["components"] for c in row["components"]]
    assert "Guardar" in labels and "¿Te sirvió?" in labels
    [english] = await harness.run(p.command("help"))  # the same member, client in English
    assert "Here is what collab-bot can do for you" in _said(english)


async def test_language_en_overrides_the_client_and_a_notice_follows_the_client(
    harness: Harness,
) -> None:
    member = str(p.MEMBER)
    [chosen] = await harness.run(spanish(p.command("language", [p.option("language", "en")])))
    assert "Done: I answer you in English." in _said(chosen)
    [help_body] = await harness.run(spanish(p.command("help")))
    assert "Here is what collab-bot can do for you" in _said(help_body)
    await harness.run(spanish(p.command("language", [p.option("language", "auto")])))
    number = await suggest(harness.bot, "Clínicas con intérpretes", member, platform="discord")
    await decide(harness.bot, f"/topics review {number}")
    await harness.bot.advance("1m")
    [notice] = dms(harness.bot, member, "discord")
    assert "el equipo organizador la está revisando" in reply_text(notice)
