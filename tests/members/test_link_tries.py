"""/link codes cannot be guessed at machine speed, and the account that asked for a code hears
when it is used (the review typed 300 wrong codes in 0.37 s, and nobody was told)."""

from __future__ import annotations

from bot.features.members.link import new_code
from tests.harness import TestBot, reply_text
from tests.members.test_link import DISCORD, SLACK, code_for, dms_to


async def test_wrong_codes_are_limited_per_account(bot: TestBot) -> None:
    code = await code_for(bot)
    for _ in range(5):
        wrong = await bot.command(f"/link {new_code()}", DISCORD, platform="discord")
        assert "not right" in wrong.text
    paused = await bot.command(f"/link {code}", DISCORD, platform="discord")
    assert "Linking is paused" in paused.text and "10 minutes" in paused.text
    other = await bot.command(f"/link {code}", "5151", platform="discord")
    assert other.text.startswith("Linked:"), "another account is not held back by this one"
    await bot.advance("10m")
    assert "paused" not in (await bot.command("/link ABCD-EFGH", DISCORD, platform="discord")).text


async def test_many_accounts_cannot_pool_their_guesses(bot: TestBot) -> None:
    code = await code_for(bot)
    for n in range(50):
        await bot.command(f"/link {new_code()}", f"{9000 + n // 4}", platform="discord")
    late = await bot.command(f"/link {code}", "7777", platform="discord")
    assert "Linking is paused" in late.text
    await bot.advance("10m")
    code = await code_for(bot)
    assert (await bot.command(f"/link {code}", "7777", platform="discord")).text.startswith(
        "Linked:"
    )


async def test_the_issuing_account_is_told_who_used_its_code(bot: TestBot) -> None:
    code = await code_for(bot)
    await bot.command(f"/link {code}", DISCORD, platform="discord")
    await bot.deliver_due()
    [told] = dms_to(bot, "slack", SLACK)
    assert f"Your Slack account is now linked to Discord user {DISCORD}" in told
    assert "not you? /unlink" in told


async def test_after_unlink_nothing_in_topics_names_the_second_account(bot: TestBot) -> None:
    """/privacy on the Discord account said nothing identified it, while its id and name
    stayed on the suggestion and vote it made while linked."""
    from sqlalchemy import select

    from storage.models.topics import Suggestion, Vote
    from tests.members.test_link import link
    from tests.topics.helpers import suggest
    from tests.topics.test_public_post import vote

    await link(bot)
    sid = await suggest(bot, "Community doulas", user=DISCORD, platform="discord")
    other = await suggest(bot, "Food deserts", user="cy", platform="slack")
    await bot.press_action(vote(other), DISCORD, platform="discord")
    await bot.command("/unlink", DISCORD, platform="discord")
    async with bot.db.read() as session:
        mine = (await session.execute(select(Suggestion).where(Suggestion.id == sid))).scalar_one()
        votes = (await session.execute(select(Vote))).scalars().all()
    assert (mine.author_platform, mine.author_user_id, mine.author_name) == ("slack", SLACK, "")
    assert all(v.user_id != DISCORD for v in votes) and votes
    shown = reply_text(await bot.command("/privacy", DISCORD, platform="discord"))
    assert "topics you suggested: 0" in shown and "votes: 0" in shown
