"""iCalendar in and out: our events with VALARMs matching their reminder offsets.

Export writes each event in its own zone (TZID plus a generated VTIMEZONE), the series rule,
a SEQUENCE that follows our revision, and X- properties for what RFC 5545 has no slot for
(registration link, series name). Import reads any reasonable calendar: floating and all-day
times are taken in the default zone; alarms before the start become reminder offsets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.durations import format_duration, parse_duration
from bot.features.events import recurrence, sessions, zones
from bot.features.events.render import about_of, offsets_of, title_of
from bot.i18n import _, language
from storage.models.events import CANCELLED, KINDS, SCHEDULED, Event

if TYPE_CHECKING:
    from icalendar import Event as VEvent

# icalendar is imported where used: it is slow to import and start-up time matters.
PRODID = "-//collab-bot//events//EN"
X_REGISTRATION = "X-COLLAB-REGISTRATION-URL"
X_SERIES = "X-COLLAB-SERIES"
# Alarms from the configured defaults, not the event's own: import keeps following the config.
X_DEFAULT_ALARMS = "X-COLLAB-DEFAULT-ALARMS"
JOIN_PREFIX = "Join: "
# All-day dates carry no zone; ours remember the organizer's, for reminders at local midnight.
X_ZONE = "X-COLLAB-ZONE"


class CalendarError(ValueError):
    """The file is not an iCalendar calendar we can read."""


def to_vevents(event: Event, default_offsets: list[str]) -> list[VEvent]:
    """The event, then one VEVENT (same UID, RECURRENCE-ID) per session moved."""
    master = _vevent(event, default_offsets, event.starts_at)
    if event.rrule:
        master.add("rrule", _recur(event.rrule))
    changed = sessions.overrides(event)
    skipped = [_value(event, original) for original, new in changed.items() if new is None]
    if skipped:
        master.add("exdate", skipped)
    found = [master]
    for original, new in sorted((k, v) for k, v in changed.items() if v is not None):
        moved = _vevent(event, default_offsets, new)
        moved.add("recurrence-id", _value(event, original))
        found.append(moved)
    return found


def _value(event: Event, moment: datetime) -> date | datetime:
    """A time in the event's own zone (TZID), or a bare date for all-day events."""
    local = moment.astimezone(ZoneInfo(event.zone))
    return local.date() if event.all_day else local


def description_of(event: Event) -> str:
    """The join link first (Google and Outlook show DESCRIPTION, not URL), then the text."""
    about = about_of(event)
    if not event.join_url:
        return about
    return f"{JOIN_PREFIX}{event.join_url}" + (f"\n\n{about}" if about else "")


def session_vevent(event: Event, offsets: list[str], start: datetime, uid: str) -> VEvent:
    """One session of `event` on its own (a personal feed lists sessions, not rules), with
    alarms at exactly `offsets`."""
    vevent = _vevent(event, offsets, start, with_alarms=False)
    vevent["uid"] = uid
    _add_alarms(vevent, event, offsets)
    return vevent


def _add_alarms(vevent: VEvent, event: Event, offsets: list[str]) -> None:
    from icalendar import Alarm

    for offset in offsets:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _("Reminder: {title}").format(title=title_of(event)))
        alarm.add("trigger", -parse_duration(offset))
        vevent.add_component(alarm)


def _vevent(
    event: Event, default_offsets: list[str], start: datetime, *, with_alarms: bool = True
) -> VEvent:
    from icalendar import Event as VEvent

    vevent = VEvent()
    vevent.add("uid", event.uid)
    # In the language the feed is written in ([bot] language): RFC 5545's LANGUAGE parameter.
    spoken = {"LANGUAGE": language()}
    vevent.add("summary", title_of(event), parameters=spoken)
    if description_of(event):
        vevent.add("description", description_of(event), parameters=spoken)
    vevent.add("dtstart", _value(event, start))
    vevent.add("dtend", _value(event, start + (event.ends_at - event.starts_at)))
    vevent.add("dtstamp", event.updated_at.astimezone(UTC))
    vevent.add("sequence", event.revision)
    vevent.add("status", "CANCELLED" if event.status == CANCELLED else "CONFIRMED")
    vevent.add("categories", [event.kind])
    if event.location or event.join_url:
        # Online events: the join link is the place (Google shows LOCATION as a link).
        vevent.add("location", event.location or event.join_url)
    if event.join_url:
        vevent.add("url", event.join_url)
    if event.registration_url:
        vevent.add(X_REGISTRATION, event.registration_url)
    if event.series:
        vevent.add(X_SERIES, event.series)
    if not event.reminder_offsets:
        vevent.add(X_DEFAULT_ALARMS, "TRUE")
    if event.all_day:
        vevent.add(X_ZONE, event.zone)
    if with_alarms:
        _add_alarms(vevent, event, offsets_of(event, default_offsets))
    return vevent


