"""Who is an organizer on Slack: configured user ids, or members of one user group.

The group's members are fetched with usergroups.users.list and kept for a short while, so
a busy command channel costs one API call a minute, and a change in Slack shows up soon.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.platform import SLACK, roles
from bot.config import Settings
from bot.model import Actor

log = logging.getLogger(__name__)
GROUP_TTL_SECONDS = 60.0


class SlackOrganizers:
    def __init__(
        self,
        settings: Settings,
        client: AsyncWebClient,
        *,
        ttl: float = GROUP_TTL_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.client = client
        self.ttl = ttl
        self.monotonic = monotonic
        self._members: frozenset[str] = frozenset()
        self._fetched_at: float | None = None

    async def group_members(self) -> frozenset[str]:
        group = self.settings.slack.organizer_usergroup
        if not group:
            return frozenset()
        now = self.monotonic()
        if self._fetched_at is not None and now - self._fetched_at < self.ttl:
            return self._members
        try:
            response = await self.client.usergroups_users_list(usergroup=group)
            self._members = frozenset(str(u) for u in response.get("users") or [])
        except (SlackApiError, OSError, TimeoutError) as error:
            # Keep the last known members: a Slack hiccup should not demote everyone.
            log.warning("could not list organizer user group %s: %s", group, error)
        self._fetched_at = now
        return self._members

    async def actor(self, user_id: str, display_name: str = "") -> Actor:
        configured = user_id in self.settings.slack.organizer_user_ids
        in_group = not configured and user_id in await self.group_members()
        found = roles(self.settings, user_id, in_organizer_group=in_group)
        return Actor(SLACK.name, user_id, display_name or user_id, found)

    async def is_organizer(self, user_id: str) -> bool:
        """For a dashboard link: is this user an organizer now (the group as cached)."""
        return (await self.actor(user_id)).is_organizer
