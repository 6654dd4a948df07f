"""/clock, in the console only: see the demo clock, or move it and run what came due."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from adapters.runtime import Runtime
from bot.clock import FakeClock
from bot.deps import Deps
from bot.durations import parse_duration
from bot.errors import BadInput
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
        target = _target(verb, params.text("when"), fake)
        outcome = await runtime().advance_to(target)
        sent = outcome.get("sent", 0)
        return Reply(
            text=f"It is now {target.astimezone(zone):%a %b %d %Y %H:%M %Z}; "
            f"{sent} post{'s' if sent != 1 else ''} went out."
        )

    return router


def _target(verb: str, when: str, clock: FakeClock) -> datetime:
    try:
        if verb == "advance":
            return clock.now() + parse_duration(when)
        if verb == "set":
            moment = datetime.fromisoformat(when.strip())
            if moment.tzinfo is None:
                raise ValueError("needs a UTC offset")
            if moment < clock.now():
                raise BadInput("The demo clock only moves forward.")
            return moment
    except ValueError as error:
        raise BadInput(
            f"{error}. Try /clock advance 2h or /clock set 2026-03-19T12:55-06:00."
        ) from None
    raise BadInput("Use /clock advance <duration> or /clock set <time with offset>.")
