"""The core's front door: one interaction in, one reply out, every error made human."""

from __future__ import annotations

import logging
from collections.abc import Sequence
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
from bot.features.events.commands import router as events
from bot.features.help import commands as help_feature
from bot.features.housekeeping import jobs as housekeeping
from bot.features.insights.activity import ActivityTracker
from bot.features.insights.commands import router as insights
from bot.features.journey.commands import router as journey
from bot.features.members import link, people
from bot.features.ops import activity
from bot.features.privacy import commands as privacy
from bot.features.resources.commands import router as resources
from bot.features.resources.sharing import router as sharing
from bot.features.topics.commands import router as topics
from bot.model import ButtonPress, Command, FormSubmit, Interaction, Message, Reply
from bot.params import parse
from bot.router import Router

log = logging.getLogger(__name__)
EXPIRED = "That button is from an older version of the bot. Please run the command again."
OUT_OF_DATE = "That button is out of date. Please run the command again."
FEATURES: tuple[Router, ...] = (
    help_feature.router,
    housekeeping.router,
    privacy.router,
    link.router,
    resources,
    sharing,
    events,
    topics,
    journey,
    insights,
)


def build_router(extra: Sequence[Router] = ()) -> Router:
    """Every feature's tables in one router; a duplicate name fails here, at start."""
    router = Router("app")
    for feature in (*FEATURES, *extra):
        router.include(feature)
    return router


def is_database_outage(error: BaseException) -> bool:
    if isinstance(error, OperationalError | PoolTimeout | ConnectionError | TimeoutError):
        return True
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, OSError)


class App:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self.router = deps.router
        self.activity = ActivityTracker()

    async def handle(self, interaction: Interaction) -> Reply:
        activity.note(self.deps, "commands handled")
        try:
            if self._personal(interaction):
                interaction = await self._resolved(interaction)
            reply = await self._dispatch(interaction)
            # Only what succeeded counts as activity: a refused press changes nothing.
            await self.activity.note(self.deps, interaction.actor)
            return reply
        except UserError as error:
            return Reply(text=error.message, private=True)
        except ActionIdError:
            return Reply(text=OUT_OF_DATE, private=True)
        except FormErrors as error:
            lines = "\n".join(f"{field}: {message}" for field, message in error.errors.items())
            return Reply(
                text=f"Please fix these and submit again:\n{lines}", form_errors=error.errors
            )
        except Unavailable:
            return Reply(text=TRY_AGAIN, private=True)
        except Exception as error:
            if is_database_outage(error):
                log.warning(
                    "database unavailable while handling %s: %s", _describe(interaction), error
                )
                return Reply(text=TRY_AGAIN, private=True)
            log.exception("unexpected error while handling %s", _describe(interaction))
            return Reply(text=APOLOGY, private=True)

    def _personal(self, interaction: Interaction) -> bool:
        """Whether the handler may use the member's data (so needs their person key)."""
        if isinstance(interaction, Command):
            found = self.router.resolve(interaction.name, interaction.text)
            return found is None or found[0].personal
        if isinstance(interaction, ButtonPress):
            return interaction.action.name not in self.router.impersonal
        return True

    async def _resolved(self, interaction: Interaction) -> Interaction:
        """The actor as one person across linked accounts; unresolved if the database is out
        (a command that needs no database, such as /help, still answers)."""
        try:
            return await people.resolve(interaction, self.deps)
        except Exception as error:
            if not is_database_outage(error):
                raise
            return interaction

    async def hear(self, message: Message) -> None:
        """Pass a plain message to every listener; a failing listener never hurts the others."""
        for listener in self.router.listeners:
            try:
                await listener(message, self.deps)
            except Exception:
                log.exception("listener failed on a message from %s", message.actor.key)

    async def _dispatch(self, interaction: Interaction) -> Reply:
        if isinstance(interaction, Command):
            return await self._command(interaction)
        if isinstance(interaction, ButtonPress):
            entry = self.router.actions.get(interaction.action.name)
            if entry is None:
                raise NotFound(EXPIRED)
            handler, organizer_only = entry
            _allow(organizer_only, interaction)
            return await handler(interaction, self.deps)
        entry_form = self.router.forms.get(interaction.form.name)
        if entry_form is None:
            raise NotFound(EXPIRED)
        form_handler, organizer_only = entry_form
        _allow(organizer_only, interaction)
        return await form_handler(interaction, self.deps)

    async def _command(self, command: Command) -> Reply:
        found = self.router.resolve(command.name, command.text)
        if found is None:
            raise NotFound(self._unknown(command.name))
        spec, handler, text = found
        if spec.organizer_only and not command.actor.is_organizer:
            raise NotAllowed(ORGANIZERS_ONLY)
        params = parse(spec.params, text, command.options)
        return await handler(command, params, self.deps)

    def _unknown(self, name: str) -> str:
        roots = sorted({spec.root for spec in self.router.specs()})
        close = get_close_matches(name.lower().lstrip("/"), roots, n=1)
        hint = f" Did you mean /{close[0]}?" if close else ""
        return f"I don't know /{name.lstrip('/')[:40]}.{hint} Type /help to see what I can do."

    def decode(self, encoded: str) -> Action:
        """An action from a component id; a foreign or broken id becomes a polite NotFound."""
        try:
            return Action.decode(encoded)
        except ValueError:
            raise NotFound(EXPIRED) from None


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
