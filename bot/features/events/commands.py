"""The events feature's commands, buttons, forms, renderers and jobs, on one router."""

from __future__ import annotations

from bot.features.events import (
    attendees,
    cancelling,
    failures,
    feedback,
    jobs,
    members,
    mine,
    next_topics,
    organizer,
    recording,
    reminders,
    rescheduling,
    rsvp,
)
from bot.features.events.router import router

__all__ = [
    "attendees",
    "cancelling",
    "failures",
    "feedback",
    "jobs",
    "members",
    "mine",
    "next_topics",
    "organizer",
    "recording",
    "reminders",
    "rescheduling",
    "router",
    "rsvp",
]
