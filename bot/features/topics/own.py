"""A member's own suggestion while it is open: **Withdraw** it or **Edit** its words.

Both are in `/topics mine` and `/topics show <n>` for its author only, and refused for a
suggestion organizers have decided on. Withdrawing is kept in the suggestion's history as
the author's own decision: it leaves every list, takes no more votes, its channel post says
so, and everyone who voted for or follows it is told by DM through the queue.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import Action
from bot.deps import Deps
from bot.errors import BadInput
from bot.features.topics import posts, views
from bot.features.topics.lookup import existing
from bot.features.topics.notices import audience, tell_followers
from bot.features.topics.text import DETAILS_MAX, TITLE_MAX, checked_idea, in_form, split_topic
from bot.i18n import _, ngettext
from bot.model import Actor, Button, ButtonPress, Form, FormSubmit, Input, Reply, Section, plain
from bot.router import Router
from storage import topics as store
from storage.models.topics import WITHDRAWN, Suggestion

router = Router("topics.own")
WITHDRAW = "topics.withdraw"
WITHDRAW_YES = "topics.withdraw_yes"
EDIT = "topics.edit"


async def _own_open(session: AsyncSession, sid: int, actor: Actor, *, lock: bool) -> Suggestion:
    """The actor's suggestion `sid`, if it is still theirs to change."""
    s = await existing(session, sid, lock=lock)
    if s.author_key != actor.key:
        raise BadInput(
            _("Only the member who suggested {number} can change it.").format(
                number=views.number(s)
            )
        )
    if s.status not in views.OWN_OPEN:
        raise BadInput(
            _(
                "{headline} is {status}: organizers have taken it "
                "from here, so it can no longer be withdrawn or edited."
            ).format(headline=views.headline(s), status=views.status_word(s.status))
        )
    return s


@router.action(WITHDRAW)
async def ask_withdraw(press: ButtonPress, deps: Deps) -> Reply:
    async with deps.db.read() as session:
        s = await _own_open(session, press.action.number(0), press.actor, lock=False)
        told = len(await audience(session, deps, s, press.actor))
    headline = views.headline(s)
    if told:
        text = ngettext(
            "Withdraw {headline}? It leaves every list and takes no more votes; "
            "{n} person who voted for or follow it will be told.",
            "Withdraw {headline}? It leaves every list and takes no more votes; "
            "{n} people who voted for or follow it will be told.",
            told,
        ).format(headline=headline, n=told)
    else:
        text = _(
            "Withdraw {headline}? It leaves every list and takes no more votes; "
            "nobody else follows it."
        ).format(headline=headline)
    buttons = (
        Button(_("Yes, withdraw it"), Action(WITHDRAW_YES, (str(s.id),)), style="danger"),
        Button(_("Keep it"), Action("topics.show", (str(s.id),))),
    )
    return Reply(text=text[:2000], sections=(Section(text=plain(text[:2000]), buttons=buttons),))


@router.action(WITHDRAW_YES)
async def withdraw(press: ButtonPress, deps: Deps) -> Reply:
    now = deps.clock.now()
    async with deps.db.session() as session:
        s = await _own_open(session, press.action.number(0), press.actor, lock=True)
        change = await store.propose(session, s, status=WITHDRAWN, by_key=press.actor.key, now=now)
        await store.apply(session, s, change, now)
        told = await tell_followers(session, deps, s, change, press.actor, due_at=now)
        await posts.refresh(session, deps, s.id or 0)
    headline = views.headline(s)
    text = (
        ngettext(
            "Withdrawn: {headline}. We're telling the {n} person who voted for or follow it.",
            "Withdrawn: {headline}. We're telling the {n} people who voted for or follow it.",
            told,
        ).format(headline=headline, n=told)
        if told
        else _("Withdrawn: {headline}.").format(headline=headline)
    )
    return Reply(text=text, replace_original=True)


def edit_form(s: Suggestion) -> Form:
    return Form(
        Action(EDIT, (str(s.id),)),
        _("Edit #{id}").format(id=s.id)[:24],
        (
            Input("title", _("Topic (a short title)"), max_length=TITLE_MAX, initial=s.title),
            Input(
                "details",
                _("Details: what would you like to learn?"),
                kind="long",
                required=False,
                max_length=DETAILS_MAX,
                initial=s.details,
            ),
        ),
        submit_label=_("Save"),
    )


@router.action(EDIT)
async def ask_edit(press: ButtonPress, deps: Deps) -> Reply:
    async with deps.db.read() as session:
        s = await _own_open(session, press.action.number(0), press.actor, lock=False)
    return Reply(text=_("Edit {headline}.").format(headline=views.headline(s)), form=edit_form(s))


@router.form(EDIT)
async def edited(submit: FormSubmit, deps: Deps) -> Reply:
    sid = submit.form.number(0)
    with in_form("title"):
        idea = checked_idea(
            split_topic(submit.values.get("title", ""), submit.values.get("details", ""))
        )
    async with deps.db.session() as session:
        s = await _own_open(session, sid, submit.actor, lock=True)
        s.title, s.details, s.updated_at = idea.title, idea.details, deps.clock.now()
        session.add(s)
        await session.flush()
        votes = await store.vote_count(session, sid)
        await posts.refresh(session, deps, sid)
    card = views.card(s, votes, viewer_key=submit.actor.key, buttons=views.own_buttons(s))
    return Reply(
        text=_("Saved: {headline}. Its channel post shows it too.").format(
            headline=views.headline(s)
        )[:2000],
        sections=(card,),
    )
