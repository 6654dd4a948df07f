"""APScheduler drives the clock; the database stays the truth.

One short-interval job asks the worker for due deliveries; features add their own jobs
(every N seconds or on a cron expression in the collaborative's zone). Jobs must be
idempotent: a fake clock simply runs them all after each step (`run_once`).
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Mapping

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot import crontab
from bot.delivery.worker import DeliveryWorker
from bot.deps import Deps
from bot.router import Job

log = logging.getLogger(__name__)


class Scheduler:
    def __init__(self, deps: Deps, worker: DeliveryWorker, jobs: Mapping[str, Job]) -> None:
        self.deps = deps
        self.worker = worker
        self.jobs = dict(jobs)
        self._aps: AsyncIOScheduler | None = None
        self._busy = asyncio.Lock()  # held while delivering, so a stop can wait for it

    async def run_job(self, job: Job) -> None:
        try:
            await job.run(self.deps)
        except Exception:
            log.exception("scheduled job %s failed; it will run again at its next time", job.name)

    async def tick(self) -> Counter[str]:
        """Deliver what is due; a database outage is logged and retried at the next tick."""
        try:
            async with self._busy:
                return await self.worker.run_due()
        except Exception as error:
            log.warning(
                "delivery tick failed (%s: %s); retrying shortly", type(error).__name__, error
            )
            return Counter()

    async def run_once(self) -> Counter[str]:
        """Every job once, then every due delivery: what a fake clock does after each step."""
        for job in self.jobs.values():
            await self.run_job(job)
        return await self.tick()

    @property
    def running(self) -> bool:
        return self._aps is not None and bool(self._aps.running)

    def start(self) -> None:
        settings = self.deps.settings
        aps = AsyncIOScheduler(timezone=settings.bot.zone)
        aps.add_job(
            self.tick,
            IntervalTrigger(seconds=settings.scheduler.poll_seconds),
            id="deliveries",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
        )
        for job in self.jobs.values():
            trigger = (
                crontab.trigger(job.cron, settings.bot.zone)
                if job.cron
                else IntervalTrigger(seconds=job.seconds or 60)
            )
            aps.add_job(
                self.run_job,
                trigger,
                args=[job],
                id=job.name,
                max_instances=1,
                coalesce=True,
                misfire_grace_time=None,
            )
        aps.start()
        self._aps = aps
        self.deps.status.scheduler_heartbeat = self.deps.clock.now()

    async def stop(self, grace: float = 30.0) -> None:
        """Stop starting jobs, and let a delivery round under way finish (within `grace`).

        APScheduler cancels running jobs when it shuts down, so it is paused first and shut
        down only once the round is over.
        """
        aps, self._aps = self._aps, None
        if aps is not None and aps.running:
            aps.pause()
        self.worker.stopping = True
        try:
            await asyncio.wait_for(self._busy.acquire(), grace)
        except TimeoutError:
            log.warning("a delivery round did not finish within %.0fs of stopping", grace)
        else:
            self._busy.release()
        if aps is not None and aps.running:
            aps.shutdown(wait=False)
