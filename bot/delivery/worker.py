"""The delivery worker: claim due rows, render, post, and record the outcome under the claim.

Any number of workers (tasks or processes) can share one database. What keeps a post to
one copy, on time:

    the database's clock     due, expiry, lease and lateness are judged by the database's
                             "now" (or a fake clock in tests), never this process's clock;
                             renderers see that "now" too ("starts in 5 minutes")
    small claims             a worker claims only as many rows as it has free posting slots
                             (`concurrency`), so nothing waits in a batch while its lease runs
    fencing token            each claim has a token; right before the post the worker renews
                             the lease under it (compare-and-set) and does not post if the
                             claim was lost; it keeps renewing while the post waits (rate
                             limits, Retry-After), and records the outcome only under it
    unknown outcomes         the renewal marks "attempt started"; a row taken over with that
                             mark (its worker died mid-post) is looked up on the platform
                             (`Outbox.find`) before it is posted again

A post that may have gone through is never retried blindly: the outbox says whether it is safe.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
from collections import Counter
from collections.abc import Mapping
from datetime import datetime, timedelta

from bot.clock import pinned
from bot.delivery.queue import EDIT, MESSAGE, target_of
from bot.deps import Deps
from bot.durations import parse_duration
from bot.i18n import speak
from bot.i18n.reader import reader_speaking
from bot.model import DirectMessage, PostedMessage, Reply, Target
from bot.outbox import Failed, PostResult, RetryLater, Sent
from bot.router import Renderer
from bot.serialize import reply_from_dict
from storage import deliveries
from storage.models.deliveries import CLAIMED, FAILED, PENDING, SENT, SKIPPED, Delivery

log = logging.getLogger(__name__)
MAX_BACKOFF_SECONDS = 300.0
RATE_LIMIT_PATIENCE = timedelta(days=1)  # then a post that is always rate limited fails
LOST = "lost"  # another worker holds the row now: nothing posted, nothing recorded
# The platform's clock and the database's may differ a little: look a bit further back.
FIND_MARGIN = timedelta(minutes=5)
POST_NOT_OUT_YET = RetryLater("the post to edit is not out yet", 2.0, rate_limited=True)


async def render_message(delivery: Delivery, deps: Deps) -> Reply | None:
    """The built-in kind: the reply was rendered when it was queued."""
    return reply_from_dict(json.loads(delivery.payload))


def backoff(attempts: int) -> float:
    """Seconds before trying again after a server error: 2, 4, 8, ... at most 5 minutes."""
    return min(MAX_BACKOFF_SECONDS, 2.0**attempts)


class Claim:
    """One claimed row: its token, and whether the claim is still ours."""

    def __init__(self, row: Delivery) -> None:
        assert row.id is not None and row.claim_token is not None
        self.id = row.id
        self.token = row.claim_token
        self.lost = False


class DeliveryWorker:
    def __init__(self, deps: Deps, renderers: Mapping[str, Renderer]) -> None:
        self.deps = deps
        self.renderers = {MESSAGE: render_message, **renderers}
        scheduler = deps.settings.scheduler
        self.lease = timedelta(seconds=scheduler.lease_seconds)
        self.late_after = parse_duration(scheduler.late_after)
        self.batch = scheduler.batch_size
        self.concurrency = scheduler.concurrency
        self.max_attempts = scheduler.max_attempts
        self.stopping = False  # set on shutdown: finish the posts under way, claim no more
        self._held: dict[int, Claim] = {}  # the posts under way, their leases kept alive

    async def run_due(self) -> Counter[str]:
        """Deliver everything due now; returns how many ended in each status.

        Rows are claimed as posting slots free up, never more than `concurrency` at once.
        """
        keeper = asyncio.create_task(self._keep_leases())
        try:
            return await self._run_due()
        finally:
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper

    async def _run_due(self) -> Counter[str]:
        outcome: Counter[str] = Counter()
        running: set[asyncio.Task[str]] = set()
        more = True
        while True:
            free = self.concurrency - len(running)
            # Claim when a quarter of the slots are free, not after every single post.
            more = more and not self.stopping
            if more and free >= (max(1, self.concurrency // 4) if running else 1):
                wanted = min(free, self.batch)
                try:
                    claimed = await self._claim(wanted)
                except Exception:
                    if not running:
                        raise
                    log.exception("claiming deliveries failed; finishing the posts under way")
                    claimed, more = [], False
                more = more and len(claimed) == wanted
                running |= {asyncio.create_task(self._deliver(row)) for row in claimed}
            if not running:
                return outcome
            done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                try:
                    outcome[task.result()] += 1
                except Exception:
                    log.exception("a delivery failed to record; its lease will expire")
                    outcome["error"] += 1

    async def _claim(self, limit: int) -> list[Delivery]:
        async with self.deps.db.session() as session:
            claimed = await deliveries.claim_due(
                session,
                worker=self.deps.worker_id,
                now=self.deps.clock.queue_now(),
                lease=self.lease,
                limit=limit,
                platforms=self.deps.outbox.platforms,
            )
        self.deps.status.scheduler_heartbeat = self.deps.clock.now()
        return list(claimed)

    async def _renew(self, claim: Claim) -> datetime | None:
        async with self.deps.db.session() as session:
            now = await deliveries.renew(
                session,
                claim.id,
                token=claim.token,
                lease=self.lease,
                now=self.deps.clock.queue_now(),
            )
        if now is None:
            claim.lost = True
        return now

    async def _keep_leases(self) -> None:
        """Every third of a lease, renew all claims under way in one statement: slow posts
        and posts waiting out a rate limit keep their rows; a claim found lost is marked."""
        while True:
            await asyncio.sleep(self.lease.total_seconds() / 3)
            held = dict(self._held)
            if not held:
                continue
            try:
                async with self.deps.db.session() as session:
                    kept = await deliveries.renew_many(
                        session,
                        {row_id: claim.token for row_id, claim in held.items()},
                        lease=self.lease,
                        now=self.deps.clock.queue_now(),
                    )
            except Exception as error:  # the database blinked; try again next time
                log.warning("could not renew %d leases: %s", len(held), error)
                continue
            for row_id, claim in held.items():
                if row_id not in kept and self._held.get(row_id) is claim:
                    claim.lost = True

    async def _deliver(self, row: Delivery) -> str:
        """Post one row claimed a moment ago (the claim is the lease taken right before)."""
        claim = Claim(row)
        assert row.claim_expires_at is not None and row.attempt_at is not None
        now = row.claim_expires_at - self.lease  # the database's "now" at the claim
        # An attempt time before this claim is an earlier post whose outcome nobody recorded.
        unknown_since = row.attempt_at if row.attempt_at < now else None
        self._held[claim.id] = claim
        try:
            return await self._deliver_held(row, claim, now, unknown_since)
        finally:
            if self._held.get(claim.id) is claim:
                del self._held[claim.id]

    async def _deliver_held(
        self, row: Delivery, claim: Claim, now: datetime, unknown_since: datetime | None
    ) -> str:
        row.late = now - row.due_at > self.late_after
        if row.expires_at is not None and now >= row.expires_at:
            log.info("skipping delivery %s (%s): expired at %s", row.id, row.key, row.expires_at)
            return await self._finish(claim, row, SKIPPED, error="expired before it could be sent")
        renderer = self.renderers.get(row.kind)
        if renderer is None:
            return await self._finish(
                claim, row, FAILED, error=f"no renderer for kind {row.kind!r}"
            )
        target = target_of(row.platform, row.target_type, row.target_id, row.thread_id)
        await self.deps.outbox.prepare(target)
        try:
            # A DM is written in its reader's language, a channel post in [bot] language.
            reader = await reader_speaking(
                self.deps.db,
                target if isinstance(target, DirectMessage) else None,
                self.deps.settings.bot,
            )
            # Renderers read "now" from deps.clock: pinned to the database's for the render.
            with pinned(now), speak(reader):
                reply = await renderer(row, self.deps)
        except Exception:
            log.exception("rendering delivery %s (%s) failed", row.id, row.key)
            return await self._after(claim, row, RetryLater("could not render the message"), now)
        if reply is None:
            return await self._finish(claim, row, SKIPPED, error="nothing to send any more")
        # Editing twice shows the same thing: only a post is checked against the platform.
        if unknown_since is not None and row.target_type != EDIT:
            found = await self._check_earlier(claim, row, target, unknown_since)
            if found is not None:
                return found
        if claim.lost:
            return self._lost(row, "before posting")
        try:
            if row.target_type == EDIT:
                result = await self._edit(row, reply)
            else:
                result = await self.deps.outbox.post(target, reply, key=row.key)
        except Exception as error:
            # We cannot know whether it went out; recording beats a blind repeat.
            log.exception("posting delivery %s (%s) raised", row.id, row.key)
            result = Failed(f"unexpected error while posting: {type(error).__name__}")
        return await self._after(claim, row, result, now)

    async def _check_earlier(
        self, claim: Claim, row: Delivery, target: Target, since: datetime
    ) -> str | None:
        """Did the earlier attempt land? A status if this settles the row, None to post."""
        try:
            found = await self.deps.outbox.find(target, row.key, since=since - FIND_MARGIN)
        except Exception as error:
            log.warning("delivery %s (%s): cannot tell if it went out: %s", row.id, row.key, error)
            reason = f"an earlier attempt may have been sent and the platform cannot tell: {error}"
            return await self._after(claim, row, RetryLater(reason), None, outcome_unknown=True)
        if found is not None:
            log.info(
                "delivery %s (%s) had gone out before; recorded, not repeated", row.id, row.key
            )
            return await self._finish(claim, row, SENT, external_id=found.external_id)
        # Not there: post it. Renew first, the lookup may have taken a while.
        if await self._renew(claim) is None:
            return self._lost(row, "while checking the platform")
        return None

    async def _edit(self, row: Delivery, reply: Reply) -> PostResult:
        """Edit the message an earlier delivery posted; wait while that post is on its way."""
        async with self.deps.db.read() as session:
            post = await deliveries.get(session, int(row.target_id))
        if post is None or post.target_type != "channel":
            return Failed("only the bot's channel posts can be edited")
        if post.status not in (PENDING, CLAIMED, SENT):
            return Failed("the post to edit was not sent")
        if post.status != SENT or not post.external_id:
            return POST_NOT_OUT_YET
        message = PostedMessage(post.platform, post.target_id, post.external_id, post.thread_id)
        return await self.deps.outbox.edit(message, reply, key=row.key)

    async def _after(
        self,
        claim: Claim,
        row: Delivery,
        result: PostResult,
        now: datetime | None,
        *,
        outcome_unknown: bool = False,
    ) -> str:
        if isinstance(result, Sent):
            return await self._finish(claim, row, SENT, external_id=result.external_id)
        age = (now or row.due_at) - row.created_at
        if isinstance(result, RetryLater):
            rate_limited = result.rate_limited and age < RATE_LIMIT_PATIENCE
            if rate_limited or row.attempts < self.max_attempts:
                delay = self._retry_delay(row, result, rate_limited)
                await self._finish(
                    claim,
                    row,
                    "retry",
                    error=result.reason,
                    retry_in=timedelta(seconds=delay),
                    # A rate limit does not use up one of the attempts, and nothing went out.
                    refund_attempt=rate_limited,
                    outcome_unknown=outcome_unknown and not rate_limited,
                )
                return "retry"
        log.error(
            "delivery %s (%s) failed after %d attempt(s): %s",
            row.id,
            row.key,
            row.attempts,
            result.reason,
        )
        return await self._finish(
            claim, row, FAILED, error=result.reason, outcome_unknown=outcome_unknown
        )

    def _retry_delay(self, row: Delivery, result: RetryLater, rate_limited: bool) -> float:
        """Seconds until the next try: when a rate limit says (spread out, so a burst does
        not come back all at once), else the backoff for the attempts made."""
        if rate_limited:
            return max(result.after_seconds, 1.0) * (1 + random.random() / 2)
        delay = max(result.after_seconds, backoff(row.attempts))
        log.warning(
            "delivery %s (%s) will be retried in %.0fs: %s", row.id, row.key, delay, result.reason
        )
        return delay

    async def _finish(self, claim: Claim, row: Delivery, status: str, **outcome: object) -> str:
        async with self.deps.db.session() as session:
            kept = await deliveries.finish(
                session,
                claim.id,
                token=claim.token,
                now=self.deps.clock.queue_now(),
                status=PENDING if status == "retry" else status,
                late=row.late,
                **outcome,  # type: ignore[arg-type]
            )
        if not kept:
            claim.lost = True
            log.warning("delivery %s (%s): claim lost before recording %s", row.id, row.key, status)
        elif status in (SENT, FAILED):
            for hook in self.deps.router.outcomes:
                hook(status, self.deps)
            if status == SENT:
                log.info("sent %s to %s %s", row.key, row.platform, row.target_id)
        if kept and status in (SENT, FAILED, SKIPPED):
            await self._tell_kind(row, status)
        return status

    async def _tell_kind(self, row: Delivery, status: str) -> None:
        """The feature that queued the row hears how it ended; its failure is only logged."""
        hook = self.deps.router.kind_outcomes.get(row.kind)
        if hook is None:
            return
        try:
            await hook(row, status, self.deps)
        except Exception:
            log.exception("the outcome hook of %s (%s) failed", row.kind, row.key)

    def _lost(self, row: Delivery, when: str) -> str:
        log.warning("delivery %s (%s): claim lost %s; not posting", row.id, row.key, when)
        return LOST
