"""/suggest: from an idea to a posted suggestion, after a look for the same idea elsewhere.

A suggestion that resembles something already here is kept as a draft (its text is too
long for a button id) and the member chooses: vote for the existing one, read the
resource, or post theirs anyway. The very title of a live suggestion (case and punctuation
aside) is not posted twice: the member is pointed to its vote.
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import Action
from bot.deps import Deps
from bot.errors import FormErrors, NotFound, RateLimited
from bot.features.topics import posts, similar, views
from bot.features.topics.names import SUGGEST_ACTION
from bot.features.topics.settings import TopicsSettings
from bot.features.topics.text import (
    DETAILS_MAX,
    TITLE_MAX,
    Idea,
    checked_idea,
    in_form,
    split_topic,
)
from bot.i18n import N_, _, ngettext
from bot.i18n.dates import day
from bot.member_limits import DRAFT
from bot.model import (
    Actor,
    Button,
    ButtonPress,
    Command,
    Form,
    FormSubmit,
    Input,
    Reply,
    Section,
    plain,
)
from bot.params import Param, Params, clean
from bot.router import Router
from storage import topics as store
from storage.models.topics import Draft, Suggestion

router = Router("topics.suggest")
DAY = timedelta(days=1)
SHOW_NAME = N_("Show my name")
HIDE_NAME = N_("Anonymous: members won't see my name, organizers will")
# What a form's answer may be (the platforms send the choice itself, in the member's
# language; people type words).
_YES = {
    "yes",
    "y",
    "true",
    "anonymous",
    "anon",
    "sí",
    "si",
    "anónimo",
    "anonimo",
    HIDE_NAME.lower(),
}
_NO = {"", "no", "n", "false", "show", SHOW_NAME.lower()}
# `/suggest Lead pipes anonymous`: a last word that asks for anonymity, not a title word.
_TRAILING_ANON = re.compile(r"\s+(?:anonymous|anon)\s*$", re.IGNORECASE)


def suggest_form(title: str = "", details: str = "") -> Form:
    return Form(
        action=Action("topics.new"),
        title=_("Suggest a topic"),
        inputs=(
            Input("title", _("Topic (a short title)"), max_length=TITLE_MAX, initial=title),
            Input(
                "details",
                _("Details: what would you like to learn?"),
                kind="long",
                required=False,
                initial=details[:DETAILS_MAX],
                max_length=DETAILS_MAX,
            ),
            Input(
                "anonymous",
                _("Show your name? (organizers always see it)"),
                kind="choice",
                required=False,
                initial=_(SHOW_NAME),
                choices=(_(SHOW_NAME), _(HIDE_NAME)),
            ),
        ),
        submit_label=_("Suggest"),
    )


def form_reply(title: str = "", details: str = "") -> Reply:
    return Reply(
        text=_("Tell us about the topic you'd like to see."), form=suggest_form(title, details)
    )


@router.command(
    "suggest",
    "Suggest a topic for a webinar, workshop or the library",
    params=(
        Param(
            "topic",
            "A short title, then ' | ' and the details if you like; a last word "
            "'anonymous' hides your name",
            "rest",
        ),
        Param("details", 'Or give the details here: details:"..." (optional)', inline=True),
        Param(
            "anonymous",
            "Hide your name from members (organizers still see it)",
            "bool",
            inline=True,
        ),
    ),
    examples=(
        "/suggest Community engagement in rural health",
        "/suggest Paying community advisors | how do others budget for it?",
        "/suggest Lead pipes in schools anonymous",
    ),
)
async def suggest_command(cmd: Command, params: Params, deps: Deps) -> Reply:
    topic, anonymous = params.text("topic"), params.flag("anonymous")
    if "anonymous" not in params:
        topic, asked = trailing_anonymous(topic)
        anonymous = anonymous or asked
    idea = split_topic(topic, params.text("details"))
    if not idea.title and not idea.details:
        return form_reply()
    return await start(deps, cmd.actor, idea, anonymous=anonymous)


def trailing_anonymous(topic: str) -> tuple[str, bool]:
    """`Lead pipes anonymous` is the topic `Lead pipes`, posted anonymously."""
    stripped = _TRAILING_ANON.sub("", topic)
    if stripped == topic or not stripped.strip():
        return topic, False
    return stripped, True


@router.action(SUGGEST_ACTION)
async def suggest_from_text(press: ButtonPress, deps: Deps) -> Reply:
    """Another feature's "Suggest this as a topic" button: the form, with its text filled in."""
    return form_reply(split_topic(press.action.arg(0)).title[:TITLE_MAX])


