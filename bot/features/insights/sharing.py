"""What members share and say about the library: proposals and their outcomes, the most
saved items, and items marked useful or not useful (counts only, never who)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from storage import resource_marks as marks
from storage import resource_proposals as proposals

TOP_ITEMS = 5
ItemCount = tuple[int, str, int]  # (resource id, title, count)


@dataclass(frozen=True)
class Sharing:
    received: int = 0
    added: int = 0
    declined: int = 0
    already: int = 0
    pending: int = 0
    median_days_to_decision: float | None = None
    most_saved: tuple[ItemCount, ...] = ()
    most_useful: tuple[ItemCount, ...] = ()
    not_useful: tuple[ItemCount, ...] = ()


async def sharing_figures(session: AsyncSession) -> Sharing:
    counted = await proposals.figures(session)
    return Sharing(
        received=counted.received,
        added=counted.added,
        declined=counted.declined,
        already=counted.already,
        pending=counted.pending,
        median_days_to_decision=counted.median_days,
        most_saved=tuple(await marks.most_saved(session, TOP_ITEMS)),
        most_useful=tuple(await marks.most_marked(session, useful=True, limit=TOP_ITEMS)),
        not_useful=tuple(await marks.most_marked(session, useful=False, limit=TOP_ITEMS)),
    )


def sharing_line(s: Sharing) -> str:
    median = s.median_days_to_decision
    decided = "no decisions yet" if median is None else f"median {median:.1f} days to decide"
    saved = ", ".join(f"#{i} ({n})" for i, _, n in s.most_saved[:3]) or "none yet"
    return (
        f"Shared resources: {s.received} proposed, {s.added} added, {s.declined} declined, "
        f"{s.already} already there, {s.pending} waiting; {decided}; most saved: {saved}."
    )
