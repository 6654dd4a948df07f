"""The personal journey in DMs: the kick-off question and its answer form, Not this quarter,
three library items for the goal, and "Did you get there?" with "What helped most?"."""

from __future__ import annotations

from bot.actions import Action
from bot.deps import Deps
from bot.errors import FormErrors, NotFound
from bot.features.journey import personal, posting
from bot.features.journey.content import Quarter
from bot.features.journey.render import quarter_label
from bot.features.journey.schedule import QuarterId
from bot.features.resources import api as resources
from bot.i18n import N_, _, language
from bot.limits import cut
from bot.model import Actor, Button, ButtonPress, Form, FormSubmit, Input, Reply, Section, plain
from bot.params import clean
from bot.router import Router
from storage import journey_goals as goals
from storage import members
from storage.identity import Account
from storage.models.deliveries import Delivery
from storage.models.journey_goals import NOT_YET, OUTCOMES, PARTLY, YES
from storage.resources import Hit

router = Router("journey.goals")
QUESTION = N_("What do you hope to take from it?")
HELPED_QUESTION = N_("What helped most?")
WRITE, NOT_THIS = "journey.goal", "journey.not_this"
GOAL_FORM, OUTCOME, HELPED, HELPED_FORM = (
    "journey.goal_form",
    "journey.outcome",
    "journey.helped",
    "journey.helped_form",
)
MAX_LINE = 300
LABELS = {YES: N_("Yes"), PARTLY: N_("Partly"), NOT_YET: N_("Not yet")}
HOW_TO_STOP = N_("Type /journey optout to get no more of these (and keep no replies of yours).")
OUT_OF_DATE = N_("That button is out of date. Type /journey mine instead.")


def _content(deps: Deps, quarter: QuarterId) -> Quarter | None:
    return posting.content_of(deps).for_quarter(quarter.year, quarter.number)


def ask_buttons(quarter: QuarterId) -> tuple[Button, ...]:
    q = (str(quarter),)
    return (
        Button(_("Write my goal"), Action(WRITE, q), style="primary"),
        Button(_("Not this quarter"), Action(NOT_THIS, q)),
    )


def ask_reply(quarter: QuarterId, content: Quarter, lead: str = "") -> Reply:
    theme = content.theme_in(language())
    title = _("Learning Journey {quarter}: {theme}").format(
        quarter=quarter_label(quarter), theme=theme
    )
    body = lead + _("This quarter's theme is {theme}. {question}").format(
        theme=theme, question=_(QUESTION)
    )
    section = Section(
        title=title, text=plain(body), buttons=ask_buttons(quarter), footer=_(HOW_TO_STOP)
    )
    return Reply(text=f"{lead}{title}\n{_(QUESTION)}", sections=(section,))


@router.renderer(personal.ASK)
async def render_ask(delivery: Delivery, deps: Deps) -> Reply | None:
    about = personal.About.of(delivery.payload)
    content = _content(deps, about.quarter)
    if content is None or not personal.dms_on(deps):
        return None
    async with deps.db.read() as session:
        if await members.is_opted_out(session, about.account):
            return None
        row = await goals.get(session, about.account, str(about.quarter))
        refused = await goals.refused_before(session, about.account, str(about.quarter))
    # Answered already (an earlier attempt went out), or their DMs are refused.
    if row is not None and (row.unreachable or row.answered_at is not None):
        return None
    # The row says "asked" from now on: the job never queues this DM again. A person whose
    # DMs were refused last time is not tried again, and is counted as not reached.
    async with deps.db.session() as session:
        await goals.start(session, about.account, str(about.quarter), deps.clock.now())
        if refused:
            await goals.change(session, about.account, str(about.quarter), unreachable=True)
    return None if refused else ask_reply(about.quarter, content)


