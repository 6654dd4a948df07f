"""/journey summary: what the organizers can act on, per quarter."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from bot.deps import Deps
from bot.durations import humanize
from bot.features.journey import outcomes
from bot.features.journey.content import KICKOFF, Quarter
from bot.features.journey.posting import content_of
from bot.features.journey.render import quarter_label
from bot.features.journey.schedule import QuarterId
from bot.limits import cut, fit
from bot.model import Field, Reply, Section, plain
from storage import journey as store
from storage.models.journey import JourneyReply

RECENT = 5
PEOPLE = 20
EXCERPT = 200


def prompt_label(content: Quarter | None, prompt_id: str) -> str:
    prompt = content.prompt(prompt_id) if content else None
    if prompt_id == KICKOFF:
        return "Kick-off"
    if prompt is None:
        return f"Prompt {prompt_id} (no longer in the content)"
    return f"Follow-up after {humanize(prompt.offset)}"


async def summary(deps: Deps, quarter: QuarterId) -> Reply:
    content = content_of(deps).for_quarter(quarter.year, quarter.number)
    name = str(quarter)
    async with deps.db.read() as session:
        counts = await store.reply_counts(session, name)
        people = await store.participants(session, name)
        recent = await store.replies(session, quarter=name, newest_first=True, limit=RECENT)
    theme = content.theme if content else "no theme set"
    title = f"Learning Journey {quarter_label(quarter)} summary: {theme}"
    personal = outcomes.section(quarter, await outcomes.figures(deps, quarter))
    if not counts:
        quiet = f"No replies have been kept for {name} yet."
        quiet_sections = (Section(title=title, text=plain(quiet)), personal)
        return Reply(text=f"{title}\n{quiet}", sections=quiet_sections)
    overview, fields = _counts(content, counts, len(people))
    sections = (
        Section(title=title, text=plain(overview), fields=fields[:10]),
        Section(title="Participants", text=plain(_people(people))),
        Section(title="Recent replies", text=plain(_recent(deps, recent))),
        personal,
    )
    return fit(Reply(text=f"{title}\n{overview}", sections=sections))


def _counts(
    content: Quarter | None, counts: list[tuple[str, str, int]], people: int
) -> tuple[str, tuple[Field, ...]]:
    """One overview line and one field per prompt, the most-replied prompt first."""
    per_prompt: dict[str, dict[str, int]] = defaultdict(dict)
    for prompt_id, platform, n in counts:
        per_prompt[prompt_id][platform] = n
    totals = {p: sum(by.values()) for p, by in per_prompt.items()}
    ranked = sorted(per_prompt, key=lambda p: (-totals[p], p != KICKOFF, p))
    total = sum(totals.values())
    overview = (
        f"{total} repl{'y' if total == 1 else 'ies'} from {people} "
        f"participant{'' if people == 1 else 's'}. Most replied: "
        f"{prompt_label(content, ranked[0])} ({totals[ranked[0]]})."
    )
    fields = tuple(
        Field.of(
            prompt_label(content, p),
            " · ".join(f"{platform} {n}" for platform, n in sorted(per_prompt[p].items()))
            + f" (total {totals[p]})",
        )
        for p in ranked
    )
    return overview, fields


def _people(people: list[tuple[str, str, int]]) -> str:
    shown = [f"{name or key} ({key.split(':', 1)[0]}, {n})" for key, name, n in people]
    more = len(shown) - PEOPLE
    return ", ".join(shown[:PEOPLE]) + (f" and {more} more" if more > 0 else "")


def _recent(deps: Deps, recent: Sequence[JourneyReply]) -> str:
    """The latest replies, one line each, as written (the adapter escapes them)."""
    zone = deps.settings.bot.zone
    return "\n".join(
        f"{r.author_name or r.author_key} ({r.platform}, "
        f"{r.replied_at.astimezone(zone):%b %d}): "
        f"{cut(' '.join(r.text.split()), EXCERPT)}"
        for r in recent
    )
