"""How events read: times in the reader's zone with the zone named, and the event card."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

from bot.actions import Action
from bot.durations import humanize, parse_duration
from bot.features.events import recurrence
from bot.model import Button, Field, Section, Span, Text, link, plain
from storage.models.events import Event

KIND_LABELS = {
    "webinar": "Webinar",
    "workshop": "Workshop",
    "workshop session": "Workshop session",
    "summit": "Summit",
    "festival": "Festival",
    "office hours": "Office hours",
    "other": "Event",
}


def clock(local: datetime) -> str:
    return local.strftime("%I:%M %p").lstrip("0")


def when(start: datetime, end: datetime, zone: str, *, all_day: bool = False) -> str:
    """``Tue, Mar 17 2026, 1:00 PM – 2:00 PM CDT (America/Chicago)``, or whole days."""
    if all_day:
        return days(start, end, zone)
    tz = ZoneInfo(zone)
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    day = local_start.strftime("%a, %b %d %Y").replace(" 0", " ")
    if local_end.date() == local_start.date():
        until = clock(local_end)
    else:
        until = local_end.strftime("%a, %b %d ").replace(" 0", " ") + clock(local_end)
    return f"{day}, {clock(local_start)} – {until} {local_start.tzname()} ({zone})"


def days(start: datetime, end: datetime, zone: str) -> str:
    """``Thu, Mar 12 (all day)`` or ``Thu, Mar 12 – Sat, Mar 14 (all day)``: dates, no clock."""
    tz = ZoneInfo(zone)
    first = start.astimezone(tz).date()
    last = max(first, (end.astimezone(tz) - timedelta(seconds=1)).date())  # the end is exclusive
    shown = f"{first:%a, %b} {first.day}"
    if last != first:
        shown += f" – {last:%a, %b} {last.day}"
    return f"{shown} (all day)"


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
    return (Span(location + " "), link("(map)", url))


def offsets_of(event: Event, defaults: list[str]) -> list[str]:
    """The reminder offsets an event offers: its own, or the configured defaults."""
    own = [o for o in event.reminder_offsets.split(",") if o]
    return own or list(defaults)


def offset_words(offset: str) -> str:
    return humanize(parse_duration(offset))


def offsets_phrase(offsets: list[str]) -> str:
    words = [offset_words(o) for o in offsets]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def until_words(delta: timedelta) -> str:
    minutes = max(1, round(delta.total_seconds() / 60))
    if minutes < 120:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = round(minutes / 60)
    if hours % 24 and hours < 48:
        return f"{hours} hours"
    days = round(hours / 24)
    return f"{days} day{'s' if days != 1 else ''}"


def links(event: Event) -> Text:
    spans: list[Span] = []
    if event.join_url:
        spans.append(link("Join link", event.join_url))
    if event.registration_url:
        spans += [Span(" · ")] if spans else []
        spans.append(link("Register", event.registration_url))
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
    fields = [Field.of("When", Span(shown, at=start, until=end) if stamped else shown)]
    if event.location:
        fields.append(Field("Where", where(event.location)))
    repeats = recurrence.describe(
        event.rrule, event.starts_at.astimezone(ZoneInfo(event.zone)), all_day=event.all_day
    )
    if repeats:
        fields.append(
            Field.of("Repeats", repeats if event.all_day else f"{repeats} ({event.zone})")
        )
    if event.series:
        fields.append(Field.of("Series", event.series))
    body = plain(event.description[:600]) + ((Span("\n"),) if event.description else ())
    return Section(
        title=card_title(event),
        text=body + links(event),
        fields=tuple(fields),
        buttons=buttons,
        footer=footer or f"Event #{event.id}",
    )


def card_title(event: Event) -> str:
    """ "Webinar: Medicaid basics"; a title that already starts with its kind keeps its own
    words ("Webinar: Medicaid basics" typed as the title is not "Webinar: Webinar: …")."""
    label = KIND_LABELS.get(event.kind, "Event")
    if event.title.lower().startswith(label.lower()):
        return event.title
    return f"{label}: {event.title}"


def join_button(event: Event) -> tuple[Button, ...]:
    return (Button("Join link", url=event.join_url),) if event.join_url else ()


RSVP = "events.rsvp"
ANSWER_LABELS = {"going": "Going", "maybe": "Maybe", "cant": "Can't make it"}
# What a member's answer reads as in a footer ("You said Can't make it").
ANSWER_WORDS = {**ANSWER_LABELS, "recording": "Can't make it (send me the recording)"}


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
            label,
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
        Button("Add to calendar", url=f"{feed_base}/{event.id}.ics")
        if feed_base
        else Button("Add to calendar", Action("events.ics", (str(event.id),)))
    )
    return (*rsvp_buttons(event, start, current), calendar, *join_button(event))
