"""An organizer turns a member's anonymous "what should we cover next?" into a topic
suggestion with one button (/insights), posted in the organizer's own name, once."""

from __future__ import annotations

from bot.deps import Deps
from bot.errors import NotFound
from bot.features.events.outcomes import SUGGEST
from bot.features.events.router import router
from bot.features.topics import api as topics
from bot.model import ButtonPress, Reply
from storage import after as store
from storage import events as events_store


@router.action(SUGGEST, organizer_only=True)
async def suggest_next_topic(press: ButtonPress, deps: Deps) -> Reply:
    feedback_id = press.action.number(0)
    async with deps.db.session() as session:
        topic = await store.next_topic(session, feedback_id)
        if topic is None:
            raise NotFound("That answer is not kept any more (its member deleted their data).")
        if topic.suggestion_id is not None:
            return Reply(text=f"That answer is already suggestion #{topic.suggestion_id}.")
        event = await events_store.get(session, topic.event_id)
        where = f" after {event.title}" if event is not None else ""
        details = f"What a member who attended{where} would like covered next (anonymous feedback)."
        made = await topics.suggest_for_members(session, deps, press.actor, topic.text, details)
        if not await store.mark_suggested(session, feedback_id, made):
            raise NotFound("Another organizer made that answer a suggestion just now.")
    return Reply(
        text=f"Posted as suggestion #{made}, in your name: members can vote for it in /topics."
    )
