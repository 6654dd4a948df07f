"""The journey feature's commands, its prompt renderer, its scheduling job and its listener."""

from __future__ import annotations

import json
import logging

from bot.actions import Action
from bot.deps import Deps
from bot.errors import BadInput, NotFound
from bot.features.journey import goals, mine, personal, posting, replies
from bot.features.journey.render import placeholder_values, prompt_reply, spanish_values
from bot.features.journey.schedule import QuarterId, Slot
from bot.features.journey.settings import JourneySettings
from bot.features.journey.show import journey_home
from bot.features.journey.summary import prompt_label, summary
from bot.i18n import N_, _, ngettext
from bot.limits import REPLY_TEXT, cut
from bot.model import Button, ButtonPress, Command, Message, Place, Reply, Section, plain
from bot.params import Param, Params
from bot.router import Router
from storage import journey as store
from storage.models.deliveries import Delivery

log = logging.getLogger(__name__)
router = Router("journey")
router.include(goals.router)
router.include(mine.router)
SCHEDULE_SECONDS = 300
SWITCHED_OFF = N_("The Learning Journey is switched off ([journey] enabled = false in config).")


async def render_slot(deps: Deps, slot: Slot) -> Reply:
    values = await placeholder_values(deps, slot.quarter, slot.content)
    spanish = await spanish_values(deps, slot.quarter, slot.content)
    return prompt_reply(slot.quarter, slot.content, slot.prompt, values, spanish)


@router.renderer(posting.KIND)
async def render_prompt(delivery: Delivery, deps: Deps) -> Reply | None:
    """Rendered at send time, so placeholders are fresh; None when it should not go out."""
    if not deps.settings.section(JourneySettings).enabled:
        return None
    about = json.loads(delivery.payload)
    quarter = QuarterId.parse(about["quarter"])
    content = posting.content_of(deps).for_quarter(quarter.year, quarter.number)
    prompt = content.prompt(about["prompt"]) if content else None
    target = Place(delivery.platform, delivery.target_id)
    if content is None or prompt is None or not posting.configured(deps, target):
        return None
    async with deps.db.read() as session:
        if (str(quarter), prompt.id) in await store.skipped(session):
            return None
    # A channel post, rendered in [bot] language: Spanish text given too is shown after it.
    values = await placeholder_values(deps, quarter, content)
    spanish = await spanish_values(deps, quarter, content)
    return prompt_reply(quarter, content, prompt, values, spanish)


@router.every("journey.schedule", seconds=SCHEDULE_SECONDS)
async def schedule_prompts(deps: Deps) -> None:
    await posting.materialize(deps)


@router.every("journey.personal", seconds=SCHEDULE_SECONDS)
async def personal_dms(deps: Deps) -> None:
    await personal.run(deps)


@router.on_start
async def schedule_on_start(deps: Deps) -> None:
    if deps.settings.section(JourneySettings).enabled and not posting.journey_places(deps):
        log.warning("the Learning Journey is enabled but no journey channel is configured")
    if deps.settings.section(JourneySettings).enabled and not posting.content_of(deps).quarters:
        log.warning(
            "the Learning Journey has no content: set [journey] content_file, "
            "or [bot] starter_pack = true for the shipped starter set"
        )
    await posting.materialize(deps)
    await personal.run(deps)


@router.on_message
async def hear_reply(message: Message, deps: Deps) -> None:
    await replies.record(message, deps)


@router.command(
    "journey",
    "This quarter's learning theme, its prompt, links and how to take part",
    examples=("/journey",),
    group_default="show",
)
async def show(cmd: Command, params: Params, deps: Deps) -> Reply:
    if not deps.settings.section(JourneySettings).enabled:
        raise NotFound(_(SWITCHED_OFF))
    return await journey_home(deps, cmd.actor)


async def _next(deps: Deps) -> Slot:
    if not deps.settings.section(JourneySettings).enabled:
        raise NotFound(SWITCHED_OFF)
    slot = await posting.next_slot(deps)
    if slot is None:
        raise NotFound("No journey prompt is coming up: add the next quarter's content first.")
    if not posting.journey_places(deps):
        raise NotFound("No journey channel is configured ([<platform>.channels] journey).")
    return slot


def _when(deps: Deps, slot: Slot) -> str:
    return f"{slot.due.astimezone(deps.settings.bot.zone):%a %b %d %Y, %H:%M %Z}"


def _name(slot: Slot) -> str:
    return f"{slot.quarter} {prompt_label(slot.content, slot.prompt.id).lower()}"


@router.command(
    "journey preview",
    "Organizers: the next journey post, exactly as it will be posted",
    organizer_only=True,
    examples=("/journey preview",),
)
async def preview(cmd: Command, params: Params, deps: Deps) -> Reply:
    slot = await _next(deps)
    post = await render_slot(deps, slot)
    count = len(posting.journey_places(deps))
    note = (
        f"Preview of the {_name(slot)}, due {_when(deps, slot)} in {count} journey "
        f"channel{'' if count == 1 else 's'}. /journey post-now sends it now, /journey skip "
        "skips it."
    )
    return Reply(text=cut(f"{note}\n\n{post.text}", REPLY_TEXT), sections=post.sections)


