"""Who is an organizer, decided from config per platform (user ids, a Slack user group,
Discord role ids). Adapters call this when they build an Actor."""

from __future__ import annotations

from collections.abc import Iterable

from bot.config import Settings
from bot.model import ORGANIZER


def roles_for(
    settings: Settings,
    platform: str,
    user_id: str,
    *,
    role_ids: Iterable[str | int] = (),
    in_organizer_group: bool = False,
) -> frozenset[str]:
    if platform == "slack":
        slack = settings.slack
        organizer = user_id in slack.organizer_user_ids or in_organizer_group
    elif platform == "discord":
        discord = settings.discord
        ids = {str(i) for i in discord.organizer_user_ids}
        roles = {str(r) for r in discord.organizer_role_ids}
        organizer = user_id in ids or bool(roles & {str(r) for r in role_ids})
    else:
        organizer = user_id in settings.console.organizers
    return frozenset({ORGANIZER}) if organizer else frozenset()
