"""Each member's own time zone and locale from their Slack profile (users.info -> user.tz,
user.locale with include_locale).

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
from storage.members import ZoneState
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


def valid_locale(tag: object) -> str | None:
    """Slack's locale (``es-ES``) if it looks like a language tag."""
    if not isinstance(tag, str) or not 2 <= len(tag) <= 16:
        return None
    return tag if all(part.isalnum() for part in tag.replace("_", "-").split("-")) else None


class ProfileZones:
    def __init__(self, deps: Deps, client: AsyncWebClient) -> None:
        self.deps = deps
        self.client = client
        # After a failed reading: not before this time again, so an outage costs little.
        self._retry_at: dict[str, datetime] = {}
        # Each member's Slack locale (es-ES) as last read: carried on their Actor.
        self.locales: dict[str, str] = {}

    def locale(self, user_id: str) -> str | None:
        return self.locales.get(user_id) or None

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
            found = await store.row(session, Account(PLATFORM, user_id))
        state = (
            ZoneState(found.timezone, found.timezone_source, found.timezone_fetched_at)
            if found
            else ZoneState(None, None, None)
        )
        stored_locale = found.profile_locale if found else None
        if stored_locale and user_id not in self.locales:
            self.locales[user_id] = stored_locale
        # The locale is read once per process for a member whose row has none yet.
        locale_due = user_id not in self.locales
        zone_due = state.source != ZONE_CHOSEN and (
            state.fetched_at is None or now - state.fetched_at >= max_age
        )
        if not (zone_due or locale_due):
            return
        try:
            zone, locale = await self._read(user_id)
        except (Unreadable, OSError, TimeoutError) as error:
            # Ask again before long, but not on every action while Slack is away.
            self._retry_at[user_id] = now + RETRY_AFTER_FAILURE
            log.warning("users.info for %s failed: %s", user_id, error)
            return
        self._retry_at.pop(user_id, None)
        self.locales[user_id] = locale or ""  # read: not asked again for the locale alone
        has_row = state.fetched_at is not None or state.zone is not None or stored_locale
        if zone_due and zone is None and not has_row:
            # Nothing to keep: no row for someone whose profile has no zone (an action that
            # was refused must leave the database as it was), asked again after max_age.
            self._retry_at[user_id] = now + max_age
            return
        account = Account(PLATFORM, user_id)
        async with self.deps.db.session() as session:
            if zone_due:
                await store.set_profile_zone(session, account, zone, now)
            if locale and locale != stored_locale and (zone_due or has_row):
                await store.set_profile_locale(session, account, locale, now)

    async def _read(self, user_id: str) -> tuple[str | None, str | None]:
        """The profile's zone and locale; None for what Slack has not for this user."""
        try:
            response = await self.client.users_info(user=user_id, include_locale=True)
        except SlackApiError as error:
            code = str(error.response.get("error"))
            if code == NO_SUCH_USER:
                return None, None
            raise Unreadable(code) from None
        user = response.get("user") or {}
        return valid_zone(user.get("tz")), valid_locale(user.get("locale"))
