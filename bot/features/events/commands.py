"""The events feature's commands, buttons, forms, renderers and jobs, on one router."""

from __future__ import annotations

from bot.features.events import jobs, members, organizer, reminders
from bot.features.events.router import router

__all__ = ["jobs", "members", "organizer", "reminders", "router"]
