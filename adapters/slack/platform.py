"""What the core may know of Slack (bot/platforms.py), and who is an organizer there."""

from __future__ import annotations

from bot.config import Settings
from bot.model import ORGANIZER
from bot.platforms import PlatformInfo

SLACK = PlatformInfo("slack", "Slack", "#0072B2")


def roles(settings: Settings, user_id: str, *, in_organizer_group: bool = False) -> frozenset[str]:
    """Organizer when the user id is configured or they are in the organizer user group."""
    organizer = user_id in settings.slack.organizer_user_ids or in_organizer_group
    return frozenset({ORGANIZER}) if organizer else frozenset()
