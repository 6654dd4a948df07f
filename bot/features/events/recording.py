"""/events recording: a session's recording becomes a library item, and who wanted it hears.

Everyone who said Going, Maybe or Send me the recording gets one DM with the link (keyed by
event, session and member, so adding it again messages no one); the suggestions planned for
the event are covered by the new item and their followers get the topics feature's covered
notice, which carries it. Adding it again changes the link only.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.queue import schedule
from bot.deps import Deps
from bot.errors import BadInput, NotFound
from bot.features.events import sessions
from bot.features.events.lookup import event_number
from bot.features.events.payload import EventPayload
from bot.features.events.render import title_of, when_of
from bot.features.events.router import router
from bot.features.members import api as people
from bot.features.resources import api as library
from bot.features.topics import api as topics
from bot.i18n import _
from bot.limits import cut
from bot.model import Button, Command, Reply, Section, Span, link
from bot.params import Param, Params
from bot.words import counted
from storage import after as store
from storage import events as events_store
from storage import refs, rsvps
from storage.models.deliveries import Delivery
from storage.models.events import DRAFT, SCHEDULED, Event

RECORDING = "events.recording"
TOLD = (rsvps.GOING, rsvps.MAYBE, rsvps.RECORDING)
LOOK_BACK = timedelta(days=400)  # how far back a series' latest session is looked for


def _usage() -> str:
    """The command's example, for organizers (who read English)."""
    return "/events recording 12 https://example.org/recording"


async def _event(deps: Deps, event_id: int) -> Event:
    async with deps.db.read() as session:
        event = await events_store.get(session, event_id)
    if event is None or event.status == DRAFT:
        raise NotFound(f"There is no event #{event_id}. /events lists them.")
    if event.status != SCHEDULED:
        raise BadInput(f"{event.title} (#{event_id}) was cancelled: it has no recording.")
    return event


def latest_session(event: Event, now: datetime) -> datetime:
    """The session that started last: a recording is of one that took place."""
    if not event.rrule:
        started = [event.starts_at] if event.starts_at <= now else []
    else:
        started = sessions.starts(event, after=now - LOOK_BACK, before=now)
    if not started:
        raise BadInput(
            f"{event.title} (#{event.id}) has not taken place yet: add its recording after "
            "the session."
        )
    return started[-1]


@router.command(
    "events recording",
    "Add a session's recording: a library item, DMed to who said Going, Maybe or asked for it",
    params=(
        Param("event", "The event number", required=True),
        Param("url", "The recording's web link (https://...)", required=True),
        Param("about", "What the recording covers (for the library)", inline=True),
    ),
    organizer_only=True,
    examples=(_usage(), '/events recording 12 https://example.org/r about:"Slides at the end"'),
)
async def add_recording(cmd: Command, params: Params, deps: Deps) -> Reply:
    event = await _event(deps, event_number(params.text("event")))
    assert event.id is not None
    now = deps.clock.now()
    start = latest_session(event, now)
    url = params.text("url").strip()
    about = " ".join(params.text("about").split()) or cut(" ".join(event.description.split()), 400)
    async with deps.db.session() as session:
        before = await store.recording(session, event.id, start)
        planned = await topics.planned_titles(session, event.id)
        try:
            resource_id = await library.keep_recording(
                session,
                resource_id=before.resource_id if before else None,
                url=url,
                title=_session_title(event, start),
                topics=[event.series, *planned],
                description=about,
                added_by=cmd.actor.key,
                now=now,
            )
        except library.RowError as error:
            what = (
                "The recording's link" if error.field == "url" else f"The recording's {error.field}"
            )
            raise BadInput(f"{what}: {error.reason}. E.g. {_usage()}") from None
        _row, fresh = await store.save_recording(
            session, event.id, start, url, resource_id, cmd.actor.key, now
        )
        if not fresh:
            return Reply(
                text=f"Changed the link of {event.title}'s recording to {url} (library item "
                f"#{resource_id}). No one is messaged again."
            )
        told = await _tell(session, deps, event, start)
        covered, followers = await topics.event_recorded(
            session, deps, event.id, resource_id, cmd.actor
        )
    return Reply(text=_added_text(event, resource_id, told, covered, followers))


def _session_title(event: Event, start: datetime) -> str:
    """The event's title; a series' session is named by its date in the event's zone."""
    if not event.rrule:
        return event.title
    return f"{event.title}, {start.astimezone(ZoneInfo(event.zone)):%b %-d %Y}"


def _added_text(event: Event, resource_id: int, told: int, covered: int, followers: int) -> str:
    text = (
        f"Added the recording of {event.title} to the library as #{resource_id} (webinar "
        f"recording): {counted(told, 'member')} who said Going, Maybe or asked for it "
        f"{'are' if told != 1 else 'is'} sent the link."
    )
    if covered:
        text += (
            f" {counted(covered, 'planned suggestion')} marked covered by it; "
            f"{counted(followers, 'follower')} told."
        )
    return text


async def _tell(session: AsyncSession, deps: Deps, event: Event, start: datetime) -> int:
    assert event.id is not None
    told = 0
    now = deps.clock.now()
    for account in await rsvps.people_answering(session, event.id, start, TOLD):
        told += await schedule(
            session,
            key=refs.event_recording(event.id, refs.session_stamp(start), account),
            kind=RECORDING,
            target=await people.dm_target(session, *account),
            due_at=now,
            now=now,
            ref=refs.event_after(event.id),
            payload=EventPayload(event.id, event.revision, start).encode(),
        )
    return told


@router.renderer(RECORDING)
async def render_recording(delivery: Delivery, deps: Deps) -> Reply | None:
    """The recording's link as it is when the DM goes out."""
    payload = EventPayload.decode(delivery.payload)
    start = payload.occurrence
    if start is None:
        return None
    async with deps.db.read() as session:
        event = await events_store.get(session, payload.event_id)
        found = await store.recording(session, payload.event_id, start)
    if event is None or found is None:
        return None
    # Rendered for its reader by the delivery worker, so in their language.
    shown = when_of(event, start, event.zone)
    title = title_of(event)
    text = _("The recording of {title} is ready: {url}").format(title=title, url=found.url)
    section = Section(
        title=_("Recording: {title}").format(title=title)[:150],
        text=(
            link(title, found.url),
            Span(" " + _("({when}) is in the library now.").format(when=shown)),
        ),
        buttons=(Button(_("Watch the recording"), url=found.url),),
        footer=_("You said Going or Maybe, or asked for the recording."),
    )
    return Reply(text=text, sections=(section,))