def _recur(rule: str) -> Any:
    from icalendar import vRecur

    return vRecur.from_ical(rule)


def new_calendar(name: str) -> Any:
    """An empty calendar with our headers, to add VEVENTs to."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def export(events: Sequence[Event], default_offsets: list[str], name: str = "Events") -> bytes:
    calendar = new_calendar(name)
    for event in events:
        for vevent in to_vevents(event, default_offsets):
            calendar.add_component(vevent)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


@dataclass(frozen=True)
class Imported:
    """One VEVENT, read into our terms."""

    uid: str
    title: str
    description: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    zone: str
    join_url: str
    registration_url: str
    series: str
    rrule: str
    offsets: tuple[str, ...]
    cancelled: bool
    all_day: bool = False
    location: str = ""
    overrides: str = ""

    def apply(self, event: Event) -> Event:
        event.title = self.title
        event.description = self.description
        event.kind = self.kind
        event.starts_at = self.starts_at
        event.ends_at = self.ends_at
        event.zone = self.zone
        event.join_url = self.join_url
        event.registration_url = self.registration_url
        event.series = self.series
        event.rrule = self.rrule
        event.reminder_offsets = ",".join(self.offsets)
        event.status = CANCELLED if self.cancelled else SCHEDULED
        event.all_day = self.all_day
        event.location = self.location
        event.overrides = self.overrides
        return event


def parse(data: bytes, default_zone: str) -> list[Imported]:
    """Every usable VEVENT in `data`; ones without a start or a UID are left out."""

    from icalendar import Calendar

    try:
        calendars = Calendar.from_ical(data, multiple=True)
    except (ValueError, IndexError, KeyError) as error:
        raise CalendarError(f"not an iCalendar file: {error}") from None
    found: dict[str, Imported] = {}
    changes = []
    for calendar in calendars:
        for component in calendar.walk("VEVENT"):
            if component.get("recurrence-id") is not None:
                changes.append(component)
                continue
            item = _read(component, default_zone)
            if item is not None:
                found[item.uid] = item
    for component in changes:
        _read_change(component, found, default_zone)
    return list(found.values())


def _read_change(component: Any, found: dict[str, Imported], default_zone: str) -> None:
    """A VEVENT with RECURRENCE-ID: one session of a series moved (or cancelled)."""
    master = found.get(_text(component, "uid", 255))
    start_prop = component.get("dtstart")
    if master is None or not master.rrule or start_prop is None:
        return
    try:
        original, _, _ = _moment(component.get("recurrence-id").dt, master.zone)
        new, _, _ = _moment(start_prop.dt, master.zone)
    except (CalendarError, ValueError, TypeError, AttributeError):
        return
    probe = master.apply(
        Event(title="", uid="", starts_at=new, ends_at=new, created_at=new, updated_at=new)
    )
    changed = sessions.overrides(probe)
    cancelled = _text(component, "status", 20).upper() == "CANCELLED"
    changed[original] = None if cancelled or new == original else new
    if not cancelled and new == original:
        del changed[original]  # the same session with other details: nothing moved
    sessions.set_overrides(probe, changed)
    found[master.uid] = replace(master, overrides=probe.overrides)


def _text(component: Any, name: str, limit: int) -> str:
    value = component.get(name)
    return " ".join(str(value).split())[:limit] if value is not None else ""


def _moment(value: Any, default_zone: str, tzid: str = "") -> tuple[datetime, str, bool]:
    """An aware UTC time, the zone it was written in, and whether it was a bare date."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            local = value.replace(tzinfo=ZoneInfo(default_zone))
            return local.astimezone(UTC), default_zone, False
        key = getattr(value.tzinfo, "key", None) or tzid
        # Outlook writes Windows names ("Eastern Standard Time"): the zone resolver reads them.
        named = zones.zone_word(key) if key else None
        zone = named or ("UTC" if value.utcoffset() == timedelta(0) else default_zone)
        return value.astimezone(UTC), zone, False
    if isinstance(value, date):
        local = datetime(value.year, value.month, value.day, tzinfo=ZoneInfo(default_zone))
        return local.astimezone(UTC), default_zone, True
    raise CalendarError("a start that is neither a date nor a time")


