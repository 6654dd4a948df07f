"""The subscribable calendar feed: /calendar.ics (every event) and /calendar/{id}.ics."""

from __future__ import annotations

from aiohttp import web

from adapters.runtime import Runtime
from bot.features.events.calendar_io import export_calendar

CONTENT_TYPE = "text/calendar"


def setup_calendar(app: web.Application, runtime: Runtime) -> None:
    """A RouteSetup for HttpServer: add the calendar routes."""

    async def feed(request: web.Request) -> web.Response:
        return await _respond(runtime, None, "calendar.ics")

    async def one(request: web.Request) -> web.Response:
        raw = request.match_info["event_id"]
        if not raw.isdigit() or len(raw) > 9:
            raise web.HTTPNotFound(text="no such event")
        return await _respond(runtime, int(raw), f"event-{raw}.ics")

    app.router.add_get("/calendar.ics", feed)
    app.router.add_get(r"/calendar/{event_id}.ics", one)


async def _respond(runtime: Runtime, event_id: int | None, filename: str) -> web.Response:
    settings = runtime.settings
    body = await export_calendar(
        runtime.db,
        settings.events.reminder_offsets,
        name=settings.bot.collaborative,
        event_id=event_id,
    )
    if event_id is not None and b"BEGIN:VEVENT" not in body:
        raise web.HTTPNotFound(text="no such event")
    return web.Response(
        body=body,
        content_type=CONTENT_TYPE,
        charset="utf-8",
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "Cache-Control": "max-age=300",
        },
    )
