"""A merge can be undone like any decision while its messages wait: votes and follows go
back exactly, what members did on the target meanwhile stays, and nobody is messaged."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

import pytest
from sqlalchemy import select
from sqlmodel import col

from adapters.console.outbox import ConsoleOutbox
from bot.actions import Action
from bot.errors import ORGANIZERS_ONLY
from bot.features.housekeeping.jobs import tidy
from bot.model import DirectMessage, Reply
from storage import privacy
from storage import topics as store
from storage.models.deliveries import CANCELLED, Delivery
from storage.models.topics import Follow, MergeMove, Suggestion, Vote
from tests.harness import TestBot, all_buttons, reply_text, settings_for_tests
from tests.topics.helpers import confirmed, decide, suggest

MOVED_LABEL = "votes and follows a merge just moved (kept for its Undo)"


@pytest.fixture
async def held(database_url: str) -> AsyncIterator[TestBot]:
    """A bot whose decisions' messages wait two minutes, during which Undo tells nobody."""
    bot = await TestBot.open(
        database_url, settings=settings_for_tests({"topics": {"undo_seconds": 120}})
    )
    yield bot
    await bot.close()


async def vote(bot: TestBot, sid: int, user: str) -> Reply:
    return await bot.press_action(Action("topics.vote", (str(sid),)), user)


async def follow(bot: TestBot, sid: int, user: str) -> Reply:
    return await bot.press_action(Action("topics.follow", (str(sid),)), user)


async def votes_of(bot: TestBot, *sids: int) -> dict[int, set[tuple[str, str, str, datetime]]]:
    """Who votes for each suggestion, with the account and the time of each vote."""
    async with bot.db.read() as session:
        rows = (await session.execute(select(Vote))).scalars().all()
    return {
        sid: {
            (v.voter_key, v.platform, v.user_id, v.created_at)
            for v in rows
            if v.suggestion_id == sid
        }
        for sid in sids
    }


async def follows_of(bot: TestBot, *sids: int) -> dict[int, set[tuple[str, bool, datetime]]]:
    async with bot.db.read() as session:
        rows = (await session.execute(select(Follow))).scalars().all()
    return {
        sid: {(f.member_key, f.active, f.created_at) for f in rows if f.suggestion_id == sid}
        for sid in sids
    }


async def followers(bot: TestBot, sid: int) -> set[str]:
    """Who would hear of the next decision on `sid`."""
    async with bot.db.read() as session:
        s = await store.get(session, sid)
        assert s is not None
        return {p.key for p in await store.followers(session, s)}


async def suggestion(bot: TestBot, sid: int) -> Suggestion:
    async with bot.db.read() as session:
        s = await store.get(session, sid)
        assert s is not None
        return s


async def moves(bot: TestBot) -> list[tuple[str, str, str]]:
    async with bot.db.read() as session:
        rows = (await session.execute(select(MergeMove))).scalars().all()
    return sorted((m.member_key, m.side, m.kind) for m in rows)


def direct_messages(bot: TestBot) -> list[Reply]:
    return [reply for target, reply, _ in bot.posts() if isinstance(target, DirectMessage)]


async def notice_states(bot: TestBot) -> list[str]:
    async with bot.db.read() as session:
        notices = col(Delivery.key).startswith("topics.notice:")
        rows = await session.execute(select(col(Delivery.status)).where(notices))
        return list(rows.scalars())


def post_of(bot: TestBot, sid: int) -> str:
    """What the Slack channel post of `sid` shows now (its latest edit)."""
    outbox = bot.outboxes["slack"]
    assert isinstance(outbox, ConsoleOutbox)
    mine = [
        reply_text(r) for _, r, _ in outbox.edits if r.text.startswith(f"Topic suggestion #{sid} ")
    ]
    assert mine, f"no edit of #{sid}'s post"
    return mine[-1]


