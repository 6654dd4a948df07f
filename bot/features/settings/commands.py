"""/settings: every choice of the person in one reply; buttons and a form change them.

Linked accounts are one person: each choice is read through the person (storage/members.py
`home()`), so Slack and Discord show and change the same row.
"""

from __future__ import annotations

import logging

from bot.actions import Action
from bot.deps import Deps
from bot.errors import BadInput, NotAllowed
from bot.features.settings.choices import ASK_ZONE, CHOICES, RUN, ZONE_FORM, runnable
from bot.i18n import N_, _
from bot.model import (
    Actor,
    ButtonPress,
    Command,
    Form,
    FormSubmit,
    Input,
    Place,
    Reply,
    Section,
    plain,
)
from bot.params import Params, parse
from bot.router import Router

log = logging.getLogger(__name__)
router = Router("settings")
FOOTER = N_("Only you see this. Linked accounts share these choices.")


async def sections(deps: Deps, actor: Actor) -> list[Section]:
    """One section per choice that has something to say; a failing one is left out."""
    shown = []
    for choice in CHOICES:
        try:
            view = await choice.view(deps, actor)
        except Exception:
            log.exception("the %s choice failed for %s", choice.key, actor.key)
            continue
        if view is not None:
            shown.append(
                Section(title=_(choice.title), text=plain(view.text), buttons=view.buttons)
            )
    return shown


async def panel(deps: Deps, actor: Actor, note: str = "", *, replace: bool = False) -> Reply:
    found = await sections(deps, actor)
    head = Section(title=_("Your settings"), text=plain(note), footer=_(FOOTER))
    # The sections carry every choice; the text (a notification, the console's first line)
    # only names the panel, so the console does not show each choice twice.
    text = note or _("Your settings")
    return Reply(text=text[:2000], sections=(head, *found), replace_original=replace)


@router.command(
    "settings",
    "Your choices in one place: time zone, reminders, journey, digest",
    examples=("/settings",),
)
async def show(cmd: Command, params: Params, deps: Deps) -> Reply:
    return await panel(deps, cmd.actor)


async def run_line(deps: Deps, actor: Actor, place: Place, line: str) -> Reply:
    """Run `/line` as the person, then show the settings with what it said on top (a reply
    that asks something back, with buttons or a form, is shown as it is)."""
    if line not in runnable():
        raise BadInput(_("That button is out of date. Type /settings to see your choices."))
    name, _blank, text = line.partition(" ")
    found = deps.router.resolve(name, text)
    if found is None:
        raise BadInput(
            _("/{command} is not available here. Type /settings to see your choices.").format(
                command=name
            )
        )
    spec, handler, rest = found
    if spec.organizer_only and not actor.is_organizer:
        raise NotAllowed(_("Only organizers can do that."))
    reply = await handler(Command(name, text, actor, place), parse(spec.params, rest, {}), deps)
    if reply.form is not None or any(s.buttons for s in reply.sections):
        return reply
    return await panel(deps, actor, reply.text, replace=True)


@router.action(RUN)
async def run(press: ButtonPress, deps: Deps) -> Reply:
    return await run_line(deps, press.actor, press.place, press.action.arg(0))


@router.action(ASK_ZONE)
async def ask_zone(press: ButtonPress, deps: Deps) -> Reply:
    form = Form(
        Action(ZONE_FORM),
        _("Your time zone"),
        (
            Input(
                "zone",
                _("A city or tz name"),
                placeholder=_("e.g. Chicago or America/Chicago"),
                max_length=100,
            ),
        ),
        submit_label=_("Save"),
    )
    return Reply(text=_("Type a city or a time zone name."), form=form)


@router.form(ZONE_FORM)
async def zone_submitted(submit: FormSubmit, deps: Deps) -> Reply:
    zone = " ".join(str(submit.values.get("zone", "")).split())
    if not zone:
        raise BadInput(_("Type a city (e.g. Chicago) or a time zone name (e.g. America/Chicago)."))
    found = deps.router.resolve("timezone", zone)
    assert found is not None  # events is part of every composition
    spec, handler, rest = found
    command = Command("timezone", zone, submit.actor, submit.place)
    reply = await handler(command, parse(spec.params, rest, {}), deps)
    if any(s.buttons for s in reply.sections):
        return reply  # "Which Springfield?": its buttons set the zone
    return await panel(deps, submit.actor, reply.text)
