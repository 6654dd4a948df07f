"""/events mine: the sessions a member answered, and their personal calendar feed link."""

from __future__ import annotations

from datetime import datetime

from bot.actions import Action
from bot.deps import Deps
from bot.features.events import personal_feed, sessions
from bot.features.events.members import reader_zone
from bot.features.events.render import answer_words, card_title, rsvp_buttons, when_of
from bot.features.events.router import router
from bot.i18n import N_, _, ngettext
from bot.member_limits import REMINDER
from bot.model import Button, ButtonPress, Command, Reply, Section, link, plain
from bot.params import Params
from storage import rsvps
from storage.models.events import Event
from storage.models.rsvps import SERIES, Rsvp

LISTED = 8
RESET = "events.feed.reset"
NO_FEED = N_(
    "A personal calendar link needs the bot's public web address and calendar secret; "
    "an organizer can set them up (docs/events.md)."
)


@router.command(
    "events mine",
    "The sessions you answered, and your personal calendar link",
    examples=("/events mine",),
)
async def my_events(cmd: Command, params: Params, deps: Deps) -> Reply:
    actor = cmd.actor
    now = deps.clock.now()
    async with deps.db.session() as session:
        given = await rsvps.mine(session, actor.member)
        token = await rsvps.feed_token(session, actor.member, now)
    zone, _chosen = await reader_zone(deps, actor)
    listed = [found for row, event in given if (found := _shown(row, event, now)) is not None]
    sections = [
        _section(event, row, start, zone) for row, event, start in sorted(listed, key=_soonest)
    ][:LISTED]
    sections.append(_feed_section(deps, token))
    if len(sections) == 1:
        text = _(
            "You have not answered any event yet. /events lists them: "
            "press Going, Maybe or Can't make it."
        )
    else:
        n = len(sections) - 1
        text = ngettext(
            "Your answer ({n}), soonest first.", "Your answers ({n}), soonest first.", n
        ).format(n=n)
    return Reply(text=text, sections=tuple(sections))


def _soonest(found: tuple[Rsvp, Event, datetime]) -> datetime:
    return found[2]


def _shown(row: Rsvp, event: Event, now: datetime) -> tuple[Rsvp, Event, datetime] | None:
    """The session an answer is about (a series answer: the next session), if still to come."""
    if row.session == SERIES:
        start = sessions.next_start(event, after=now)
    else:
        start = rsvps.unstamp(row.session)
        if start is not None and not sessions.is_session(event, start):
            start = None
    return (row, event, start) if start is not None and start > now else None


def _section(event: Event, row: Rsvp, start: datetime, zone: str) -> Section:
    which = ""
    if event.rrule:
        which = " · " + (_("every session") if row.session == SERIES else _("this session"))
    text = f"{answer_words(row.answer)}{which}\n{when_of(event, start, zone)}"
    return Section(
        title=card_title(event),
        text=plain(text),
        buttons=rsvp_buttons(event, start, row.answer),
        footer=_("Event #{number}").format(number=event.id),
    )


def _feed_section(deps: Deps, token: str) -> Section:
    url = personal_feed.link(deps.settings.http.public_url, token)
    if not url:
        return Section(text=plain(_(NO_FEED)))
    reset = Button(_("Reset my calendar link"), Action(RESET))
    text = (
        *plain(_("Your personal calendar, with the sessions you said Going or Maybe to:") + " "),
        link(_("subscribe to it"), url),
        *plain(" " + _("in Google, Outlook or Apple calendars. Keep the link to yourself.")),
    )
    return Section(text=text, buttons=(reset,))


@router.action(RESET)
async def reset_feed(press: ButtonPress, deps: Deps) -> Reply:
    deps.limits.take(REMINDER, press.actor.key, deps.clock.now())
    async with deps.db.session() as session:
        token = await rsvps.reset_feed_token(session, press.actor.member, deps.clock.now())
    url = personal_feed.link(deps.settings.http.public_url, token)
    if not url:
        return Reply(text=_(NO_FEED))
    text = _("Done: your old calendar link no longer works. Here is the new one:") + " "
    return Reply(
        text=text + url,
        sections=(Section(text=(*plain(text), link(_("your calendar"), url))),),
    )
