"""A suggestion's public post shows its live votes and decision, edited in place."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from adapters.console.outbox import ConsoleOutbox
from bot.actions import Action
from bot.model import Place, PostedMessage, Reply
from storage import deliveries
from storage.models.deliveries import Delivery
from tests.harness import TestBot, reply_text
from tests.topics.helpers import decide, suggest


def vote(sid: int) -> Action:
    return Action("topics.vote", (str(sid),))


def edits(bot: TestBot, platform: str) -> list[tuple[PostedMessage, Reply, str]]:
    outbox = bot.outboxes[platform]
    assert isinstance(outbox, ConsoleOutbox)
    return outbox.edits


def shown(bot: TestBot, platform: str) -> str:
    """What the channel post on `platform` shows now: its last edit, else the post."""
    if edits(bot, platform):
        return reply_text(edits(bot, platform)[-1][1])
    (post,) = [p for p in bot.posts(platform) if "Topic suggestion" in p[1].text]
    return reply_text(post[1])


async def test_post_follows_votes_and_the_decision_on_every_platform(bot: TestBot) -> None:
    sid = await suggest(bot, "Rural broadband and telehealth")
    await bot.deliver_due()
    for platform in ("slack", "discord"):
        assert "Votes: 0" in shown(bot, platform) and "Status: open" in shown(bot, platform)
    await bot.press_action(vote(sid), "bo", platform="discord")
    await bot.advance("10s")
    for platform in ("slack", "discord"):
        (edit,) = edits(bot, platform)
        posted = [p for p in bot.posts(platform) if "Topic suggestion" in p[1].text]
        assert edit[0].message_id.startswith("console-") and len(posted) == 1
        assert "Votes: 1" in shown(bot, platform)
    await bot.press_action(vote(sid), "bo", platform="discord")
    await bot.advance("10s")
    assert "Votes: 0" in shown(bot, "slack") and "Votes: 0" in shown(bot, "discord")
    await decide(bot, f"/topics decline {sid} Outside our mission")
    await bot.advance("10s")
    for platform in ("slack", "discord"):
        text = shown(bot, platform)
        assert "Status: declined" in text and "Why: Outside our mission" in text
        assert "Vote for this" not in text  # a declined suggestion takes no votes


async def test_planned_post_shows_status_note_and_link(bot: TestBot) -> None:
    sid = await suggest(bot, "Language access in clinics")
    await bot.deliver_due()
    await decide(bot, f"/topics plan {sid} https://example.org/webinar Spring webinar")
    await bot.advance("10s")
    text = shown(bot, "slack")
    assert "Status: planned" in text and "Why: Spring webinar" in text
    assert "the event" in text and "▲ Vote for this" in text  # planned still takes votes


async def test_a_burst_of_votes_ends_right_with_fewer_edits(bot: TestBot) -> None:
    sid = await suggest(bot, "Food as medicine programs")
    await bot.deliver_due()
    voters = [f"m{n}" for n in range(12)]
    for n, who in enumerate(voters):
        await bot.press_action(vote(sid), who, platform="slack")
        if n % 4 == 3:
            await bot.advance("2s")
    await bot.press_action(vote(sid), "m0", platform="slack")  # one takes it back
    await bot.advance("30s")
    assert "Votes: 11" in shown(bot, "slack") and "Votes: 11" in shown(bot, "discord")
    votes = len(voters) + 1
    assert 1 <= len(edits(bot, "slack")) < votes / 2, len(edits(bot, "slack"))


async def test_a_vote_before_the_post_is_out_shows_in_the_post(bot: TestBot) -> None:
    sid = await suggest(bot, "Harm reduction and naloxone")
    await bot.press_action(vote(sid), "bo", platform="slack")
    await bot.deliver_due()
    posted = [p for p in bot.posts("slack") if "Topic suggestion" in p[1].text]
    assert "Votes: 1" in reply_text(posted[0][1])
    await bot.advance("10s")
    assert "Votes: 1" in shown(bot, "slack")


async def test_merge_updates_both_posts(bot: TestBot) -> None:
    first = await suggest(bot, "Medical debt and credit reports")
    second = await suggest(bot, "School-based health centers", user="bo")
    await bot.deliver_due()
    await bot.press_action(vote(first), "cy", platform="slack")
    await decide(bot, f"/topics merge {first} {second}")
    await bot.advance("10s")
    texts = [reply_text(r) for _, r, _ in edits(bot, "slack")]
    assert any("Status: merged" in t and f"suggestion #{second}" in t for t in texts)
    assert any(f"#{second}" in t.split("\n")[0] and "Votes: 1" in t for t in texts)


async def test_an_edit_waits_for_a_post_still_on_its_way(bot: TestBot) -> None:
    sid = await suggest(bot, "Peer support workers")
    now = bot.clock.now()
    async with bot.db.session() as session:
        # another worker has taken the posts and not yet said where they landed
        taken = await deliveries.claim_due(
            session, worker="elsewhere", now=now, lease=timedelta(minutes=5), limit=10
        )
    assert {row.kind for row in taken} == {"topics.post"}
    await bot.press_action(vote(sid), "bo", platform="slack")
    await bot.advance("10s")
    assert edits(bot, "slack") == []  # nothing to edit yet, and nothing lost
    async with bot.db.read() as session:
        (waiting,) = [
            row
            for row in (await session.execute(select(Delivery))).scalars()
            if row.target_type == "edit" and row.platform == "slack"
        ]
    assert waiting.status == "pending" and waiting.attempts == 0
    slack_posts = bot.outboxes["slack"].posts
    slack_posts.append((Place("slack", "C-SUGG"), Reply(text="posted elsewhere"), "k"))
    landed = bot.outboxes["slack"].post_id(len(slack_posts))
    async with bot.db.session() as session:
        for row in taken:
            assert row.id is not None and row.claim_token is not None
            await deliveries.finish(
                session,
                row.id,
                token=row.claim_token,
                status="sent",
                now=bot.clock.now(),
                external_id=landed,
            )
    await bot.advance("10s")
    (edit,) = edits(bot, "slack")
    assert edit[0].message_id == landed and "Votes: 1" in reply_text(edit[1])
