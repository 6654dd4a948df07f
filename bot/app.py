"""The core's front door: one interaction in, one reply out, every error made human."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from difflib import get_close_matches

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from bot.actions import Action, ActionIdError
from bot.deps import Deps
from bot.errors import (
    APOLOGY,
    ORGANIZERS_ONLY,
    TRY_AGAIN,
    FormErrors,
    NotAllowed,
    NotFound,
    Unavailable,
    UserError,
)
from bot.i18n import N_, _, speak
from bot.i18n.reader import default_speaking
from bot.model import ButtonPress, Command, FormSubmit, Interaction, Message, Reply
from bot.params import parse
from bot.router import Call, Middleware, Next

log = logging.getLogger(__name__)
EXPIRED = N_("That button is from an older version of the bot. Please run the command again.")
OUT_OF_DATE = N_("That button is out of date. Please run the command again.")


def is_database_outage(error: BaseException) -> bool:
    if isinstance(error, OperationalError | PoolTimeout | ConnectionError | TimeoutError):
        return True
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, OSError)


Run = Callable[[Interaction], Awaitable[Reply]]


class App:
    """Every interaction: resolved to its handler once, passed through the middleware the
    features registered (in composition order), run, and any error turned into a reply."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self.router = deps.router

    async def handle(self, interaction: Interaction) -> Reply:
        # The call's language: the platform's word until the members step reads the
        # person's own choice; errors below are told in whichever it ended up as.
        bot = self.deps.settings.bot
        with speak(default_speaking(bot, interaction.actor.locale)):
            return await self._answer(interaction)

    async def _answer(self, interaction: Interaction) -> Reply:
        try:
            call, run = self._route(interaction)
            return await self._through(self.router.middleware, run)(call)
        except UserError as error:
            # A message built in the handler is translated already; a marked constant
            # (ORGANIZERS_ONLY) is translated here.
            return Reply(text=_(error.message), private=True)
        except ActionIdError:
            return Reply(text=_(OUT_OF_DATE), private=True)
        except FormErrors as error:
            lines = "\n".join(f"{field}: {message}" for field, message in error.errors.items())
            return Reply(
                text=_("Please fix these and submit again:") + f"\n{lines}",
                form_errors=error.errors,
            )
        except Unavailable:
            return Reply(text=_(TRY_AGAIN), private=True)
        except Exception as error:
            if is_database_outage(error):
                log.warning(
                    "database unavailable while handling %s: %s", _describe(interaction), error
                )
                return Reply(text=_(TRY_AGAIN), private=True)
            log.exception("unexpected error while handling %s", _describe(interaction))
            return Reply(text=_(APOLOGY), private=True)

    def personal(self, name: str, text: str) -> bool:
        """Whether the command `/name text` may use the member's data (their person key,
        their time zone); False for one registered with personal=False. Adapters ask it to
        leave a search's profile look-up until after the answer."""
        found = self.router.resolve(name, text)
        return found is None or found[0].personal

    def _through(self, steps: list[Middleware], run: Run) -> Next:
        """`run` wrapped in `steps`, the first outermost."""

        async def last(call: Call) -> Reply:
            return await run(call.interaction)

        chain: Next = last
        for step in reversed(steps):
            chain = _link(step, self.deps, chain)
        return chain

    def _route(self, interaction: Interaction) -> tuple[Call, Run]:
        """The handler an interaction goes to, found once; an unknown name or an expired
        button still passes the middleware (it counts) and fails at the end, politely."""
        if isinstance(interaction, Command):
            found = self.router.resolve(interaction.name, interaction.text)
            if found is None:
                name = interaction.name
                # Worded when it runs, in the language the members step chose.
                return Call(interaction), self._fail(lambda: NotFound(self._unknown(name)))
            spec, handler, text = found

            async def command(current: Interaction) -> Reply:
                assert isinstance(current, Command)
                if spec.organizer_only and not current.actor.is_organizer:
                    raise NotAllowed(ORGANIZERS_ONLY)
                return await handler(current, parse(spec.params, text, current.options), self.deps)

            return Call(interaction, spec.personal), command
        if isinstance(interaction, ButtonPress):
            entry = self.router.actions.get(interaction.action.name)
            personal = interaction.action.name not in self.router.impersonal
            if entry is None:
                return Call(interaction, personal), self._fail(lambda: NotFound(EXPIRED))
            action, organizer_only = entry

            async def press(current: Interaction) -> Reply:
                assert isinstance(current, ButtonPress)
                _allow(organizer_only, current)
                return await action(current, self.deps)

            return Call(interaction, personal), press
        form_entry = self.router.forms.get(interaction.form.name)
        if form_entry is None:
            return Call(interaction), self._fail(lambda: NotFound(EXPIRED))
        form, form_organizer_only = form_entry

        async def submit(current: Interaction) -> Reply:
            assert isinstance(current, FormSubmit)
            _allow(form_organizer_only, current)
            return await form(current, self.deps)

        return Call(interaction), submit

    @staticmethod
    def _fail(error: Callable[[], Exception]) -> Run:
        async def fail(current: Interaction) -> Reply:
            raise error()

        return fail

    async def hear(self, message: Message) -> None:
        """Pass a plain message to every listener; a failing listener never hurts the others."""
        for listener in self.router.listeners:
            try:
                await listener(message, self.deps)
            except Exception:
                log.exception("listener failed on a message from %s", message.actor.key)

    def _unknown(self, name: str) -> str:
        roots = sorted({spec.root for spec in self.router.specs()})
        close = get_close_matches(name.lower().lstrip("/"), roots, n=1)
        unknown = name.lstrip("/")[:40]
        if close:
            return _(
                "I don't know /{name}. Did you mean /{close}? Type /help to see what I can do."
            ).format(name=unknown, close=close[0])
        return _("I don't know /{name}. Type /help to see what I can do.").format(name=unknown)

    def decode(self, encoded: str) -> Action:
        """An action from a component id; a foreign or broken id becomes a polite NotFound."""
        try:
            return Action.decode(encoded)
        except ValueError:
            raise NotFound(EXPIRED) from None


def _link(step: Middleware, deps: Deps, after: Next) -> Next:
    async def link(call: Call) -> Reply:
        return await step(call, deps, after)

    return link


def _allow(organizer_only: bool, interaction: ButtonPress | FormSubmit) -> None:
    if organizer_only and not interaction.actor.is_organizer:
        raise NotAllowed(ORGANIZERS_ONLY)


def _describe(interaction: Interaction) -> str:
    actor = interaction.actor
    if isinstance(interaction, Command):
        what = f"/{interaction.name}"
    elif isinstance(interaction, ButtonPress):
        what = f"button {interaction.action.name}"
    else:
        what = f"form {interaction.form.name}"
    return f"{what} from {actor.key} in {interaction.place.platform}:{interaction.place.channel_id}"
