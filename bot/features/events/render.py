"""How events read: times in the reader's zone with the zone named, and the event card."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton, format_time

from bot.actions import Action
from bot.durations import parse_duration
from bot.features.events import recurrence
from bot.i18n import N_, _, language, ngettext, speaking
from bot.i18n.dates import weekday_date
from bot.model import Button, Field, Section, Span, Text, link, plain
from storage.models.events import Event

KIND_LABELS = {
    "webinar": N_("Webinar"),
    "workshop": N_("Workshop"),
    "workshop session": N_("Workshop session"),
    "summit": N_("Summit"),
    "festival": N_("Festival"),
    "office hours": N_("Office hours"),
    "other": N_("Event"),
}


def clock(local: datetime) -> str:
    """``1:00 PM`` in English, ``13:00`` in es-ES, ``1:00 p.m.`` in es-419 (Babel's)."""
    # CLDR's narrow no-break space before AM/PM reads the same as a plain one, which people type.
    return format_time(local, "short", locale=speaking().locale).replace("\u202f", " ")


def _date_line(local: datetime) -> str:
    """``Tue, Mar 17 2026`` in English (as always written here), Babel's elsewhere."""
    if language() == "en":
        return local.strftime("%a, %b %d %Y").replace(" 0", " ")
    return format_skeleton("yMMMEd", local, locale=speaking().locale)


def _short_day(local: datetime) -> str:
    """``Wed, Mar 18`` (a session ending on another day than it starts)."""
    return weekday_date(local.date())


def weekday(local: datetime) -> str:
    """``Tue`` (``mar``): the day it is now somewhere."""
    return format_skeleton("E", local, locale=speaking().locale)


def title_of(event: Event) -> str:
    """The event's title in the reader's language: its Spanish one when given."""
    if language() == "es" and event.title_es:
        return event.title_es
    return event.title


def about_of(event: Event) -> str:
    """The event's description in the reader's language: its Spanish one when given."""
    if language() == "es" and event.description_es:
        return event.description_es
    return event.description


def when(start: datetime, end: datetime, zone: str, *, all_day: bool = False) -> str:
    """``Tue, Mar 17 2026, 1:00 PM – 2:00 PM CDT (America/Chicago)``, or whole days."""
    if all_day:
        return days(start, end, zone)
    tz = ZoneInfo(zone)
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    day = _date_line(local_start)
    if local_end.date() == local_start.date():
        until = clock(local_end)
    else:
        until = f"{_short_day(local_end)} {clock(local_end)}"
    return f"{day}, {clock(local_start)} – {until} {local_start.tzname()} ({zone})"


def days(start: datetime, end: datetime, zone: str) -> str:
    """``Thu, Mar 12 (all day)`` or ``Thu, Mar 12 – Sat, Mar 14 (all day)``: dates, no clock."""
    tz = ZoneInfo(zone)
    first = start.astimezone(tz).date()
    last = max(first, (end.astimezone(tz) - timedelta(seconds=1)).date())  # the end is exclusive
    shown = weekday_date(first)
    if last != first:
        shown += f" – {weekday_date(last)}"
    return _("{days} (all day)").format(days=shown)


def when_of(event: Event, start: datetime, zone: str) -> str:
    """One session of `event` as a reader in `zone` sees it; all-day dates are the event's."""
    end = start + (event.ends_at - event.starts_at)
    if event.all_day:
        return days(start, end, event.zone)
    return when(start, end, zone)


def map_url(location: str) -> str:
    """An OpenStreetMap search for a street address ("1440 Canal St, New Orleans"), else ''."""
    if location.startswith(("https://", "http://")):
        return location
    has_number = any(c.isdigit() for c in location)
    if not (has_number or "," in location) or not any(c.isalpha() for c in location):
        return ""
    return "https://www.openstreetmap.org/search?query=" + quote_plus(location)


def where(location: str) -> Text:
    url = map_url(location)
    if not url:
        return plain(location)
    if url == location:
        return (link(location, url),)
    return (Span(location + " "), link(_("(map)"), url))


def offsets_of(event: Event, defaults: list[str]) -> list[str]:
    """The reminder offsets an event offers: its own, or the configured defaults."""
    own = [o for o in event.reminder_offsets.split(",") if o]
    return own or list(defaults)


def _count_words(unit: str, n: int) -> str:
    if unit == "week":
        return ngettext("{n} week", "{n} weeks", n).format(n=n)
    if unit == "day":
        return ngettext("{n} day", "{n} days", n).format(n=n)
    if unit == "hour":
        return ngettext("{n} hour", "{n} hours", n).format(n=n)
    return ngettext("{n} minute", "{n} minutes", n).format(n=n)


def offset_words(offset: str) -> str:
    """``1 day``, ``2 hours``, ``30 minutes`` (``1 día``…): a reminder's time before."""
    seconds = int(parse_duration(offset).total_seconds())
    for unit, size in (("week", 604800), ("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            return _count_words(unit, seconds // size)
    return offset


def and_list(words: list[str]) -> str:
    """``a, b and c`` (``a, b y c``)."""
    if len(words) <= 1:
        return "".join(words)
    return _("{items} and {last}").format(items=", ".join(words[:-1]), last=words[-1])


def offsets_phrase(offsets: list[str]) -> str:
    return and_list([offset_words(o) for o in offsets])


def until_words(delta: timedelta) -> str:
    minutes = max(1, round(delta.total_seconds() / 60))
    if minutes < 120:
        return _count_words("minute", minutes)
    hours = round(minutes / 60)
    if hours % 24 and hours < 48:
        return _count_words("hour", hours)
    return _count_words("day", round(hours / 24))


def links(event: Event) -> Text:
    spans: list[Span] = []
    if event.join_url:
        spans.append(link(_("Join link"), event.join_url))
    if event.registration_url:
        spans += [Span(" · ")] if spans else []
        spans.append(link(_("Register"), event.registration_url))
    return tuple(spans)


def card(
    event: Event,
    start: datetime,
    zone: str,
    *,
    buttons: tuple[Button, ...] = (),
    footer: str | None = None,
    stamp: bool = True,
) -> Section:
    """One event as a section, its time shown in `zone`; with `stamp`, platforms that can
    show it in each viewer's own zone (Discord) do, with "in 3 days"."""
    assert event.id is not None or footer is not None  # a preview has no number yet
    end = start + (event.ends_at - event.starts_at)
    shown = when_of(event, start, zone)
    # An all-day event is a date, the same everywhere: no viewer-zone timestamp for it.
    stamped = stamp and not event.all_day
    fields = [Field.of(_("When"), Span(shown, at=start, until=end) if stamped else shown)]
    if event.location:
        fields.append(Field(_("Where"), where(event.location)))
    repeats = recurrence.describe(
        event.rrule, event.starts_at.astimezone(ZoneInfo(event.zone)), all_day=event.all_day
    )
    if repeats:
        fields.append(
            Field.of(_("Repeats"), repeats if event.all_day else f"{repeats} ({event.zone})")
        )
    if event.series:
        fields.append(Field.of(_("Series"), event.series))
    about = about_of(event)
    body = plain(about[:600]) + ((Span("\n"),) if about else ())
    return Section(
        title=card_title(event),
        text=body + links(event),
        fields=tuple(fields),
        buttons=buttons,
        footer=footer or _("Event #{number}").format(number=event.id),
    )


def card_title(event: Event) -> str:
    """ "Webinar: Medicaid basics"; a title that already starts with its kind keeps its own
    words ("Webinar: Medicaid basics" typed as the title is not "Webinar: Webinar: …")."""
    label = _(KIND_LABELS.get(event.kind, KIND_LABELS["other"]))
    title = title_of(event)
    if title.lower().startswith(label.lower()):
        return title
    return _("{kind}: {title}").format(kind=label, title=title)


def join_button(event: Event) -> tuple[Button, ...]:
    return (Button(_("Join link"), url=event.join_url),) if event.join_url else ()


RSVP = "events.rsvp"
ANSWER_LABELS = {"going": N_("Going"), "maybe": N_("Maybe"), "cant": N_("Can't make it")}
# What a member's answer reads as in a footer ("You said Can't make it").
ANSWER_WORDS = {**ANSWER_LABELS, "recording": N_("Can't make it (send me the recording)")}


def answer_words(said: str) -> str:
    """A member's answer as a footer says it, in the reader's language."""
    return _(ANSWER_WORDS[said])


def rsvp_buttons(
    event: Event, start: datetime | None = None, current: str | None = None
) -> tuple[Button, ...]:
    """Going, Maybe, Can't make it for the session at `start` (None: the next one, found
    when pressed); the member's `current` answer is highlighted."""
    assert event.id is not None
    when = start.astimezone(UTC).strftime("%Y%m%dT%H%MZ") if start else ""
    shown = "cant" if current == "recording" else current
    return tuple(
        Button(
            _(label),
            Action(RSVP, (str(event.id), answer, when)),
            style="primary" if answer == (shown or "going") else "default",
        )
        for answer, label in ANSWER_LABELS.items()
    )


def member_buttons(
    event: Event, feed_base: str, start: datetime | None = None, current: str | None = None
) -> tuple[Button, ...]:
    """`feed_base` is feed.base_url(...): a link to the event's .ics there, or a file in chat."""
    assert event.id is not None
    calendar = (
        Button(_("Add to calendar"), url=f"{feed_base}/{event.id}.ics")
        if feed_base
        else Button(_("Add to calendar"), Action("events.ics", (str(event.id),)))
    )
    return (*rsvp_buttons(event, start, current), calendar, *join_button(event))
