"""Command and action tables: each feature owns a Router, the app includes them all.

The command specs here are the single source for /help, the Slack app manifest and the
Discord command tree. A name registered twice fails at start, not at the first press.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from bot.message_commands import MessageCommandSpec
from bot.model import ButtonPress, Command, FormSubmit, Interaction, Message, Reply
from bot.params import Param, Params

if TYPE_CHECKING:
    from bot.deps import Deps
    from storage.models.deliveries import Delivery

CommandHandler = Callable[[Command, Params, "Deps"], Awaitable[Reply]]
ActionHandler = Callable[[ButtonPress, "Deps"], Awaitable[Reply]]
FormHandler = Callable[[FormSubmit, "Deps"], Awaitable[Reply]]
Completer = Callable[[str, "Deps"], Awaitable[list[str]]]
Renderer = Callable[["Delivery", "Deps"], Awaitable[Reply | None]]
Hook = Callable[["Deps"], Awaitable[object]]
Listener = Callable[[Message, "Deps"], Awaitable[None]]
# A delivery ended: SENT or FAILED (bot/delivery/worker.py); must be quick and never fail.
OutcomeHook = Callable[[str, "Deps"], None]
# One delivery of a feature's own kind ended (SENT, FAILED or SKIPPED), the row as recorded:
# the feature may note it (a digest sent, a member who cannot be reached); errors are logged.
KindOutcomeHook = Callable[["Delivery", str, "Deps"], Awaitable[None]]
H = TypeVar("H")

MAX_DESCRIPTION = 100


class DuplicateName(RuntimeError):
    """Two handlers claim one name."""


@dataclass(frozen=True)
class CommandSpec:
    """A command as people see it. `name` is ``resources`` or, for a sub-command, ``resources add``.

    `group_default` names this command on Discord when sub-commands share its root (Discord
    cannot run a group itself): ``/resources search`` there, plain ``/resources`` elsewhere.
    """

    name: str
    description: str
    params: tuple[Param, ...] = ()
    organizer_only: bool = False
    examples: tuple[str, ...] = ()
    group_default: str = "show"
    # False: the handler never reads or writes a member's data (a library search), so the
    # app skips finding the person behind the account, a database read per command.
    personal: bool = True

    @property
    def root(self) -> str:
        return self.name.split(" ", 1)[0]

    @property
    def sub(self) -> str | None:
        parts = self.name.split(" ", 1)
        return parts[1] if len(parts) == 2 else None

    def usage(self) -> str:
        return " ".join([f"/{self.name}", *(p.usage() for p in self.params)])


@dataclass(frozen=True)
class Call:
    """One interaction on its way to its handler, resolved once by the app.

    `personal` is False when the handler never reads or writes a member's data (a library
    search, a page of a list), so no step needs to find the person behind the account.
    """

    interaction: Interaction
    personal: bool = True


Next = Callable[[Call], Awaitable[Reply]]
# A cross-cutting step around every handler, as slack-bolt's middleware: it may change the
# call (the actor resolved to its person) and must await `next` to go on.
Middleware = Callable[[Call, "Deps", Next], Awaitable[Reply]]


@dataclass(frozen=True)
class Job:
    """A periodic job for the scheduler: every `seconds`, or at a cron expression's times."""

    name: str
    run: Hook
    seconds: float | None = None
    cron: str | None = None


