"""Close the loop: everyone who cared about a suggestion hears what happened to it, by DM.

One queued message per (decision, person), keyed so that a retry or a second process can
never send it twice. People on a platform this process does not serve are skipped (the
starter pack's author, or a platform that was switched off).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import Action
from bot.delivery.queue import send_message
from bot.deps import Deps
from bot.features.members import api as people
from bot.features.topics import reasons, views
from bot.features.topics.linked import Pointed, pointed
from bot.i18n import N_, _, speak
from bot.i18n.reader import default_speaking, speaking_in
from bot.model import Actor, Button, DirectMessage, Person, Reply, Section, Target, plain
from storage import refs
from storage import topics as store
from storage.models.topics import (
    COVERED,
    DECLINED,
    HIDDEN,
    PLANNED,
    REVIEW,
    WITHDRAWN,
    StatusChange,
    Suggestion,
)

NEWS = {
    REVIEW: N_("organizers are looking into it"),
    PLANNED: N_("it is planned"),
    COVERED: N_("it is already covered"),
    DECLINED: N_("organizers decided not to take it up"),
    HIDDEN: N_(
        "organizers hid it: it no longer shows in any list, and its channel post says only "
        "that it was hidden"
    ),
    WITHDRAWN: N_("its author withdrew it, so it takes no more votes"),
}
# With the event or resource named for the reader.
NAMED = {PLANNED: N_("it is planned: {what}"), COVERED: N_("it is covered by {what}")}
WHY = {
    "author": N_("You suggested this."),
    "follower": N_("You voted for or followed this suggestion."),
}


def notice(
    s: Suggestion,
    change: StatusChange,
    *,
    author: bool,
    into: Suggestion | None,
    named: Pointed | None = None,
) -> Reply:
    """The DM about one decision; `named` is its event or resource as this reader sees it."""
    if into is not None:
        happened = _("it was merged into {into}; votes and follows moved there").format(
            into=views.headline(into)
        )
        follow_id = into.id
    elif named is not None and change.status in NAMED:
        happened = _(NAMED[change.status]).format(what=named.words)
        follow_id = s.id
    elif change.status in NEWS:
        happened = _(NEWS[change.status])
        follow_id = s.id
    else:
        happened = _("it is now {status}").format(status=views.status_word(change.status))
        follow_id = s.id
    reason = (
        " " + _("Why: {reason}").format(reason=reasons.shown(change.reason))
        if change.reason
        else ""
    )
    text = (
        _("Update on {suggestion}: {happened}.").format(
            suggestion=views.headline(s), happened=happened
        )
        + reason
    )
    buttons: list[Button] = list(named.buttons) if named else []
    if (link := views.link_button(s)) is not None:
        buttons.append(link)
    if into is not None:
        see = _("See #{id}").format(id=into.id)
        buttons.append(Button(see, action=Action("topics.show", (str(into.id),))))
    stop = _("Stop following")
    buttons.append(Button(stop, action=Action("topics.unfollow", (str(follow_id),))))
    section = Section(
        title=_("Update: {suggestion}").format(suggestion=views.headline(s))[:150],
        text=plain(f"{happened[0].upper()}{happened[1:]}."),
        fields=tuple(views.decision_fields(s, named=named.text if named else None)),
        buttons=tuple(buttons),
        footer=_(WHY["author" if author else "follower"]),
    )
    return Reply(text=text[:2000], sections=(section,), private=True)


async def audience(
    session: AsyncSession, deps: Deps, s: Suggestion, actor: Actor, status: str = ""
) -> list[tuple[Person, Target]]:
    """Who hears of a decision, and where: every follower but the organizer who decided
    (only the suggester when it is hidden), at the account they chose for DMs, on the
    platforms this process serves."""
    found = [p for p in await store.followers(session, s) if p.key != actor.key]
    if status == HIDDEN:
        found = [p for p in found if p.key == s.author_key]
    linked = await people.dm_targets(session, [p.key for p in found])
    targets = [
        (p, linked.get(p.key, DirectMessage(p.account.platform, p.account.user_id))) for p in found
    ]
    return [(p, target) for p, target in targets if target.platform in deps.platforms]


async def tell_followers(
    session: AsyncSession,
    deps: Deps,
    s: Suggestion,
    change: StatusChange,
    actor: Actor,
    into: Suggestion | None = None,
    due_at: datetime | None = None,
) -> int:
    """Queue the notice for everyone in the audience, due at `due_at`; returns how many."""
    assert s.id is not None and change.id is not None
    told = await audience(session, deps, s, actor, change.status)
    now = deps.clock.now()
    for person, target in told:
        # Written now, in the reader's language (not the organizer's who decided).
        bot = deps.settings.bot
        reader = (
            await speaking_in(session, target, bot)
            if isinstance(target, DirectMessage)
            else default_speaking(bot)
        )
        with speak(reader):
            named = await pointed(session, deps, s, *person.account)
            mine = person.key == s.author_key
            reply = notice(s, change, author=mine, into=into, named=named)
        await send_message(
            session,
            key=refs.topic_notice(change.id, person.key),
            target=target,
            reply=reply,
            now=now,
            due_at=due_at,
            ref=refs.topic(s.id),
        )
    return len(told)


__all__ = ["audience", "notice", "tell_followers"]