@router.action("topics.new")
async def open_form(press: ButtonPress, deps: Deps) -> Reply:
    return form_reply()


@router.form("topics.new")
async def suggest_submitted(submit: FormSubmit, deps: Deps) -> Reply:
    values = submit.values
    idea = split_topic(values.get("title", ""), values.get("details", ""))
    answer = clean(values.get("anonymous", "")).strip().lower()
    yes, no = _YES | {_(HIDE_NAME).lower()}, _NO | {_(SHOW_NAME).lower()}
    if answer not in yes | no:
        choose = _("Choose {show} or {hide}.").format(show=_(SHOW_NAME), hide=_(HIDE_NAME))
        raise FormErrors({"anonymous": choose})
    anonymous = answer in yes
    with in_form("title"):
        return await start(deps, submit.actor, idea, anonymous=anonymous)


@router.action("topics.post")
async def post_anyway(press: ButtonPress, deps: Deps) -> Reply:
    draft_id = press.action.number(0)
    async with deps.db.session() as session:
        draft = await store.take_draft(session, draft_id, press.actor.key)
    if draft is None:
        raise NotFound(
            _("That draft was already posted, has expired, or is not yours. Try /suggest again.")
        )
    idea = Idea(draft.title, draft.details)
    return await post(deps, press.actor, idea, anonymous=draft.anonymous)


async def start(deps: Deps, actor: Actor, idea: Idea, *, anonymous: bool) -> Reply:
    idea = checked_idea(idea)
    deps.limits.take(DRAFT, actor.key, deps.clock.now())
    async with deps.db.read() as session:
        await _within_limit(session, deps, actor)
    found = await similar.look_for(deps, idea.title)
    if not found:
        return await post(deps, actor, idea, anonymous=anonymous)
    if twin := _same_title(idea, found):
        return _already_suggested(twin)
    async with deps.db.session() as session:
        await store.prune_drafts(session, actor.key, deps.clock.now() - DAY)
        draft = await store.add_draft(
            session,
            Draft(
                author_key=actor.key,
                title=idea.title,
                details=idea.details,
                anonymous=anonymous,
                created_at=deps.clock.now(),
            ),
        )
    return _maybe_duplicate(idea, found, draft)


def _words(title: str) -> list[str]:
    return re.findall(r"\w+", title.casefold())


def _same_title(idea: Idea, found: similar.Found) -> similar.Same | None:
    """A live suggestion with the very same title (case, spacing and punctuation aside):
    a second one would only split the votes, and lists would show "Housing" twice."""
    mine = _words(idea.title)
    return next((s for s in found.of("suggestion") if _words(s.title) == mine), None)


def _already_suggested(twin: similar.Same) -> Reply:
    vote = Action("topics.vote", (str(twin.id),))
    text = _(
        "“{title}” is already suggestion #{id} ({votes}). "
        "Vote for it; to add your angle, suggest it in words of your own."
    ).format(title=twin.title, id=twin.id, votes=views.votes_text(twin.votes))
    section = Section(
        title=_("Suggestion #{id}: {title}").format(id=twin.id, title=twin.title)[:150],
        text=plain(text),
        buttons=(Button(_("▲ Vote for it"), action=vote, style="primary"),),
    )
    return Reply(text=text, sections=(section,))


