"""Reading an organizer's event fields (from a form or one line) into a draft event.

The draft is an Event that is not saved as one: the preview keeps it (storage/events.py's
drafts) until Confirm publishes it or applies it to the event it edits.

Every field is checked and every problem is collected, so a form can show them all at
once next to their fields; a one-line command shows them as one message.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.durations import format_duration, parse_duration
from bot.errors import BadInput, FormErrors
from bot.features.events import recurrence
from bot.features.events.ics import guess_kind
from bot.features.events.when import MONTH_WORDS as _MONTH
from bot.features.events.when import has_clock_time, parse_end, parse_when
from bot.params import clean
from storage.models.events import KINDS, SCHEDULED, Event

MAX_TITLE = 200
MAX_DESCRIPTION = 4000
MAX_URL = 500
MAX_OFFSETS = 5
# Words kept as written: the description, and the Spanish title and description.
FREE_TEXT = ("about", "title_es", "about_es")
FIELDS = (
    "title",
    "when",
    "length",
    "kind",
    "join",
    "register",
    "series",
    "repeat",
    "reminders",
    "where",
)
_ALL_DAY = re.compile(r"\ball[\s-]?day\b", re.IGNORECASE)
_DAYS = re.compile(r"^\s*(\d{1,2})\s*(?:d|days?)\s*$", re.IGNORECASE)
MAX_DAYS = 14


def _url(value: str, name: str, problems: dict[str, str]) -> str:
    if not value:
        return ""
    if len(value) > MAX_URL or " " in value or not value.startswith(("https://", "http://")):
        problems[name] = "Give a web address starting with https://"
        return ""
    return value


def parse_offsets(text: str) -> str:
    """``"1d, 1h"`` -> ``"1d,1h"``, longest first; BadInput if any part is not a duration."""
    parts = [p for p in text.replace(",", " ").split() if p]
    if len(parts) > MAX_OFFSETS:
        raise BadInput(f"At most {MAX_OFFSETS} reminder times.")
    deltas = set()
    for part in parts:
        try:
            delta = parse_duration(part)
        except ValueError:
            raise BadInput(f"{part[:20]!r} is not a duration; write reminders like 1d,1h") from None
        if not timedelta(minutes=1) <= delta <= timedelta(days=30):
            raise BadInput("Reminders go between 1 minute and 30 days before.")
        deltas.add(delta)
    return ",".join(format_duration(d) for d in sorted(deltas, reverse=True))


def read_fields(
    values: Mapping[str, str],
    *,
    base: Event | None,
    zone: str,
    now: datetime,
    actor_key: str,
) -> Event:
    """A draft from `values` laid over `base` (an edit) or over nothing (a new event).

    Raises FormErrors(field -> message) listing every problem.
    """
    given = {k: clean(v).strip() for k, v in values.items() if k in (*FIELDS, *FREE_TEXT) and v}
    problems: dict[str, str] = {}
    draft = _start_from(base, now, actor_key)
    title = " ".join(given.get("title", draft.title).split())
    if not title:
        problems["title"] = "Please give the event a title."
    elif len(title) > MAX_TITLE:
        problems["title"] = f"Keep the title under {MAX_TITLE} characters."
    draft.title = title[:MAX_TITLE]
    if "about" in given:
        if len(given["about"]) > MAX_DESCRIPTION:
            problems["about"] = f"Keep the description under {MAX_DESCRIPTION} characters."
        draft.description = given["about"][:MAX_DESCRIPTION]
    _read_spanish(given, draft, problems)
    _read_time(given, draft, base, zone, now, problems)
    _read_kind(given, draft, base, problems)
    if "join" in given:
        draft.join_url = _url(given["join"], "join", problems)
    if "register" in given:
        draft.registration_url = _url(given["register"], "register", problems)
    if "series" in given:
        draft.series = " ".join(given["series"].split())[:200]
    if "where" in given:
        draft.location = " ".join(given["where"].split())[:MAX_URL]
    _read_repeat(given, draft, now, problems)
    if "reminders" in given:
        try:
            draft.reminder_offsets = parse_offsets(given["reminders"])
        except BadInput as error:
            problems["reminders"] = error.message
    if problems:
        raise FormErrors(problems)
    return draft


def _read_spanish(given: Mapping[str, str], draft: Event, problems: dict[str, str]) -> None:
    """title_es: and about_es:, shown to members who read Spanish; "-" clears one."""
    if "title_es" in given:
        title = " ".join(given["title_es"].split())
        if len(title) > MAX_TITLE:
            problems["title_es"] = f"Keep the Spanish title under {MAX_TITLE} characters."
        draft.title_es = "" if title == "-" else title[:MAX_TITLE]
    if "about_es" in given:
        about = given["about_es"]
        if len(about) > MAX_DESCRIPTION:
            problems["about_es"] = (
                f"Keep the Spanish description under {MAX_DESCRIPTION} characters."
            )
        draft.description_es = "" if about == "-" else about[:MAX_DESCRIPTION]


def _start_from(base: Event | None, now: datetime, actor_key: str) -> Event:
    fields = base.model_dump(exclude={"id", "status"}) if base else {}
    draft = (
        Event(**fields)
        if base
        else Event(title="", uid="", starts_at=now, ends_at=now, created_at=now, updated_at=now)
    )
    draft.status = SCHEDULED
    draft.uid = base.uid if base else f"{uuid.uuid4()}@collab-bot"
    draft.created_by = base.created_by if base else actor_key
    draft.updated_at = now
    return draft


def _read_time(
    given: Mapping[str, str],
    draft: Event,
    base: Event | None,
    zone: str,
    now: datetime,
    problems: dict[str, str],
) -> None:
    if base is None and "when" not in given:
        problems["when"] = (
            'Say when, e.g. when:"March 19 1pm CST", or end the title with the date and time.'
        )
        return
    wants_all_day = bool(_ALL_DAY.search(given.get("when", "") + " " + given.get("length", "")))
    if wants_all_day or (draft.all_day and "when" not in given and "length" not in given):
        _read_days(given, draft, zone, now, problems)
        return
    draft.all_day = False
    length = draft.ends_at - draft.starts_at if base and not base.all_day else timedelta(hours=1)
    if "when" in given:
        if not has_clock_time(given["when"]):
            # A date alone would make a midnight webinar: nobody means that.
            problems["when"] = (
                f"At what time? Say it with the date, e.g. "
                f'"{_cut(given["when"])} 1pm CST", or add "all day" for an all-day event.'
            )
            return
        try:
            draft.starts_at, draft.zone = parse_when(given["when"], zone, now)
        except BadInput as error:
            problems["when"] = error.message
            return
        if draft.starts_at <= now:
            problems["when"] = "That time has passed; give a time in the future."
            return
    draft.ends_at = draft.starts_at + length
    if "length" in given:
        try:
            draft.ends_at = parse_end(given["length"], draft.starts_at, draft.zone)
        except BadInput as error:
            problems["length"] = error.message


def _read_days(
    given: Mapping[str, str], draft: Event, zone: str, now: datetime, problems: dict[str, str]
) -> None:
    """An all-day event: local midnight of its first day to the midnight after its last."""
    draft.all_day = True
    days = round((draft.ends_at - draft.starts_at) / timedelta(days=1)) or 1
    if "when" in given:
        text = _ALL_DAY.sub(" ", given["when"])
        try:
            moment, draft.zone = parse_when(text, zone, now)
        except BadInput as error:
            problems["when"] = error.message
            return
        first = moment.astimezone(ZoneInfo(draft.zone)).date()
    else:
        first = draft.starts_at.astimezone(ZoneInfo(draft.zone)).date()
    length = _ALL_DAY.sub(" ", given.get("length", "")).strip()
    if length:
        found = _DAYS.match(length)
        if found is None or not 1 <= int(found.group(1)) <= MAX_DAYS:
            problems["length"] = f'An all-day event lasts whole days: "1d" to "{MAX_DAYS}d".'
            return
        days = int(found.group(1))
    tz = ZoneInfo(draft.zone)
    draft.starts_at = datetime.combine(first, time(), tz).astimezone(UTC)
    last = first + timedelta(days=days)
    draft.ends_at = datetime.combine(last, time(), tz).astimezone(UTC)
    if draft.ends_at <= now:
        problems["when"] = "That day has passed; give a date in the future."


def _read_kind(
    given: Mapping[str, str], draft: Event, base: Event | None, problems: dict[str, str]
) -> None:
    if "kind" in given:
        kind = given["kind"].lower()
        if kind not in KINDS:
            problems["kind"] = f"Kind is one of: {', '.join(KINDS)}."
        else:
            draft.kind = kind
    elif base is None:
        draft.kind = guess_kind(draft.title)


def _read_repeat(
    given: Mapping[str, str], draft: Event, now: datetime, problems: dict[str, str]
) -> None:
    local = draft.starts_at.astimezone(ZoneInfo(draft.zone))
    if "repeat" not in given:
        if "when" in given and draft.rrule:
            # Keep "every other Wednesday, 6 sessions" anchored on the new first date.
            draft.rrule = recurrence.reanchor(draft.rrule, local)
            draft.overrides = ""  # skipped or moved sessions were dates of the old series
        return
    try:
        spec = recurrence.parse_repeat(given["repeat"])
        spec = recurrence.check_days(given["repeat"], spec, local)
    except ValueError as error:
        problems["repeat"] = str(error)
        return
    until = None
    if spec.until:
        try:
            moment, _ = parse_when(spec.until, draft.zone, now)
        except BadInput:
            problems["repeat"] = (
                f'I could not read {spec.until[:30]!r} as a date, e.g. "until June 30".'
            )
            return
        last_day = moment.astimezone(ZoneInfo(draft.zone)).date()
        if last_day < local.date():
            problems["repeat"] = "The series must end after its first session."
            return
        until = datetime.combine(last_day, time(23, 59, 59), ZoneInfo(draft.zone))
    draft.rrule = recurrence.rule_for(spec, local, until_utc=until, all_day=draft.all_day)
    draft.overrides = ""


_DAY_WORD = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?|today|tomorrow|next"
_DATE_START = re.compile(
    rf"(?:(?:on|at)\s+)?(?:{_DAY_WORD}|{_MONTH}\.?\s*\d|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?"
    rf"(?:{_MONTH})\b|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}})",
    re.IGNORECASE,
)
MAX_DATE_WORDS = 7


def date_in_title(title: str) -> tuple[str, str] | None:
    """ "Medicaid webinar March 19 1pm CST" -> ("Medicaid webinar", "March 19 1pm CST"): the
    longest run of last words that starts like a date and says a time (or "all day"), with
    a title left."""
    words = title.split()
    for size in range(min(MAX_DATE_WORDS, len(words) - 1), 0, -1):
        tail = " ".join(words[-size:])
        if _DATE_START.match(tail) and (has_clock_time(tail) or _ALL_DAY.search(tail)):
            return " ".join(words[:-size]), re.sub(r"^(?:on|at)\s+", "", tail, flags=re.I)
    return None


def _cut(text: str) -> str:
    return " ".join(text.split())[:40]


def when_text(event: Event) -> str:
    """The event's start as an organizer would type it, for prefilled edit forms."""
    local = event.starts_at.astimezone(ZoneInfo(event.zone))
    if event.all_day:
        return f"{local:%Y-%m-%d} all day {event.zone}"
    return f"{local:%Y-%m-%d %H:%M} {event.zone}"
