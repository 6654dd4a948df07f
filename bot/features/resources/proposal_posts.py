"""A proposal's card in the organizers channels: rendered from the database when it goes
out, and edited once it is decided (the outcome, no buttons), so organizers see at a glance
which proposals still wait."""

from __future__ import annotations

import json

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.queue import schedule, schedule_edit
from bot.deps import Deps
from bot.features.resources import proposal_views as views
from bot.model import Reply
from bot.router import Router
from storage import resource_proposals as store
from storage.models.deliveries import Delivery
from storage.models.sharing import Proposal

router = Router("resources.proposal_posts")
KIND = "resources.proposal"


async def announce(session: AsyncSession, deps: Deps, p: Proposal) -> int:
    """Queue the card to every organizers channel (once per channel); how many channels."""
    places = deps.settings.places("organizers", deps.platforms)
    now = deps.clock.now()
    for place in places:
        await schedule(
            session,
            key=f"resources.proposal:{p.id}:{place.platform}:{place.channel_id}",
            kind=KIND,
            target=place,
            due_at=now,
            now=now,
            ref=f"proposal:{p.id}",
            payload=json.dumps({"p": p.id}),
        )
    return len(places)


async def refresh(session: AsyncSession, deps: Deps, proposal_id: int) -> int:
    """Queue one edit of each of the proposal's posts (a proposal is decided once)."""
    now = deps.clock.now()
    queued = 0
    for post in await store.channel_posts(session, proposal_id):
        queued += await schedule_edit(
            session,
            key=f"resources.proposal.edit:{post.id}",
            kind=KIND,
            post=post,
            due_at=now,
            now=now,
            ref=f"proposal:{proposal_id}",
            payload=json.dumps({"p": proposal_id}),
        )
    return queued


@router.renderer(KIND)
async def render_post(delivery: Delivery, deps: Deps) -> Reply | None:
    proposal_id = int(json.loads(delivery.payload)["p"])
    async with deps.db.read() as session:
        p = await store.get(session, proposal_id)
    if p is None:
        return None  # deleted: its member asked /privacy to forget them
    return views.organizer_post(p)
