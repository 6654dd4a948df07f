"""/topics: browse suggestions five at a time, look at one, and look back at your own."""

from __future__ import annotations

from bot.actions import Action
from bot.deps import Deps
from bot.errors import NotFound
from bot.features.topics import views
from bot.features.topics.linked import pointed
from bot.features.topics.lookup import existing
from bot.features.topics.text import suggestion_id
from bot.i18n import _
from bot.limits import cut
from bot.model import Actor, Button, ButtonPress, Command, Reply, Section, Span, Text, plain
from bot.params import Param, Params
from bot.router import Router
from storage import topics as store
from storage.models.topics import (
    HIDDEN,
    MERGED,
    OPEN,
    REVIEW,
    STATUSES,
    VOTABLE,
    Suggestion,
)

router = Router("topics.listing")
PAGE = 5
SORTS = ("top", "newest")
MINE_LIMIT = 15
# Cards with Withdraw/Edit in /topics mine (Discord shows at most 10 embeds a message);
# the others have the same buttons in /topics show <n>.
OWN_CARDS = 4


def _statuses(status: str) -> tuple[str, ...]:
    return (OPEN, REVIEW) if status in ("", "open") else (status,)


@router.command(
    "topics",
    "See suggested topics and vote for the ones you want",
    params=(
        Param("sort", "top (most votes first) or newest", "choice", choices=SORTS, inline=True),
        Param(
            "status", "Which suggestions: open by default", "choice", choices=STATUSES, inline=True
        ),
    ),
    examples=("/topics", "/topics sort:newest", "/topics status:planned"),
    group_default="list",
)
async def topics_command(cmd: Command, params: Params, deps: Deps) -> Reply:
    return await page_reply(deps, cmd.actor, params.text("sort", "top"), params.text("status"), 0)


@router.action("topics.page")
async def more(press: ButtonPress, deps: Deps) -> Reply:
    sort, status, offset = press.action.arg(0), press.action.arg(1), press.action.number(2, 0)
    if sort not in SORTS or (status and status not in STATUSES):
        raise NotFound(_("That list is out of date. Run /topics again."))
    reply = await page_reply(deps, press.actor, sort, status, offset)
    return Reply(text=reply.text, sections=reply.sections, replace_original=True)


async def page_reply(deps: Deps, actor: Actor, sort: str, status: str, offset: int) -> Reply:
    async with deps.db.read() as session:
        rows, total = await store.page(
            session, statuses=_statuses(status), newest=sort == "newest", offset=offset, limit=PAGE
        )
        voted = await store.voted_among(session, actor.key, [s.id for s, _ in rows if s.id])
    which = views.status_word(status or OPEN)
    order = _("newest first") if sort == "newest" else _("most votes first")
    if not rows:
        return _empty(which, offset)
    shown = _("{first}-{last} of {total}").format(
        first=offset + 1, last=offset + len(rows), total=total
    )
    head = _("Suggestions ({which}, {order}), {shown}:").format(
        which=which, order=order, shown=shown
    )
    text = head + "\n" + "\n".join(f"{views.headline(s)} ({views.votes_text(n)})" for s, n in rows)
    listing = (sort, status, str(offset))
    sections = [_row(s, n, s.id in voted, actor, listing) for s, n in rows]
    footer_buttons = [Button(_("Suggest a topic"), action=Action("topics.new"))]
    if offset + PAGE < total:
        args = (sort, status, str(offset + PAGE))
        footer_buttons.insert(0, Button(_("More"), action=Action("topics.page", args)))
    if offset > 0:
        back = (sort, status, str(max(0, offset - PAGE)))
        footer_buttons.insert(0, Button(_("Previous"), action=Action("topics.page", back)))
    sections.append(
        Section(
            text=plain(_("Showing {shown}.").format(shown=shown)), buttons=tuple(footer_buttons)
        )
    )
    return Reply(text=text[:2000], sections=tuple(sections))


def _empty(which: str, offset: int) -> Reply:
    if offset:
        return Reply(text=_("No more suggestions. Run /topics to start from the top."))
    return Reply(
        text=_("No {which} suggestions yet. Be the first: /suggest <topic>.").format(which=which),
        sections=(
            Section(
                text=plain(_("No {which} suggestions yet.").format(which=which)),
                buttons=(Button(_("Suggest a topic"), action=Action("topics.new")),),
            ),
        ),
    )


