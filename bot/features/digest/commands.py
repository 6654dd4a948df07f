"""/digest: weekly, monthly or off, optionally on a day and at a time; its buttons and form."""

from __future__ import annotations

from bot.actions import Action
from bot.deps import Deps
from bot.errors import BadInput, FormErrors
from bot.features.digest import jobs, render  # noqa: F401  (the job and renderer register)
from bot.features.digest.choice import HOW, Asked, read, read_day, read_frequency, read_time
from bot.features.digest.jobs import queue_next, withdraw
from bot.features.digest.plans import DAY_NAMES, plan_of, words, zone_info, zone_name
from bot.features.digest.render import SET
from bot.features.digest.router import router
from bot.features.digest.schedule import FREQUENCIES, MONTHLY, OFF, WEEKLY, next_due
from bot.features.digest.settings import DigestSettings
from bot.i18n import _
from bot.i18n.dates import weekday_date
from bot.model import (
    Actor,
    Button,
    ButtonPress,
    Command,
    Form,
    FormSubmit,
    Input,
    Reply,
    Section,
    plain,
)
from bot.params import Param, Params
from bot.words import counted
from storage import members

__all__ = ["router"]
CHANGE = "digest.change"
WHEN = "digest.when"


def buttons(frequency: str) -> tuple[Button, ...]:
    """Weekly / Monthly / Off (the current one left out), and Change day and time."""
    offered = [
        Button(_("Weekly"), Action(SET, (WEEKLY,)), style="primary"),
        Button(_("Monthly"), Action(SET, (MONTHLY,))),
        Button(_("Off"), Action(SET, (OFF,)), style="danger"),
    ]
    shown = [b for b, f in zip(offered, FREQUENCIES, strict=True) if f != frequency]
    return (*shown, Button(_("Change day and time"), Action(CHANGE)))


async def status(deps: Deps, actor: Actor) -> tuple[str, str]:
    """The member's digest in words, and its frequency (weekly, monthly or off)."""
    async with deps.db.read() as session:
        row = await members.row(session, actor.account)
    settings = deps.settings.section(DigestSettings)
    plan = plan_of(row, settings)
    if plan is None:
        return _("You get no digest."), OFF
    zone = await zone_name(deps, actor)
    local = zone_info(zone, deps)
    due = next_due(plan, local, deps.clock.now()).astimezone(local)
    missed = row is not None and row.digest_misses >= jobs.MAX_MISSES
    text = _("Your digest comes {plan}, your time ({zone}); the next is due {due}.").format(
        plan=words(plan), zone=zone, due=weekday_date(due.date())
    )
    if row is None or row.digest_frequency is None:
        text += " " + _("(That is the collaborative's default.)")
    if missed:
        text += " " + _(
            "The last ones could not reach you, so it is paused: choose again to restart it."
        )
    return text, plan.frequency


async def show(deps: Deps, actor: Actor) -> Reply:
    text, frequency = await status(deps, actor)
    text += " " + _("An empty digest is never sent.")
    sections = [Section(text=plain(text), buttons=buttons(frequency))]
    if actor.is_organizer:
        sections.append(await _reach(deps))
    return Reply(text=text, sections=tuple(sections))


async def _reach(deps: Deps) -> Section:
    """For organizers: how many chose a digest, and how many are paused (unreachable)."""
    async with deps.db.read() as session:
        chosen = await members.digest_chosen(session)
        paused = await members.digest_unreachable(session, jobs.MAX_MISSES)
    default = deps.settings.section(DigestSettings).default
    text = (
        f"{counted(chosen, 'member chose', 'members chose')} a weekly or monthly digest "
        f"(the default is {default}). {counted(paused, 'member gets', 'members get')} none "
        f"because the last {jobs.MAX_MISSES} could not reach them (left, or DMs closed); "
        "/events failed shows each refusal."
    )
    return Section(title="Digests (organizers)", text=plain(text))


async def choose(deps: Deps, actor: Actor, asked: Asked, *, replace: bool = False) -> Reply:
    """Keep the member's choice (a day or time left out stays what it was) and queue the next
    digest at once, withdrawing the one queued for the old choice."""
    assert asked.frequency is not None
    now = deps.clock.now()
    async with deps.db.session() as session:
        row = await members.row(session, actor.account)
        day = asked.day if asked.day is not None else (row.digest_day if row else None)
        at = asked.at or (row.digest_time if row else None)
        await members.set_digest(
            session, actor.account, asked.frequency, day, at, now, actor.display_name
        )
        await withdraw(session, actor.key)
    if asked.frequency == OFF:
        text = _("Done: no more digests. /digest weekly or /digest monthly starts them again.")
        return Reply(text=text, replace_original=replace)
    zone = await zone_name(deps, actor)
    async with deps.db.session() as session:
        row = await members.row(session, actor.account)
        assert row is not None
        await queue_next(session, deps, row, zone)
    text = (await status(deps, actor))[0]
    text = _("Done. {status} An empty digest is never sent; /digest off stops it.").format(
        status=text
    )
    return Reply(text=text, replace_original=replace)


@router.command(
    "digest",
    "A weekly or monthly direct message of what is new for you, or off",
    params=(
        Param(
            "choice",
            "weekly, monthly or off; optionally on <day> at <time>",
            kind="rest",
        ),
    ),
    examples=(
        "/digest",
        "/digest weekly",
        "/digest monthly on Friday at 8:00",
        "/digest weekly at 7am",
        "/digest off",
    ),
)
async def digest(cmd: Command, params: Params, deps: Deps) -> Reply:
    asked = read(params.text("choice"))
    if asked.frequency is None:
        return await show(deps, cmd.actor)
    return await choose(deps, cmd.actor, asked)


@router.action(SET)
async def set_frequency(press: ButtonPress, deps: Deps) -> Reply:
    frequency = press.action.arg(0)
    if frequency not in FREQUENCIES:
        raise BadInput(_("That button is out of date. {how}").format(how=_(HOW)))
    return await choose(deps, press.actor, Asked(frequency), replace=True)


@router.action(CHANGE)
async def change(press: ButtonPress, deps: Deps) -> Reply:
    async with deps.db.read() as session:
        row = await members.row(session, press.actor.account)
    plan = plan_of(row, deps.settings.section(DigestSettings))
    settings = deps.settings.section(DigestSettings)
    frequency = plan.frequency if plan else WEEKLY
    day = _(DAY_NAMES[plan.day if plan else settings.weekday])
    at = plan.at if plan else settings.time
    form = Form(
        Action(WHEN),
        _("Your digest"),
        (
            Input(
                "frequency",
                _("How often: weekly, monthly or off"),
                initial=frequency,
                max_length=10,
            ),
            Input("day", _("Day of the week"), initial=day, max_length=12),
            Input("time", _("Time, in your own zone (e.g. 9:00)"), initial=at, max_length=10),
        ),
        submit_label=_("Save"),
    )
    return Reply(text=_("Choose how often, which day and what time."), form=form)


@router.form(WHEN)
async def when_submitted(submit: FormSubmit, deps: Deps) -> Reply:
    values = submit.values
    errors: dict[str, str] = {}
    found: dict[str, object] = {}
    for name, reader in (("frequency", read_frequency), ("day", read_day), ("time", read_time)):
        try:
            found[name] = reader(str(values.get(name, "")))
        except BadInput as error:
            errors[name] = error.message
    if errors:
        raise FormErrors(errors)
    day = found["day"]
    assert isinstance(day, int)
    asked = Asked(str(found["frequency"]), day, str(found["time"]))
    return await choose(deps, submit.actor, asked)
