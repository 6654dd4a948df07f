"""Votes and follows: one vote per member, toggled by pressing again; who hears of changes."""

from __future__ import annotations

from bot.deps import Deps
from bot.errors import BadInput
from bot.features.topics import posts, views
from bot.features.topics.listing import SORTS, page_reply
from bot.features.topics.lookup import existing, person
from bot.features.topics.text import suggestion_id
from bot.i18n import _
from bot.member_limits import VOTE
from bot.model import Actor, ButtonPress, Command, Reply
from bot.params import Param, Params
from bot.router import Router
from storage import topics as store
from storage.models.topics import MERGED, STATUSES, VOTABLE

router = Router("topics.votes")


@router.action("topics.vote")
async def vote(press: ButtonPress, deps: Deps) -> Reply:
    sid = press.action.number(0)
    deps.limits.take(VOTE, press.actor.key, deps.clock.now())
    async with deps.db.session() as session:
        s = await existing(session, sid, lock=True)
        if s.status == MERGED:
            raise BadInput(
                _("#{id} was merged into #{into}; vote there: /topics show {into}.").format(
                    id=sid, into=s.merged_into_id
                )
            )
        if s.status not in VOTABLE:
            raise BadInput(
                _("#{id} is {status}, so it takes no more votes.").format(
                    id=sid, status=views.status_word(s.status)
                )
            )
        voted = await store.toggle_vote(session, sid, person(press.actor), deps.clock.now())
        votes = await store.vote_count(session, sid)
        await posts.refresh(session, deps, sid)
    if voted:
        text = _(
            "You voted for {headline}. It has {votes}. We'll message you when organizers "
            "decide. Press again to take your vote back."
        ).format(headline=views.headline(s), votes=views.votes_text(votes))
    else:
        text = _("You took back your vote for {headline}. It has {votes}.").format(
            headline=views.headline(s), votes=views.votes_text(votes)
        )
    if len(press.action.args) == 4:
        return await _redraw_listing(press, deps, text)
    section = views.card(
        s,
        votes,
        organizer=press.actor.is_organizer,
        viewer_key=press.actor.key,
        buttons=(views.vote_button(s, votes, voted),),
    )
    return Reply(text=text[:2000], sections=(section,))


async def _redraw_listing(press: ButtonPress, deps: Deps, said: str) -> Reply:
    """A vote pressed in /topics: the same page again, in place, with the new counts."""
    sort, status, offset = press.action.args[1:]
    if sort not in SORTS or (status and status not in STATUSES) or not offset.isdigit():
        return Reply(text=said[:2000])
    page = await page_reply(deps, press.actor, sort, status, int(offset))
    text = f"{said}\n{page.text}"[:2000]
    return Reply(text=text, sections=page.sections, replace_original=True)


@router.command(
    "topics unfollow",
    "Stop getting messages about a suggestion",
    params=(Param("id", "The suggestion's number, e.g. 12", required=True),),
    examples=("/topics unfollow 12",),
)
async def unfollow_command(cmd: Command, params: Params, deps: Deps) -> Reply:
    return await set_following(deps, cmd.actor, suggestion_id(params.text("id")), False)


@router.action("topics.unfollow")
async def unfollow_pressed(press: ButtonPress, deps: Deps) -> Reply:
    return await set_following(deps, press.actor, press.action.number(0), False)


@router.action("topics.follow")
async def follow_pressed(press: ButtonPress, deps: Deps) -> Reply:
    return await set_following(deps, press.actor, press.action.number(0), True)


async def set_following(deps: Deps, actor: Actor, sid: int, active: bool) -> Reply:
    async with deps.db.session() as session:
        s = await existing(session, sid)
        await store.set_follow(session, sid, person(actor), active=active, now=deps.clock.now())
    if active:
        return Reply(
            text=_("You'll get a message when {headline} changes.").format(
                headline=views.headline(s)
            )
        )
    return Reply(
        text=_(
            "You won't get messages about {headline} any more. "
            "To follow it again, press Follow in /topics show {id}."
        ).format(headline=views.headline(s), id=sid)
    )