def _row(s: Suggestion, votes: int, voted: bool, actor: Actor, listing: tuple[str, ...]) -> Section:
    buttons = [Button(_("Details"), action=Action("topics.show", (str(s.id),)))]
    if s.status in VOTABLE:
        buttons.insert(0, views.vote_button(s, votes, voted, listing))
    return views.card(
        s,
        votes,
        organizer=actor.is_organizer,
        viewer_key=actor.key,
        buttons=tuple(buttons),
        compact=True,
    )


@router.command(
    "topics show",
    "See one suggestion: its votes, status and decision",
    params=(Param("id", "The suggestion's number, e.g. 12", required=True),),
    examples=("/topics show 12",),
)
async def show_command(cmd: Command, params: Params, deps: Deps) -> Reply:
    return await show(deps, cmd.actor, suggestion_id(params.text("id")))


@router.action("topics.show")
async def show_pressed(press: ButtonPress, deps: Deps) -> Reply:
    return await show(deps, press.actor, press.action.number(0))


async def show(deps: Deps, actor: Actor, sid: int) -> Reply:
    async with deps.db.read() as session:
        s = await existing(session, sid)
        if s.status == HIDDEN and not actor.is_organizer and s.author_key != actor.key:
            return Reply(
                text=_("#{id} was hidden by organizers. See /topics for the list.").format(id=sid)
            )
        votes = await store.vote_count(session, sid)
        voted = bool(await store.voted_among(session, actor.key, [sid]))
        following = actor.key in {p.key for p in await store.followers(session, s)}
        found = await pointed(session, deps, s, *actor.member)
    sections = [
        views.card(
            s,
            votes,
            organizer=actor.is_organizer,
            viewer_key=actor.key,
            buttons=views.member_buttons(s, votes, voted, following, own=s.author_key == actor.key),
            named=found.text if found else None,
        )
    ]
    if actor.is_organizer and s.status != MERGED:
        sections.append(
            Section(
                title=_("Organizer actions"),
                text=plain(_("Everyone who suggested, voted or follows gets a message.")),
                buttons=views.organizer_buttons(s),
            )
        )
    text = _("{headline}: {status}, {votes}.").format(
        headline=views.headline(s),
        status=views.status_word(s.status),
        votes=views.votes_text(votes),
    )
    return Reply(text=text[:2000], sections=tuple(sections))


@router.command(
    "topics mine",
    "Your suggestions and votes, and what became of them",
    examples=("/topics mine",),
)
async def mine(cmd: Command, params: Params, deps: Deps) -> Reply:
    async with deps.db.read() as session:
        made = await store.by_author(session, cmd.actor.key, MINE_LIMIT)
        voted = await store.voted_by(session, cmd.actor.key, MINE_LIMIT)
        named = {
            s.id: found.text
            for s, _ in [*made, *voted]
            if (found := await pointed(session, deps, s, *cmd.actor.member)) is not None
        }
    # A hidden suggestion leaves other people's lists; its author still sees theirs.
    voted = [(s, n) for s, n in voted if s.status != HIDDEN or s.author_key == cmd.actor.key]
    if not made and not voted:
        return Reply(text=_("You haven't suggested or voted yet. Try /topics or /suggest <topic>."))
    sections = []
    if made:
        sections.append(_list_section(_("Your suggestions"), made, named))
        sections += [_own_section(s) for s, _ in made if s.status in views.OWN_OPEN][:OWN_CARDS]
    if voted:
        sections.append(_list_section(_("Your votes"), voted, named))
    lines = [f"{views.headline(s)}: {views.status_word(s.status)}" for s, _n in [*made, *voted]]
    text = _("Your topics:") + "\n" + "\n".join(lines)
    return Reply(text=text[:2000], sections=tuple(sections))


def _own_section(s: Suggestion) -> Section:
    """One of the member's open suggestions, with Withdraw and Edit."""
    return Section(
        title=cut(views.headline(s), 150),
        text=plain(_("Still open: you can withdraw it or edit its words.")),
        buttons=views.own_buttons(s),
    )


def _list_section(
    title: str, rows: list[tuple[Suggestion, int]], named: dict[int | None, Text]
) -> Section:
    spans: list[Span] = [span for s, n in rows for span in views.line(s, n, named.get(s.id))]
    return Section(title=title, text=tuple(spans[:-1]))  # the last line's newline
