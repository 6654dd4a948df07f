"""The members step of every call: the actor becomes one person across linked accounts."""

from __future__ import annotations

import dataclasses

from bot.app import is_database_outage
from bot.deps import Deps
from bot.features.members.people import resolve
from bot.model import Reply
from bot.router import Call, Next


async def resolve_person(call: Call, deps: Deps, next: Next) -> Reply:
    """Set the person key when the handler may use the member's data. With the database
    out the actor stays unresolved, so a command that needs none (such as /help) answers."""
    if call.personal:
        try:
            call = dataclasses.replace(call, interaction=await resolve(call.interaction, deps))
        except Exception as error:
            if not is_database_outage(error):
                raise
    return await next(call)
