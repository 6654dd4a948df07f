"""A suggestion's channel posts, found through the delivery queue."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage import refs
from storage.models.deliveries import CLAIMED, PENDING, SENT, Delivery


async def channel_posts(session: AsyncSession, suggestion_id: int) -> Sequence[Delivery]:
    """The suggestion's channel posts that are out or on their way (so worth editing)."""
    statement = (
        select(Delivery)
        .where(
            col(Delivery.ref) == refs.topic(suggestion_id),
            col(Delivery.key).startswith(refs.topic_posts(suggestion_id), autoescape=True),
            col(Delivery.status).in_((PENDING, CLAIMED, SENT)),
        )
        .order_by(col(Delivery.id))
    )
    return (await session.execute(statement)).scalars().all()
