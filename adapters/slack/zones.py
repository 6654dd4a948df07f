"""Each member's own time zone from their Slack profile (users.info -> user.tz).

Read for a member who has not chosen a zone with /timezone, kept with when it was read, and
read again on their next action once that reading is older than `[slack] profile_zone_days`.
A zone the member chose is never overwritten. Slack being away never blocks an answer for
long: the reading gives up after a moment and the member sees the zone known so far.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.model import Account
from storage import members as store
from storage.models.members import ZONE_CHOSEN

log = logging.getLogger(__name__)
PLATFORM = "slack"
WAIT_SECONDS = 1.5  # within Slack's 3 s, after the ack
RETRY_AFTER_FAILURE = timedelta(minutes=10)
NO_SUCH_USER = "user_not_found"


class Unreadable(Exception):
    """Slack did not answer users.info usefully this time (try again later)."""


def valid_zone(name: object) -> str | None:
    """Slack's tz if it is a zone this machine knows (Slack uses IANA names)."""
    if not isinstance(name, str) or not name or len(name) > 64:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


class ProfileZones:
    def __init__(self, deps: Deps, client: AsyncWebClient) -> None:
        self.deps = deps
        self.client = client
        # After a failed reading: not before this time again, so an outage costs little.
        self._retry_at: dict[str, datetime] = {}

    @property
    def max_age(self) -> timedelta | None:
        days = self.deps.settings.slack.profile_zone_days
        return timedelta(days=days) if days > 0 else None

    async def refresh(self, user_id: str, *, wait: float = WAIT_SECONDS) -> None:
        """Read the member's profile zone when it is due; never raises, waits `wait` at most."""
        try:
            await asyncio.wait_for(asyncio.shield(self._refresh(user_id)), wait)
        except TimeoutError:
            log.info("users.info for %s is slow; answering with the zone known so far", user_id)
        except Exception as error:
            log.warning("could not refresh the Slack time zone of %s: %s", user_id, error)

    async def _refresh(self, user_id: str) -> None:
        max_age, now = self.max_age, self.deps.clock.now()
        if max_age is None or not user_id:
            return
        retry_at = self._retry_at.get(user_id)
        if retry_at is not None and now < retry_at:
            return
        # One indexed row: cheap next to the answer itself, and /timezone auto shows at once.
        async with self.deps.db.read() as session:
            state = await store.zone_state(session, Account(PLATFORM, user_id))
        if state.source == ZONE_CHOSEN:
            return
        if state.fetched_at is not None and now - state.fetched_at < max_age:
            return
        try:
            zone = await self._read(user_id)
        except (Unreadable, OSError, TimeoutError) as error:
            # Ask again before long, but not on every action while Slack is away.
            self._retry_at[user_id] = now + RETRY_AFTER_FAILURE
            log.warning("users.info for %s failed: %s", user_id, error)
            return
        self._retry_at.pop(user_id, None)
        if zone is None and state.zone is None and state.fetched_at is None:
            # Nothing to keep: no row for someone whose profile has no zone (an action that
            # was refused must leave the database as it was), asked again after max_age.
            self._retry_at[user_id] = now + max_age
            return
        async with self.deps.db.session() as session:
            await store.set_profile_zone(session, Account(PLATFORM, user_id), zone, now)

    async def _read(self, user_id: str) -> str | None:
        """The profile's zone; None when Slack has none for this user."""
        try:
            response = await self.client.users_info(user=user_id)
        except SlackApiError as error:
            code = str(error.response.get("error"))
            if code == NO_SUCH_USER:
                return None
            raise Unreadable(code) from None
        user = response.get("user") or {}
        return valid_zone(user.get("tz"))
