"""Queue posts from features: a post is a row first, so it survives restarts and crashes."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.model import DirectMessage, Place, Reply, Target
from bot.serialize import reply_to_dict
from storage import deliveries
from storage.models.deliveries import Delivery

MESSAGE = "message"
# target_type of a delivery that edits an earlier post: target_id is that post's delivery id,
# and its message id is read when the edit goes out (the post may still be on its way).
EDIT = "edit"


def target_columns(target: Target) -> dict[str, str | None]:
    if isinstance(target, DirectMessage):
        return {
            "platform": target.platform,
            "target_type": "dm",
            "target_id": target.user_id,
            "thread_id": None,
        }
    return {
        "platform": target.platform,
        "target_type": "channel",
        "target_id": target.channel_id,
        "thread_id": target.thread_id,
    }


def target_of(platform: str, target_type: str, target_id: str, thread_id: str | None) -> Target:
    if target_type == "dm":
        return DirectMessage(platform, target_id)
    return Place(platform, target_id, thread_id)


async def schedule(
    session: AsyncSession,
    *,
    key: str,
    kind: str,
    target: Target,
    due_at: datetime | None,
    now: datetime | None = None,
    ref: str = "",
    payload: str = "",
    expires_at: datetime | None = None,
) -> bool:
    """Queue a delivery rendered at send time by the renderer registered for `kind`.

    `due_at=None` means as soon as possible (by the database's clock, see `enqueue`).
    """
    return await deliveries.enqueue(
        session,
        key=key,
        kind=kind,
        due_at=due_at,
        now=now,
        ref=ref,
        payload=payload,
        expires_at=expires_at,
        **target_columns(target),  # type: ignore[arg-type]
    )


async def send_message(
    session: AsyncSession,
    *,
    key: str,
    target: Target,
    reply: Reply,
    now: datetime | None = None,
    due_at: datetime | None = None,
    ref: str = "",
) -> bool:
    """Queue a ready-made reply (a notice, a DM); it goes out within a second or so."""
    payload = json.dumps(reply_to_dict(reply))
    return await schedule(
        session,
        key=key,
        kind=MESSAGE,
        target=target,
        due_at=due_at,
        now=now,
        ref=ref,
        payload=payload,
    )


async def schedule_edit(
    session: AsyncSession,
    *,
    key: str,
    kind: str,
    post: Delivery,
    due_at: datetime,
    now: datetime,
    ref: str = "",
    payload: str = "",
) -> bool:
    """Queue an edit of the message `post` made, rendered at send time by `kind`'s renderer."""
    assert post.id is not None
    return await deliveries.enqueue(
        session,
        key=key,
        kind=kind,
        platform=post.platform,
        target_type=EDIT,
        target_id=str(post.id),
        due_at=due_at,
        now=now,
        ref=ref,
        payload=payload,
    )
