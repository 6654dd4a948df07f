"""The subscribable calendar feed.

/calendar.ics (every event) and /calendar/<n>.ics (one) are public and carry no join links.
With COLLAB_BOT_CALENDAR_SECRET set, /calendar/<secret>.ics and /calendar/<secret>/<n>.ics
carry everything (see bot/features/events/feed.py). /calendar/person/<token>.<signature>.ics
is one member's own feed (bot/features/events/personal_feed.py). Access logging is off on
this server, so the secret never reaches the logs.
"""

from __future__ import annotations

import hmac

from aiohttp import web

from adapters.runtime import Runtime
from bot.features.events import feed, personal_feed
from bot.features.events.calendar_io import export_calendar
from bot.features.events.settings import EventsSettings
from bot.i18n import speak
from bot.i18n.reader import default_speaking

CONTENT_TYPE = "text/calendar"


def _number(raw: str) -> bool:
    """ASCII digits only: "²".isdigit() is true and int("²") fails."""
    return raw.isascii() and raw.isdigit() and len(raw) <= 9


def _event_id(raw: str) -> int:
    if not _number(raw):
        raise web.HTTPNotFound(text="no such event")
    return int(raw)


def _known(secret: str) -> bool:
    return any(hmac.compare_digest(secret.encode(), s.encode()) for s in feed.secrets())


def setup_calendar(app: web.Application, runtime: Runtime) -> None:
    """A RouteSetup for HttpServer: add the calendar routes."""

    async def public_feed(request: web.Request) -> web.Response:
        return await _respond(runtime, None, "calendar.ics", join_links=False)

    async def one_or_private_feed(request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if _number(name):
            return await _respond(runtime, _event_id(name), f"event-{name}.ics", join_links=False)
        if not _known(name):
            raise web.HTTPNotFound(text="no such calendar")
        return await _respond(runtime, None, "calendar.ics", join_links=True)

    async def private_one(request: web.Request) -> web.Response:
        if not _known(request.match_info["secret"]):
            raise web.HTTPNotFound(text="no such calendar")
        raw = request.match_info["event_id"]
        return await _respond(runtime, _event_id(raw), f"event-{raw}.ics", join_links=True)

    async def personal(request: web.Request) -> web.Response:
        token = personal_feed.token_of(request.match_info["name"])
        settings = runtime.settings
        body = None
        if token is not None:
            with speak(default_speaking(settings.bot)):  # feeds: the collaborative's language
                body = await personal_feed.render(
                    runtime.db,
                    token,
                    settings.section(EventsSettings).reminder_offsets,
                    settings.bot.collaborative,
                    runtime.deps.clock.now(),
                )
        if body is None:
            raise web.HTTPNotFound(text="no such calendar")
        return web.Response(
            body=body,
            content_type=CONTENT_TYPE,
            charset="utf-8",
            headers={
                "Content-Disposition": 'inline; filename="my-events.ics"',
                "Cache-Control": "private, max-age=300",
            },
        )

    # Before /calendar/{secret}/{event_id}.ics, which would take "person" for a secret.
    app.router.add_get(personal_feed.PATH + r"/{name}.ics", personal)
    app.router.add_get("/calendar.ics", public_feed)
    app.router.add_get(r"/calendar/{name}.ics", one_or_private_feed)
    app.router.add_get(r"/calendar/{secret}/{event_id}.ics", private_one)


async def _respond(
    runtime: Runtime, event_id: int | None, filename: str, *, join_links: bool
) -> web.Response:
    settings = runtime.settings
    with speak(default_speaking(settings.bot)):  # feeds: the collaborative's language
        body = await export_calendar(
            runtime.db,
            settings.section(EventsSettings).reminder_offsets,
            name=settings.bot.collaborative,
            event_id=event_id,
            join_links=join_links,
        )
    if event_id is not None and b"BEGIN:VEVENT" not in body:
        raise web.HTTPNotFound(text="no such event")
    return web.Response(
        body=body,
        content_type=CONTENT_TYPE,
        charset="utf-8",
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "Cache-Control": "private, max-age=300" if join_links else "max-age=300",
        },
    )