async def test_undo_puts_back_exactly_who_voted_for_what_and_tells_nobody(held: TestBot) -> None:
    a = await suggest(held, "Rural broadband and telehealth", "ana")
    b = await suggest(held, "Maternal health in Black communities", "eve")
    for voter, sid in (("bo", a), ("cy", a), ("cy", b), ("dee", b)):
        await vote(held, sid, voter)
        await held.advance("1s")  # each vote its own time, which must come back too
    before = await votes_of(held, a, b)
    asked = await held.command(f"/topics merge {a} {b}", "org", organizer=True)
    assert "Undo puts them back" in reply_text(asked) and "cannot be undone" not in asked.text
    merged = await confirmed(held, asked)
    assert "now has 3 votes" in merged.text and "Messaged 3 people (in 120 seconds" in merged.text
    assert {k for k, *_ in (await votes_of(held, b))[b]} == {
        "console:bo",
        "console:cy",
        "console:dee",
    }
    await held.advance("1m")

    undone = await held.press(merged, "Undo", "org", organizer=True)
    assert f"#{a} Rural broadband and telehealth is open again with 2 votes" in undone.text
    assert f"#{b} Maternal health in Black communities has 2 votes" in undone.text
    assert "Nobody was messaged" in undone.text
    assert await votes_of(held, a, b) == before
    source = await suggestion(held, a)
    assert source.status == "open" and source.merged_into_id is None
    assert await moves(held) == []
    await held.advance("10m")  # past the hold: the delivery worker runs, and sends nothing
    assert direct_messages(held) == []
    assert (states := await notice_states(held)) and set(states) == {CANCELLED}
    assert "Votes: 2" in post_of(held, a) and "Vote for this" in post_of(held, a)
    assert "Votes: 2" in post_of(held, b)
    again = await held.press(merged, "Undo", "org", organizer=True)
    assert "nothing to undo" in again.text
    assert "You voted" in (await vote(held, a, "fay")).text


async def test_undo_puts_back_follows_including_who_had_stopped(held: TestBot) -> None:
    a = await suggest(held, "Rural broadband and telehealth", "ana")
    b = await suggest(held, "Maternal health in Black communities", "eve")
    await vote(held, a, "gil")
    await held.command(f"/topics unfollow {a}", "gil")  # voted, then stopped following
    await follow(held, a, "hal")
    await follow(held, a, "ivy")
    await held.command(f"/topics unfollow {b}", "ivy")  # a choice about the target: kept
    await vote(held, b, "jo")
    await held.command(f"/topics unfollow {a}", "jo")
    rows, people = (
        await follows_of(held, a, b),
        (await followers(held, a), await followers(held, b)),
    )
    merged = await decide(held, f"/topics merge {a} {b}")
    moved = await followers(held, b)
    assert {"slack:ana", "console:hal"} <= moved and not {"console:gil", "console:ivy"} & moved
    await held.advance("30s")

    await held.press(merged, "Undo", "org", organizer=True)
    assert await follows_of(held, a, b) == rows
    assert (await followers(held, a), await followers(held, b)) == people
    await held.advance("10m")
    assert direct_messages(held) == []


async def test_what_members_did_on_the_target_during_the_hold_stays(held: TestBot) -> None:
    a = await suggest(held, "Rural broadband and telehealth", "ana")
    b = await suggest(held, "Maternal health in Black communities", "eve")
    for voter in ("bo", "cy", "dee"):
        await vote(held, a, voter)
    await vote(held, b, "fay")
    await follow(held, a, "hal")
    merged = await decide(held, f"/topics merge {a} {b}")
    await held.advance("5s")
    await vote(held, b, "new")  # a vote cast on the target while the merge is undoable
    await vote(held, b, "bo")  # takes back the vote the merge moved
    await vote(held, b, "cy")
    await held.advance("5s")
    await vote(held, b, "cy")  # ...and votes again: a vote of their own now
    await held.command(f"/topics unfollow {b}", "hal")  # stops following what the merge gave

    undone = await held.press(merged, "Undo", "org", organizer=True)
    assert "again with 3 votes" in undone.text and "has 3 votes" in undone.text
    voters = {sid: {key for key, *_ in rows} for sid, rows in (await votes_of(held, a, b)).items()}
    assert voters == {
        a: {"console:bo", "console:cy", "console:dee"},
        b: {"console:fay", "console:new", "console:cy"},
    }
    assert "console:hal" in await followers(held, a)
    assert {(key, on) for key, on, _ in (await follows_of(held, b))[b]} == {("console:hal", False)}


async def test_undo_after_the_messages_went_out_is_refused_and_changes_nothing(
    held: TestBot,
) -> None:
    a = await suggest(held, "Rural broadband and telehealth", "ana")
    b = await suggest(held, "Maternal health in Black communities", "eve")
    await vote(held, a, "bo")
    merged = await decide(held, f"/topics merge {a} {b}")
    await held.advance("3m")
    assert len([r for r in direct_messages(held) if "merged into" in r.text]) == 2  # ana, bo
    after = (await votes_of(held, a, b), await follows_of(held, a, b))
    kept = await moves(held)
    assert kept

    refused = await held.press(merged, "Undo", "org", organizer=True)
    assert "Too late to undo" in refused.text
    assert (await votes_of(held, a, b), await follows_of(held, a, b)) == after
    assert (await suggestion(held, a)).merged_into_id == b and await moves(held) == kept
    await held.advance("2h")
    await tidy(held.deps)
    assert await moves(held) == []  # nothing can use them any more: forgotten


