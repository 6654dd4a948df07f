"""How suggestions look: cards for members and organizers, buttons, status words.

Member-written text is data: it goes into Spans as written, and the adapter that renders
it escapes it once (no mention in it pings anyone). Members never see who wrote an
anonymous suggestion; organizers do.
"""

from __future__ import annotations

from bot.actions import Action
from bot.features.topics import reasons
from bot.features.topics.text import is_url
from bot.i18n import N_, _, ngettext
from bot.limits import cut
from bot.model import Button, Field, Section, Span, Text, link, plain
from storage.models.topics import (
    COVERED,
    DECLINED,
    HIDDEN,
    MERGED,
    OPEN,
    PLANNED,
    REVIEW,
    VOTABLE,
    WITHDRAWN,
    Suggestion,
)

# What its author may still change: withdraw it or edit its words.
OWN_OPEN = (OPEN, REVIEW)

STATUS_WORDS = {
    OPEN: N_("open"),
    REVIEW: N_("under review"),
    PLANNED: N_("planned"),
    COVERED: N_("covered"),
    DECLINED: N_("declined"),
    MERGED: N_("merged"),
    HIDDEN: N_("hidden by organizers"),
    WITHDRAWN: N_("withdrawn by its author"),
}
ANONYMITY = N_("Members won't see your name; organizers will.")
CARD_DETAILS = 600
# Lists show five cards at once; shorter text keeps them under Discord's 6000 characters.
COMPACT_DETAILS = 280
COMPACT_REASON = 200


def votes_text(n: int) -> str:
    return ngettext("{n} vote", "{n} votes", n).format(n=n)


def number(s: Suggestion) -> str:
    return f"#{s.id}"


def headline(s: Suggestion) -> str:
    return f"{number(s)} {s.title}"


def status_word(status: str) -> str:
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status


def author(s: Suggestion, *, organizer: bool, viewer_key: str = "") -> str:
    name = s.author_name or _("a member")
    own = s.author_key == viewer_key
    if own:
        name = _("you")
    if not s.anonymous:
        return name
    if organizer or own:
        return _("{name} (anonymous to members)").format(name=name)
    return _("a member")


def link_text(s: Suggestion) -> Text:
    """What the decision points to: a link, or "event #12" to look up."""
    if not s.link_ref:
        return ()
    if s.link_kind == MERGED:
        return plain(_("suggestion #{id}").format(id=s.link_ref))
    event = s.link_kind == "event"
    if is_url(s.link_ref):
        return (link(_("the event") if event else _("the resource"), s.link_ref),)
    if event:
        return plain(_("event #{id} (see /events)").format(id=s.link_ref))
    return plain(_("resource #{id} (see /resources)").format(id=s.link_ref))


def link_button(s: Suggestion) -> Button | None:
    if s.link_ref and is_url(s.link_ref):
        label = _("See the event") if s.link_kind == "event" else _("See the resource")
        return Button(label, url=s.link_ref)
    return None


def vote_button(
    s: Suggestion, votes: int, voted: bool | None, listing: tuple[str, ...] = ()
) -> Button:
    """`voted` None means "we don't know who looks" (a channel post).

    `listing` (sort, status, offset) marks a press in /topics: the answer redraws that page.
    """
    action = Action("topics.vote", (str(s.id), *listing))
    if voted is None:
        return Button(_("▲ Vote for this"), action=action, style="primary")
    if voted:
        return Button(
            _("✓ Voted ({votes}) · press to take back").format(votes=votes), action=action
        )
    return Button(_("▲ Vote ({votes})").format(votes=votes), action=action, style="primary")


def decision_fields(
    s: Suggestion, *, compact: bool = False, named: Text | None = None
) -> list[Field]:
    """Status, reason and link; `named` is the linked event or resource by its title."""
    fields = [Field.of(_("Status"), status_word(s.status))]
    if s.reason:
        fields.append(
            Field.of(_("Why"), cut(reasons.shown(s.reason), COMPACT_REASON if compact else 1000))
        )
    if s.link_ref:
        fields.append(Field.of(_("Link"), named or link_text(s)))
    return fields


def card(
    s: Suggestion,
    votes: int | None,
    *,
    organizer: bool = False,
    viewer_key: str = "",
    buttons: tuple[Button, ...] = (),
    compact: bool = False,
    named: Text | None = None,
) -> Section:
    fields = decision_fields(s, compact=compact, named=named)
    if votes is not None:
        fields.insert(0, Field.of(_("Votes"), str(votes)))
    fields.append(
        Field.of(_("Suggested by"), author(s, organizer=organizer, viewer_key=viewer_key))
    )
    return Section(
        title=cut(headline(s), 150),
        text=plain(cut(s.details, COMPACT_DETAILS if compact else CARD_DETAILS)),
        fields=tuple(fields),
        buttons=buttons,
    )


def own_buttons(s: Suggestion) -> tuple[Button, ...]:
    """Its author's buttons while it is open."""
    if s.status not in OWN_OPEN:
        return ()
    args = (str(s.id),)
    return (
        Button(_("Withdraw"), action=Action("topics.withdraw", args), style="danger"),
        Button(_("Edit"), action=Action("topics.edit", args)),
    )


def member_buttons(
    s: Suggestion, votes: int, voted: bool, following: bool, *, own: bool = False
) -> tuple[Button, ...]:
    buttons: list[Button] = list(own_buttons(s)) if own else []
    if s.status in VOTABLE:
        buttons.append(vote_button(s, votes, voted))
    args = (str(s.id),)
    if following:
        buttons.append(Button(_("Stop following"), action=Action("topics.unfollow", args)))
    else:
        buttons.append(Button(_("Follow"), action=Action("topics.follow", args)))
    extra = link_button(s)
    if extra:
        buttons.append(extra)
    return tuple(buttons)


def organizer_buttons(s: Suggestion) -> tuple[Button, ...]:
    """A decision's buttons (organizer tools stay English: docs/languages.md)."""
    args = (str(s.id),)
    return (
        Button("Under review", action=Action("topics.do_review", args)),
        Button("Plan…", action=Action("topics.ask_plan", args), style="primary"),
        Button("Covered…", action=Action("topics.ask_cover", args)),
        Button("Decline…", action=Action("topics.ask_decline", args), style="danger"),
        Button("Merge…", action=Action("topics.ask_merge", args)),
    )


def line(s: Suggestion, votes: int, named: Text | None = None) -> Text:
    """One suggestion as one line of a list: "#12 Title · planned · 4 votes", then the
    decision's reason and link when there are some."""
    spans: list[Span] = [
        Span(headline(s), strong=True),
        Span(f" · {status_word(s.status)} · {votes_text(votes)}"),
    ]
    if s.reason:
        spans.append(
            Span(
                " · "
                + _("Why: {reason}").format(reason=cut(reasons.shown(s.reason), COMPACT_REASON))
            )
        )
    if s.link_ref:
        spans += [Span(" · "), *(named or link_text(s))]
    spans.append(Span("\n"))
    return tuple(spans)
