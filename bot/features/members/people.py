"""One member across platforms: resolve an account to its person, and find where they get DMs.

The core resolves every interaction's actor here (App.handle; handlers registered with
personal=False, which touch no member data, skip it), so features need only
`actor.key` (the person) and `actor.member` (the person's first account) to treat linked
Slack and Discord accounts as one member.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy.ext.asyncio import AsyncSession

from bot.deps import Deps
from bot.model import Actor, DirectMessage, Interaction
from storage import people as store


async def resolve(interaction: Interaction, deps: Deps) -> Interaction:
    """The interaction with its actor's person key set when the account is linked."""
    actor = await resolve_actor(interaction.actor, deps)
    if actor is interaction.actor:
        return interaction
    return dataclasses.replace(interaction, actor=actor)


async def resolve_actor(actor: Actor, deps: Deps) -> Actor:
    """`actor` with its person key set when the account is linked (else `actor` itself)."""
    async with deps.db.read() as session:
        person = await store.person_key(session, actor.platform, actor.user_id)
    if person is None or person == actor.person_key:
        return actor
    return dataclasses.replace(actor, person_key=person)


async def dm_target(session: AsyncSession, platform: str, user_id: str) -> DirectMessage:
    """Where a DM to this account (or its person) goes: the account its person chose."""
    person = await store.person_key(session, platform, user_id)
    if person is not None:
        chosen = (await store.dm_accounts(session, [person])).get(person)
        if chosen is not None:
            return DirectMessage(chosen.platform, chosen.user_id)
    return DirectMessage(platform, user_id)


async def dm_targets(session: AsyncSession, keys: list[str]) -> dict[str, DirectMessage]:
    """DM targets of linked people by person key; people not linked are left out."""
    found = await store.dm_accounts(session, keys)
    return {k: DirectMessage(a.platform, a.user_id) for k, a in found.items()}
