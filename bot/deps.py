"""What a handler may use: settings, the database, the clock, the outbox, the router, state."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.changes import Changes
from bot.clock import Clock
from bot.config import Secrets, Settings
from bot.member_limits import MemberLimits
from bot.outbox import Outboxes
from bot.state import FeatureState, Status

if TYPE_CHECKING:
    from bot.router import Router
    from storage.engine import Database


@dataclass
class Deps:
    settings: Settings
    db: Database
    clock: Clock
    outbox: Outboxes
    router: Router
    worker_id: str = "local"
    status: Status = field(default_factory=Status)
    secrets: Secrets = field(default_factory=Secrets)
    changes: Changes = field(default_factory=Changes)
    limits: MemberLimits = field(init=False)
    state: FeatureState = field(default_factory=FeatureState)  # each feature's own
    # platform -> is this user an organizer right now (asked of the platform); adapters that
    # know more than config (a Slack user group, Discord roles) register theirs here.
    organizer_checks: dict[str, Callable[[str], Awaitable[bool]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.limits = MemberLimits(self.settings.limits)

    @property
    def platforms(self) -> tuple[str, ...]:
        """The platforms this process posts to (those with an outbox)."""
        return self.outbox.platforms