def _maybe_duplicate(idea: Idea, found: similar.Found, draft: Draft) -> Reply:
    sections = [_same_section(item) for item in found.items]
    sections.append(
        Section(
            title=_("Yours: {title}").format(title=idea.title)[:150],
            text=plain(_("Different enough? Post it and others can vote for it.")),
            buttons=(
                Button(_("Post mine anyway"), action=Action("topics.post", (str(draft.id),))),
            ),
        )
    )
    text = _("This may already be here. Vote for an existing suggestion, or post yours anyway.")
    return Reply(text=text, sections=tuple(sections[:10]))


def _same_section(item: similar.Same) -> Section:
    """One thing already here, with why it looks the same and what to do with it."""
    why = f"{item.why}."
    if item.kind == "suggestion":
        vote = Action("topics.vote", (str(item.id),))
        return Section(
            title=_("Suggestion #{id}: {title}").format(id=item.id, title=item.title)[:150],
            text=plain(
                _("{why} {votes} so far.").format(why=why, votes=views.votes_text(item.votes))
            ),
            buttons=(Button(_("Vote for this instead"), action=vote, style="primary"),),
        )
    if item.kind == "resource":
        return Section(
            title=_("In the library: {title}").format(title=item.title)[:150],
            text=plain(_("{why} /resources {id} opens it.").format(why=why, id=item.id)),
            buttons=(Button(_("See the resource"), url=item.url),) if item.url else (),
        )
    when = day(item.starts_at.date()) if item.starts_at else ""
    return Section(
        title=_("Event: {title}").format(title=item.title)[:150],
        text=plain(_("{why} On {day}.").format(why=why, day=when) if when else why),
        buttons=(Button(_("See the event"), url=item.url),) if item.url else (),
    )


async def _within_limit(session: AsyncSession, deps: Deps, actor: Actor) -> None:
    limit = deps.settings.section(TopicsSettings).daily_limit
    made = await store.count_since(session, actor.key, deps.clock.now() - DAY)
    if made >= limit:
        raise RateLimited(
            ngettext(
                "You've made {made} suggestion in the last 24 hours, the limit is {limit}. "
                "Meanwhile you can vote for others' ideas with /topics.",
                "You've made {made} suggestions in the last 24 hours, the limit is {limit}. "
                "Meanwhile you can vote for others' ideas with /topics.",
                made,
            ).format(made=made, limit=limit)
        )


async def post(deps: Deps, actor: Actor, idea: Idea, *, anonymous: bool) -> Reply:
    async with deps.db.session() as session:
        await store.lock_author(session, actor.key)
        await _within_limit(session, deps, actor)
        suggestion = await add(session, deps, actor, idea, anonymous=anonymous)
    return _thanks(suggestion, actor)


async def add(
    session: AsyncSession, deps: Deps, actor: Actor, idea: Idea, *, anonymous: bool
) -> Suggestion:
    """Keep the suggestion and post it to the suggestions channels (when they are on)."""
    now = deps.clock.now()
    suggestion = await store.add(
        session,
        Suggestion(
            title=idea.title,
            details=idea.details,
            author_key=actor.key,
            author_platform=actor.platform,
            author_user_id=actor.user_id,
            author_name=clean(actor.display_name)[:200],
            anonymous=anonymous,
            created_at=now,
            updated_at=now,
        ),
    )
    if deps.settings.section(TopicsSettings).post_to_channel:
        await posts.announce(session, deps, suggestion)
    return suggestion


def _thanks(s: Suggestion, actor: Actor) -> Reply:
    hidden = " " + _(views.ANONYMITY) if s.anonymous else ""
    text = _(
        "Thanks! Your suggestion {headline} is posted.{anonymity} "
        "We'll message you when organizers decide; /topics mine shows where it stands."
    ).format(headline=views.headline(s), anonymity=hidden)
    section = views.card(s, 0, viewer_key=actor.key, buttons=(views.vote_button(s, 0, False),))
    return Reply(text=text[:2000], sections=(section,))