@dataclass
class Router:
    """One feature's handlers; `include` merges another router's tables into this one."""

    name: str = "app"
    commands: dict[str, tuple[CommandSpec, CommandHandler]] = field(default_factory=dict)
    actions: dict[str, tuple[ActionHandler, bool]] = field(default_factory=dict)
    forms: dict[str, tuple[FormHandler, bool]] = field(default_factory=dict)
    completers: dict[str, Completer] = field(default_factory=dict)
    renderers: dict[str, Renderer] = field(default_factory=dict)
    startup: list[Hook] = field(default_factory=list)
    shutdown: list[Hook] = field(default_factory=list)
    listeners: list[Listener] = field(default_factory=list)
    jobs: dict[str, Job] = field(default_factory=dict)
    impersonal: set[str] = field(default_factory=set)  # actions that need no person
    middleware: list[Middleware] = field(default_factory=list)
    outcomes: list[OutcomeHook] = field(default_factory=list)
    kind_outcomes: dict[str, KindOutcomeHook] = field(default_factory=dict)
    # Run on a chat message (bot/message_commands.py), by the name shown in its menu.
    message_commands: dict[str, MessageCommandSpec] = field(default_factory=dict)

    def command(
        self,
        name: str,
        description: str,
        *,
        params: Sequence[Param] = (),
        organizer_only: bool = False,
        examples: Sequence[str] = (),
        group_default: str = "show",
        personal: bool = True,
    ) -> Callable[[CommandHandler], CommandHandler]:
        spec = CommandSpec(
            name,
            description,
            tuple(params),
            organizer_only,
            tuple(examples),
            group_default,
            personal,
        )
        if len(description) > MAX_DESCRIPTION:
            raise ValueError(f"/{name}: description over {MAX_DESCRIPTION} characters")

        def register(handler: CommandHandler) -> CommandHandler:
            _put(self.commands, name, (spec, handler), "command")
            return handler

        return register

    def action(
        self, name: str, *, organizer_only: bool = False, personal: bool = True
    ) -> Callable[[ActionHandler], ActionHandler]:
        def register(handler: ActionHandler) -> ActionHandler:
            _put(self.actions, name, (handler, organizer_only), "action")
            if not personal:
                self.impersonal.add(name)
            return handler

        return register

    def form(
        self, name: str, *, organizer_only: bool = False
    ) -> Callable[[FormHandler], FormHandler]:
        def register(handler: FormHandler) -> FormHandler:
            _put(self.forms, name, (handler, organizer_only), "form")
            return handler

        return register

    def message_command(
        self, name: str, description: str, *, form: str
    ) -> Callable[[FormHandler], FormHandler]:
        """A command on a message's menu; its handler gets the message as a FormSubmit."""
        spec = MessageCommandSpec(name, form, description)

        def register(handler: FormHandler) -> FormHandler:
            _put(self.message_commands, name, spec, "message command")
            _put(self.forms, form, (handler, False), "form")
            return handler

        return register

    def completer(self, name: str) -> Callable[[Completer], Completer]:
        def register(fn: Completer) -> Completer:
            _put(self.completers, name, fn, "completer")
            return fn

        return register

    def renderer(self, kind: str) -> Callable[[Renderer], Renderer]:
        def register(fn: Renderer) -> Renderer:
            _put(self.renderers, kind, fn, "delivery kind")
            return fn

        return register

    def on_message(self, fn: Listener) -> Listener:
        """Hear plain messages (thread replies) the adapters pass on."""
        self.listeners.append(fn)
        return fn

    def use(self, fn: Middleware) -> Middleware:
        """Run `fn` around every interaction's handler (in the order routers are included)."""
        self.middleware.append(fn)
        return fn

    def on_outcome(self, fn: OutcomeHook) -> OutcomeHook:
        """Hear each delivery that ended, sent or failed."""
        self.outcomes.append(fn)
        return fn

    def on_outcome_of(self, kind: str) -> Callable[[KindOutcomeHook], KindOutcomeHook]:
        """Hear how each delivery of `kind` ended, with its row."""

        def register(fn: KindOutcomeHook) -> KindOutcomeHook:
            _put(self.kind_outcomes, kind, fn, "outcome hook")
            return fn

        return register

    def on_start(self, fn: Hook) -> Hook:
        self.startup.append(fn)
        return fn

    def on_stop(self, fn: Hook) -> Hook:
        """Run when the process stops, before the database closes (errors are logged)."""
        self.shutdown.append(fn)
        return fn

    def every(
        self, name: str, *, seconds: float | None = None, cron: str | None = None
    ) -> Callable[[Hook], Hook]:
        def register(fn: Hook) -> Hook:
            _put(self.jobs, name, Job(name, fn, seconds, cron), "job")
            return fn

        return register

    def include(self, other: Router) -> None:
        for key, command in other.commands.items():
            _put(self.commands, key, command, "command")
        for key, action in other.actions.items():
            _put(self.actions, key, action, "action")
        for key, form in other.forms.items():
            _put(self.forms, key, form, "form")
        for key, completer in other.completers.items():
            _put(self.completers, key, completer, "completer")
        for key, renderer in other.renderers.items():
            _put(self.renderers, key, renderer, "delivery kind")
        for key, job in other.jobs.items():
            _put(self.jobs, key, job, "job")
        for key, hook in other.kind_outcomes.items():
            _put(self.kind_outcomes, key, hook, "outcome hook")
        for key, spec in other.message_commands.items():
            _put(self.message_commands, key, spec, "message command")
        self.impersonal |= other.impersonal
        self.startup.extend(other.startup)
        self.shutdown.extend(other.shutdown)
        self.listeners.extend(other.listeners)
        self.middleware.extend(other.middleware)
        self.outcomes.extend(other.outcomes)

    def specs(self) -> list[CommandSpec]:
        return sorted((spec for spec, _ in self.commands.values()), key=lambda s: s.name)

    def resolve(self, name: str, text: str) -> tuple[CommandSpec, CommandHandler, str] | None:
        """The command a line means: ``resources add foo`` -> (``resources add``, "foo")."""
        name = name.strip().lower().lstrip("/")
        head, _, tail = text.strip().partition(" ")
        sub = f"{name} {head.lower()}"
        if " " not in name and head and sub in self.commands:
            spec, handler = self.commands[sub]
            return spec, handler, tail.strip()
        if name in self.commands:
            spec, handler = self.commands[name]
            return spec, handler, text
        return None


def _put(table: dict[str, H], key: str, value: H, what: str) -> None:
    if key in table:
        raise DuplicateName(f"{what} {key!r} is registered twice")
    table[key] = value
