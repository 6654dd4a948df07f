"""The composition root: config, storage, core, scheduler and outboxes in one process."""

from __future__ import annotations

import gc
import logging
import os
import socket
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from adapters.capabilities import configured_organizer_checks, register_platforms
from bot.app import App
from bot.clock import Clock, FakeClock
from bot.composition import Composition
from bot.config import Secrets, Settings
from bot.delivery.scheduler import Scheduler
from bot.delivery.worker import DeliveryWorker
from bot.deps import Deps
from bot.features import COMPOSITION
from bot.outbox import Outbox, Outboxes
from bot.router import Router
from storage import deliveries, migrate
from storage.engine import Database

log = logging.getLogger(__name__)
MAX_CLOCK_STEPS = 100_000


class SchemaOutOfDate(RuntimeError):
    """The database needs `collab-bot db upgrade` before the bot can use it."""


def new_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass
class Runtime:
    settings: Settings
    db: Database
    deps: Deps
    app: App
    scheduler: Scheduler
    composition: Composition = COMPOSITION

    async def start(self, *, run_scheduler: bool = True, starter_pack: bool = False) -> None:
        if starter_pack and self.settings.bot.starter_pack:
            await self.composition.load_starter_pack(self.deps)
        for hook in self.deps.router.startup:
            await hook(self.deps)
        if run_scheduler:
            self.scheduler.start()

    async def stop(self) -> None:
        await self.scheduler.stop()
        for hook in self.deps.router.shutdown:
            try:
                await hook(self.deps)
            except Exception:
                log.exception("a stop hook failed: %s", getattr(hook, "__name__", hook))
        await self.db.close()

    async def advance_to(self, target: datetime) -> Counter[str]:
        """Move a fake clock to `target`, delivering everything at its own due time."""
        clock = self.deps.clock
        if not isinstance(clock, FakeClock):
            raise RuntimeError("only a fake clock can be moved")
        outcome: Counter[str] = Counter()
        for _ in range(MAX_CLOCK_STEPS):
            outcome += await self.scheduler.run_once()
            async with self.db.read() as session:
                upcoming = await deliveries.next_due(session, self.deps.platforms)
            if upcoming is None or upcoming > target:
                break
            clock.set(max(upcoming, clock.now()))
        clock.set(max(target, clock.now()))
        outcome += await self.scheduler.run_once()
        return outcome


def settle() -> None:
    """Once a long-running process has started: freeze what start-up made (routers, word
    lists, settings), so the garbage collector never walks it again. A full collection over
    the word lists paused a search by 30 ms."""
    gc.collect()
    gc.freeze()


async def prepare_database(db: Database, *, migrate_now: bool) -> None:
    if migrate_now:
        await migrate.upgrade(db)
        return
    if set(await migrate.current(db)) != set(migrate.head_revisions()):
        raise SchemaOutOfDate(
            "The database schema is not up to date. Run `collab-bot db upgrade` first."
        )


async def open_runtime(
    settings: Settings,
    *,
    clock: Clock,
    outboxes: Mapping[str, Outbox],
    extra_routers: Sequence[Router] = (),
    database_url: str | None = None,
    migrate_now: bool | None = None,
    worker_id: str | None = None,
    composition: Composition = COMPOSITION,
) -> Runtime:
    """Wire everything; SQLite is migrated on start, PostgreSQL must be upgraded first."""
    register_platforms()
    settings = composition.settings(settings)
    url = database_url or settings.database.resolved_url(os.environ)
    db = Database(url, echo=settings.database.echo, pool_size=settings.database.pool_size)
    await prepare_database(db, migrate_now=db.is_sqlite if migrate_now is None else migrate_now)
    router = composition.router(extra_routers)
    deps = Deps(
        settings=settings,
        db=db,
        clock=clock,
        outbox=Outboxes(outboxes),
        router=router,
        worker_id=worker_id or new_worker_id(),
        secrets=Secrets.from_env(),
    )
    deps.organizer_checks.update(configured_organizer_checks(deps))
    worker = DeliveryWorker(deps, router.renderers)
    scheduler = Scheduler(deps, worker, router.jobs)
    return Runtime(settings, db, deps, App(deps), scheduler, composition)
