"""The choices /settings shows, one per feature, in order: a small registry.

A choice is a title and a function that tells one person's current choice in a sentence,
with the buttons that change it. Buttons either belong to the owning feature (the digest's
Weekly / Monthly / Off) or run one of that feature's own commands for the person
(`run_button`: ``/journey optout``), so every change goes through the same checks and words
as the command. To add a choice (a language, say), write its `view` with the feature's
`api.py` and add it to `CHOICES`; a choice whose command is not installed shows nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.actions import Action
from bot.deps import Deps
from bot.features.digest import api as digest_api
from bot.features.events import api as events_api
from bot.features.members import api as members_api
from bot.model import Actor, Button
from storage import events as event_store
from storage import members

RUN = "settings.run"
ZONE_FORM = "settings.zone"
ASK_ZONE = "settings.ask_zone"


@dataclass(frozen=True)
class ChoiceView:
    text: str
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class Choice:
    key: str
    title: str
    view: Callable[[Deps, Actor], Awaitable[ChoiceView | None]]
    # The commands its buttons may run for the person (nothing else runs from a button).
    commands: tuple[str, ...] = ()


def run_button(label: str, line: str, style: str = "default") -> Button:
    """A button that runs `/line` for whoever presses it (it must be in a choice's commands)."""
    return Button(label, Action(RUN, (line,)), style=style)  # type: ignore[arg-type]


def installed(deps: Deps, line: str) -> bool:
    name, _, text = line.partition(" ")
    return deps.router.resolve(name, text) is not None


async def _zone(deps: Deps, actor: Actor) -> ChoiceView:
    async with deps.db.read() as session:
        state = await members.zone_state(session, actor.account)
    zone = await events_api.zone_of(deps, actor)
    if state.zone is None:
        text = f"Not set: times show in {zone}, the collaborative's zone (or your device's)."
    elif state.source == "profile":
        text = f"{zone}, from your profile."
    else:
        text = f"{zone} (you chose it)."
    shown: tuple[Button, ...] = (Button("Change time zone", Action(ASK_ZONE), style="primary"),)
    if state.source == "chosen":
        shown += (run_button("Follow my profile", "timezone auto"),)
    return ChoiceView(text, shown)


async def _reminders(deps: Deps, actor: Actor) -> ChoiceView:
    async with deps.db.read() as session:
        subs = await event_store.subscriptions_of(session, *actor.member)
    defaults = deps.settings.section(events_api.EventsSettings).reminder_offsets
    before = " and ".join(defaults) or "no"
    if not subs:
        text = (
            f"No event reminders. Press Going or Maybe under an event in /events: you get a DM "
            f"{before} before it by default."
        )
        return ChoiceView(text, (run_button("Upcoming events", "events"),))
    count = len(subs)
    text = (
        f"Reminders for {count} event{'s' if count != 1 else ''} (by default {before} "
        "before). Change or cancel each one in /reminders."
    )
    return ChoiceView(text, (run_button("My reminders", "reminders"),))


async def _journey(deps: Deps, actor: Actor) -> ChoiceView | None:
    if not installed(deps, "journey optout"):
        return None
    async with deps.db.read() as session:
        opted_out = await members.is_opted_out(session, actor.account)
    if opted_out:
        return ChoiceView(
            "Opted out: your journey replies are not kept.",
            (run_button("Opt in", "journey optin", "primary"),),
        )
    return ChoiceView(
        "Taking part: your replies in journey threads are kept for the quarter's summary.",
        (run_button("Opt out", "journey optout"),),
    )


async def _digest(deps: Deps, actor: Actor) -> ChoiceView:
    found = await digest_api.choice(deps, actor)
    return ChoiceView(found.text, found.buttons)


async def _language(deps: Deps, actor: Actor) -> ChoiceView | None:
    if not installed(deps, "language"):
        return None
    summary = await members_api.language_summary(actor, deps)
    # Each language in its own name, so a reader of either finds theirs.
    buttons = (
        run_button("Español", "language es"),
        run_button("English", "language en"),
        run_button("Auto", "language auto"),
    )
    return ChoiceView(summary, buttons)


CHOICES: tuple[Choice, ...] = (
    Choice("timezone", "Time zone", _zone, ("timezone auto",)),
    Choice("reminders", "Reminder times", _reminders, ("events", "reminders")),
    Choice("journey", "Learning journey", _journey, ("journey optout", "journey optin")),
    Choice("digest", "Digest", _digest),
    Choice("language", "Language", _language, ("language es", "language en", "language auto")),
)


def runnable() -> frozenset[str]:
    return frozenset(line for choice in CHOICES for line in choice.commands)
