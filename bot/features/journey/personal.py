"""The personal journey's DMs in the delivery queue: one kick-off DM per person and quarter
("What do you hope to take from it?") and one near the quarter's end ("Did you get there?").

Who takes part: every person the bot knows (they used it, or made a choice such as a time
zone) who has not opted out with /journey optout, one person across linked accounts. A DM
is queued once per person and quarter however often the job runs: its key is unique while
its delivery row lives, and the person's journey_goals row (made when the kick-off DM is
rendered) keeps it from being queued again after housekeeping forgot the delivery row. A DM
the platform refused (left the workspace, DMs blocked) is recorded failed by the worker,
which does not retry it; the job then marks the person's row unreachable, so they are
skipped in later quarters (and counted) until they answer again (/journey mine).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from bot.delivery.queue import schedule
from bot.deps import Deps
from bot.features.journey import posting
from bot.features.journey.schedule import QuarterId, Slot, first_weekday_at
from bot.features.journey.settings import JourneySettings
from bot.features.members import api as members_api
from storage import journey as journey_store
from storage import journey_goals as goals
from storage import refs
from storage.identity import Account

ASK, CHECK = "journey.ask", "journey.check"
KINDS = (ASK, CHECK)


@dataclass(frozen=True)
class About:
    """What a personal DM is about: whose, and which quarter."""

    account: Account
    quarter: QuarterId

    def payload(self) -> str:
        person = {"platform": self.account.platform, "user_id": self.account.user_id}
        return json.dumps({"quarter": str(self.quarter), **person})

    @classmethod
    def of(cls, payload: str) -> About:
        data = json.loads(payload)
        return cls(Account(data["platform"], data["user_id"]), QuarterId.parse(data["quarter"]))


def check_in_due(deps: Deps, quarter: QuarterId) -> datetime:
    """When "Did you get there?" is due: the first weekday `check_in` before the next
    quarter starts, at the post time."""
    settings = deps.settings.section(JourneySettings)
    day = quarter.next().first_day - settings.check_in_before_end
    return first_weekday_at(day, settings.post_hour_minute, deps.settings.bot.zone)


def dms_on(deps: Deps) -> bool:
    settings = deps.settings.section(JourneySettings)
    return settings.enabled and settings.kickoff_dm


async def run(deps: Deps) -> int:
    """The job: note refused DMs, then queue what is due soon; returns DMs queued."""
    await note_unreachable(deps)
    if not dms_on(deps):
        return 0
    now = deps.clock.now()
    # Queued as far ahead as the channel posts, so each DM goes out on the minute; people
    # the bot meets later are added on later runs.
    kickoffs = [s for s in await posting.open_slots(deps, now) if s.prompt.is_kickoff]
    queued = 0
    for slot in kickoffs:
        queued += await queue_asks(deps, slot, now)
    for quarter in {s.quarter for s in posting.plan(deps, now)}:
        due = check_in_due(deps, quarter)
        window = deps.settings.section(JourneySettings).catch_up_window
        if now < due + window:
            queued += await queue_checks(deps, quarter, due, due + window, now)
    return queued


async def queue_asks(deps: Deps, slot: Slot, now: datetime) -> int:
    """A kick-off DM for each person taking part who has none for this quarter yet."""
    quarter = str(slot.quarter)
    async with deps.db.read() as session:
        people = await goals.taking_part(session)
        skipped = await goals.unreachable_people(session)
        asked = {r.platform + ":" + r.user_id for r in await goals.asked(session, quarter)}
        keys = {p: refs.journey_dm("ask", quarter, p) for p in people}
        # Queued already (the row is made when it is sent): not asked for again every run.
        queued = await journey_store.deliveries_by_key(session, keys.values())
    todo = [
        p for p in people if p.key not in skipped and p.key not in asked and keys[p] not in queued
    ]
    if not todo:
        return 0
    added = 0
    async with deps.db.session() as session:
        for person in todo:
            target = await members_api.dm_target(session, *person)
            added += await schedule(
                session,
                key=keys[person],
                kind=ASK,
                target=target,
                due_at=slot.due,
                now=now,
                ref=refs.journey_dms(quarter),
                payload=About(person, slot.quarter).payload(),
                expires_at=slot.expires,
            )
    return added


async def queue_checks(
    deps: Deps, quarter: QuarterId, due: datetime, expires: datetime, now: datetime
) -> int:
    """ "Did you get there?" for each person asked this quarter who did not decline."""
    async with deps.db.read() as session:
        rows = await goals.to_check(session, str(quarter))
    added = 0
    async with deps.db.session() as session:
        for row in rows:
            assert row.id is not None
            if not await goals.mark_checked(session, row.id, now):
                continue
            person = Account(row.platform, row.user_id)
            target = await members_api.dm_target(session, *person)
            added += await schedule(
                session,
                key=refs.journey_dm("check", str(quarter), person),
                kind=CHECK,
                target=target,
                due_at=due,
                now=now,
                ref=refs.journey_dms(str(quarter)),
                payload=About(person, quarter).payload(),
                expires_at=expires,
            )
    return added


async def note_unreachable(deps: Deps) -> int:
    """Mark the people whose DM the platform refused for good (the worker recorded it
    failed, after its own retries): they are counted, and not asked again."""
    async with deps.db.read() as session:
        failed = await goals.failed_dms(session, KINDS)
        rows = {
            (r.platform, r.user_id, r.quarter): r.unreachable
            for r in await goals.of_people(session, {About.of(d.payload).account for d in failed})
        }
    todo = []
    for delivery in failed:
        about = About.of(delivery.payload)
        if rows.get((*about.account, str(about.quarter))) is False:
            todo.append(about)
    if not todo:
        return 0
    async with deps.db.session() as session:
        for about in todo:
            await goals.mark_unreachable(session, about.account, str(about.quarter))
    return len(todo)
