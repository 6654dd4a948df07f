"""/journey summary: what the organizers can act on, per quarter."""

from __future__ import annotations

from collections import defaultdict

from bot.deps import Deps
from bot.durations import humanize
from bot.features.journey.content import KICKOFF, Quarter
from bot.features.journey.render import neutralize, quarter_label
from bot.features.journey.schedule import QuarterId
from bot.limits import cut, fit
from bot.model import Field, Reply, Section, plain
from storage import journey as store

RECENT = 5
EXCERPT = 200


def prompt_label(content: Quarter | None, prompt_id: str) -> str:
    prompt = content.prompt(prompt_id) if content else None
    if prompt_id == KICKOFF:
        return "Kick-off"
    if prompt is None:
        return f"Prompt {prompt_id} (no longer in the content)"
    return f"Follow-up after {humanize(prompt.offset)}"


async def summary(deps: Deps, quarter: QuarterId) -> Reply:
    content = deps.settings.journey.content().for_quarter(quarter.year, quarter.number)
    name = str(quarter)
    async with deps.db.read() as session:
        counts = await store.reply_counts(session, name)
        people = await store.participant_count(session, name)
        recent = await store.replies(session, quarter=name, newest_first=True, limit=RECENT)
    theme = content.theme if content else "no theme set"
    title = f"Learning Journey {quarter_label(quarter)} summary: {theme}"
    if not counts:
        text = f"{title}\nNo replies have been kept for {name} yet."
        return Reply(text=text, sections=(Section(title=title, text=plain(text.split("\n")[1])),))
    per_prompt: dict[str, dict[str, int]] = defaultdict(dict)
    for prompt_id, platform, n in counts:
        per_prompt[prompt_id][platform] = n
    totals = {p: sum(by.values()) for p, by in per_prompt.items()}
    top = max(totals, key=lambda p: (totals[p], p == KICKOFF))
    total = sum(totals.values())
    overview = (
        f"{total} repl{'y' if total == 1 else 'ies'} from {people} "
        f"participant{'' if people == 1 else 's'}. Most replied: "
        f"{prompt_label(content, top)} ({totals[top]})."
    )
    fields = tuple(
        Field.of(
            prompt_label(content, prompt_id),
            " · ".join(f"{platform} {n}" for platform, n in sorted(by.items()))
            + f" (total {totals[prompt_id]})",
        )
        for prompt_id, by in sorted(per_prompt.items(), key=lambda item: -totals[item[0]])
    )
    lines = [
        f"{neutralize(r.author_name or r.author_key)} ({r.platform}, "
        f"{r.replied_at.astimezone(deps.settings.bot.zone):%b %d}): "
        f"{neutralize(cut(' '.join(r.text.split()), EXCERPT))}"
        for r in recent
    ]
    sections = (
        Section(title=title, text=plain(overview), fields=fields[:10]),
        Section(title="Recent replies", text=plain("\n".join(lines))),
    )
    return fit(Reply(text=f"{title}\n{overview}", sections=sections))
