"""Members propose resources; organizers add, decline or point to the item; the member hears
back once, by DM through the queue. Save and Was this useful? keep a member's own word."""

from __future__ import annotations

from bot.model import DirectMessage, Place, Reply
from storage import resource_marks as marks
from storage import resource_proposals as proposals
from storage import resources as store
from tests.harness import TestBot, all_buttons, reply_text

LINK = "https://example.org/rural-housing-toolkit"
ADD_VALUES = {
    "title": "Rural housing toolkit",
    "url": LINK,
    "type": "toolkit",
    "topics": "housing; rural health",
    "description": "Steps for coalitions.",
}


def dms(bot: TestBot, user: str) -> list[Reply]:
    return [r for t, r, _ in bot.posts() if isinstance(t, DirectMessage) and t.user_id == user]


def organizer_posts(bot: TestBot) -> list[tuple[Place, Reply]]:
    return [
        (t, r) for t, r, _ in bot.posts() if isinstance(t, Place) and "proposal #" in r.text.lower()
    ]


async def _propose(
    bot: TestBot, line: str = f"/resources share {LINK} Great for rural clinics"
) -> Reply:
    reply = await bot.command(line)
    assert reply.text.startswith("Thanks!"), reply.text
    await bot.deliver_due()
    return reply


async def test_a_proposal_reaches_every_organizers_channel_is_added_and_the_member_hears_once(
    bot: TestBot,
) -> None:
    await _propose(bot)
    posted = organizer_posts(bot)
    assert sorted((p.platform, p.channel_id) for p, _ in posted) == [
        ("console", "organizers"),
        ("discord", "444"),
        ("slack", "C-ORG"),
    ]
    card = posted[0][1]
    assert not card.private
    assert [b.label for b in all_buttons(card)] == ["Add to library", "Decline", "Already have it"]
    assert "Great for rural clinics" in reply_text(card)

    form = await bot.press(card, "Add to library", "olu", organizer=True)
    assert form.form is not None
    initial = {i.name: i.initial for i in form.form.inputs}
    assert initial["url"] == LINK and initial["description"] == "Great for rural clinics"
    added = await bot.submit(form, ADD_VALUES, "olu", organizer=True)
    assert added.text.startswith("Added #1"), added.text
    await bot.deliver_due()
    await bot.advance("1h")
    told = dms(bot, "ana")
    assert len(told) == 1
    assert "#1" in told[0].text and "/resources 1" in told[0].text
    assert any(b.url == LINK for b in all_buttons(told[0]))

    # Every organizers channel's card is edited: the outcome, no buttons any more.
    edited = [r for outbox in bot.outboxes.values() for _, r, _ in outbox.edits]
    assert len(edited) == 3 and all("added to the library as #1" in r.text for r in edited)
    assert all(not all_buttons(r) and "(by Olu)" in r.text for r in edited)
    # The credit line is on the item; a second press by another organizer changes nothing.
    opened = await bot.command("/resources #1")
    assert "Shared by: Ana" in reply_text(opened)
    again = await bot.press(card, "Decline", "bea", organizer=True)
    assert "Olu already decided proposal #1: added to the library as #1" in again.text
    mine = await bot.command("/resources mine")
    assert "Added to the library as #1" in reply_text(mine)


async def test_a_declined_proposals_reason_reaches_the_member(bot: TestBot) -> None:
    await _propose(bot, f"/resources share {LINK} credit:no")
    _, card = organizer_posts(bot)[0]
    form = await bot.press(card, "Decline", "olu", organizer=True)
    empty = await bot.submit(form, {"reason": "  "}, "olu", organizer=True)
    assert "reason" in empty.form_errors
    done = await bot.submit(form, {"reason": "It is behind a paywall."}, "olu", organizer=True)
    assert done.text.startswith("Declined proposal #1")
    await bot.deliver_due()
    told = dms(bot, "ana")
    assert len(told) == 1 and "Why: It is behind a paywall." in told[0].text
    # Decided by another organizer a moment earlier: the form's submit says so, nothing changes.
    late = await bot.press(card, "Add to library", "bea", organizer=True)
    assert "already decided" in late.text
    async with bot.db.read() as session:
        assert await store.count(session) == 0


