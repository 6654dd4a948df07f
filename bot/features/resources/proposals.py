"""Members propose resources: /resources share, the proposal form, /resources mine.

A proposal is looked for in the library first (link and title, as the importer does): one
already there is shown with its buttons and nothing is queued. A new one is stored and its
card queued to every organizers channel, once.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import Action
from bot.deps import Deps
from bot.errors import BadInput, RateLimited
from bot.features.resources import proposal_posts
from bot.features.resources import proposal_views as views
from bot.features.resources.credit import credits
from bot.features.resources.links import SHARE_HINT, checked_link, in_library
from bot.features.resources.records import MAX_TITLE, clean, normalize_url
from bot.features.resources.render import hit_section
from bot.features.resources.settings import ResourcesSettings
from bot.i18n import _, ngettext
from bot.limits import cut
from bot.model import Actor, Command, Form, FormSubmit, Input, Reply
from bot.params import Param, Params
from bot.platforms import names as platform_names
from bot.router import Router
from storage import resource_proposals as store
from storage import resources as library
from storage.models.resources import Resource
from storage.models.sharing import Proposal

router = Router("resources.proposals")
FORM = "resources.propose"
MAX_WHY = 1000
MINE_SHOWN = 10


def proposal_form(
    link: str = "", why: str = "", title: str = "", source: str = "command", credited: bool = True
) -> Form:
    return Form(
        action=Action(FORM, (source,)),
        title=_("Propose for the library"),
        inputs=(
            Input("url", _("Link (https://…)"), max_length=2000, initial=link),
            Input(
                "title",
                _("Title (if you know it)"),
                required=False,
                initial=title[:MAX_TITLE],
                max_length=MAX_TITLE,
            ),
            Input(
                "why",
                _("Why it helps"),
                kind="long",
                required=False,
                initial=why[:MAX_WHY],
                max_length=MAX_WHY,
            ),
            Input(
                "credit",
                _("Show your name on the item?"),
                kind="choice",
                required=False,
                initial=_(views.CREDIT_YES) if credited else _(views.CREDIT_NO),
                choices=(_(views.CREDIT_YES), _(views.CREDIT_NO)),
            ),
        ),
        submit_label=_("Propose"),
    )


def form_reply(link: str = "", why: str = "", title: str = "", source: str = "command") -> Reply:
    text = _("Tell organizers about the resource; they add it to the library.")
    return Reply(text=text, form=proposal_form(link, why, title, source))


@router.command(
    "resources share",
    "Propose a resource for the library: a link and why it helps",
    params=(
        Param("link", "The resource's link (https://…)"),
        Param("why", "Why it helps (optional)", kind="rest"),
        Param(
            "credit", "Show “Shared by” your name on the item (default yes)", "bool", inline=True
        ),
    ),
    examples=(
        "/resources share https://example.org/toolkit Great for rural clinics",
        "/resources share https://example.org/report credit:no",
    ),
)
async def share_command(command: Command, params: Params, deps: Deps) -> Reply:
    if not params.text("link") and not params.text("why"):
        return form_reply()
    credited = params.text("credit", "yes").lower() in {"yes", "y", "true", "on", "1", "sí", "si"}
    return await propose(
        deps,
        command.actor,
        link=params.text("link"),
        why=params.text("why"),
        source="command",
        credited=credited,
    )


@router.form(FORM)
async def form_submitted(submit: FormSubmit, deps: Deps) -> Reply:
    values = submit.values
    credited = clean(values.get("credit", "")) not in {views.CREDIT_NO, _(views.CREDIT_NO)}
    source = submit.form.arg(0, "command")
    return await propose(
        deps,
        submit.actor,
        link=values.get("url", ""),
        why=values.get("why", ""),
        title=values.get("title", ""),
        source=source if source in platform_names() else views.COMMAND,
        credited=credited,
    )


def already_here(row: Resource, credit: str, organizer: bool) -> Reply:
    assert row.id is not None
    hit = library.hit_of(row, row.description)
    text = _(
        "That one is already in the library, as #{id}: {title}. "
        "Nothing was sent to organizers; share it from here."
    ).format(id=row.id, title=cut(row.title, 200))
    return Reply(text=text, sections=(hit_section(hit, organizer=organizer, credit=credit),))


async def propose(
    deps: Deps,
    actor: Actor,
    *,
    link: str,
    why: str,
    source: str,
    credited: bool,
    title: str = "",
) -> Reply:
    """Check, look for it in the library, then queue it for organizers."""
    url = checked_link(link)
    why, title = clean(why), clean(title)
    if len(why) > MAX_WHY:
        raise BadInput(
            _("Please keep “why it helps” to {limit} characters (it has {length}).").format(
                limit=MAX_WHY, length=len(why)
            )
        )
    if len(title) > MAX_TITLE:
        raise BadInput(
            _("Please keep the title to {limit} characters (it has {length}).").format(
                limit=MAX_TITLE, length=len(title)
            )
        )
    thesaurus = deps.settings.section(ResourcesSettings).thesaurus()
    async with deps.db.read() as session:
        row = await in_library(session, url, title, thesaurus)
    if row is not None:
        assert row.id is not None
        named = await credits(deps, [row.id])
        return already_here(row, named.get(row.id, ""), actor.is_organizer)
    now = deps.clock.now()
    async with deps.db.session() as session:
        waiting = await store.pending_for(session, normalize_url(url))
        if waiting is not None:
            return _waiting(waiting, actor)
        await _within_limit(session, deps, actor)
        proposal = await store.add(
            session,
            Proposal(
                url=url,
                url_key=normalize_url(url),
                title=title,
                why=why,
                source=source,
                proposer_key=actor.key,
                proposer_platform=actor.platform,
                proposer_user_id=actor.user_id,
                proposer_name=clean(actor.display_name)[:200],
                credited=credited,
                created_at=now,
            ),
        )
        told = await proposal_posts.announce(session, deps, proposal)
    return _thanks(proposal, told)


async def _within_limit(session: AsyncSession, deps: Deps, actor: Actor) -> None:
    limit = deps.settings.section(ResourcesSettings).pending_proposals
    waiting = await store.pending_count(session, actor.key)
    if waiting >= limit:
        raise RateLimited(
            ngettext(
                "You have {n} proposal waiting for organizers, the most one member may have at "
                "once ({limit}). /resources mine shows them; propose more once they decide.",
                "You have {n} proposals waiting for organizers, the most one member may have at "
                "once ({limit}). /resources mine shows them; propose more once they decide.",
                waiting,
            ).format(n=waiting, limit=limit)
        )


def _waiting(p: Proposal, actor: Actor) -> Reply:
    if p.proposer_key == actor.key:
        said = _(
            "You proposed that link already ({label}); it is waiting for organizers. "
            "Nothing new was queued."
        )
    else:
        said = _(
            "Someone proposed that link already ({label}); it is waiting for organizers. "
            "Nothing new was queued."
        )
    text = said.format(label=views.label(p))
    return Reply(text=cut(text, 2000))


def _thanks(p: Proposal, told: int) -> Reply:
    credit = _("with “Shared by” your name") if p.credited else _("without your name")
    sent = _("sent to organizers") if told else _("saved for organizers (/resources review)")
    text = _(
        "Thanks! Your {label} is {sent}; if they add it, it shows {credit}. "
        "We'll message you when they decide; /resources mine shows where it stands."
    ).format(label=views.label(p), sent=sent, credit=credit)
    return Reply(text=cut(text, 2000), sections=(views.member_line(p),))


@router.command("resources mine", "What you proposed for the library, and what became of it")
async def mine(command: Command, params: Params, deps: Deps) -> Reply:
    async with deps.db.read() as session:
        found = await store.of_member(session, command.actor.key, MINE_SHOWN)
    if not found:
        return Reply(
            text=_("You have not proposed anything yet. {hint}").format(hint=_(SHARE_HINT))
        )
    text = ngettext(
        "Your {n} latest proposal for the library.",
        "Your {n} latest proposals for the library.",
        len(found),
    ).format(n=len(found))
    return Reply(text=text, sections=tuple(views.member_line(p) for p in found))
