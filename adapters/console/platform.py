"""What the core may know of the console (bot/platforms.py), and who is an organizer there."""

from __future__ import annotations

from bot.config import Settings
from bot.model import ORGANIZER
from bot.platforms import PlatformInfo

CONSOLE = PlatformInfo("console", "the console", "#009E73")


def roles(settings: Settings, user_id: str) -> frozenset[str]:
    """Organizer when the name is in ``[console] organizers``."""
    return frozenset({ORGANIZER}) if user_id in settings.console.organizers else frozenset()