async def test_undo_waits_for_later_decisions_on_the_target_to_be_undone(held: TestBot) -> None:
    a = await suggest(held, "Rural broadband and telehealth", "ana")
    b = await suggest(held, "Maternal health in Black communities", "eve")
    c = await suggest(held, "Food as medicine programs", "fay")
    for voter, sid in (("bo", a), ("cy", b), ("dee", c)):
        await vote(held, sid, voter)
    before = await votes_of(held, a, b, c)
    first = await decide(held, f"/topics merge {a} {b}")
    await held.advance("5s")
    second = await decide(held, f"/topics merge {b} {c}")  # moves a's voters on again
    await held.advance("5s")

    refused = await held.press(first, "Undo", "org", organizer=True)
    assert f"A later decision was made on #{b}" in refused.text
    assert (await suggestion(held, a)).status == "merged"
    assert {k for k, *_ in (await votes_of(held, c))[c]} == {
        "console:bo",
        "console:cy",
        "console:dee",
    }
    assert "again with 2 votes" in (await held.press(second, "Undo", "org", organizer=True)).text
    assert "again with 1 vote" in (await held.press(first, "Undo", "org", organizer=True)).text
    assert await votes_of(held, a, b, c) == before

    third = await decide(held, f"/topics merge {a} {b}")
    review = await decide(held, f"/topics review {b}")
    assert "later decision" in (await held.press(third, "Undo", "org", organizer=True)).text
    await held.press(review, "Undo", "org", organizer=True)
    assert "is open again" in (await held.press(third, "Undo", "org", organizer=True)).text
    assert await votes_of(held, a, b, c) == before


async def forget(bot: TestBot, user: str) -> str:
    shown = await bot.command("/privacy", user)
    asked = await bot.press(shown, "Delete all of it", user)
    return (await bot.press(asked, "Yes, delete everything", user)).text


async def test_privacy_during_the_hold_deletes_the_members_kept_moves(held: TestBot) -> None:
    a = await suggest(held, "Rural broadband and telehealth", "ana")
    b = await suggest(held, "Maternal health in Black communities", "eve")
    for voter in ("bo", "cy"):
        await vote(held, a, voter)
    merged = await decide(held, f"/topics merge {a} {b}")
    async with held.db.read() as session:
        assert (await privacy.summary(session, "console", "bo"))[MOVED_LABEL] == 2
    assert MOVED_LABEL in reply_text(await held.command("/privacy", "bo"))

    await forget(held, "bo")
    assert [m for m in await moves(held) if m[0] == "console:bo"] == []
    assert ("console:cy", "source", "vote") in await moves(held)
    async with held.db.read() as session:
        assert set((await privacy.summary(session, "console", "bo")).values()) == {0}
    undone = await held.press(merged, "Undo", "org", organizer=True)
    assert "again with 1 vote" in undone.text and "has 0 votes" in undone.text
    assert {sid: {k for k, *_ in r} for sid, r in (await votes_of(held, a, b)).items()} == {
        a: {"console:cy"},
        b: set(),
    }


async def test_the_source_stays_for_undo_when_its_author_is_forgotten(held: TestBot) -> None:
    a = await suggest(held, "Rural broadband and telehealth", "ana", platform="console")
    b = await suggest(held, "Maternal health in Black communities", "eve")
    await vote(held, a, "bo")
    merged = await decide(held, f"/topics merge {a} {b}")
    assert "1 suggestion others voted for or follow stays" in await forget(held, "ana")
    assert [m for m in await moves(held) if m[0] == "console:ana"] == []

    undone = await held.press(merged, "Undo", "org", organizer=True)
    assert f"#{a} Rural broadband and telehealth is open again with 1 vote" in undone.text
    assert (await suggestion(held, a)).author_key == privacy.FORMER


async def test_only_organizers_can_undo_a_merge(held: TestBot) -> None:
    a = await suggest(held, "Rural broadband and telehealth", "ana")
    b = await suggest(held, "Maternal health in Black communities", "eve")
    await vote(held, a, "bo")
    merged = await decide(held, f"/topics merge {a} {b}")
    kept = await moves(held)

    refused = await held.press(merged, "Undo", "bo")
    assert refused.text == ORGANIZERS_ONLY
    assert (await suggestion(held, a)).status == "merged" and await moves(held) == kept
    assert "is open again" in (await held.press(merged, "Undo", "org", organizer=True)).text


async def test_without_a_hold_a_merge_offers_no_undo(bot: TestBot) -> None:
    a = await suggest(bot, "Rural broadband and telehealth", "ana")
    b = await suggest(bot, "Maternal health in Black communities", "eve")
    merged = await decide(bot, f"/topics merge {a} {b}")
    assert merged.text.endswith("Messaged 1 person.") and "Undo" not in [
        button.label for button in all_buttons(merged)
    ]
