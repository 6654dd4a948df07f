"""/clock and /as, in the console only: see or move the demo clock, and who is typing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from adapters.runtime import Runtime
from bot.clock import FakeClock
from bot.deps import Deps
from bot.durations import parse_duration
from bot.errors import BadInput
from bot.features.events.when import parse_when
from bot.model import Command, Reply
from bot.params import Param, Params
from bot.router import Router


def clock_router(runtime: Callable[[], Runtime]) -> Router:
    router = Router("console-clock")

    @router.command(
        "clock",
        "Console demo: show the clock, or move it (advance 2h, set 2026-03-19T12:55-06:00)",
        params=(Param("verb", "advance or set"), Param("when", "A duration or a time", "rest")),
        organizer_only=True,
        examples=("/clock advance 2h", "/clock set 2026-01-05T09:00-06:00"),
    )
    async def clock(cmd: Command, params: Params, deps: Deps) -> Reply:
        fake = deps.clock
        zone = deps.settings.bot.zone
        verb = params.text("verb").lower()
        if not verb:
            return Reply(text=f"It is {fake.now().astimezone(zone):%a %b %d %Y %H:%M %Z}.")
        if not isinstance(fake, FakeClock):
            raise BadInput("Start the console with --clock 2026-01-05T09:00-06:00 to move time.")
        target = _target(verb, params.text("when"), fake, deps.settings.bot.timezone)
        outcome = await runtime().advance_to(target)
        sent = outcome.get("sent", 0)
        return Reply(
            text=f"It is now {target.astimezone(zone):%a %b %d %Y %H:%M %Z}; "
            f"{sent} post{'s' if sent != 1 else ''} went out."
        )

    @router.command(
        "as",
        "Console demo: type as someone else (/as amy, /as olga organizer); the clock goes on",
        params=(Param("name", "Who to type as"), Param("role", "organizer, or nothing")),
        examples=("/as amy", "/as olga organizer"),
    )
    async def act_as(cmd: Command, params: Params, deps: Deps) -> Reply:
        # The console session answers /as itself; this spec puts it in /help.
        raise BadInput("/as works in the console session: type /as amy there.")

    return router


def _target(verb: str, when: str, clock: FakeClock, zone: str) -> datetime:
    if verb == "advance":
        try:
            return clock.now() + parse_duration(when)
        except ValueError as error:
            raise BadInput(f"{error}. Try /clock advance 2h or /clock advance 1d.") from None
    if verb == "set":
        moment = _moment(when, clock, zone)
        if moment < clock.now():
            raise BadInput("The demo clock only moves forward.")
        return moment
    raise BadInput("Use /clock advance <duration> or /clock set <time with offset>.")


def _moment(when: str, clock: FakeClock, zone: str) -> datetime:
    """An ISO time (without an offset: in the bot's zone), or words as events read them
    ("tomorrow 9am", "March 19 12:55")."""
    try:
        moment = datetime.fromisoformat(when.strip())
    except ValueError:
        try:
            return parse_when(when, zone, clock.now())[0]
        except BadInput:
            raise BadInput(
                f"I could not read {when.strip()[:40]!r} as a time. Try /clock set tomorrow 9am "
                "or /clock set 2026-03-19T12:55-06:00."
            ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=ZoneInfo(zone))