@router.renderer(personal.CHECK)
async def render_check(delivery: Delivery, deps: Deps) -> Reply | None:
    about = personal.About.of(delivery.payload)
    if not personal.dms_on(deps):
        return None
    async with deps.db.read() as session:
        if await members.is_opted_out(session, about.account):
            return None
        row = await goals.get(session, about.account, str(about.quarter))
    # Not this quarter, refused DMs, or answered already from /journey mine.
    if row is None or row.declined or row.unreachable or row.outcome is not None:
        return None
    return check_reply(about.quarter, row.goal)


def outcome_buttons(quarter: QuarterId) -> tuple[Button, ...]:
    return tuple(Button(_(LABELS[o]), Action(OUTCOME, (str(quarter), o))) for o in OUTCOMES)


def check_reply(quarter: QuarterId, goal: str) -> Reply:
    title = _("Learning Journey {quarter}: Did you get there?").format(
        quarter=quarter_label(quarter)
    )
    said = _("Your goal: “{goal}”. ").format(goal=cut(goal, 300)) if goal else ""
    body = said + _("The quarter is ending. Did you get there?")
    buttons = outcome_buttons(quarter)
    section = Section(title=title, text=plain(body), buttons=buttons, footer=_(HOW_TO_STOP))
    return Reply(text=f"{title}\n{body}", sections=(section,))


def _quarter(action: Action) -> QuarterId:
    try:
        return QuarterId.parse(action.arg(0))
    except ValueError:
        raise NotFound(_(OUT_OF_DATE)) from None


def stale(deps: Deps, asked: QuarterId, said: str = "") -> Reply:
    """The answer to a kick-off button of an earlier quarter: what happened, and this one's."""
    current = posting.current_quarter(deps)
    kept = " " + _("Your words were not saved for it: “{said}”.").format(said=cut(said, 400))
    lead = _("That question was for {quarter}, which is over, so nothing changed.").format(
        quarter=quarter_label(asked)
    )
    lead += (kept if said else "") + " "
    content = _content(deps, current)
    if content is None or asked > current:
        text = lead + _("There is no theme for {quarter} yet.").format(
            quarter=quarter_label(current)
        )
        return Reply(text=text)
    return ask_reply(current, content, lead=lead)


def _goal_form(quarter: QuarterId, goal: str = "") -> Form:
    field = Input(
        "goal",
        _(QUESTION),
        initial=goal,
        placeholder=_("One line, in your own words"),
        max_length=MAX_LINE,
    )
    return Form(
        Action(GOAL_FORM, (str(quarter),)), _("My journey goal"), (field,), _("Save my goal")
    )


@router.action(WRITE)
async def write(press: ButtonPress, deps: Deps) -> Reply:
    quarter = _quarter(press.action)
    if quarter != posting.current_quarter(deps):
        return stale(deps, quarter)
    async with deps.db.read() as session:
        row = await goals.get(session, press.actor.member, str(quarter))
    return Reply(text=_(QUESTION), form=_goal_form(quarter, row.goal if row else ""))


@router.action(NOT_THIS)
async def not_this(press: ButtonPress, deps: Deps) -> Reply:
    quarter = _quarter(press.action)
    if quarter != posting.current_quarter(deps):
        return stale(deps, quarter)
    await _answer(deps, press.actor, quarter, goal="", items=[], declined=True)
    text = _(
        "No problem: nothing more from the journey for {quarter}. The theme "
        "and its prompts stay in /journey whenever you want them."
    ).format(quarter=quarter_label(quarter))
    return Reply(text=text, replace_original=True)


def one_line(values: dict[str, str], name: str, *, required: bool) -> str:
    """The field's text on one line, or FormErrors saying what to do instead."""
    text = " ".join(clean(values.get(name, "")).split())
    if required and not text:
        raise FormErrors({name: _("Write a few words, or press Not this quarter instead.")})
    if len(text) > MAX_LINE:
        too_long = _("Keep it to one line of up to {limit} characters (this has {count}).")
        raise FormErrors({name: too_long.format(limit=MAX_LINE, count=f"{len(text):,}")})
    return text


