"""Events in Spanish on Discord, through discord.py and the loopback Discord: a member whose
client is es-419 gets /timezone, /events, Voy and the reminder DM in Spanish, with the
region's dates ("1:00 p.m."), and the organizer's Spanish title; an English client, the
English one."""

from __future__ import annotations

from tests.discord import payloads as p
from tests.discord.conftest import Harness
from tests.discord.test_member_flows import _button, publish
from tests.discord.test_rsvps import _labels, _text
from tests.discord.test_spanish import spanish
from tests.events.test_flow import create
from tests.harness import reply_text
from tests.topics.helpers import dms

WHEN = "mar, 20 ene 2026, 1:00 p.m. – 2:00 p.m. CST (America/Chicago)"


async def test_an_es_419_member_gets_events_and_the_reminder_in_spanish(harness: Harness) -> None:
    await publish(harness)
    zone = [p.option("zone", "America/Chicago")]
    [chosen] = await harness.run(spanish(p.command("timezone", zone)))
    said = _text(chosen)
    assert said.startswith("Tu zona horaria ahora es America/Chicago") and "(lun)" in said
    [listing] = await harness.run(spanish(p.command("events", sub="list")))
    shown = _text(listing)
    assert "Cuándo: " + WHEN in shown and "Próximos eventos:" in shown
    assert _labels(listing)[:3] == ["Voy", "Tal vez", "No puedo ir"]
    rows = listing["data"]["components"]
    press = spanish(p.press(_button(listing, "Voy"), rows, ephemeral=True))
    [going] = await harness.run(press)
    assert "Vas a Health Equity Webinar." in _text(going)
    assert "Ya no me recuerdes" in _labels(going)

    harness.bot.clear_posts()
    await harness.bot.advance("15d 3h")  # to Jan 20 12:00 Central: the hour-before reminder
    texts = [reply_text(reply) for reply in dms(harness.bot, str(p.MEMBER), "discord")]
    assert any("Recordatorio: Health Equity Webinar empieza en" in t for t in texts), texts
    assert all(WHEN in t for t in texts), texts
    [english] = await harness.run(p.command("events", sub="list"))  # the client in English
    assert "Tue, Jan 20 2026, 1:00 PM – 2:00 PM CST" in _text(english)


async def test_the_spanish_title_follows_the_discord_client(harness: Harness) -> None:
    line = (
        '/events add Health Equity Webinar when:"January 20 1pm CST" length:1h '
        'title_es:"Seminario sobre equidad en salud"'
    )
    await create(harness.bot, line)
    [listing] = await harness.run(spanish(p.command("events", sub="list")))
    assert "Seminario web: Seminario sobre equidad en salud" in _text(listing)
    [english] = await harness.run(p.command("events", sub="list"))
    assert "Webinar: Health Equity Webinar" in _text(english)
    assert "Seminario" not in _text(english)
