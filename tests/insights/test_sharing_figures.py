"""/insights and the dashboard count what members share: proposals by outcome, the median
days to a decision, the most saved items and items marked useful or not."""

from __future__ import annotations

from bot.features.insights import dashboard
from bot.features.insights.figures import gather
from tests.harness import TestBot, reply_text


async def _proposed(bot: TestBot, link: str, user: str = "ana") -> None:
    reply = await bot.command(f"/resources share {link}", user)
    assert reply.text.startswith("Thanks!"), reply.text


async def _card(bot: TestBot, number: int):  # type: ignore[no-untyped-def]
    return (await bot.command("/resources review", "olu", organizer=True)).sections[number]


async def test_proposals_saves_and_usefulness_reach_insights(bot: TestBot) -> None:
    await _proposed(bot, "https://example.org/a")
    await _proposed(bot, "https://example.org/b", "bea")
    await _proposed(bot, "https://example.org/c", "cy")
    await bot.advance("2d")
    review = await bot.command("/resources review", "olu", organizer=True)
    add = await bot.press(review, "Add to library", "olu", organizer=True)
    await bot.submit(
        add, {"title": "Guide A", "url": "https://example.org/a"}, "olu", organizer=True
    )
    await bot.advance("2d")
    decline = await bot.press(review, "Decline", "olu", organizer=True, nth=1)
    await bot.submit(decline, {"reason": "Out of scope."}, "olu", organizer=True)

    found = await bot.command("/resources #1")
    await bot.press(found, "Save")
    await bot.press(found, "Save", "bea")
    ask = await bot.press(found, "Was this useful?")
    await bot.press(ask, "Yes")
    await bot.press(ask, "No", "bea")

    insights = await gather(bot.deps)
    sharing = insights.sharing
    assert (sharing.received, sharing.added, sharing.declined, sharing.pending) == (3, 1, 1, 1)
    assert sharing.median_days_to_decision == 3.0  # 2 and 4 days
    assert sharing.most_saved == ((1, "Guide A", 2),)
    assert sharing.most_useful == ((1, "Guide A", 1),) == sharing.not_useful

    shown = await bot.command("/insights", "olu", organizer=True)
    assert "Shared resources: 3 proposed, 1 added, 1 declined" in reply_text(shown)
    assert "median 3.0 days to decide" in reply_text(shown)
    html = dashboard.render(insights, "P4HE")
    assert "Shared by members" in html and "Marked not useful" in html and "Guide A" in html
