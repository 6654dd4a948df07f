"""Finding what a command or button names: a suggestion that exists, a person to notify."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import NotFound
from bot.i18n import _
from bot.model import Actor, Person
from storage import topics as store
from storage.models.topics import Suggestion


async def existing(session: AsyncSession, sid: int, *, lock: bool = False) -> Suggestion:
    """The suggestion numbered `sid`, or NotFound pointing at the list."""
    s = await store.get(session, sid, lock=lock)
    if s is None:
        raise NotFound(_("There is no suggestion #{id}. See /topics for the list.").format(id=sid))
    return s


def person(actor: Actor) -> Person:
    return Person(actor.key, (actor.member,))