async def test_already_have_it_points_the_member_to_the_item(bot: TestBot) -> None:
    form = await bot.command("/resources add", organizer=True)
    await bot.submit(form, ADD_VALUES, organizer=True)
    await _propose(bot, "/resources share https://example.org/another-copy")
    _, card = organizer_posts(bot)[0]
    pick = await bot.press(card, "Already have it", "olu", organizer=True)
    bad = await bot.submit(pick, {"item": "99"}, "olu", organizer=True)
    assert "no resource #99" in bad.form_errors["item"]
    done = await bot.submit(pick, {"item": "#1"}, "olu", organizer=True)
    assert "is #1" in done.text
    await bot.deliver_due()
    told = dms(bot, "ana")
    assert len(told) == 1 and "was already in the library, as #1" in told[0].text


async def test_the_add_form_submitted_after_another_organizer_declined_adds_nothing(
    bot: TestBot,
) -> None:
    await _propose(bot)
    _, card = organizer_posts(bot)[0]
    add_form = await bot.press(card, "Add to library", "olu", organizer=True)
    decline = await bot.press(card, "Decline", "bea", organizer=True)
    await bot.submit(decline, {"reason": "We have a better one."}, "bea", organizer=True)
    late = await bot.submit(add_form, ADD_VALUES, "olu", organizer=True)
    assert late.text.startswith("Bea already decided proposal #1: declined")
    async with bot.db.read() as session:
        assert await store.count(session) == 0
    await bot.deliver_due()
    assert len(dms(bot, "ana")) == 1


async def test_a_link_in_the_library_is_shown_not_queued(bot: TestBot) -> None:
    form = await bot.command("/resources add", organizer=True)
    await bot.submit(form, ADD_VALUES, organizer=True)
    tracked = f"{LINK}/?utm_source=newsletter&fbclid=abc#top"
    reply = await bot.command(f"/resources share {tracked} useful")
    assert "already in the library, as #1" in reply.text
    assert reply.sections[0].title == "Rural housing toolkit"
    assert "Save" in [b.label for b in all_buttons(reply)]
    # The same title (case aside) with another link is the same item too.
    by_title = await bot.submit(
        await bot.command("/resources share"),
        {"url": "https://mirror.example.net/toolkit", "title": "RURAL HOUSING TOOLKIT"},
    )
    assert "already in the library, as #1" in by_title.text
    await bot.deliver_due()
    assert organizer_posts(bot) == []


async def test_the_same_link_proposed_twice_is_queued_once(bot: TestBot) -> None:
    await _propose(bot)
    again = await bot.command(f"/resources share {LINK}?utm_campaign=x", "bea")
    assert "Someone proposed that link already" in again.text
    await bot.deliver_due()
    assert len(organizer_posts(bot)) == 3


async def test_bad_input_is_a_short_clear_reply_and_nothing_is_queued(bot: TestBot) -> None:
    opened = await bot.command("/resources share")
    assert opened.form is not None
    no_link = await bot.submit(opened, {"url": "", "why": "a great toolkit"})
    assert no_link.text.startswith("Give the link first")
    not_web = await bot.command("/resources share ftp://example.org/file.pdf")
    assert "Only web links (http:// or https://)" in not_web.text
    too_long = await bot.command("/resources share https://example.org/" + "a" * 600)
    assert "the library takes links of up to 512" in too_long.text
    long_why = await bot.submit(opened, {"url": LINK, "why": "x" * 1001})
    assert "1000 characters" in long_why.text
    await bot.deliver_due()
    assert organizer_posts(bot) == []
    async with bot.db.read() as session:
        assert (await proposals.figures(session)).received == 0


