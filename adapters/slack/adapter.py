"""The Slack platform adapter `collab-bot run` starts: Socket Mode by default, or HTTP mode.

Socket Mode (SLACK_APP_TOKEN + SLACK_BOT_TOKEN) needs no public URL: the bot dials out to
Slack. HTTP mode (SLACK_SIGNING_SECRET + SLACK_BOT_TOKEN) serves POST /slack/events on the
aiohttp server of [http], for hosting behind a load balancer.
"""

from __future__ import annotations

import asyncio
import logging

import aiohttp
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.web.async_client import AsyncWebClient

from adapters.http.server import HttpServer, RouteSetup
from adapters.runtime import Runtime
from adapters.slack.app import SlackBridge, build_app
from adapters.slack.http import slack_routes
from adapters.slack.outbox import SlackOutbox, web_client
from adapters.slack.roles import SlackOrganizers
from bot.config import Secrets, Settings
from bot.outbox import Outbox

log = logging.getLogger(__name__)
SOCKET_CLOSE_SECONDS = 1.0


async def close_socket(socket: AsyncSocketModeHandler) -> None:
    """Close Socket Mode within SOCKET_CLOSE_SECONDS. Slack may never answer the close frame,
    and aiohttp would wait its 10 s close timeout (slack_sdk offers no option for it). An
    envelope not yet acknowledged is not lost: Slack sends it again on another connection."""
    try:
        await asyncio.wait_for(socket.close_async(), SOCKET_CLOSE_SECONDS)  # type: ignore[no-untyped-call]
    except TimeoutError:
        client = socket.client
        for task in (
            client.message_processor,
            client.current_session_monitor,
            client.message_receiver,
        ):
            if task is not None:
                task.cancel()
        if client.aiohttp_client_session is not None:
            await client.aiohttp_client_session.close()
        log.info("Slack: Socket Mode closed without waiting for Slack's answer")


def missing_secrets(settings: Settings, secrets: Secrets) -> list[str]:
    """The environment variables the configured Slack mode needs and does not have."""
    needed = {"SLACK_BOT_TOKEN": secrets.slack_bot_token}
    if settings.slack.mode == "socket":
        needed["SLACK_APP_TOKEN"] = secrets.slack_app_token
    else:
        needed["SLACK_SIGNING_SECRET"] = secrets.slack_signing_secret
    return [name for name, value in needed.items() if not value]


class SlackAdapter:
    """Made before the runtime (the outbox is needed there), started after it."""

    name = "slack"

    def __init__(
        self,
        settings: Settings,
        secrets: Secrets,
        *,
        client: AsyncWebClient | None = None,
        serve_http: bool = True,
    ) -> None:
        self.settings = settings
        self.secrets = secrets
        self.client = client or web_client(secrets.slack_bot_token, settings.slack.api_url)
        self.slack_outbox = SlackOutbox(self.client)
        self.outbox: Outbox = self.slack_outbox
        # False when another part of the process runs the shared HTTP server: it then adds
        # `route_setup()` to its own list instead.
        self.serve_http = serve_http
        self.bridge: SlackBridge | None = None
        self.socket: AsyncSocketModeHandler | None = None
        self.server: HttpServer | None = None
        self._session: aiohttp.ClientSession | None = None

    def share_connections(self) -> None:
        """One aiohttp session (a keep-alive connection pool) for every Web API call and
        response_url answer: slack_sdk otherwise opens a session, and a connection, per call,
        which cost more CPU than a first-time member's answer itself (issue 28)."""
        if self.client.session is None:
            self._session = aiohttp.ClientSession()
            self.client.session = self._session

    def bolt_for(self, runtime: Runtime) -> SlackBridge:
        organizers = SlackOrganizers(self.settings, self.client)
        self.bridge = SlackBridge(runtime, self.client, organizers)
        runtime.deps.organizer_checks["slack"] = organizers.is_organizer
        self.slack_outbox.zones = self.bridge.zones
        return self.bridge

    def route_setup(self, runtime: Runtime) -> RouteSetup:
        bridge = self.bridge or self.bolt_for(runtime)
        return slack_routes(
            build_app(bridge, signing_secret=self.secrets.slack_signing_secret, verify=True)
        )

    async def start(self, runtime: Runtime) -> None:
        self.share_connections()
        if self.settings.slack.mode == "socket":
            bolt = build_app(self.bolt_for(runtime), verify=False)
            self.socket = AsyncSocketModeHandler(bolt, self.secrets.slack_app_token)
            await self.socket.connect_async()  # type: ignore[no-untyped-call]
            log.info("Slack: connected in Socket Mode")
            return
        setup = self.route_setup(runtime)
        if self.serve_http:
            http = self.settings.http
            self.server = HttpServer(runtime, [setup])
            port = await self.server.start(http.host, http.port)
            log.info("Slack: HTTP mode, events at http://%s:%s/slack/events", http.host, port)

    async def connected(self) -> bool:
        if self.settings.slack.mode == "http":
            return self.bridge is not None
        return self.socket is not None and bool(await self.socket.client.is_connected())

    async def stop(self) -> None:
        if self.socket is not None:
            socket, self.socket = self.socket, None
            await close_socket(socket)
        if self.server is not None:
            await self.server.stop()
            self.server = None
        if self._session is not None:
            session, self._session = self._session, None
            self.client.session = None
            await session.close()
