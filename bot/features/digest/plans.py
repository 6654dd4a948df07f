"""A member's digest plan: their own choice, or the configured default where they left one
open, and how it reads in words."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.deps import Deps
from bot.features.digest.schedule import OFF, WEEKLY, Plan
from bot.features.digest.settings import DigestSettings
from bot.features.events import api as events_api
from bot.i18n import N_, _
from bot.model import Actor
from storage.models.members import Member

# A weekday, and every one of them, in the catalog (Spanish has "los lunes", not a suffix).
DAY_NAMES = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
EVERY_DAY = (
    N_("Mondays"),
    N_("Tuesdays"),
    N_("Wednesdays"),
    N_("Thursdays"),
    N_("Fridays"),
    N_("Saturdays"),
    N_("Sundays"),
)


def plan_of(row: Member | None, settings: DigestSettings) -> Plan | None:
    """The plan the member's row (or its absence) means; None when they get no digest."""
    frequency = (row.digest_frequency if row else None) or settings.default
    if frequency == OFF:
        return None
    day = row.digest_day if row and row.digest_day is not None else settings.weekday
    at = (row.digest_time if row else None) or settings.time
    return Plan(frequency, day, at)


def words(plan: Plan | None) -> str:
    """``weekly, on Mondays at 09:00`` / ``monthly, on the first Friday at 08:00`` / ``off``."""
    if plan is None:
        return _("off")
    if plan.frequency == WEEKLY:
        days = _(EVERY_DAY[plan.day])
        return _("weekly, on {days} at {time}").format(days=days, time=plan.at)
    day = _(DAY_NAMES[plan.day])
    return _("monthly, on the first {day} of the month at {time}").format(day=day, time=plan.at)


async def zone_name(deps: Deps, actor: Actor) -> str:
    """The member's zone as the events feature knows it (chosen, profile, or the default)."""
    return await events_api.zone_of(deps, actor)


def zone_info(name: str, deps: Deps) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return deps.settings.bot.zone
