"""The Discord platform adapter: log in, sync commands, listen, and post through the outbox."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING, Any

from adapters.discord.bridge import DEFER_AFTER, Bridge
from adapters.discord.client import CollabClient
from adapters.discord.outbox import DiscordOutbox
from bot.config import Settings

if TYPE_CHECKING:
    from adapters.runtime import Runtime

log = logging.getLogger(__name__)
MAX_RATELIMIT_WAIT = 30.0  # seconds; discord.py's smallest allowed value


class DiscordAdapter:
    """Implements adapters.platforms.PlatformAdapter for Discord."""

    name = "discord"

    def __init__(
        self,
        settings: Settings,
        token: str,
        *,
        defer_after: float = DEFER_AFTER,
        **client_options: Any,
    ) -> None:
        # A long rate limit goes back to the delivery queue instead of holding a worker.
        client_options.setdefault("max_ratelimit_timeout", MAX_RATELIMIT_WAIT)
        self.client = CollabClient(settings, **client_options)
        self.outbox = DiscordOutbox(self.client)
        self.defer_after = defer_after
        self._token = token
        self._gateway: asyncio.Task[None] | None = None

    async def open(self, runtime: Runtime) -> None:
        """Log in over REST and run setup_hook (which syncs commands); no gateway yet."""
        self.client.attach(Bridge(runtime.app, defer_after=self.defer_after))
        await self.client.login(self._token)

    async def start(self, runtime: Runtime) -> None:
        await self.open(runtime)
        self._gateway = asyncio.create_task(self.client.connect(), name="discord-gateway")

    async def stop(self) -> None:
        await self.client.close()
        if self._gateway is not None:
            self._gateway.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._gateway
