"""The delivery worker: claim due rows, render, post, and record the outcome under the claim.

Any number of workers (tasks or processes) can share one database: a row is claimed by one
of them at a time, and a claim whose worker died expires and is taken by another. A post
that may have gone through is never retried blindly: the outbox says whether it is safe.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections import Counter
from collections.abc import Mapping
from datetime import timedelta

from bot import activity
from bot.delivery.queue import MESSAGE, target_of
from bot.deps import Deps
from bot.durations import parse_duration
from bot.model import Reply
from bot.outbox import Failed, PostResult, RetryLater, Sent
from bot.router import Renderer
from bot.serialize import reply_from_dict
from storage import deliveries
from storage.models.deliveries import FAILED, PENDING, SENT, SKIPPED, Delivery

log = logging.getLogger(__name__)
MAX_BACKOFF_SECONDS = 300.0
RATE_LIMIT_PATIENCE = timedelta(days=1)  # then a post that is always rate limited fails


async def render_message(delivery: Delivery, deps: Deps) -> Reply | None:
    """The built-in kind: the reply was rendered when it was queued."""
    return reply_from_dict(json.loads(delivery.payload))


def backoff(attempts: int) -> float:
    """Seconds before trying again after a server error: 2, 4, 8, ... at most 5 minutes."""
    return min(MAX_BACKOFF_SECONDS, 2.0**attempts)


class DeliveryWorker:
    def __init__(self, deps: Deps, renderers: Mapping[str, Renderer]) -> None:
        self.deps = deps
        self.renderers = {MESSAGE: render_message, **renderers}
        scheduler = deps.settings.scheduler
        self.lease = timedelta(seconds=scheduler.lease_seconds)
        self.late_after = parse_duration(scheduler.late_after)
        self.batch = scheduler.batch_size
        self.max_attempts = scheduler.max_attempts
        self._limit = asyncio.Semaphore(scheduler.concurrency)

    async def run_due(self) -> Counter[str]:
        """Deliver everything due now; returns how many ended in each status."""
        outcome: Counter[str] = Counter()
        while True:
            now = self.deps.clock.now()
            async with self.deps.db.session() as session:
                claimed = await deliveries.claim_due(
                    session,
                    worker=self.deps.worker_id,
                    now=now,
                    lease=self.lease,
                    limit=self.batch,
                    platforms=self.deps.outbox.platforms,
                )
            self.deps.status["scheduler_heartbeat"] = now
            if not claimed:
                return outcome
            results = await asyncio.gather(*(self._deliver(row) for row in claimed))
            outcome.update(results)
            if len(claimed) < self.batch:
                return outcome

    async def _deliver(self, row: Delivery) -> str:
        async with self._limit:
            now = self.deps.clock.now()
            row.late = now - row.due_at > self.late_after
            if row.expires_at is not None and now >= row.expires_at:
                log.info(
                    "skipping delivery %s (%s): expired at %s", row.id, row.key, row.expires_at
                )
                return await self._finish(row, SKIPPED, error="expired before it could be sent")
            renderer = self.renderers.get(row.kind)
            if renderer is None:
                return await self._finish(row, FAILED, error=f"no renderer for kind {row.kind!r}")
            try:
                reply = await renderer(row, self.deps)
            except Exception:
                log.exception("rendering delivery %s (%s) failed", row.id, row.key)
                return await self._after(row, RetryLater("could not render the message"))
            if reply is None:
                return await self._finish(row, SKIPPED, error="nothing to send any more")
            target = target_of(row.platform, row.target_type, row.target_id, row.thread_id)
            try:
                result = await self.deps.outbox.post(target, reply, key=row.key)
            except Exception as error:
                # We cannot know whether it went out; recording beats a blind repeat.
                log.exception("posting delivery %s (%s) raised", row.id, row.key)
                result = Failed(f"unexpected error while posting: {type(error).__name__}")
            return await self._after(row, result)

    async def _after(self, row: Delivery, result: PostResult) -> str:
        if isinstance(result, Sent):
            return await self._finish(row, SENT, external_id=result.external_id)
        now = self.deps.clock.now()
        if (
            isinstance(result, RetryLater)
            and result.rate_limited
            and now - row.created_at < RATE_LIMIT_PATIENCE
        ):
            # The platform said when: wait that long (spread out, so a burst does not come
            # back all at once), and a rate limit does not use up one of the attempts.
            delay = max(result.after_seconds, 1.0) * (1 + random.random() / 2)
            await self._finish(
                row,
                "retry",
                error=result.reason,
                retry_at=now + timedelta(seconds=delay),
                refund_attempt=True,
            )
            return "retry"
        if isinstance(result, RetryLater) and row.attempts < self.max_attempts:
            delay = max(result.after_seconds, backoff(row.attempts))
            retry_at = self.deps.clock.now() + timedelta(seconds=delay)
            log.warning(
                "delivery %s (%s) will be retried in %.0fs: %s",
                row.id,
                row.key,
                delay,
                result.reason,
            )
            await self._finish(row, "retry", error=result.reason, retry_at=retry_at)
            return "retry"
        log.error(
            "delivery %s (%s) failed after %d attempt(s): %s",
            row.id,
            row.key,
            row.attempts,
            result.reason,
        )
        return await self._finish(row, FAILED, error=result.reason)

    async def _finish(self, row: Delivery, status: str, **outcome: object) -> str:
        assert row.id is not None
        async with self.deps.db.session() as session:
            kept = await deliveries.finish(
                session,
                row.id,
                worker=self.deps.worker_id,
                now=self.deps.clock.now(),
                status=PENDING if status == "retry" else status,
                late=row.late,
                **outcome,  # type: ignore[arg-type]
            )
        if not kept:
            log.warning("delivery %s (%s): claim lost before recording %s", row.id, row.key, status)
        elif status in (SENT, FAILED):
            activity.note(self.deps, "posts sent" if status == SENT else "posts failed")
            if status == SENT:
                log.info("sent %s to %s %s", row.key, row.platform, row.target_id)
        return status
