"""/journey mine: the member's goal for this quarter, their three items, what they saved."""

from __future__ import annotations

from datetime import datetime, time

from bot.actions import Action
from bot.deps import Deps
from bot.features.journey import goals, posting
from bot.features.journey.content import Quarter
from bot.features.journey.render import quarter_label
from bot.features.journey.schedule import QuarterId
from bot.features.resources import api as resources
from bot.i18n import _, language
from bot.limits import cut, fit
from bot.model import Button, Command, Reply, Section, plain
from bot.params import Params
from bot.router import Router
from storage import journey_goals as store
from storage import resources as library
from storage.models.journey_goals import JourneyGoal

router = Router("journey.mine")


def _write(
    quarter: QuarterId, row: JourneyGoal | None, content: Quarter | None
) -> tuple[Button, ...]:
    """Write my goal (or change it) while the quarter has a theme or the member a goal."""
    if row is not None and row.goal:
        return (Button(_("Change my goal"), Action(goals.WRITE, (str(quarter),))),)
    if content is not None:
        return goals.ask_buttons(quarter)[:1]
    return ()


@router.command(
    "journey mine",
    "Your goal for this quarter's journey, its three library items and what you saved",
    examples=("/journey mine",),
)
async def mine(cmd: Command, params: Params, deps: Deps) -> Reply:
    quarter = posting.current_quarter(deps)
    content = posting.content_of(deps).for_quarter(quarter.year, quarter.number)
    label = quarter_label(quarter)
    start = datetime.combine(quarter.first_day, time(0), tzinfo=deps.settings.bot.zone)
    async with deps.db.read() as session:
        row = await store.get(session, cmd.actor.member, str(quarter))
        ids = [int(i) for i in row.items.split(",") if i] if row else []
        items = await store.resources(session, ids)
        saved = await store.saved_since(session, cmd.actor.key, start)
    sections: list[Section] = []
    if row is not None and row.goal:
        lead = _("Your goal for {quarter}: “{goal}”.").format(
            quarter=label, goal=cut(row.goal, 300)
        )
    elif row is not None and row.declined:
        lead = _("You chose Not this quarter for {quarter}.").format(quarter=label)
    else:
        lead = _("You have no goal for {quarter} yet.").format(quarter=label)
    theme = " " + _("Theme: {theme}.").format(theme=content.theme_in(language())) if content else ""
    title = _("My journey, {quarter}").format(quarter=label)
    sections.append(
        Section(
            title=title,
            text=plain(lead + theme),
            buttons=_write(quarter, row, content),
        )
    )
    if row is not None and row.goal and row.outcome is None:
        said = _("Did you get there? Answer any time; the bot also asks near the quarter's end.")
        sections.append(Section(text=plain(said), buttons=goals.outcome_buttons(quarter)))
    elif row is not None and row.outcome is not None:
        answer = _(goals.LABELS[row.outcome])
        sections.append(
            Section(text=plain(_("Did you get there? {answer}.").format(answer=answer)))
        )
    if items:
        hits = [library.hit_of(r, r.description) for r in items]
        sections.append(Section(text=plain(_("Your three items:"))))
        sections += resources.cards(hits)
    shown = "\n".join(f"• #{r.id} {cut(r.title, 150)}" for r in saved)
    sections.append(
        Section(
            title=_("Saved this quarter ({n})").format(n=len(saved)),
            text=plain(shown or _("Nothing yet: press Save on an item to keep it on your list.")),
        )
    )
    return fit(Reply(text=f"{title}: {lead}", sections=tuple(sections)))
