"""The members step of every call: the actor becomes one person across linked accounts,
and the call speaks that person's language."""

from __future__ import annotations

import dataclasses

from bot.app import is_database_outage
from bot.deps import Deps
from bot.features.members.languages import (
    note_fallback,
    read_language,
    remember_locale,
    remembered,
    use_language,
)
from bot.features.members.people import resolve
from bot.model import Reply
from bot.router import Call, Next


async def resolve_person(call: Call, deps: Deps, next: Next) -> Reply:
    """Set the person key and language when the handler may use the member's data. With
    the database out the actor stays unresolved, so a command that needs none (such as
    /help) answers, in the platform's language."""
    state = None
    if call.personal:
        try:
            call = dataclasses.replace(call, interaction=await resolve(call.interaction, deps))
            state = await read_language(call.interaction.actor, deps)
        except Exception as error:
            if not is_database_outage(error):
                raise
    else:
        state = remembered(call.interaction.actor, deps)
    if state is not None:
        use_language(call.interaction.actor, state, deps)
    reply = await next(call)
    if state is not None and call.personal:
        # After the handler, so an action that was refused leaves the database as it was.
        state = await remember_locale(call.interaction.actor, state, deps)
        reply = await note_fallback(call.interaction.actor, state, reply, deps)
    return reply
