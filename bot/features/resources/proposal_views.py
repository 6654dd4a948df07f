"""How proposals look: the organizers' card, a member's list line, and the decision notices.

Member-written text is kept as written: the adapter that renders it defuses mentions.
"""

from __future__ import annotations

from bot.actions import Action
from bot.features.resources.names import OPEN
from bot.i18n import N_, _
from bot.i18n.dates import day
from bot.limits import cut
from bot.model import Button, Field, Reply, Section, Span, Text, plain
from bot.platforms import info
from storage.models.resources import Resource
from storage.models.sharing import ADDED, ALREADY, DECLINED, PENDING, Proposal

ADD = "resources.proposal.add"
DECLINE = "resources.proposal.decline"
ALREADY_HAVE = "resources.proposal.already"
COMMAND = "command"  # a proposal typed as /resources share; otherwise the platform's name


def source_text(source: str) -> str:
    """How a proposal came: the command, or a message on a platform."""
    if source == COMMAND:
        return _("/resources share")
    return _("a {platform} message").format(platform=info(source).display_name)


CREDIT_YES = N_("Credit me: show “Shared by” my name on the item")
CREDIT_NO = N_("Don't show my name")


def label(p: Proposal) -> str:
    """Proposal #3: the title, or the link when there is none."""
    return _("proposal #{id}: {title}").format(id=p.id, title=cut(p.title or p.url, 120))


def outcome(p: Proposal) -> str:
    """What became of it, in a few words."""
    if p.status == PENDING:
        return _("waiting for organizers")
    if p.status == ADDED:
        if not p.resource_id:
            return _("added")
        return _("added to the library as #{id}").format(id=p.resource_id)
    if p.status == ALREADY:
        if not p.resource_id:
            return _("already there")
        return _("already in the library as #{id}").format(id=p.resource_id)
    if p.status == DECLINED:
        if not p.reason:
            return _("declined")
        return _("declined: {reason}").format(reason=cut(p.reason, 300))
    return p.status


def organizer_card(p: Proposal, *, buttons: bool = True) -> Section:
    assert p.id is not None
    ident = (str(p.id),)
    fields = [
        Field.of("From", cut(p.proposer_name or p.proposer_key, 100)),
        Field.of("Credit", "Shared by their name" if p.credited else "No name on the item"),
        Field.of("Via", source_text(p.source)),
    ]
    if p.title:
        fields.append(Field.of("Link", Span(cut(p.url, 200), url=p.url)))
    shown = (
        (
            Button("Add to library", Action(ADD, ident), style="primary"),
            Button("Decline", Action(DECLINE, ident)),
            Button("Already have it", Action(ALREADY_HAVE, ident)),
        )
        if buttons
        else ()
    )
    why = cut(p.why, 1000) if p.why else "(no words given)"
    return Section(
        title=cut(f"Proposal #{p.id}: {p.title or p.url}", 150),
        title_url=p.url,
        text=plain(why),
        fields=tuple(fields),
        buttons=shown,
        footer=f"proposal #{p.id} · {outcome(p)}",
    )


def organizer_post(p: Proposal) -> Reply:
    """The channel card: its buttons while the proposal waits, its outcome once decided."""
    if p.status != PENDING:
        who = cut(p.decided_by_name, 80) or "an organizer"
        name = cut(p.proposer_name, 80)
        text = f"Resource proposal #{p.id} from {name}: {outcome(p)} (by {who})."
        return Reply(
            text=cut(text, 2000), sections=(organizer_card(p, buttons=False),), private=False
        )
    text = f"New resource proposal #{p.id} from {cut(p.proposer_name, 80)}: {cut(p.url, 300)}"
    return Reply(text=text, sections=(organizer_card(p),), private=False)


def member_line(p: Proposal) -> Section:
    return Section(
        title=cut(f"#{p.id} {p.title or p.url}", 150),
        title_url=p.url,
        text=plain(outcome(p)[0].upper() + outcome(p)[1:] + "."),
        footer=_("proposed {day}").format(day=day(p.created_at.date())),
    )


def item_buttons(row: Resource) -> tuple[Button, ...]:
    assert row.id is not None
    return (
        Button(_("Open in the library"), Action(OPEN, (str(row.id),))),
        Button(_("See the resource"), url=row.url),
    )


def notice(p: Proposal, row: Resource | None) -> Reply:
    """The member's DM once organizers decided."""
    named = label(p)
    if p.status == DECLINED:
        reason = cut(p.reason, 500) or _("no reason given")
        text = _("Your resource {label} was not added to the library. Why: {reason}").format(
            label=named, reason=reason
        )
        body: Text = plain(_("Organizers' reason: {reason}").format(reason=reason))
        buttons: tuple[Button, ...] = ()
    elif row is not None and row.id is not None:
        said = (
            _(
                "Your resource {label} is in the library now, as #{id}: {title}. "
                "/resources {id} opens it."
            )
            if p.status == ADDED
            else _(
                "Your resource {label} was already in the library, as #{id}: {title}. "
                "/resources {id} opens it."
            )
        )
        text = said.format(label=named, id=row.id, title=cut(row.title, 200))
        credit = (
            " " + _("It shows “Shared by” your name.") if p.status == ADDED and p.credited else ""
        )
        body = plain(
            _("/resources {id} opens it.{credit} Thank you for sharing!").format(
                id=row.id, credit=credit
            )
        )
        buttons = item_buttons(row)
    else:
        text = _("Your resource {label}: {outcome}.").format(label=named, outcome=outcome(p))
        body, buttons = plain(_("Thank you for sharing!")), ()
    section = Section(
        title=cut(row.title if row is not None else _("Proposal #{id}").format(id=p.id), 150),
        title_url=row.url if row is not None else None,
        text=body,
        buttons=buttons,
        footer=_("You proposed this with {source}.").format(source=source_text(p.source)),
    )
    return Reply(text=cut(text, 2000), sections=(section,), private=True)
