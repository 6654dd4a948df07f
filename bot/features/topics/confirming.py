"""A decision in three steps: shown with who will be told, applied on Confirm with its
notices held for `[topics] undo_seconds`, and undone on Undo while nobody has been told.

A merge keeps what it moved (storage/topics/merges.py) so that Undo can put it back: the
source's votes and follows return, and the target loses only what the merge added to it.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import Action
from bot.deps import Deps
from bot.errors import BadInput, NotFound
from bot.features.topics import hiding, posts, views
from bot.features.topics.checks import check_link, decidable, merge_pair
from bot.features.topics.linked import pointed
from bot.features.topics.lookup import existing
from bot.features.topics.notices import tell_followers
from bot.features.topics.settings import TopicsSettings
from bot.model import Button, ButtonPress, Field, Reply, Section, Text, plain
from bot.router import Router
from storage import topics as store
from storage.models.topics import APPLIED, HIDDEN, MERGED, PROPOSED, StatusChange, Suggestion
from storage.topics import merges

router = Router("topics.confirming")
CONFIRM = "topics.confirm"
DISCARD = "topics.discard"
UNDO = "topics.undo"
VERB = {
    "review": "Mark {} as under review",
    "planned": "Plan {}",
    "covered": "Mark {} as covered",
    "declined": "Decline {}",
    "merged": "Merge {} into {}",
    "hidden": "Hide {}",
}


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def ask(s: Suggestion, change: StatusChange, told: int, into: Suggestion | None = None) -> Reply:
    """The confirm screen: what will happen and how many people will be messaged."""
    what = VERB[change.status].format(views.headline(s), views.headline(into) if into else "")
    who = (
        f"This messages {_people(told)} (the suggester, voters and followers)."
        if told
        else "Nobody is messaged (no one else follows it)."
    )
    if change.status == HIDDEN:
        who = (
            "Its post will show only that organizers hid it; it leaves every list. "
            + ("The suggester is told why." if told else "The suggester cannot be messaged here.")
            + " The organizers' channel hears of it."
        )
    extra = (
        " Votes and followers move to it; Undo puts them back until the messages go out."
        if into
        else ""
    )
    text = f"{what}? {who}{extra}"
    fields = []
    if change.reason:
        fields.append(Field.of("Note", change.reason))
    buttons = (
        Button("Confirm", Action(CONFIRM, (str(change.id),)), style="primary"),
        Button("Cancel", Action(DISCARD, (str(change.id),))),
    )
    section = Section(
        title=what[:150], text=plain(who + extra), fields=tuple(fields), buttons=buttons
    )
    return Reply(text=text[:2000], sections=(section,))


async def _proposal(session: AsyncSession, change_id: int) -> StatusChange:
    change = await store.get_change(session, change_id)
    if change is None or change.state != PROPOSED:
        raise NotFound("That decision was already confirmed or cancelled. See /topics show.")
    return change


@router.action(CONFIRM, organizer_only=True)
async def confirm(press: ButtonPress, deps: Deps) -> Reply:
    now = deps.clock.now()
    hold = deps.settings.section(TopicsSettings).undo_seconds
    async with deps.db.session() as session:
        change = await _proposal(session, press.action.number(0))
        into: Suggestion | None = None
        if change.status == MERGED:
            s, into = await merge_pair(session, change.suggestion_id, int(change.link_ref))
        else:
            s = await decidable(session, change.suggestion_id)
            await check_link(session, change.status, change.link_kind, change.link_ref)
        if s.updated_at > change.created_at:
            raise BadInput(
                f"{views.headline(s)} changed since this was shown; please decide again."
            )
        await store.apply(session, s, change, now)
        due = now + timedelta(seconds=hold)
        told = await tell_followers(session, deps, s, change, press.actor, into=into, due_at=due)
        if change.status == HIDDEN:
            await hiding.tell_organizers(session, deps, s, change, press.actor, due)
        votes = None
        if into is not None:
            await merges.merge(session, change.id or 0, s, into, now)
            votes = await store.vote_count(session, into.id or 0)
            await posts.refresh(session, deps, into.id or 0)
        await posts.refresh(session, deps, s.id or 0)
        # The organizer's card names the event or resource as the members' messages do.
        found = await pointed(session, deps, s, *press.actor.member)
    return _done(s, change, told, hold, into, votes, found.text if found else None)


def _done(
    s: Suggestion,
    change: StatusChange,
    told: int,
    hold: int,
    into: Suggestion | None,
    votes: int | None,
    named: Text | None = None,
) -> Reply:
    undo = Button("Undo", Action(UNDO, (str(change.id),)), style="danger")
    if into is not None:
        text = (
            f"Merged {views.headline(s)} into {views.headline(into)}, which now has "
            f"{views.votes_text(votes or 0)}. Messaged {_people(told)}"
        )
        text += f" (in {hold} seconds: press Undo before then to put it all back)." if hold else "."
        buttons = (undo,) if hold else ()
        card = views.card(into, votes, organizer=True, buttons=buttons)
        return Reply(text=text[:2000], sections=(card,), replace_original=True)
    text = f"{views.headline(s)} is now {views.status_word(s.status)}. Messaged {_people(told)}"
    text += f" (in {hold} seconds: press Undo before then to tell nobody)." if hold else "."
    card = views.card(s, None, organizer=True, buttons=(undo,), named=named)
    return Reply(text=text[:2000], sections=(card,), replace_original=True)


@router.action(DISCARD, organizer_only=True)
async def discard(press: ButtonPress, deps: Deps) -> Reply:
    async with deps.db.session() as session:
        change = await _proposal(session, press.action.number(0))
        await session.delete(change)
    return Reply(
        text="Cancelled; nothing was changed and nobody was messaged.", replace_original=True
    )


TOO_LATE = "Too late to undo: its messages have gone out. Make a new decision instead."


@router.action(UNDO, organizer_only=True)
async def undo(press: ButtonPress, deps: Deps) -> Reply:
    now = deps.clock.now()
    async with deps.db.session() as session:
        change = await store.get_change(session, press.action.number(0))
        if change is None or change.state != APPLIED:
            raise NotFound("There is nothing to undo there.")
        if change.status == MERGED:
            return await _unmerge(session, deps, change)
        s = await existing(session, change.suggestion_id, lock=True)
        await _withdraw(session, deps, s, change)
        await store.revert(session, s, change, now)
        await posts.refresh(session, deps, s.id or 0)
    return Reply(
        text=f"Undone: {views.headline(s)} is {views.status_word(s.status)} again. "
        "Nobody was messaged.",
        replace_original=True,
    )


async def _withdraw(session: AsyncSession, deps: Deps, s: Suggestion, change: StatusChange) -> None:
    """Cancel the decision's notices, or refuse: a later decision stands on it, or its
    messages are out (the refusal rolls back, so the decision stands)."""
    latest = await store.latest_applied(session, change.suggestion_id)
    if latest is None or latest.id != change.id:
        raise BadInput(f"A later decision was made on {views.headline(s)}; undo that one.")
    if deps.clock.now() > change.created_at + timedelta(
        seconds=deps.settings.section(TopicsSettings).undo_seconds
    ):
        raise BadInput(TOO_LATE)
    _, out = await store.withdraw_notices(session, change.id or 0)
    if out:
        raise BadInput(TOO_LATE)


async def _unmerge(session: AsyncSession, deps: Deps, change: StatusChange) -> Reply:
    """Undo a merge: votes and follows go back, both posts are edited, nobody is told."""
    s, into = await _both(session, change.suggestion_id, int(change.link_ref))
    if _after(await store.latest_applied(session, into.id or 0), change):
        # Its notices went to the voters the merge brought, and a further merge moved them on.
        raise BadInput(f"A later decision was made on {views.headline(into)}; undo that one.")
    await _withdraw(session, deps, s, change)
    await merges.unmerge(session, change.id or 0, s.id or 0, into.id or 0)
    await store.revert(session, s, change, deps.clock.now())
    counts = []
    for one in (s, into):
        await posts.refresh(session, deps, one.id or 0)
        counts.append(views.votes_text(await store.vote_count(session, one.id or 0)))
    text = (
        f"Undone: {views.headline(s)} is {views.status_word(s.status)} again with {counts[0]}, "
        f"and {views.headline(into)} has {counts[1]}. Nobody was messaged."
    )
    return Reply(text=text[:2000], replace_original=True)


def _after(one: StatusChange | None, change: StatusChange) -> bool:
    """Whether `one` was applied after `change` (in the order latest_applied uses)."""
    return one is not None and (one.created_at, one.id or 0) > (change.created_at, change.id or 0)


async def _both(session: AsyncSession, sid: int, into_id: int) -> tuple[Suggestion, Suggestion]:
    """The merged suggestion and its target, locked in id order (as the merge took them)."""
    first, second = sorted((sid, into_id))
    locked = {n: await existing(session, n, lock=True) for n in (first, second)}
    return locked[sid], locked[into_id]