POST_NOW = "journey.post_now"


@router.command(
    "journey post-now",
    "Organizers: post the next journey prompt to every journey channel now (asks first)",
    organizer_only=True,
    examples=("/journey post-now",),
)
async def post_now(cmd: Command, params: Params, deps: Deps) -> Reply:
    slot = await _next(deps)
    count = len(posting.journey_places(deps))
    belongs = f"It belongs to {slot.quarter} and is due {_when(deps, slot)}"
    current = posting.current_quarter(deps)
    if slot.quarter != current:
        weeks = max((slot.due - deps.clock.now()).days // 7, 0)
        belongs += (
            f": that is next quarter's, {weeks} week{'' if weeks == 1 else 's'} early, and "
            f"replies to it count for {slot.quarter} (/journey summary {slot.quarter})"
        )
    left = _left_after(slot)
    text = (
        f"Post the {_name(slot)} to {count} journey channel{'' if count == 1 else 's'} now? "
        f"{belongs}. After it, {left} prompt{'' if left == 1 else 's'} "
        f"{'is' if left == 1 else 'are'} left for {slot.quarter}."
    )
    button = Button(
        "Post it now", Action(POST_NOW, (str(slot.quarter), slot.prompt.id)), style="primary"
    )
    return Reply(text=text, sections=(Section(text=plain(text), buttons=(button,)),))


def _left_after(slot: Slot) -> int:
    ids = [p.id for p in slot.content.prompts]
    return len(ids) - ids.index(slot.prompt.id) - 1 if slot.prompt.id in ids else 0


@router.action(POST_NOW, organizer_only=True)
async def post_now_confirmed(press: ButtonPress, deps: Deps) -> Reply:
    slot = await _next(deps)
    if (str(slot.quarter), slot.prompt.id) != (press.action.arg(0), press.action.arg(1)):
        raise NotFound("The next prompt is not that one any more; run /journey post-now again.")
    outcome = await posting.post_now(deps, slot)
    text = f"The {_name(slot)} is on its way to {outcome.queued} journey channel(s)."
    if outcome.already:
        text += (
            f" {outcome.already} channel(s) already had it (posted, or given up on), so it is"
            " not posted there again."
        )
    return Reply(text=text, replace_original=True)


@router.command(
    "journey skip",
    "Organizers: skip the next journey prompt (it will not be posted)",
    organizer_only=True,
    examples=("/journey skip",),
)
async def skip(cmd: Command, params: Params, deps: Deps) -> Reply:
    slot = await _next(deps)
    withdrawn = await posting.skip(deps, slot, by=cmd.actor.key)
    return Reply(
        text=f"Skipped the {_name(slot)} (due {_when(deps, slot)}); "
        f"{withdrawn} queued post(s) withdrawn."
    )


@router.command(
    "journey summary",
    "Organizers: replies per prompt and platform, participants and recent replies",
    params=(Param("quarter", "A quarter like 2026-Q1 (default: this one)"),),
    organizer_only=True,
    examples=("/journey summary", "/journey summary 2026-Q1"),
)
async def summarize(cmd: Command, params: Params, deps: Deps) -> Reply:
    wanted = params.text("quarter")
    try:
        quarter = QuarterId.parse(wanted) if wanted else await _latest_quarter(deps)
    except ValueError:
        raise BadInput("Name a quarter like 2026-Q1, or leave it out for this one.") from None
    return await summary(deps, quarter)


async def _latest_quarter(deps: Deps) -> QuarterId:
    """This quarter, or the quarter of a prompt already posted for a later one (a kick-off
    posted early with post-now): its replies are kept under that quarter."""
    current = posting.current_quarter(deps)
    async with deps.db.read() as session:
        latest = await store.latest_posted_quarter(session)
    return max(current, QuarterId.parse(latest)) if latest else current


@router.command(
    "journey optout",
    "Stop keeping your replies to journey prompts (kept ones are deleted)",
    examples=("/journey optout",),
)
async def optout(cmd: Command, params: Params, deps: Deps) -> Reply:
    forgotten = await replies.set_optout(deps, cmd.actor, optout=True)
    extra = " " + ngettext(
        "{n} kept reply was deleted.", "{n} kept replies were deleted.", forgotten
    ).format(n=forgotten)
    return Reply(
        text=_("Done: your replies to journey prompts will not be kept.")
        + (extra if forgotten else "")
        + " "
        + _("Type /journey optin to change your mind.")
    )


@router.command(
    "journey optin",
    "Let your replies to journey prompts be kept for the quarterly summary",
    examples=("/journey optin",),
)
async def optin(cmd: Command, params: Params, deps: Deps) -> Reply:
    await replies.set_optout(deps, cmd.actor, optout=False)
    return Reply(
        text=_(
            "Thanks! Your replies in journey prompt threads will be kept for the quarterly "
            "summary again."
        )
    )
