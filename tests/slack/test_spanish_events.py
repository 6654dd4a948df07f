"""Events in Spanish on Slack, through slack-bolt and the loopback Slack: a member whose
profile locale is es-ES gets /events, the answer to Voy and the reminder DM in Spanish with
Babel's dates, and the organizer's Spanish title; an English member gets the English one."""

from __future__ import annotations

from bot.model import DirectMessage
from tests.events.test_flow import create
from tests.harness import reply_text
from tests.slack.conftest import SlackEnv
from tests.slack.fake_slack import SlackUser
from tests.slack.test_rsvps import _buttons, _press
from tests.slack.test_spanish import MARIA, said, shown

ANA = SlackUser("U9", "America/Chicago", "Central Standard Time", -21600, locale="en-US")
SPANISH_TITLE = (
    '/events add Health Equity Webinar when:"January 20 1pm CST" length:1h '
    'join:https://example.org/j title_es:"Seminario sobre equidad en salud" '
    'about_es:"Hablamos de salud en la comunidad." about:"We talk about community health."'
)


async def test_events_and_the_reminder_dm_read_in_spanish(slack: SlackEnv) -> None:
    slack.fake.users["U7"] = MARIA
    await create(slack.bot)
    listed = await said(slack, "/events")
    text = shown(listed)
    assert "Próximos eventos: Health Equity Webinar (#1)" in listed["text"]
    assert "mar, 20 ene 2026, 13:00 – 14:00 CST (America/Chicago)" in text
    assert "Seminario web: Health Equity Webinar" in text  # the kind's word, translated
    assert "Las horas están en tu zona horaria, America/Chicago." in text
    buttons = _buttons(listed["blocks"])
    assert list(buttons)[:4] == ["Voy", "Tal vez", "No puedo ir", "Agregar al calendario"]
    going = await _press(slack, buttons["Voy"], "U7")
    assert going["text"].startswith("Vas a Health Equity Webinar. Te enviaré un mensaje directo")
    assert "Ya no me recuerdes" in _buttons(going["blocks"])
    assert "Tu respuesta: Voy." in str(going["blocks"])

    slack.bot.clear_posts()
    await slack.bot.advance("14d 4h")  # to Jan 19 13:00 Central: the reminder a day before
    [reminder] = [
        reply_text(reply)
        for target, reply, _ in slack.bot.posts("slack")
        if isinstance(target, DirectMessage) and target.user_id == "U7"
    ]
    assert "Recordatorio: Health Equity Webinar empieza en 1 día." in reminder
    assert "mar, 20 ene 2026, 13:00 – 14:00 CST" in reminder
    assert "Pediste que te lo recordara 1 día antes." in reminder


async def test_the_spanish_title_is_shown_to_spanish_members_only(slack: SlackEnv) -> None:
    slack.fake.users["U7"] = MARIA
    slack.fake.users["U9"] = ANA
    await create(slack.bot, SPANISH_TITLE)
    spanish = shown(await said(slack, "/events"))
    assert "Seminario web: Seminario sobre equidad en salud" in spanish
    assert "Hablamos de salud en la comunidad." in spanish
    assert "Health Equity Webinar" not in spanish
    english = shown(await said(slack, "/events", user="U9"))
    assert "Webinar: Health Equity Webinar" in english
    assert "We talk about community health." in english
    assert "Seminario" not in english and "Tue, Jan 20 2026, 1:00 PM – 2:00 PM CST" in english


async def test_a_cancellation_dm_is_written_in_the_readers_language(slack: SlackEnv) -> None:
    slack.fake.users["U7"] = MARIA
    slack.fake.users["U9"] = ANA
    await create(slack.bot, SPANISH_TITLE)
    for user in ("U7", "U9"):
        listed = await said(slack, "/events", user=user)
        labels = _buttons(listed["blocks"])
        await _press(slack, labels["Voy" if user == "U7" else "Going"], user)
    slack.bot.clear_posts()
    ask = await slack.bot.command("/events cancel 1", "olu", organizer=True)
    await slack.bot.press(ask, "Yes, cancel it", "olu", organizer=True)  # the organizer: English
    await slack.bot.advance("1m")
    told = {
        target.user_id: reply_text(reply)
        for target, reply, _ in slack.bot.posts("slack")
        if isinstance(target, DirectMessage)
    }
    assert "Cancelado: Seminario sobre equidad en salud no se realizará." in told["U7"]
    assert "Estaba previsto para el mar, 20 ene 2026, 13:00 – 14:00 CST" in told["U7"]
    assert "Cancelled: Health Equity Webinar will not take place." in told["U9"]


async def test_the_recording_dm_is_written_in_the_readers_language(slack: SlackEnv) -> None:
    slack.fake.users["U7"] = MARIA
    slack.fake.users["U9"] = ANA
    await create(slack.bot, SPANISH_TITLE)
    for user in ("U7", "U9"):
        listed = await said(slack, "/events", user=user)
        going = "Voy" if user == "U7" else "Going"
        await _press(slack, _buttons(listed["blocks"])[going], user)
    await slack.bot.advance("16d")  # past the session (Jan 20, 1-2 PM Central)
    slack.bot.clear_posts()
    added = await slack.bot.command(
        "/events recording 1 https://example.org/rec", "olu", organizer=True
    )
    assert "Added the recording" in added.text
    await slack.bot.advance("1m")
    dms = {
        target.user_id: reply_text(reply)
        for target, reply, key in slack.bot.posts("slack")
        if isinstance(target, DirectMessage) and key.startswith("events.recording:")
    }
    assert "La grabación de Seminario sobre equidad en salud ya está lista" in dms["U7"]
    assert "Ver la grabación" in dms["U7"] and "ya está en la biblioteca" in dms["U7"]
    assert "The recording of Health Equity Webinar is ready" in dms["U9"]


async def test_a_spanish_organizers_cancel_tells_the_channel_in_the_bots_language(
    slack: SlackEnv,
) -> None:
    await create(slack.bot)
    await slack.bot.command("/language es", "olu", organizer=True)
    slack.bot.clear_posts()
    ask = await slack.bot.command("/events cancel 1", "olu", organizer=True)
    await slack.bot.press(ask, "Yes, cancel it", "olu", organizer=True)
    await slack.bot.advance("1m")
    posted = [
        reply_text(reply)
        for target, reply, key in slack.bot.posts("slack")
        if not isinstance(target, DirectMessage) and ".notice." in key
    ]
    assert posted and all(
        "Cancelled: Health Equity Webinar will not take place." in text for text in posted
    ), posted
