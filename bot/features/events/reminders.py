"""Rendering queued reminders and announcements at send time, in each reader's zone.

A reminder for an event that was changed (older revision), cancelled or no longer has that
occurrence renders as None: the worker then skips it instead of sending stale news.
"""

from __future__ import annotations

from datetime import datetime

from bot.deps import Deps
from bot.features.events import feed, sessions
from bot.features.events.payload import EventPayload
from bot.features.events.plan import ANNOUNCEMENT, REMINDER
from bot.features.events.render import (
    card,
    card_title,
    join_button,
    member_buttons,
    offset_words,
    title_of,
    until_words,
)
from bot.features.events.router import router
from bot.i18n import N_, _
from bot.model import Account, Reply
from storage import events as store
from storage import members
from storage.models.deliveries import Delivery
from storage.models.events import SCHEDULED, Event

LATE_NOTE = N_("(Sent late: the bot was offline when this reminder was due.)")


async def _current(delivery: Delivery, deps: Deps) -> tuple[Event, EventPayload] | None:
    payload = EventPayload.decode(delivery.payload)
    async with deps.db.read() as session:
        event = await store.get(session, payload.event_id)
    if event is None or event.status != SCHEDULED or event.revision != payload.revision:
        return None
    return event, payload


def _occurrence(event: Event, payload: EventPayload) -> datetime | None:
    start = payload.occurrence
    return start if start is not None and sessions.is_session(event, start) else None


@router.renderer(REMINDER)
async def render_reminder(delivery: Delivery, deps: Deps) -> Reply | None:
    found = await _current(delivery, deps)
    if found is None:
        return None
    event, payload = found
    start = _occurrence(event, payload)
    if start is None:
        return None
    async with deps.db.read() as session:
        chosen = await members.zone(session, Account(delivery.platform, delivery.target_id))
    zone = chosen or deps.settings.bot.timezone
    left = until_words(start - deps.clock.now())
    note = _(LATE_NOTE) + " " if delivery.late else ""
    text = note + _("Reminder: {title} starts in {time}.").format(title=title_of(event), time=left)
    footer = _("You asked to be reminded {time} before.").format(
        time=offset_words(str(payload.offset))
    )
    # a member who chose a zone sees that zone; otherwise the platform's own (Discord's)
    section = card(
        event, start, zone, buttons=join_button(event), footer=footer, stamp=chosen is None
    )
    return Reply(text=text, sections=(section,), private=False)


@router.renderer(ANNOUNCEMENT)
async def render_announcement(delivery: Delivery, deps: Deps) -> Reply | None:
    found = await _current(delivery, deps)
    if found is None:
        return None
    event, payload = found
    what = payload.what
    if payload.occurrence is not None:
        start = _occurrence(event, payload)
        if start is None:
            return None
    else:
        start = sessions.next_start(event, after=deps.clock.now())
        if start is None:
            return None
    title = both_titles(event)
    if what == "reminder":
        left = until_words(start - deps.clock.now())
        text = _("Coming up in {time}: {title}").format(time=left, title=title)
    elif what == "changed":
        text = _("Updated: {title} (please check the new details)").format(title=title)
    else:
        # "New webinar: …", never twice
        text = _("New {event}").format(event=_lower_first(card_title(event)))
        if event.title_es and title != title_of(event):
            text += f" / {_other_title(event)}"
    buttons = member_buttons(event, feed.base_url(deps.settings.http.public_url), start)
    section = card(event, start, event.zone, buttons=buttons)
    return Reply(text=text, sections=(section,), private=False)


def both_titles(event: Event) -> str:
    """A channel post's title: in [bot] language, and the other one too when both are given."""
    if not event.title_es or event.title_es == event.title:
        return title_of(event)
    return f"{title_of(event)} / {_other_title(event)}"


def _other_title(event: Event) -> str:
    return event.title if title_of(event) == event.title_es else event.title_es


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
