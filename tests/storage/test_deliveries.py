"""The delivery queue: queued once, claimed by one worker at a time, leases expire."""

import asyncio
from datetime import UTC, datetime, timedelta

from storage import deliveries
from storage.engine import Database
from storage.models.deliveries import Delivery

NOW = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)
LEASE = timedelta(seconds=60)


async def queue(db: Database, count: int, *, due: datetime = NOW) -> None:
    async with db.session() as session:
        for n in range(count):
            await deliveries.enqueue(
                session,
                key=f"k{n}",
                kind="message",
                platform="slack",
                target_type="channel",
                target_id="C1",
                due_at=due,
                now=NOW,
            )


async def test_enqueue_is_once_per_key(db: Database) -> None:
    row = dict(
        key="a", kind="m", platform="slack", target_type="dm", target_id="U1", due_at=NOW, now=NOW
    )
    async with db.session() as session:
        first = await deliveries.enqueue(session, **row)  # type: ignore[arg-type]
        again = await deliveries.enqueue(session, **row)  # type: ignore[arg-type]
    assert (first, again) == (True, False)


async def test_only_due_rows_are_claimed_in_due_order(db: Database) -> None:
    await queue(db, 3)
    async with db.session() as session:
        await deliveries.enqueue(
            session,
            key="later",
            kind="m",
            platform="slack",
            target_type="dm",
            target_id="U1",
            due_at=NOW + timedelta(hours=1),
            now=NOW,
        )
    async with db.session() as session:
        claimed = await deliveries.claim_due(session, worker="w1", now=NOW, lease=LEASE, limit=10)
    assert sorted(d.key for d in claimed) == ["k0", "k1", "k2"]
    assert all(d.attempts == 1 and d.claimed_by == "w1" for d in claimed)


async def test_concurrent_claimers_never_share_a_row(db: Database) -> None:
    await queue(db, 60)

    async def claimer(name: str) -> list[str]:
        taken: list[str] = []
        while True:
            async with db.session() as session:
                rows = await deliveries.claim_due(
                    session, worker=name, now=NOW, lease=LEASE, limit=7
                )
            if not rows:
                return taken
            taken += [r.key for r in rows]

    results = await asyncio.gather(*(claimer(f"w{n}") for n in range(4)))
    every = [key for keys in results for key in keys]
    assert sorted(every) == sorted(f"k{n}" for n in range(60))


async def test_expired_lease_is_taken_over_and_the_old_worker_cannot_finish(db: Database) -> None:
    await queue(db, 1)
    async with db.session() as session:
        (row,) = await deliveries.claim_due(session, worker="dead", now=NOW, lease=LEASE, limit=5)
    async with db.session() as session:
        assert (
            await deliveries.claim_due(
                session, worker="w2", now=NOW + timedelta(seconds=30), lease=LEASE, limit=5
            )
            == []
        )
    later = NOW + timedelta(seconds=61)
    async with db.session() as session:
        (again,) = await deliveries.claim_due(session, worker="w2", now=later, lease=LEASE, limit=5)
    assert again.id == row.id and again.attempts == 2
    async with db.session() as session:
        assert row.claim_token and again.claim_token and row.claim_token != again.claim_token
        assert not await deliveries.finish(
            session, row.id, token=row.claim_token, status="sent", now=later
        )
        assert not await deliveries.renew(
            session, row.id, token=row.claim_token, lease=LEASE, now=later
        )
        assert await deliveries.finish(
            session, row.id, token=again.claim_token, status="sent", now=later, external_id="1.2"
        )
    async with db.read() as session:
        stored = await session.get(Delivery, row.id)
    assert stored is not None and stored.status == "sent" and stored.external_id == "1.2"


async def test_cancel_pending_leaves_sent_ones(db: Database) -> None:
    async with db.session() as session:
        for key in ("a", "b"):
            await deliveries.enqueue(
                session,
                key=key,
                kind="m",
                platform="slack",
                target_type="dm",
                target_id="U1",
                due_at=NOW,
                now=NOW,
                ref="event:1",
            )
    async with db.session() as session:
        (row,) = await deliveries.claim_due(session, worker="w", now=NOW, lease=LEASE, limit=1)
        assert row.id is not None
        assert row.claim_token is not None
        await deliveries.finish(session, row.id, token=row.claim_token, status="sent", now=NOW)
    async with db.session() as session:
        assert await deliveries.cancel_pending(session, ref="event:1") == 1
        assert await deliveries.counts_by_status(session) == {"sent": 1, "cancelled": 1}


async def test_now_defaults_to_the_database_clock(db: Database) -> None:
    """Without `now=`, due, lease and recording follow the database's clock, whatever the
    process's clock says."""
    async with db.session() as session:
        clock = await deliveries.database_now(session)
    assert clock.tzinfo is not None
    assert abs((clock - datetime.now(UTC)).total_seconds()) < 5  # same machine here
    async with db.session() as session:
        for key, due in (("due", clock - timedelta(seconds=1)), ("later", clock + LEASE)):
            await deliveries.enqueue(
                session, key=key, kind="m", platform="slack", target_type="dm",
                target_id="U1", due_at=due,
            )  # fmt: skip
        (row,) = await deliveries.claim_due(session, worker="w", lease=LEASE, limit=5)
    assert row.key == "due" and row.claim_token is not None and row.attempt_at is not None
    assert row.claim_expires_at is not None and row.claim_expires_at - row.attempt_at == LEASE
    async with db.session() as session:
        renewed = await deliveries.renew(session, row.id or 0, token=row.claim_token, lease=LEASE)
        assert renewed is not None and renewed >= row.attempt_at
        assert await deliveries.finish(session, row.id or 0, token=row.claim_token, status="sent")
    async with db.read() as session:
        stored = await session.get(Delivery, row.id)
    assert stored is not None and stored.attempt_at is None and stored.sent_at is not None
