"""What the core may know of Discord (bot/platforms.py), and who is an organizer there."""

from __future__ import annotations

from collections.abc import Iterable

from bot.config import Settings
from bot.model import ORGANIZER
from bot.platforms import PlatformInfo

# Discord's clients show a <t:…> timestamp in each viewer's own time zone.
DISCORD = PlatformInfo("discord", "Discord", "#E69F00", viewer_local_times=True)


def roles(settings: Settings, user_id: str, role_ids: Iterable[str | int] = ()) -> frozenset[str]:
    """Organizer when the user id or one of their role ids is configured."""
    ids = {str(i) for i in settings.discord.organizer_user_ids}
    configured = {str(r) for r in settings.discord.organizer_role_ids}
    organizer = user_id in ids or bool(configured & {str(r) for r in role_ids})
    return frozenset({ORGANIZER}) if organizer else frozenset()
