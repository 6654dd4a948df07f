"""/digest: weekly, monthly or off, optionally on a day and at a time; its buttons and form."""

from __future__ import annotations

from bot.actions import Action
from bot.deps import Deps
from bot.errors import BadInput, FormErrors
from bot.features.digest import jobs, render  # noqa: F401  (the job and renderer register)
from bot.features.digest.choice import HOW, Asked, read, read_day, read_frequency, read_time
from bot.features.digest.jobs import queue_next, withdraw
from bot.features.digest.plans import plan_of, words, zone_info, zone_name
from bot.features.digest.render import SET
from bot.features.digest.router import router
from bot.features.digest.schedule import DAYS, FREQUENCIES, MONTHLY, OFF, WEEKLY, next_due
from bot.features.digest.settings import DigestSettings
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
        Button("Weekly", Action(SET, (WEEKLY,)), style="primary"),
        Button("Monthly", Action(SET, (MONTHLY,))),
        Button("Off", Action(SET, (OFF,)), style="danger"),
    ]
    shown = [b for b, f in zip(offered, FREQUENCIES, strict=True) if f != frequency]
    return (*shown, Button("Change day and time", Action(CHANGE)))


async def status(deps: Deps, actor: Actor) -> tuple[str, str]:
    """The member's digest in words, and its frequency (weekly, monthly or off)."""
    async with deps.db.read() as session:
        row = await members.row(session, actor.account)
    settings = deps.settings.section(DigestSettings)
    plan = plan_of(row, settings)
    if plan is None:
        return "You get no digest.", OFF
    zone = await zone_name(deps, actor)
    local = zone_info(zone, deps)
    due = next_due(plan, local, deps.clock.now()).astimezone(local)
    missed = row is not None and row.digest_misses >= jobs.MAX_MISSES
    text = f"Your digest comes {words(plan)}, your time ({zone}); the next is due {due:%a %b %-d}."
    if row is None or row.digest_frequency is None:
        text += " (That is the collaborative's default.)"
    if missed:
        text += " The last ones could not reach you, so it is paused: choose again to restart it."
    return text, plan.frequency


async def show(deps: Deps, actor: Actor) -> Reply:
    text, frequency = await status(deps, actor)
    text += " An empty digest is never sent."
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
        text = "Done: no more digests. /digest weekly or /digest monthly starts them again."
        return Reply(text=text, replace_original=replace)
    zone = await zone_name(deps, actor)
    async with deps.db.session() as session:
        row = await members.row(session, actor.account)
        assert row is not None
        await queue_next(session, deps, row, zone)
    text, _ = await status(deps, actor)
    text = f"Done. {text} An empty digest is never sent; /digest off stops it."
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
        raise BadInput(f"That button is out of date. {HOW}")
    return await choose(deps, press.actor, Asked(frequency), replace=True)


@router.action(CHANGE)
async def change(press: ButtonPress, deps: Deps) -> Reply:
    async with deps.db.read() as session:
        row = await members.row(session, press.actor.account)
    plan = plan_of(row, deps.settings.section(DigestSettings))
    settings = deps.settings.section(DigestSettings)
    frequency = plan.frequency if plan else WEEKLY
    day = DAYS[plan.day if plan else settings.weekday].title()
    at = plan.at if plan else settings.time
    form = Form(
        Action(WHEN),
        "Your digest",
        (
            Input(
                "frequency", "How often: weekly, monthly or off", initial=frequency, max_length=10
            ),
            Input("day", "Day of the week", initial=day, max_length=12),
            Input("time", "Time, in your own zone (e.g. 9:00)", initial=at, max_length=10),
        ),
        submit_label="Save",
    )
    return Reply(text="Choose how often, which day and what time.", form=form)


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
