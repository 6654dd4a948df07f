"""A member's personal calendar feed: the sessions they said Going or Maybe to, with alarms.

The link is ``<public_url>/calendar/person/<token>.<signature>.ics``: the token is the
person's own (kept in event_feed_tokens, reset on request, deleted by /privacy) and the
signature an HMAC-SHA256 of it with the calendar feed secret (COLLAB_BOT_CALENDAR_SECRET,
feed.py), so a link can be neither guessed nor made without the server's secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timedelta

from bot.features.events import feed, ics, plan, sessions
from bot.features.events.render import offsets_of
from storage import events as store
from storage import rsvps
from storage.engine import Database
from storage.models.events import Event
from storage.models.rsvps import Rsvp

PATH = "/calendar/person"
PAST = timedelta(days=30)
AHEAD = timedelta(days=400)


def _sign(secret: str, token: str) -> str:
    digest = hmac.new(secret.encode(), token.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:16]).rstrip(b"=").decode()


def link(public_url: str, token: str) -> str:
    """The member's feed link ('' when the server has no public address or feed secret)."""
    found = feed.secrets()
    if not public_url or not found:
        return ""
    return f"{public_url.rstrip('/')}{PATH}/{token}.{_sign(found[0], token)}.ics"


def token_of(name: str) -> str | None:
    """The token a link's last part (``<token>.<signature>``) carries, if its signature is
    one the server made (any accepted secret, so rotating the secret keeps links working)."""
    token, _, signature = name[:200].partition(".")
    if not token or not signature:
        return None
    for secret in feed.secrets():
        if hmac.compare_digest(signature.encode(), _sign(secret, token).encode()):
            return token
    return None


def attending(event: Event, answers: list[Rsvp], now: datetime) -> list[datetime]:
    """The sessions of `event` (from a month ago on) that the answers say Going or Maybe to."""
    found = []
    for start in sessions.starts(event, after=now - PAST, before=now + AHEAD):
        held = rsvps.effective(answers, start)
        if held is not None and held.answer in rsvps.ATTENDING:
            found.append(start)
    return found


async def render(
    db: Database, token: str, default_offsets: list[str], name: str, now: datetime
) -> bytes | None:
    """The person's feed, or None for a token that is not (or no longer) anyone's."""
    async with db.read() as session:
        person = await rsvps.person_of_token(session, token)
        if person is None:
            return None
        given = await rsvps.mine(session, person)
        subs = {sub.event_id: sub for sub, _ in await store.subscriptions_of(session, *person)}
    calendar = ics.new_calendar(f"{name}: my events")
    for event, answers in _grouped(given):
        sub = subs.get(event.id or 0)
        offsets = (
            plan.member_offsets(event, sub, default_offsets)
            if sub
            else offsets_of(event, default_offsets)
        )
        for start in attending(event, answers, now):
            uid = f"{event.uid}-{rsvps.stamp(start)}"
            calendar.add_component(ics.session_vevent(event, offsets, start, uid))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def _grouped(given: list[tuple[Rsvp, Event]]) -> list[tuple[Event, list[Rsvp]]]:
    found: dict[int, tuple[Event, list[Rsvp]]] = {}
    for row, event in given:
        found.setdefault(row.event_id, (event, []))[1].append(row)
    return list(found.values())
