"""Queue each member's next digest, and hear how each one went.

The job runs in every process, as often as the scheduler likes: a digest's key is the
person and its due time, so each one is queued once. It queues the *next* digest (due in
the future), so the worker posts it on time and a fake clock steps straight to it. A member
who changed their choice or zone since has a queued digest that no longer fits: the
renderer skips it and the next run queues the right one.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.queue import schedule
from bot.deps import Deps
from bot.features.digest.plans import plan_of, zone_info, zone_name
from bot.features.digest.router import KIND, router
from bot.features.digest.schedule import OFF, Plan, next_due
from bot.features.digest.settings import DigestSettings
from bot.features.members import api as members_api
from bot.model import Account, Actor
from storage import members, refs
from storage.deliveries import cancel_pending
from storage.models.deliveries import FAILED, SENT, Delivery
from storage.models.members import Member

log = logging.getLogger(__name__)
# A digest the bot could not send within this long after its time (it was down) is dropped.
GRACE = timedelta(hours=12)
# Digests in a row that could not be delivered before none are queued any more: a member
# who left the workspace or closed their DMs is not tried forever. Choosing again resets it.
MAX_MISSES = 2


@dataclass
class DigestTally:
    """This process's counts of digests by how they ended (the log's and the tests' view;
    organizers see the paused members in /digest and each refusal in /events failed)."""

    sent: int = 0
    unreachable: int = 0


def payload(person: str, plan: Plan, zone: str) -> str:
    return json.dumps(
        {
            "person": person,
            "frequency": plan.frequency,
            "day": plan.day,
            "at": plan.at,
            "zone": zone,
        }
    )


async def queue_next(session: AsyncSession, deps: Deps, row: Member, zone: str) -> bool:
    """Queue the member's next digest (once); True if this call added it."""
    plan = plan_of(row, deps.settings.section(DigestSettings))
    if plan is None:
        return False
    now = deps.clock.now()
    due = next_due(plan, zone_info(zone, deps), now)
    person = Account(row.platform, row.user_id).key
    target = await members_api.dm_target(session, row.platform, row.user_id)
    return await schedule(
        session,
        key=refs.member_digest_key(person, due.isoformat()),
        kind=KIND,
        target=target,
        due_at=due,
        now=now,
        ref=refs.member_digest(person),
        payload=payload(person, plan, zone),
        expires_at=due + GRACE,
    )


async def withdraw(session: AsyncSession, person: str) -> int:
    """Take back the person's queued digest (they stopped it or chose another time)."""
    return await cancel_pending(session, ref=refs.member_digest(person), kind=KIND)


def reader(row: Member) -> Actor:
    return Actor(row.platform, row.user_id, row.display_name)


@router.every("digest.queue", seconds=15 * 60)
async def queue_digests(deps: Deps) -> None:
    settings = deps.settings.section(DigestSettings)
    async with deps.db.read() as session:
        rows = await members.digest_readers(
            session, default_on=settings.default != OFF, max_misses=MAX_MISSES
        )
    if not rows:
        return
    zones = {row.id: await zone_name(deps, reader(row)) for row in rows}
    async with deps.db.session() as session:
        for row in rows:
            await queue_next(session, deps, row, zones[row.id])


@router.on_outcome_of(KIND)
async def digest_ended(delivery: Delivery, status: str, deps: Deps) -> None:
    """Sent: the next digest counts news from this one's time. Failed (left the workspace,
    DMs closed, refused): counted, and after MAX_MISSES in a row none are queued."""
    person = Account.of(json.loads(delivery.payload)["person"])
    tally = deps.state.get(DigestTally)
    async with deps.db.session() as session:
        if status == SENT:
            tally.sent += 1
            await members.digest_sent(session, person, delivery.due_at)
        elif status == FAILED:
            tally.unreachable += 1
            log.info("digest %s could not be delivered; counted as a miss", delivery.key)
            await members.digest_missed(session, person)
