"""What the personal journey tells organizers about one quarter: how many were asked, set a
goal, said Not this quarter or could not be reached, "Did you get there?" counts and the
"What helped most?" lines, never with names."""

from __future__ import annotations

from bot.deps import Deps
from bot.features.journey.render import quarter_label
from bot.features.journey.schedule import QuarterId
from bot.limits import SECTION_TEXT, cut
from bot.model import Field, Section, plain
from storage import journey_goals as store
from storage.journey_goals import Figures
from storage.models.journey_goals import NOT_YET, PARTLY, YES

HELPED_SHOWN = 10


async def figures(deps: Deps, quarter: QuarterId) -> Figures:
    async with deps.db.read() as session:
        return await store.figures(session, str(quarter))


def section(quarter: QuarterId, found: Figures) -> Section:
    """The counts and lines as one card, in /journey summary and /insights."""
    title = f"Personal journey, {quarter_label(quarter)}"
    if not found.asked:
        return Section(title=title, text=plain("Nobody has been asked for a goal yet."))
    said = found.outcomes
    fields = (
        Field.of("Asked", str(found.asked)),
        Field.of("Set a goal", str(found.goals)),
        Field.of("Not this quarter", str(found.declined)),
        Field.of("Could not be reached", str(found.unreachable)),
        Field.of(
            "Did you get there?",
            f"Yes {said[YES]} · Partly {said[PARTLY]} · Not yet {said[NOT_YET]}",
        ),
    )
    lines = [f"• {cut(line, 300)}" for line in found.helped[:HELPED_SHOWN]]
    more = len(found.helped) - HELPED_SHOWN
    if more > 0:
        lines.append(f"and {more} more")
    text = (
        "What helped most (no names):\n" + "\n".join(lines)
        if lines
        else ("No one has said what helped most yet.")
    )
    footer = "Could not be reached: the member left or blocks DMs; they are not asked again."
    return Section(title=title, text=plain(cut(text, SECTION_TEXT)), fields=fields, footer=footer)