def _read(component: Any, default_zone: str) -> Imported | None:
    uid = _text(component, "uid", 255)
    start_prop = component.get("dtstart")
    if not uid or start_prop is None:
        return None
    own_zone = _text(component, X_ZONE, 64)
    if own_zone and own_zone in zones.zone_names():
        default_zone = own_zone
    try:
        tzid = str(start_prop.params.get("TZID", ""))[:64]
        starts_at, zone, all_day = _moment(start_prop.dt, default_zone, tzid)
        ends_at = _end(component, starts_at, default_zone, all_day)
    except (CalendarError, ValueError, TypeError, AttributeError):
        return None
    rule = ""
    if component.get("rrule") is not None:
        rule = component.get("rrule").to_ical().decode()[:500]
        if not recurrence.valid_rule(rule, starts_at, zone):
            rule = ""
    join, location, description = _places(component)
    skipped = _exdates(component, zone) if rule else {}
    probe = Event(
        title="",
        uid="",
        starts_at=starts_at,
        ends_at=ends_at,
        created_at=starts_at,
        updated_at=starts_at,
    )
    if skipped:
        sessions.set_overrides(probe, skipped)
    return Imported(
        uid=uid,
        title=_text(component, "summary", 200) or "(untitled event)",
        description=description,
        kind=_kind(component),
        starts_at=starts_at,
        ends_at=ends_at,
        zone=zone,
        join_url=join,
        registration_url=_url(_text(component, X_REGISTRATION, 500)),
        series=_text(component, X_SERIES, 200),
        rrule=rule,
        offsets=() if _text(component, X_DEFAULT_ALARMS, 5) == "TRUE" else _offsets(component),
        cancelled=_text(component, "status", 20).upper() == "CANCELLED",
        all_day=all_day,
        location=location,
        overrides=probe.overrides,
    )


def _places(component: Any) -> tuple[str, str, str]:
    """The join link, the place, and the description without our "Join:" first line."""
    join = _url(_text(component, "url", 500))
    where = _text(component, "location", 500)
    if _url(where):
        join, where = join or where, "" if not join or where == join else where
    description = str(component.get("description", ""))[:4000]
    first, _, rest = description.partition("\n")
    if join and first.strip() == f"{JOIN_PREFIX}{join}":
        description = rest.lstrip("\n")
    return join, where, description


def _exdates(component: Any, zone: str) -> dict[datetime, datetime | None]:
    found: dict[datetime, datetime | None] = {}
    values = component.get("exdate")
    for item in values if isinstance(values, list) else [values] if values is not None else []:
        for value in getattr(item, "dts", []):
            try:
                found[_moment(value.dt, zone)[0]] = None
            except (CalendarError, ValueError, TypeError):
                continue
    return found


def _end(component: Any, start: datetime, default_zone: str, all_day: bool) -> datetime:
    end_prop = component.get("dtend")
    if end_prop is not None:
        end, _, _ = _moment(end_prop.dt, default_zone)
    elif component.get("duration") is not None:
        end = start + component.get("duration").dt
    else:
        end = start + (timedelta(days=1) if all_day else timedelta(hours=1))
    # Some calendars write DTEND == DTSTART for all-day events; we need a real span.
    return end if end > start else start + (timedelta(days=1) if all_day else timedelta(hours=1))


def _kind(component: Any) -> str:
    categories = component.get("categories")
    items = categories if isinstance(categories, list) else [categories] if categories else []
    for item in items:
        for category in getattr(item, "cats", []):
            if str(category).lower() in KINDS:
                return str(category).lower()
    return guess_kind(_text(component, "summary", 200))


def guess_kind(title: str) -> str:
    lowered = title.lower()
    for kind in ("workshop session", "office hours", "webinar", "workshop", "summit", "festival"):
        if kind in lowered:
            return kind
    return "other"


def _url(text: str) -> str:
    return text if text.startswith(("https://", "http://")) and " " not in text else ""


def _offsets(component: Any) -> tuple[str, ...]:
    found: list[str] = []
    for alarm in component.walk("VALARM"):
        trigger = alarm.get("trigger")
        delta = getattr(trigger, "dt", None)
        related = str(getattr(trigger, "params", {}).get("RELATED", "START")).upper()
        if isinstance(delta, timedelta) and delta < timedelta(0) and related == "START":
            offset = format_duration(-delta)
            if offset not in found and len(found) < 5:
                found.append(offset)
    return tuple(found)
