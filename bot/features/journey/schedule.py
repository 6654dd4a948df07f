"""When each prompt is due: quarter arithmetic and APScheduler cron triggers, as pure functions.

A kick-off is due at the post time on the first weekday of its quarter (or on or after the
quarter's first day + its offset), a follow-up at the post time on the first weekday on or
after kick-off day + its offset, all in the collaborative's zone so daylight saving never
moves 10:00.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from bot.features.journey.content import Content, Prompt, Quarter, parse_time
from storage import refs

WEEKDAYS = "mon-fri"
SATURDAY = 5


@dataclass(frozen=True, order=True)
class QuarterId:
    year: int
    number: int

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    @classmethod
    def of(cls, day: date) -> QuarterId:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> QuarterId:
        year, _, number = text.strip().upper().partition("-Q")
        if not (year.isascii() and year.isdigit() and number in {"1", "2", "3", "4"}):
            raise ValueError(f"{text!r} is not a quarter; write it like 2026-Q2")
        return cls(int(year), int(number))

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    def next(self) -> QuarterId:
        return QuarterId(self.year + self.number // 4, self.number % 4 + 1)


@dataclass(frozen=True)
class Slot:
    """One prompt of one concrete quarter with its due time and the end of its window."""

    quarter: QuarterId
    content: Quarter
    prompt: Prompt
    due: datetime
    expires: datetime

    @property
    def ref(self) -> str:
        return refs.journey_prompt(str(self.quarter), self.prompt.id)


def first_weekday_at(day: date, at: tuple[int, int], zone: ZoneInfo) -> datetime:
    """The first Monday-Friday on or after `day`, at `at` local time (aware, in `zone`)."""
    hour, minute = at
    # APScheduler 3.11 can skip a day when its search crosses a daylight-saving change
    # (Saturday -> Tuesday), so the weekday is found here and the trigger places the time.
    while day.weekday() >= SATURDAY:
        day += timedelta(days=1)
    trigger = CronTrigger(day_of_week=WEEKDAYS, hour=hour, minute=minute, timezone=zone)
    start = datetime.combine(day, time(0), tzinfo=zone)
    fire = trigger.get_next_fire_time(None, start)
    assert fire is not None  # a weekday cron always fires again
    return fire  # type: ignore[no-any-return]


def due_times(
    quarter: QuarterId, content: Quarter, post_time: str, zone: ZoneInfo
) -> list[tuple[Prompt, datetime]]:
    kickoff = content.prompts[0]
    first_day = quarter.first_day + timedelta(days=kickoff.offset.days)
    kickoff_at = first_weekday_at(first_day, parse_time(kickoff.time or post_time), zone)
    out = [(kickoff, kickoff_at)]
    for prompt in content.prompts[1:]:
        day = kickoff_at.date() + timedelta(days=prompt.offset.days)
        out.append((prompt, first_weekday_at(day, parse_time(prompt.time or post_time), zone)))
    return out


def slots(
    content: Content,
    quarters: list[QuarterId],
    *,
    post_time: str,
    catch_up: timedelta,
    zone: ZoneInfo,
) -> list[Slot]:
    """Every prompt of the given quarters that has content, in due order."""
    out = []
    for quarter in quarters:
        found = content.for_quarter(quarter.year, quarter.number)
        if found is None:
            continue
        for prompt, due in due_times(quarter, found, post_time, zone):
            out.append(Slot(quarter, found, prompt, due, due + catch_up))
    return sorted(out, key=lambda s: s.due)


def horizon(now: datetime, zone: ZoneInfo) -> list[QuarterId]:
    """The quarters whose prompts are queued ahead: the previous one (for late catch-ups
    around New Year's Day), this one and the next."""
    current = QuarterId.of(now.astimezone(zone).date())
    previous = QuarterId(current.year - (current.number == 1), (current.number - 2) % 4 + 1)
    return [previous, current, current.next()]
