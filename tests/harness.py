"""A bot you can talk to in tests: the real core and storage, the console adapter's outbox,
a fake clock. Like errbot's testbot, but async and platform-aware."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from adapters.console.outbox import ConsoleOutbox
from adapters.runtime import Runtime, open_runtime
from bot.actions import Action
from bot.clock import FakeClock
from bot.durations import parse_duration
from bot.features import AppSettings as Settings
from bot.features import parse_settings
from bot.limits import problems
from bot.model import (
    Actor,
    Button,
    ButtonPress,
    Command,
    FormSubmit,
    Message,
    Place,
    Reply,
    Target,
    to_plain,
)
from bot.router import Router

START = datetime.fromisoformat("2026-01-05T09:00:00-06:00")
PLATFORMS = ("console", "slack", "discord")


def settings_for_tests(overrides: dict[str, Any] | None = None) -> Settings:
    base: dict[str, Any] = {
        "bot": {"starter_pack": False},
        # Decisions' notices go out at once unless a test is about the undo window.
        "topics": {"undo_seconds": 0},
        # The monthly insights digest would join every organizers'-channel count at a month's
        # turn; its own tests turn it on.
        "insights": {"digest_cron": ""},
        "slack": {
            "channels": {
                "announcements": ["C-ANN"],
                "journey": ["C-JOURNEY"],
                "suggestions": ["C-SUGG"],
                "organizers": ["C-ORG"],
            }
        },
        "discord": {
            "channels": {
                "announcements": ["111"],
                "journey": ["222"],
                "suggestions": ["333"],
                "organizers": ["444"],
            }
        },
    }
    for key, value in (overrides or {}).items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return parse_settings(base, "tests")


def checked(reply: Reply) -> Reply:
    """Every reply a test sees must fit one message on every platform."""
    assert problems(reply) == [], f"reply breaks platform limits: {problems(reply)}"
    return reply


def all_buttons(reply: Reply) -> list[Button]:
    return [b for section in reply.sections for b in section.buttons]


def reply_text(reply: Reply) -> str:
    """Everything a person would read in a reply, as one plain string."""
    parts = [reply.text]
    for s in reply.sections:
        parts += [s.title or "", to_plain(s.text), s.footer or ""]
        parts += [f"{f.label}: {to_plain(f.value)}" for f in s.fields]
        parts += [b.label for b in s.buttons]
    return "\n".join(p for p in parts if p)


class TestBot:
    """Drive the core as people would: commands, button presses, forms, time passing."""

    __test__ = False

    def __init__(self, runtime: Runtime, outboxes: dict[str, ConsoleOutbox]) -> None:
        self.runtime = runtime
        self.outboxes = outboxes

    @classmethod
    async def open(
        cls,
        database_url: str,
        *,
        settings: Settings | None = None,
        start: datetime = START,
        extra_routers: Sequence[Router] = (),
        worker_id: str = "test-worker",
    ) -> TestBot:
        outboxes = {p: ConsoleOutbox(write=lambda _line: None) for p in PLATFORMS}
        runtime = await open_runtime(
            settings or settings_for_tests(),
            clock=FakeClock(start),
            outboxes=outboxes,
            database_url=database_url,
            migrate_now=False,
            worker_id=worker_id,
            extra_routers=extra_routers,
        )
        await runtime.start(run_scheduler=False)
        return cls(runtime, outboxes)

    async def close(self) -> None:
        await self.runtime.stop()

    @property
    def deps(self):  # type: ignore[no-untyped-def]
        return self.runtime.deps

    @property
    def db(self):  # type: ignore[no-untyped-def]
        return self.runtime.db

    @property
    def clock(self) -> FakeClock:
        clock = self.runtime.deps.clock
        assert isinstance(clock, FakeClock)
        return clock

    def actor(
        self, user: str = "ana", *, platform: str = "console", organizer: bool = False
    ) -> Actor:
        roles = frozenset({"organizer"}) if organizer else frozenset()
        return Actor(platform, user, user.title(), roles)

    def place(self, platform: str = "console", channel: str = "general") -> Place:
        return Place(platform, channel)

    async def command(
        self,
        line: str,
        user: str = "ana",
        *,
        platform: str = "console",
        organizer: bool = False,
        options: dict[str, str] | None = None,
        channel: str = "general",
    ) -> Reply:
        name, _, text = line.lstrip("/").partition(" ")
        command = Command(
            name,
            text,
            self.actor(user, platform=platform, organizer=organizer),
            self.place(platform, channel),
            options or {},
        )
        return checked(await self.runtime.app.handle(command))

    async def press(
        self,
        reply: Reply,
        label: str,
        user: str = "ana",
        *,
        platform: str = "console",
        organizer: bool = False,
        nth: int = 0,
    ) -> Reply:
        """Press the `nth` button whose label contains `label`, through encode/decode."""
        matches = [b for b in all_buttons(reply) if label.lower() in b.label.lower()]
        assert len(matches) > nth, f"no button {label!r} in {[b.label for b in all_buttons(reply)]}"
        button = matches[nth]
        assert button.action is not None, f"button {label!r} is a link"
        return await self.press_action(button.action, user, platform=platform, organizer=organizer)

    async def press_action(
        self,
        action: Action,
        user: str = "ana",
        *,
        platform: str = "console",
        organizer: bool = False,
    ) -> Reply:
        press = ButtonPress(
            Action.decode(action.encode()),
            self.actor(user, platform=platform, organizer=organizer),
            self.place(platform),
        )
        return checked(await self.runtime.app.handle(press))

    async def submit(
        self,
        reply: Reply,
        values: dict[str, str],
        user: str = "ana",
        *,
        platform: str = "console",
        organizer: bool = False,
    ) -> Reply:
        assert reply.form is not None, f"reply opened no form: {reply.text}"
        submit = FormSubmit(
            Action.decode(reply.form.action.encode()),
            values,
            self.actor(user, platform=platform, organizer=organizer),
            self.place(platform),
        )
        return checked(await self.runtime.app.handle(submit))

    async def say(
        self,
        text: str,
        *,
        user: str = "ana",
        platform: str = "console",
        channel: str = "general",
        thread: str | None = None,
        message_id: str = "m1",
    ) -> None:
        await self.runtime.app.hear(
            Message(
                self.actor(user, platform=platform),
                Place(platform, channel, thread),
                text,
                message_id,
            )
        )

    async def advance(self, duration: str | timedelta) -> dict[str, int]:
        delta = parse_duration(duration) if isinstance(duration, str) else duration
        return dict(await self.runtime.advance_to(self.clock.now() + delta))

    async def deliver_due(self) -> dict[str, int]:
        return dict(await self.runtime.scheduler.run_once())

    def posts(self, platform: str | None = None) -> list[tuple[Target, Reply, str]]:
        platforms = [platform] if platform else list(self.outboxes)
        return [post for p in platforms for post in self.outboxes[p].posts]

    def clear_posts(self) -> None:
        for outbox in self.outboxes.values():
            outbox.posts.clear()
