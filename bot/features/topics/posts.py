"""A suggestion's public post: it shows the live vote count and, once decided, the status
and the reason, and is edited in place after each vote and decision on every platform.

The post and its edits render at send time from the database, so whatever the queue's
timing, what goes out is the latest state. Edits are coalesced: every change within one
`EDIT_WINDOW` maps to one queued edit (its key names the window), due when the window ends.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.queue import schedule, schedule_edit
from bot.deps import Deps
from bot.features.topics import views
from bot.features.topics.linked import pointed
from bot.i18n import N_, _
from bot.model import Reply, Section, Text, plain
from bot.router import Router
from storage import refs
from storage import topics as store
from storage.models.deliveries import Delivery
from storage.models.topics import HIDDEN, OPEN, VOTABLE, Suggestion

router = Router("topics.posts")
KIND = "topics.post"
# The edit of a post whose suggestion /privacy deleted: no title, no name, no button.
GONE = "topics.gone"
GONE_TEXT = N_("A topic suggestion was here; its author deleted it.")
EDIT_WINDOW = timedelta(seconds=5)


def post_reply(s: Suggestion, votes: int, named: Text | None = None) -> Reply:
    """The public post as it stands: no author for anonymous ones, a vote button while open;
    nothing of a hidden one but its number."""
    if s.status == HIDDEN:
        text = _("Topic suggestion {number}: hidden by organizers.").format(number=views.number(s))
        return Reply(text=text, sections=(Section(text=plain(text)),), private=False)
    buttons = (views.vote_button(s, votes, None),) if s.status in VOTABLE else ()
    status = "" if s.status == OPEN else f" ({views.status_word(s.status)})"
    text = _("Topic suggestion {headline}{status}: {votes}").format(
        headline=views.headline(s), status=status, votes=views.votes_text(votes)
    )
    card = views.card(s, votes, buttons=buttons, named=named)
    return Reply(text=text[:2000], sections=(card,), private=False)


async def announce(session: AsyncSession, deps: Deps, s: Suggestion) -> None:
    """Queue the post to every `suggestions` channel."""
    assert s.id is not None
    for place in deps.settings.places("suggestions", deps.platforms):
        await schedule(
            session,
            key=refs.topic_post(s.id, place.platform, place.channel_id),
            kind=KIND,
            target=place,
            due_at=deps.clock.now(),
            now=deps.clock.now(),
            ref=refs.topic(s.id),
            payload=json.dumps({"s": s.id}),
        )


def _window(now: datetime) -> tuple[int, datetime]:
    seconds = EDIT_WINDOW.total_seconds()
    number = int(now.timestamp() // seconds)
    return number, datetime.fromtimestamp((number + 1) * seconds, UTC)


async def refresh(session: AsyncSession, deps: Deps, sid: int) -> int:
    """Queue an edit of each of the suggestion's posts (one per post per window)."""
    now = deps.clock.now()
    number, due = _window(now)
    queued = 0
    for post in await store.channel_posts(session, sid):
        assert post.id is not None
        queued += await schedule_edit(
            session,
            key=refs.topic_edit(post.id, number),
            kind=KIND,
            post=post,
            due_at=due,
            now=now,
            ref=refs.topic(sid),
            payload=json.dumps({"s": sid}),
        )
    return queued


@router.renderer(KIND)
async def render_post(delivery: Delivery, deps: Deps) -> Reply | None:
    sid = int(json.loads(delivery.payload)["s"])
    async with deps.db.read() as session:
        s = await store.get(session, sid)
        if s is None:
            return None  # deleted (its author asked /privacy to forget them)
        votes = await store.vote_count(session, sid)
        # A channel has no one reader: its event's time is in the collaborative's zone.
        found = await pointed(session, deps, s, "", "")
    return post_reply(s, votes, found.text if found else None)


async def mark_gone(session: AsyncSession, deps: Deps, sid: int) -> int:
    """Queue an edit of each post of a deleted suggestion to say only that it was deleted."""
    now = deps.clock.now()
    queued = 0
    for post in await store.channel_posts(session, sid):
        queued += await schedule_edit(
            session,
            key=f"topics.gone:{post.id}",
            kind=GONE,
            post=post,
            due_at=now,
            now=now,
            ref=f"topic-gone:{sid}",
        )
    return queued


@router.renderer(GONE)
async def render_gone(delivery: Delivery, deps: Deps) -> Reply:
    text = _(GONE_TEXT)
    return Reply(text=text, sections=(Section(text=plain(text)),), private=False)
