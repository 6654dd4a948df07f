"""Organizers decide proposals: /resources review, Add to library, Decline, Already have it.

A decision is recorded only while the proposal is still pending (compare-and-set), in the
same transaction as the resource it adds and the member's notice it queues: when another
organizer decided a moment earlier, nothing is written and the organizer is told who did.
"""

from __future__ import annotations

import re

from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import Action
from bot.delivery.queue import send_message
from bot.deps import Deps
from bot.errors import BadInput, FormErrors, NotFound
from bot.features.members import api as people
from bot.features.resources import forms, proposal_posts
from bot.features.resources import proposal_views as views
from bot.features.resources.links import in_library
from bot.features.resources.render import DETAILS_FORM
from bot.features.resources.settings import ResourcesSettings
from bot.i18n import speak
from bot.i18n.reader import speaking_in
from bot.limits import cut
from bot.model import Button, ButtonPress, Command, Form, FormSubmit, Input, Reply, Section, plain
from bot.params import Params
from bot.router import Router
from storage import resource_proposals as store
from storage import resources as library
from storage.models.resources import Resource
from storage.models.sharing import ADDED, ALREADY, DECLINED, PENDING, Proposal
from storage.resources import ResourceData

router = Router("resources.review")
ADD_FORM = "resources.proposal.added"
DECLINE_FORM = "resources.proposal.declined"
ALREADY_FORM = "resources.proposal.same"
REVIEW_SHOWN = 8
MAX_REASON = 500
_NUMBER = re.compile(r"#?\s*(\d{1,9})")


@router.command(
    "resources review",
    "Resource proposals waiting for a decision (organizers)",
    organizer_only=True,
)
async def review(command: Command, params: Params, deps: Deps) -> Reply:
    async with deps.db.read() as session:
        waiting, total = await store.pending(session, REVIEW_SHOWN)
    if not waiting:
        return Reply(
            text="No resource proposals are waiting. Members propose with /resources share."
        )
    more = f" (the oldest {len(waiting)} shown)" if total > len(waiting) else ""
    text = f"{total} resource proposals are waiting for a decision{more}."
    return Reply(text=text, sections=tuple(views.organizer_card(p) for p in waiting))


def _id(interaction: ButtonPress | FormSubmit) -> int:
    action = interaction.action if isinstance(interaction, ButtonPress) else interaction.form
    return action.number(0)


async def _pending(session: AsyncSession, proposal_id: int) -> Proposal:
    """The proposal, still pending; otherwise a user error naming who decided it and how."""
    p = await store.get(session, proposal_id)
    if p is None:
        raise NotFound(f"There is no proposal #{proposal_id} (its member may have deleted it).")
    if p.status != PENDING:
        raise BadInput(decided_already(p))
    return p


def decided_already(p: Proposal) -> str:
    who = p.decided_by_name or "Another organizer"
    return (
        f"{cut(who, 80)} already decided proposal #{p.id}: {views.outcome(p)}. "
        "Nothing was changed; the member hears of that decision only."
    )


async def _lost_race(deps: Deps, proposal_id: int) -> BadInput:
    async with deps.db.read() as session:
        p = await store.get(session, proposal_id)
    if p is None:
        return BadInput(f"Proposal #{proposal_id} was deleted meanwhile; nothing was changed.")
    return BadInput(decided_already(p))


# ---- Add to library ------------------------------------------------------------------------


@router.action(views.ADD, organizer_only=True)
async def add_pressed(press: ButtonPress, deps: Deps) -> Reply:
    async with deps.db.read() as session:
        p = await _pending(session, _id(press))
    data = ResourceData(url_key="", url=p.url, title=p.title, description=p.why)
    form = forms.main_form(Action(ADD_FORM, (str(p.id),)), "Add to library", data)
    return Reply(text=f"Adding proposal #{p.id} to the library.", form=form)


@router.form(ADD_FORM, organizer_only=True)
async def add_submitted(submit: FormSubmit, deps: Deps) -> Reply:
    proposal_id = _id(submit)
    data = forms.merged(None, submit.values, forms.MAIN_FIELDS)
    now = deps.clock.now()
    async with deps.db.session() as session:
        p = await _pending(session, proposal_id)
        if (existing := await library.get_by_key(session, data.url_key)) is not None:
            raise FormErrors(
                {
                    "url": f"already in the library as #{existing.id} {existing.title}; "
                    "use Already have it on the proposal"
                }
            )
        await library.upsert_many(session, [data], now=now, added_by=submit.actor.key)
        row = await library.get_by_key(session, data.url_key)
        assert row is not None and row.id is not None
        if not await _decide(session, deps, p, submit, ADDED, resource_id=row.id):
            raise await _lost_race(deps, proposal_id)
    return _done(p, row, f"Added #{row.id}: {cut(row.title, 200)}", details=True)


# ---- Decline -------------------------------------------------------------------------------


