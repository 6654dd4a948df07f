"""The events feature's commands, buttons, forms, renderers and jobs, on one router."""

from __future__ import annotations

from bot.features.events import (
    cancelling,
    failures,
    feedback,
    jobs,
    members,
    next_topics,
    organizer,
    recording,
    reminders,
    rescheduling,
)
from bot.features.events.router import router

__all__ = [
    "cancelling",
    "failures",
    "feedback",
    "jobs",
    "members",
    "next_topics",
    "organizer",
    "recording",
    "reminders",
    "rescheduling",
    "router",
]
