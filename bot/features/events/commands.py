"""The events feature's commands, buttons and forms."""

from __future__ import annotations

from bot.router import Router

router = Router("events")
