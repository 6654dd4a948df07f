"""The events feature's commands, buttons, forms, renderers and jobs, on one router."""

from __future__ import annotations

from bot.features.events import (
    attendees,
    cancelling,
    failures,
    jobs,
    members,
    mine,
    organizer,
    reminders,
    rescheduling,
    rsvp,
)
from bot.features.events.router import router

__all__ = [
    "attendees",
    "cancelling",
    "failures",
    "jobs",
    "members",
    "mine",
    "organizer",
    "reminders",
    "rescheduling",
    "router",
    "rsvp",
]
