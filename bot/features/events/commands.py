"""The events feature's commands, buttons, forms, renderers and jobs, on one router."""

from __future__ import annotations

from bot.features.events import (
    cancelling,
    failures,
    jobs,
    members,
    organizer,
    reminders,
    rescheduling,
    rsvp,
)
from bot.features.events.router import router

__all__ = [
    "cancelling",
    "failures",
    "jobs",
    "members",
    "organizer",
    "reminders",
    "rescheduling",
    "router",
    "rsvp",
]