async def test_a_member_may_have_only_so_many_pending_proposals(bot: TestBot) -> None:
    limit = bot.deps.settings.resources.pending_proposals
    for n in range(limit):
        await _propose(bot, f"/resources share https://example.org/item-{n}")
    over = await bot.command("/resources share https://example.org/one-more")
    assert f"You have {limit} proposals waiting" in over.text
    other = await bot.command("/resources share https://example.org/one-more", "bea")
    assert other.text.startswith("Thanks!")


async def test_members_cannot_decide_proposals(bot: TestBot) -> None:
    await _propose(bot)
    _, card = organizer_posts(bot)[0]
    refused = await bot.press(card, "Add to library", "bea")
    assert refused.text.startswith("Only organizers")
    review = await bot.command("/resources review")
    assert review.text.startswith("Only organizers")
    listed = await bot.command("/resources review", "olu", organizer=True)
    assert listed.text.startswith("1 resource proposals are waiting")


async def test_save_and_was_this_useful_are_the_members_own(bot: TestBot) -> None:
    form = await bot.command("/resources add", organizer=True)
    await bot.submit(form, ADD_VALUES, organizer=True)
    found = await bot.command("/resources rural housing")
    saved = await bot.press(found, "Save")
    assert saved.text.startswith("Saved #1")
    listed = await bot.command("/resources saved")
    assert listed.sections[0].title == "Rural housing toolkit"
    assert (await bot.command("/resources saved", "bea")).text.startswith("Your list is empty")
    ask = await bot.press(found, "Was this useful?")
    await bot.press(ask, "Yes")
    await bot.press(ask, "No", "bea")
    await bot.press(ask, "Yes", "bea")  # a second answer replaces the first
    async with bot.db.read() as session:
        assert await marks.usefulness(session, 1) == (2, 0)
        assert await marks.most_saved(session) == [(1, "Rural housing toolkit", 1)]
    off = await bot.press(listed, "Take off my list")
    assert off.text.startswith("Took #1")
    assert (await bot.command("/resources saved")).text.startswith("Your list is empty")


async def test_privacy_lists_and_deletes_proposals_saves_and_marks_not_the_resource(
    bot: TestBot,
) -> None:
    await _propose(bot)
    _, card = organizer_posts(bot)[0]
    form = await bot.press(card, "Add to library", "olu", organizer=True)
    await bot.submit(form, ADD_VALUES, "olu", organizer=True)
    opened = await bot.command("/resources #1")
    assert "Shared by: Ana" in reply_text(opened)
    await bot.press(opened, "Save")
    await bot.press(await bot.press(opened, "Was this useful?"), "Yes")

    shown = await bot.command("/privacy")
    listed = reply_text(shown)
    assert "resources you proposed (the credit on added ones goes, the resources stay): 1" in listed
    assert "resources you saved: 1" in listed and "your answers to Was this useful?: 1" in listed
    asked = await bot.press(shown, "Delete all of it")
    await bot.press(asked, "Yes, delete everything")

    again = await bot.command("/resources #1")
    assert again.sections[0].title == "Rural housing toolkit"  # the resource stays
    assert "Shared by" not in reply_text(again)  # the credit line goes
    assert (await bot.command("/resources saved")).text.startswith("Your list is empty")
    assert (await bot.command("/resources mine")).text.startswith("You have not proposed")
    async with bot.db.read() as session:
        assert await marks.usefulness(session, 1) == (0, 0)


async def test_help_lists_the_new_commands_and_the_message_commands(bot: TestBot) -> None:
    shown = reply_text(await bot.command("/help resources"))
    for command in ("/resources share", "/resources mine", "/resources saved"):
        assert command in shown
    overview = reply_text(await bot.command("/help"))
    assert "Propose for the library:" in overview and "Suggest as a topic:" in overview
