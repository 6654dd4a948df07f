"""The reproduction from issue 14: a number, once shown, never names something else, so a
deleted suggestion's id never goes to the next one (its channel post, its followers'
notices and old Vote buttons would all get mixed up), and the same for resources."""

from __future__ import annotations

from bot.actions import Action
from storage import topics as store
from tests.harness import TestBot
from tests.production.test_privacy import forget
from tests.resources.test_organizers import _add
from tests.topics.helpers import channel_posts, decide, dms, suggest


async def test_a_forgotten_suggestions_number_is_never_given_again(bot: TestBot) -> None:
    for n in range(5):
        await suggest(bot, f"Unrelated idea {n}: {'abcde'[n]} gardening", "zed")
    old = await suggest(bot, "Rural broadband and telehealth", "alice")
    old_vote = Action("topics.vote", (str(old),))
    await bot.press_action(old_vote, "bob", platform="slack")
    reviewed = await decide(bot, f"/topics review {old}", "olga")
    assert "Messaged 2 people" in reviewed.text
    await bot.advance("10m")
    await bot.press_action(old_vote, "bob", platform="slack")  # Bob takes his vote back
    await forget(bot, "alice")  # nobody else cares now, so it is deleted
    bot.clear_posts()

    new = await suggest(bot, "Maternal health doulas in Black communities", "carol")
    assert new != old
    await bot.advance("1m")
    assert len(channel_posts(bot, "C-SUGG")) == 1  # carol's post was made
    await bot.press_action(Action("topics.vote", (str(new),)), "bob", platform="slack")
    reviewed = await decide(bot, f"/topics review {new}", "olga")
    assert "Messaged 2 people" in reviewed.text
    await bot.advance("10m")
    assert any("Maternal health" in r.text for r in dms(bot, "bob", "slack"))
    assert any("Maternal health" in r.text for r in dms(bot, "carol", "slack"))

    stale = await bot.press_action(old_vote, "dee", platform="slack")
    assert f"no suggestion #{old}" in stale.text
    async with bot.db.read() as session:
        assert await store.vote_count(session, new) == 1


async def test_a_removed_resources_number_is_never_given_again(bot: TestBot) -> None:
    first = await _add(bot)
    sid = await suggest(bot, "A toolkit for rural housing", "alice")
    await decide(bot, f"/topics cover {sid} {first}", "olga")
    confirm = await bot.command(f"/resources remove {first}", organizer=True)
    await bot.press(confirm, "Yes, remove it", organizer=True)
    second = await _add(bot)
    assert second != first  # "covered by resource #first" never names the new one
