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
from bot.features.settings.lines import (
    EVENTS,
    JOURNEY_OPTIN,
    JOURNEY_OPTOUT,
    LANGUAGE_AUTO,
    LANGUAGE_EN,
    LANGUAGE_ES,
    REMINDERS,
    TIMEZONE_AUTO,
)
from bot.i18n import N_, _, ngettext, pgettext
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
    name, _blank, text = line.partition(" ")
    return deps.router.resolve(name, text) is not None


async def _zone(deps: Deps, actor: Actor) -> ChoiceView:
    async with deps.db.read() as session:
        state = await members.zone_state(session, actor.account)
    zone = await events_api.zone_of(deps, actor)
    if state.zone is None:
        text = _(
            "Not set: times show in {zone}, the collaborative's zone (or your device's)."
        ).format(zone=zone)
    elif state.source == "profile":
        text = _("{zone}, from your profile.").format(zone=zone)
    else:
        text = _("{zone} (you chose it).").format(zone=zone)
    change = Button(_("Change time zone"), Action(ASK_ZONE), style="primary")
    shown: tuple[Button, ...] = (change,)
    if state.source == "chosen":
        shown += (run_button(_("Follow my profile"), TIMEZONE_AUTO),)
    return ChoiceView(text, shown)


async def _reminders(deps: Deps, actor: Actor) -> ChoiceView:
    async with deps.db.read() as session:
        subs = await event_store.subscriptions_of(session, *actor.member)
    defaults = deps.settings.section(events_api.EventsSettings).reminder_offsets
    before = _(" and ").join(defaults) or pgettext("no reminder offsets", "no")
    if not subs:
        text = _(
            "No event reminders. Press Going or Maybe under an event in /events: you get a DM "
            "{before} before it by default."
        ).format(before=before)
        return ChoiceView(text, (run_button(_("Upcoming events"), EVENTS),))
    count = len(subs)
    text = ngettext(
        "Reminders for {n} event (by default {before} before). "
        "Change or cancel each one in /reminders.",
        "Reminders for {n} events (by default {before} before). "
        "Change or cancel each one in /reminders.",
        count,
    ).format(n=count, before=before)
    return ChoiceView(text, (run_button(_("My reminders"), REMINDERS),))


async def _journey(deps: Deps, actor: Actor) -> ChoiceView | None:
    if not installed(deps, JOURNEY_OPTOUT):
        return None
    async with deps.db.read() as session:
        opted_out = await members.is_opted_out(session, actor.account)
    if opted_out:
        return ChoiceView(
            _("Opted out: your journey replies are not kept."),
            (run_button(_("Opt in"), JOURNEY_OPTIN, "primary"),),
        )
    return ChoiceView(
        _("Taking part: your replies in journey threads are kept for the quarter's summary."),
        (run_button(_("Opt out"), JOURNEY_OPTOUT),),
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
        run_button("Español", LANGUAGE_ES),
        run_button("English", LANGUAGE_EN),
        run_button(_("Auto"), LANGUAGE_AUTO),
    )
    return ChoiceView(summary, buttons)


# Titles are marked here and translated where shown (commands.sections).
CHOICES: tuple[Choice, ...] = (
    Choice("timezone", N_("Time zone"), _zone, (TIMEZONE_AUTO,)),
    Choice(REMINDERS, N_("Reminder times"), _reminders, (EVENTS, REMINDERS)),
    Choice("journey", N_("Learning journey"), _journey, (JOURNEY_OPTOUT, JOURNEY_OPTIN)),
    Choice("digest", N_("Digest"), _digest),
    Choice("language", N_("Language"), _language, (LANGUAGE_ES, LANGUAGE_EN, LANGUAGE_AUTO)),
)


def runnable() -> frozenset[str]:
    return frozenset(line for choice in CHOICES for line in choice.commands)
