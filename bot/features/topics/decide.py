"""Organizers decide: under review, planned, covered, declined (with a reason), or merged.

A decision is checked (the event, resource or suggestion it points at must be there and
alive), then shown to the organizer with how many people it will message, and applied only
on Confirm (`confirming.py`), where its notices are queued in the same transaction. The
router refuses all of this to members before any handler here runs.
"""

from __future__ import annotations

from bot.actions import Action
from bot.deps import Deps
from bot.errors import BadInput
from bot.features.topics import confirming
from bot.features.topics.checks import check_link, decidable, merge_pair
from bot.features.topics.notices import audience
from bot.features.topics.text import in_form, link_ref, reason_text, suggestion_id
from bot.model import Actor, ButtonPress, Command, Form, FormSubmit, Input, Reply
from bot.params import Param, Params
from bot.router import Router
from storage import topics as store
from storage.models.topics import COVERED, DECLINED, HIDDEN, MERGED, PLANNED, REVIEW, WITHDRAWN

router = Router("topics.decide")
ID = Param("id", "The suggestion's number, e.g. 12", required=True)
NOTE = Param("note", "A note for the people who follow it (optional)", "rest")


async def _decide(
    deps: Deps,
    actor: Actor,
    sid: int,
    status: str,
    *,
    reason: str = "",
    link_kind: str = "",
    ref: str = "",
) -> Reply:
    """Check the decision and ask the organizer to confirm it, saying who will be told."""
    async with deps.db.session() as session:
        s = await decidable(session, sid)
        if status == REVIEW and s.status == REVIEW:
            raise BadInput(f"#{sid} is already under review.")
        if s.status == WITHDRAWN and status != HIDDEN:
            raise BadInput(f"#{sid} was withdrawn by its author; only hiding it is left.")
        if status == HIDDEN and s.status == HIDDEN:
            raise BadInput(f"#{sid} is already hidden. /topics review {sid} shows it again.")
        await check_link(session, status, link_kind, ref)
        change = await store.propose(
            session,
            s,
            status=status,
            by_key=actor.key,
            now=deps.clock.now(),
            reason=reason,
            link_kind=link_kind,
            link_ref=ref,
        )
        people = await audience(session, deps, s, actor, status)
    return confirming.ask(s, change, len(people))


@router.command(
    "topics review",
    "Mark a suggestion as under review (organizers)",
    params=(ID, NOTE),
    organizer_only=True,
    examples=("/topics review 12",),
)
async def review_command(cmd: Command, params: Params, deps: Deps) -> Reply:
    sid = suggestion_id(params.text("id"))
    note = reason_text(params.text("note"), required=False)
    return await _decide(deps, cmd.actor, sid, REVIEW, reason=note)


@router.command(
    "topics plan",
    "Plan a suggestion: link it to an event (organizers)",
    params=(ID, Param("event", "The event's number or link", required=True), NOTE),
    organizer_only=True,
    examples=("/topics plan 12 34", "/topics plan 12 https://example.org/webinar"),
)
async def plan_command(cmd: Command, params: Params, deps: Deps) -> Reply:
    return await _linked_command(cmd, params, deps, "event", PLANNED)


@router.command(
    "topics cover",
    "Mark a suggestion covered by a resource or past event (organizers)",
    params=(
        ID,
        Param(
            "resource",
            "The resource's number, event:<number> for a past event, or a link",
            required=True,
        ),
        NOTE,
    ),
    organizer_only=True,
    examples=(
        "/topics cover 12 56",
        "/topics cover 12 event:8",
        "/topics cover 12 https://x.org/kit",
    ),
)
async def cover_command(cmd: Command, params: Params, deps: Deps) -> Reply:
    return await _linked_command(cmd, params, deps, "resource", COVERED)


async def _linked_command(
    cmd: Command, params: Params, deps: Deps, field: str, status: str
) -> Reply:
    """/topics plan and /topics cover: a decision linking to an event or a resource."""
    sid = suggestion_id(params.text("id"))
    kind, ref = link_ref(params.text(field), field)
    note = reason_text(params.text("note"), required=False)
    return await _decide(deps, cmd.actor, sid, status, reason=note, link_kind=kind, ref=ref)


@router.command(
    "topics decline",
    "Decline a suggestion, saying why (organizers)",
    params=(ID, Param("reason", "Why: the people who cared will read it", "rest", required=True)),
    organizer_only=True,
    examples=("/topics decline 12 Outside our mission; try the state health department",),
)
async def decline_command(cmd: Command, params: Params, deps: Deps) -> Reply:
    sid = suggestion_id(params.text("id"))
    reason = reason_text(params.text("reason"), required=True)
    return await _decide(deps, cmd.actor, sid, DECLINED, reason=reason)


