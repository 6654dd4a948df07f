"""HTTP mode: POST /slack/events on the shared aiohttp server, handed to the bolt app.

Bolt checks the signature and timestamp of every request (401 otherwise) and answers
Slack's url_verification challenge itself.
"""

from __future__ import annotations

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

from adapters.http.server import RouteSetup
from adapters.runtime import Runtime

EVENTS_PATH = "/slack/events"


def slack_routes(bolt: AsyncApp) -> RouteSetup:
    async def events(request: web.Request) -> web.Response:
        response = await bolt.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(response)

    def setup(app: web.Application, runtime: Runtime) -> None:
        app.router.add_post(EVENTS_PATH, events)

    return setup
