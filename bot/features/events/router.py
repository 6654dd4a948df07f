"""The events feature's router; the handler modules register on it when imported."""

from __future__ import annotations

from bot.router import Router

router = Router("events")