@router.command(
    "topics hide",
    "Hide a suggestion (spam, personal details) from every list and its post (organizers)",
    params=(
        ID,
        Param("reason", "Why: the suggester and organizers will read it", "rest", required=True),
    ),
    organizer_only=True,
    examples=("/topics hide 12 It names a patient",),
)
async def hide_command(cmd: Command, params: Params, deps: Deps) -> Reply:
    sid = suggestion_id(params.text("id"))
    reason = reason_text(params.text("reason"), required=True)
    return await _decide(deps, cmd.actor, sid, HIDDEN, reason=reason)


@router.command(
    "topics merge",
    "Merge a suggestion into another; votes and followers move (organizers)",
    params=(ID, Param("into", "The number of the suggestion to keep", required=True)),
    organizer_only=True,
    examples=("/topics merge 12 7",),
)
async def merge_command(cmd: Command, params: Params, deps: Deps) -> Reply:
    sid = suggestion_id(params.text("id"))
    return await merge(deps, cmd.actor, sid, suggestion_id(params.text("into")))


async def merge(deps: Deps, actor: Actor, sid: int, into_id: int) -> Reply:
    if sid == into_id:
        raise BadInput("A suggestion cannot be merged into itself.")
    async with deps.db.session() as session:
        source, target = await merge_pair(session, sid, into_id)
        change = await store.propose(
            session,
            source,
            status=MERGED,
            by_key=actor.key,
            now=deps.clock.now(),
            link_kind=MERGED,
            link_ref=str(into_id),
        )
        people = await audience(session, deps, source, actor)
    return confirming.ask(source, change, len(people), into=target)


# Buttons in an organizer's view of a suggestion: one acts at once, the others ask first.


@router.action("topics.do_review", organizer_only=True)
async def review_pressed(press: ButtonPress, deps: Deps) -> Reply:
    return await _decide(deps, press.actor, press.action.number(0), REVIEW)


FORMS = {
    "plan": ("Plan it", "event", "Event number or link", "Note for followers (optional)"),
    "cover": (
        "Mark covered",
        "resource",
        "Resource number, event:<number>, or link",
        "Note (optional)",
    ),
    "decline": ("Decline", "reason", "Why? Followers will read this", ""),
    "merge": ("Merge", "into", "Merge into suggestion number", ""),
}


def _form(kind: str, sid: str) -> Form:
    title, name, label, note = FORMS[kind]
    inputs = [Input(name, label, kind="long" if name == "reason" else "short", max_length=500)]
    if note:
        inputs.append(Input("note", note, kind="long", required=False, max_length=500))
    return Form(Action(f"topics.{kind}", (sid,)), f"{title} #{sid}"[:24], tuple(inputs))


async def _ask(press: ButtonPress, kind: str, deps: Deps) -> Reply:
    sid = press.action.number(0)
    async with deps.db.read() as session:
        await decidable(session, sid)
    return Reply(text=f"{FORMS[kind][0]}: #{sid}", form=_form(kind, str(sid)))


@router.action("topics.ask_plan", organizer_only=True)
async def ask_plan(press: ButtonPress, deps: Deps) -> Reply:
    return await _ask(press, "plan", deps)


@router.action("topics.ask_cover", organizer_only=True)
async def ask_cover(press: ButtonPress, deps: Deps) -> Reply:
    return await _ask(press, "cover", deps)


@router.action("topics.ask_decline", organizer_only=True)
async def ask_decline(press: ButtonPress, deps: Deps) -> Reply:
    return await _ask(press, "decline", deps)


@router.action("topics.ask_merge", organizer_only=True)
async def ask_merge(press: ButtonPress, deps: Deps) -> Reply:
    return await _ask(press, "merge", deps)


async def _linked(submit: FormSubmit, deps: Deps, field: str, status: str) -> Reply:
    """A decision that links the suggestion to an event (planned) or a resource (covered)."""
    sid = submit.form.number(0)
    with in_form(field):
        kind, ref = link_ref(submit.values.get(field, ""), field)
    with in_form("note"):
        note = reason_text(submit.values.get("note", ""), required=False)
    with in_form(field):  # e.g. "there is no event #7" is shown beside the event's field
        return await _decide(deps, submit.actor, sid, status, reason=note, link_kind=kind, ref=ref)


@router.form("topics.plan", organizer_only=True)
async def plan_submitted(submit: FormSubmit, deps: Deps) -> Reply:
    return await _linked(submit, deps, "event", PLANNED)


@router.form("topics.cover", organizer_only=True)
async def cover_submitted(submit: FormSubmit, deps: Deps) -> Reply:
    return await _linked(submit, deps, "resource", COVERED)


@router.form("topics.decline", organizer_only=True)
async def decline_submitted(submit: FormSubmit, deps: Deps) -> Reply:
    sid = submit.form.number(0)
    with in_form("reason"):
        reason = reason_text(submit.values.get("reason", ""), required=True)
    return await _decide(deps, submit.actor, sid, DECLINED, reason=reason)


@router.form("topics.merge", organizer_only=True)
async def merge_submitted(submit: FormSubmit, deps: Deps) -> Reply:
    sid = submit.form.number(0)
    with in_form("into"):
        into = suggestion_id(submit.values.get("into", ""))
        return await merge(deps, submit.actor, sid, into)