@router.action(views.DECLINE, organizer_only=True)
async def decline_pressed(press: ButtonPress, deps: Deps) -> Reply:
    async with deps.db.read() as session:
        p = await _pending(session, _id(press))
    form = Form(
        action=Action(DECLINE_FORM, (str(p.id),)),
        title="Decline a proposal",
        inputs=(
            Input(
                "reason",
                "Why (the member reads this)",
                kind="long",
                max_length=MAX_REASON,
                placeholder="e.g. It is behind a paywall; a free version would be welcome.",
            ),
        ),
        submit_label="Decline",
    )
    return Reply(text=f"Declining proposal #{p.id}: say why.", form=form)


@router.form(DECLINE_FORM, organizer_only=True)
async def decline_submitted(submit: FormSubmit, deps: Deps) -> Reply:
    proposal_id = _id(submit)
    reason = " ".join(submit.values.get("reason", "").split())
    if not reason:
        raise FormErrors({"reason": "say why, in a few words: the member reads it"})
    if len(reason) > MAX_REASON:
        raise FormErrors({"reason": f"at most {MAX_REASON} characters"})
    async with deps.db.session() as session:
        p = await _pending(session, proposal_id)
        if not await _decide(session, deps, p, submit, DECLINED, reason=reason):
            raise await _lost_race(deps, proposal_id)
    return _done(p, None, f"Declined proposal #{p.id}. Reason sent: {cut(reason, 300)}")


# ---- Already have it -----------------------------------------------------------------------


@router.action(views.ALREADY_HAVE, organizer_only=True)
async def already_pressed(press: ButtonPress, deps: Deps) -> Reply:
    async with deps.db.read() as session:
        p = await _pending(session, _id(press))
        guess = await in_library(
            session, p.url, p.title, deps.settings.section(ResourcesSettings).thesaurus()
        )
    form = Form(
        action=Action(ALREADY_FORM, (str(p.id),)),
        title="Already in the library",
        inputs=(
            Input(
                "item",
                "The library item's number (#12)",
                initial=str(guess.id) if guess is not None else "",
                max_length=12,
                placeholder="12",
            ),
        ),
        submit_label="Tell the member",
    )
    return Reply(text=f"Which library item is proposal #{p.id}?", form=form)


@router.form(ALREADY_FORM, organizer_only=True)
async def already_submitted(submit: FormSubmit, deps: Deps) -> Reply:
    proposal_id = _id(submit)
    match = _NUMBER.fullmatch(submit.values.get("item", "").strip())
    if not match:
        raise FormErrors({"item": "the item's number, like 12 (/resources <words> finds it)"})
    async with deps.db.session() as session:
        p = await _pending(session, proposal_id)
        row = await library.get(session, int(match.group(1)))
        if row is None or row.id is None:
            raise FormErrors({"item": f"there is no resource #{match.group(1)}"})
        if not await _decide(session, deps, p, submit, ALREADY, resource_id=row.id):
            raise await _lost_race(deps, proposal_id)
    return _done(p, row, f"Told the member proposal #{p.id} is #{row.id}: {cut(row.title, 200)}")


# ---- one decision, one notice ----------------------------------------------------------------


async def _decide(
    session: AsyncSession,
    deps: Deps,
    p: Proposal,
    submit: FormSubmit,
    status: str,
    *,
    resource_id: int | None = None,
    reason: str = "",
) -> bool:
    """Record the decision if still pending and queue the member's notice, in one go."""
    assert p.id is not None
    now = deps.clock.now()
    done = await store.decide(
        session,
        p.id,
        status=status,
        by_key=submit.actor.key,
        by_name=submit.actor.display_name[:200],
        now=now,
        resource_id=resource_id,
        reason=reason,
    )
    if not done:
        return False
    await session.refresh(p)
    row = await library.get(session, resource_id) if resource_id is not None else None
    await tell_member(session, deps, p, row)
    await proposal_posts.refresh(session, deps, p.id)
    return True


async def tell_member(session: AsyncSession, deps: Deps, p: Proposal, row: Resource | None) -> bool:
    """Queue the decision's DM to the member, once (keyed by the proposal)."""
    target = await people.dm_target(session, p.proposer_platform, p.proposer_user_id)
    if target.platform not in deps.platforms:
        return False
    # Written now, in the member's language (not the organizer's who decided).
    with speak(await speaking_in(session, target, deps.settings.bot)):
        reply = views.notice(p, row)
    return await send_message(
        session,
        key=f"resources.proposal.notice:{p.id}",
        target=target,
        reply=reply,
        now=deps.clock.now(),
        ref=f"proposal:{p.id}",
    )


def _done(p: Proposal, row: Resource | None, text: str, *, details: bool = False) -> Reply:
    who = cut(p.proposer_name or "The member", 80)
    buttons: tuple[Button, ...] = ()
    if details and row is not None:
        buttons = (Button("Add details", Action(DETAILS_FORM, (str(row.id),)), style="primary"),)
    section = Section(
        title=cut(row.title, 150) if row is not None else f"Proposal #{p.id}",
        title_url=row.url if row is not None else p.url,
        text=plain(f"{who} will hear of it by DM."),
        buttons=buttons,
        footer=f"proposal #{p.id}" + (f" · #{row.id}" if row is not None else ""),
    )
    return Reply(text=cut(text, 2000), sections=(section,))
