"""Console post ids never repeat across processes: an edit lands on the post it was meant for."""

from collections.abc import AsyncIterator

import pytest
from sqlmodel import select

from bot.actions import Action
from bot.model import Place, Reply
from storage import deliveries
from storage.models.deliveries import Delivery
from tests.harness import TestBot, settings_for_tests
from tests.topics.helpers import suggest


@pytest.fixture
async def second(database_url: str, bot: TestBot) -> AsyncIterator[TestBot]:
    """Another console process on the same database (as a second person in the demo)."""
    other = await TestBot.open(database_url, settings=settings_for_tests(), worker_id="other")
    yield other
    await other.close()


async def test_an_edit_from_another_process_names_the_first_process_post(
    bot: TestBot, second: TestBot
) -> None:
    sid = await suggest(bot, "Lead pipes in schools")
    await bot.deliver_due()
    async with bot.db.read() as session:
        rows = (await session.execute(select(Delivery))).scalars()
        (posted,) = [
            r.external_id for r in rows if r.kind == "topics.post" and r.platform == "slack"
        ]
    # The second process has printed posts of its own before it edits the first one's.
    await second.outboxes["slack"].post(Place("slack", "C-ORG"), Reply(text="hi"), key="k")
    await second.press_action(Action("topics.vote", (str(sid),)), "bo", platform="slack")
    await second.advance("1m")
    edited = second.outboxes["slack"].edits
    assert [e[0].message_id for e in edited] == [posted]
    async with second.db.read() as session:
        assert await deliveries.failed(session, limit=10) == []
