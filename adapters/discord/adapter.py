"""The Discord platform adapter: log in, sync commands, listen, and post through the outbox."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import discord

from adapters.discord.bridge import DEFER_AFTER, Bridge, role_ids
from adapters.discord.client import CollabClient
from adapters.discord.outbox import DiscordOutbox
from adapters.discord.platform import roles
from adapters.discord.scheduled_events import EventMirror, EventSource
from bot.changes import EVENTS
from bot.config import DiscordSettings, Settings
from bot.features.events.api import calendar_version
from bot.outbox import Outbox

if TYPE_CHECKING:
    from adapters.runtime import Runtime

log = logging.getLogger(__name__)
MAX_RATELIMIT_WAIT = 30.0  # seconds; discord.py's smallest allowed value
MIRROR_EVERY = 300.0  # seconds between scheduled-event mirror syncs
# Seconds between looks at the calendar's version: another process's change (a Slack-only
# process, the CLI) is mirrored within this, not at the next full sync.
WATCH_EVERY = 15.0


class DiscordAdapter:
    """Implements adapters.platforms.PlatformAdapter for Discord."""

    name = "discord"

    def __init__(
        self,
        settings: Settings,
        token: str,
        *,
        defer_after: float = DEFER_AFTER,
        events_source: EventSource | None = None,
        mirror_every: float = MIRROR_EVERY,
        watch_every: float = WATCH_EVERY,
        **client_options: Any,
    ) -> None:
        # A long rate limit goes back to the delivery queue instead of holding a worker.
        client_options.setdefault("max_ratelimit_timeout", MAX_RATELIMIT_WAIT)
        self.client = CollabClient(settings, **client_options)
        self.outbox: Outbox = DiscordOutbox(self.client)
        self.defer_after = defer_after
        self._token = token
        self.events_source = events_source
        self.mirror_every = mirror_every
        self.watch_every = watch_every
        self.mirror: EventMirror | None = None
        self._tasks: list[asyncio.Task[None]] = []
        # set when the calendar changes: the one mirror loop wakes up early (a burst of
        # changes during a sync leads to one more sync, never two running at once)
        self._calendar_changed = asyncio.Event()
        self._unsubscribe: list[Callable[[], None]] = []

    async def open(self, runtime: Runtime) -> None:
        """Log in over REST and run setup_hook (which syncs commands); no gateway yet."""
        self.client.attach(Bridge(runtime.app, defer_after=self.defer_after))
        api_url = runtime.settings.discord.api_url
        if api_url != DiscordSettings().api_url:
            # discord.py keeps its base URL on the class: changed only when the config says so.
            discord.http.Route.BASE = api_url.rstrip("/")
        self.mirror = EventMirror(self.client, runtime.deps)
        runtime.deps.organizer_checks["discord"] = self.is_organizer
        await self.client.login(self._token)

    async def is_organizer(self, user_id: str) -> bool:
        """For a dashboard link: an organizer by id, or by a role they hold in a guild now."""
        if roles(self.client.settings, user_id):
            return True
        if not user_id.isascii() or not user_id.isdigit():
            return False
        for guild_id in self.client.settings.discord.guild_ids:
            guild = self.client.get_guild(guild_id)
            if guild is None:
                continue
            member = guild.get_member(int(user_id))
            if member is None:
                try:
                    member = await guild.fetch_member(int(user_id))
                except discord.NotFound:
                    continue
            if roles(self.client.settings, user_id, role_ids=role_ids(member)):
                return True
        return False

    async def start(self, runtime: Runtime) -> None:
        await self.open(runtime)
        gateway = asyncio.create_task(self.client.connect(), name="discord-gateway")
        gateway.add_done_callback(_report_crash)
        self._tasks.append(gateway)
        if runtime.settings.discord.mirror_scheduled_events:
            if self.events_source is None:
                log.warning("mirror_scheduled_events is on but no event source is wired in")
            else:
                changes = runtime.deps.changes
                changes.subscribe(EVENTS, self._calendar_changed.set)
                self._unsubscribe.append(
                    lambda: changes.unsubscribe(EVENTS, self._calendar_changed.set)
                )
                loop = self._mirror_loop(runtime, self.events_source)
                self._tasks.append(asyncio.create_task(loop, name="discord-event-mirror"))

    async def _mirror_loop(self, runtime: Runtime, source: EventSource) -> None:
        assert self.mirror is not None
        while True:
            self._calendar_changed.clear()  # what changes from here on needs another sync
            seen = await self._version(runtime)  # read first: a change during the sync shows
            try:
                outcome = await self.mirror.sync(await source(runtime.deps))
                log.debug("scheduled event mirror: %s", dict(outcome))
            except Exception:
                log.exception("mirroring events to Discord failed; trying again later")
            await self._until_changed(runtime, seen)

    async def _until_changed(self, runtime: Runtime, seen: object) -> None:
        """Until this process changes the calendar, another one does (its version moves),
        or `mirror_every` has passed."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.mirror_every
        while (left := deadline - loop.time()) > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._calendar_changed.wait(), min(left, self.watch_every))
                return
            if await self._version(runtime) != seen:
                return

    async def _version(self, runtime: Runtime) -> object:
        try:
            return await calendar_version(runtime.deps)
        except Exception as error:  # the database is away: the periodic sync still comes
            log.debug("could not read the calendar's version: %s", error)
            return None

    async def connected(self) -> bool:
        return self.client.is_ready() and not self.client.is_closed()

    async def stop(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        await self.client.close()
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()


def _report_crash(task: asyncio.Task[None]) -> None:
    """A gateway that gave up (bad token, a privileged intent not enabled) must be loud."""
    if not task.cancelled() and task.exception() is not None:
        log.error("the Discord gateway stopped: %s", task.exception())
