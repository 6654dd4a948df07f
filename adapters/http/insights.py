"""The insights dashboard at /insights?token=...: a signed link from /insights, no login.

An expired, forged or missing token, or one whose organizer has lost the role since
(checked on every load), gets a short page saying what to do, never data. The
page carries no script and asks browsers to send no referrer, so the token stays put.
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from adapters.runtime import Runtime
from bot.features.insights import dashboard, links
from bot.features.insights.access import still_organizer
from bot.features.insights.figures import gather
from bot.features.insights.settings import InsightsSettings

log = logging.getLogger(__name__)
NOT_ORGANIZER = (
    "This link belongs to someone who is no longer an organizer. "
    "Run /insights in chat for a new one."
)
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    ),
}


def _html(body: str, status: int) -> web.Response:
    return web.Response(
        text=body, status=status, content_type="text/html", charset="utf-8", headers=HEADERS
    )


def setup_insights(app: web.Application, runtime: Runtime) -> None:
    """A RouteSetup for HttpServer: add the dashboard route."""

    async def show(request: web.Request) -> web.Response:
        deps = runtime.deps
        if not deps.settings.section(InsightsSettings).enabled:
            return _html(dashboard.refusal("Insights are turned off on this server."), 404)
        try:
            grant = links.verify(
                deps.secrets.insights_key, request.query.get("token", ""), deps.clock.now()
            )
        except links.BadLink as error:
            return _html(dashboard.refusal(str(error)), 403)
        if not await still_organizer(deps, grant.organizer):
            return _html(dashboard.refusal(NOT_ORGANIZER), 403)
        insights = await gather(deps)
        body = await asyncio.to_thread(dashboard.render, insights, deps.settings.bot.collaborative)
        log.info("insights dashboard opened by %s", grant.organizer)
        return _html(body, 200)

    app.router.add_get("/insights", show)
