"""A member's own list and their word on an item: Save, Was this useful? (Yes / No),
/resources saved, and Open in the library (from notices and link previews)."""

from __future__ import annotations

from bot.actions import Action
from bot.deps import Deps
from bot.errors import NotFound
from bot.features.resources.credit import credits
from bot.features.resources.names import OPEN, SAVE, USEFUL, USEFUL_ANSWER
from bot.features.resources.render import hit_section
from bot.i18n import _, ngettext
from bot.limits import cut
from bot.model import Button, ButtonPress, Command, Reply, Section, plain
from bot.params import Params
from bot.router import Router
from storage import resource_marks as marks
from storage import resources as library
from storage.models.resources import Resource

router = Router("resources.saves")
SAVED_SHOWN = 10
YES, NO = "yes", "no"


async def _resource(deps: Deps, resource_id: int) -> Resource:
    async with deps.db.read() as session:
        row = await library.get(session, resource_id)
    if row is None:
        raise NotFound(
            _("There is no resource #{id} (it may have been removed).").format(id=resource_id)
        )
    return row


@router.action(SAVE)
async def save(press: ButtonPress, deps: Deps) -> Reply:
    resource_id = press.action.number(0)
    row = await _resource(deps, resource_id)
    async with deps.db.session() as session:
        if await library.get(session, resource_id) is None:
            raise NotFound(
                _("There is no resource #{id} (it was just removed).").format(id=resource_id)
            )
        saved = await marks.toggle_save(session, resource_id, press.actor.key, deps.clock.now())
    if saved:
        text = _("Saved #{id} {title} on your list: /resources saved.").format(
            id=resource_id, title=cut(row.title, 200)
        )
        button = Button(_("Take it off my list"), Action(SAVE, (str(resource_id),)))
    else:
        text = _("Took #{id} {title} off your list.").format(
            id=resource_id, title=cut(row.title, 200)
        )
        button = Button(_("Save"), Action(SAVE, (str(resource_id),)))
    return Reply(text=text, sections=(Section(text=plain(text), buttons=(button,)),))


@router.action(USEFUL)
async def ask_useful(press: ButtonPress, deps: Deps) -> Reply:
    resource_id = press.action.number(0)
    row = await _resource(deps, resource_id)
    ident = str(resource_id)
    buttons = (
        Button(_("Yes"), Action(USEFUL_ANSWER, (ident, YES)), style="primary"),
        Button(_("No"), Action(USEFUL_ANSWER, (ident, NO))),
    )
    text = _("Was #{id} {title} useful to you?").format(id=resource_id, title=cut(row.title, 200))
    return Reply(text=text, sections=(Section(text=plain(text), buttons=buttons),))


@router.action(USEFUL_ANSWER)
async def answer_useful(press: ButtonPress, deps: Deps) -> Reply:
    resource_id = press.action.number(0)
    answer = press.action.arg(1)
    if answer not in (YES, NO):
        raise NotFound(_("That button is out of date. Please run the command again."))
    row = await _resource(deps, resource_id)
    async with deps.db.session() as session:
        if await library.get(session, resource_id) is None:
            raise NotFound(
                _("There is no resource #{id} (it was just removed).").format(id=resource_id)
            )
        await marks.mark(
            session, resource_id, press.actor.key, useful=answer == YES, now=deps.clock.now()
        )
    if answer == YES:
        thanks = _("Thanks: you marked #{id} {title} as useful.")
    else:
        thanks = _("Thanks: you marked #{id} {title} as not useful.")
    text = (
        thanks.format(id=resource_id, title=cut(row.title, 200))
        + " "
        + _("Organizers see the counts, not who said what; press again to change your answer.")
    )
    return Reply(text=text, replace_original=True)


@router.command("resources saved", "The resources you saved with the Save button")
async def saved(command: Command, params: Params, deps: Deps) -> Reply:
    async with deps.db.read() as session:
        rows, total = await marks.saved(session, command.actor.key, SAVED_SHOWN)
    if not rows:
        return Reply(
            text=_("Your list is empty. Press Save on a resource (/resources housing) to keep it.")
        )
    ids = [r.id for r in rows if r.id is not None]
    named = await credits(deps, ids)
    more = " " + _("(the latest {n} shown)").format(n=len(rows)) if total > len(rows) else ""
    sections = tuple(
        hit_section(
            library.hit_of(row, row.description),
            organizer=command.actor.is_organizer,
            credit=named.get(row.id or 0, ""),
            saved=True,
        )
        for row in rows
    )
    said = ngettext("You saved {n} resource", "You saved {n} resources", total).format(n=total)
    return Reply(text=f"{said}{more}.", sections=sections)


@router.action(OPEN)
async def open_item(press: ButtonPress, deps: Deps) -> Reply:
    """Open in the library: the item as /resources 16 shows it."""
    row = await _resource(deps, press.action.number(0))
    assert row.id is not None
    named = await credits(deps, [row.id])
    section = hit_section(
        library.hit_of(row, row.description),
        organizer=press.actor.is_organizer,
        credit=named.get(row.id, ""),
    )
    return Reply(text=_("Resource #{id}.").format(id=row.id), sections=(section,))