@router.form(GOAL_FORM)
async def goal_submitted(submit: FormSubmit, deps: Deps) -> Reply:
    quarter = _quarter(submit.form)
    values = dict(submit.values)
    if quarter != posting.current_quarter(deps):
        return stale(deps, quarter, " ".join(clean(values.get("goal", "")).split()))
    goal = one_line(values, "goal", required=True)
    content = _content(deps, quarter)
    theme = f"{content.theme} {content.resource_search}" if content else ""
    async with deps.db.read() as session:
        own = await goals.own_resource_ids(session, submit.actor.key)
    hits = await resources.picks(deps, goal, theme, exclude=own)
    await _answer(deps, submit.actor, quarter, goal=goal, items=[h.id for h in hits])
    return items_reply(quarter, goal, hits)


def items_reply(quarter: QuarterId, goal: str, hits: list[Hit]) -> Reply:
    said = _("Your goal for {quarter}: “{goal}”.").format(
        quarter=quarter_label(quarter), goal=cut(goal, 300)
    )
    if not hits:
        text = (
            said + " " + _("The library has nothing new for you on it yet; /resources finds more.")
        )
        return Reply(text=text)
    text = said + " " + _("Three items from the library to start with (/journey mine keeps them):")
    intro = Section(text=plain(text))
    return Reply(text=text, sections=(intro, *resources.cards(hits)))


async def _answer(
    deps: Deps,
    actor: Actor,
    quarter: QuarterId,
    *,
    goal: str,
    items: list[int],
    declined: bool = False,
) -> None:
    person, now = actor.member, deps.clock.now()
    async with deps.db.session() as session:
        await goals.start(session, person, str(quarter), now)
        await goals.change(
            session,
            person,
            str(quarter),
            goal=goal,
            items=",".join(map(str, items)),
            declined=declined,
            unreachable=False,
            answered_at=now,
        )


async def _row_of(deps: Deps, person: Account, quarter: QuarterId) -> None:
    async with deps.db.read() as session:
        if await goals.get(session, person, str(quarter)) is None:
            raise NotFound(
                _(
                    "You have no journey goal for {quarter} any more "
                    "(deleted with /privacy?). Type /journey mine to see this quarter's."
                ).format(quarter=quarter_label(quarter))
            )


@router.action(OUTCOME)
async def outcome(press: ButtonPress, deps: Deps) -> Reply:
    quarter, said = _quarter(press.action), press.action.arg(1)
    if said not in OUTCOMES:
        raise NotFound(_(OUT_OF_DATE))
    await _row_of(deps, press.actor.member, quarter)
    async with deps.db.session() as session:
        await goals.change(
            session, press.actor.member, str(quarter), outcome=said, outcome_at=deps.clock.now()
        )
    text = _(
        "Thanks: “{answer}” for {quarter}. {question} One line, "
        "if you like (organizers see it without your name)."
    ).format(answer=_(LABELS[said]), quarter=quarter_label(quarter), question=_(HELPED_QUESTION))
    button = Button(_(HELPED_QUESTION), Action(HELPED, (str(quarter),)))
    section = Section(text=plain(text), buttons=(button,))
    return Reply(text=text, sections=(section,), replace_original=True)


@router.action(HELPED)
async def helped(press: ButtonPress, deps: Deps) -> Reply:
    quarter = _quarter(press.action)
    field = Input("helped", _(HELPED_QUESTION), required=False, max_length=MAX_LINE)
    form = Form(Action(HELPED_FORM, (str(quarter),)), _(HELPED_QUESTION), (field,), _("Send"))
    return Reply(text=_(HELPED_QUESTION), form=form)


@router.form(HELPED_FORM)
async def helped_submitted(submit: FormSubmit, deps: Deps) -> Reply:
    quarter = _quarter(submit.form)
    line = one_line(dict(submit.values), "helped", required=False)
    await _row_of(deps, submit.actor.member, quarter)
    if not line:
        return Reply(text=_("Thanks all the same: nothing was added."))
    async with deps.db.session() as session:
        await goals.change(session, submit.actor.member, str(quarter), helped=line)
    return Reply(text=_("Thanks: organizers will read it, without your name."))
