"""A member's own list and their word on an item: Save, Was this useful? (Yes / No),
/resources saved, and Open in the library (from notices and link previews)."""

from __future__ import annotations

from bot.actions import Action
from bot.deps import Deps
from bot.errors import NotFound
from bot.features.resources.credit import credits
from bot.features.resources.names import OPEN, SAVE, USEFUL, USEFUL_ANSWER
from bot.features.resources.render import hit_section
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
        raise NotFound(f"There is no resource #{resource_id} (it may have been removed).")
    return row


@router.action(SAVE)
async def save(press: ButtonPress, deps: Deps) -> Reply:
    resource_id = press.action.number(0)
    row = await _resource(deps, resource_id)
    async with deps.db.session() as session:
        if await library.get(session, resource_id) is None:
            raise NotFound(f"There is no resource #{resource_id} (it was just removed).")
        saved = await marks.toggle_save(session, resource_id, press.actor.key, deps.clock.now())
    if saved:
        text = f"Saved #{resource_id} {cut(row.title, 200)} on your list: /resources saved."
        button = Button("Take it off my list", Action(SAVE, (str(resource_id),)))
    else:
        text = f"Took #{resource_id} {cut(row.title, 200)} off your list."
        button = Button("Save", Action(SAVE, (str(resource_id),)))
    return Reply(text=text, sections=(Section(text=plain(text), buttons=(button,)),))


@router.action(USEFUL)
async def ask_useful(press: ButtonPress, deps: Deps) -> Reply:
    resource_id = press.action.number(0)
    row = await _resource(deps, resource_id)
    ident = str(resource_id)
    buttons = (
        Button("Yes", Action(USEFUL_ANSWER, (ident, YES)), style="primary"),
        Button("No", Action(USEFUL_ANSWER, (ident, NO))),
    )
    text = f"Was #{resource_id} {cut(row.title, 200)} useful to you?"
    return Reply(text=text, sections=(Section(text=plain(text), buttons=buttons),))


@router.action(USEFUL_ANSWER)
async def answer_useful(press: ButtonPress, deps: Deps) -> Reply:
    resource_id = press.action.number(0)
    answer = press.action.arg(1)
    if answer not in (YES, NO):
        raise NotFound("That button is out of date. Please run the command again.")
    row = await _resource(deps, resource_id)
    async with deps.db.session() as session:
        if await library.get(session, resource_id) is None:
            raise NotFound(f"There is no resource #{resource_id} (it was just removed).")
        await marks.mark(
            session, resource_id, press.actor.key, useful=answer == YES, now=deps.clock.now()
        )
    said = "useful" if answer == YES else "not useful"
    text = (
        f"Thanks: you marked #{resource_id} {cut(row.title, 200)} as {said}. "
        "Organizers see the counts, not who said what; press again to change your answer."
    )
    return Reply(text=text, replace_original=True)


@router.command("resources saved", "The resources you saved with the Save button")
async def saved(command: Command, params: Params, deps: Deps) -> Reply:
    async with deps.db.read() as session:
        rows, total = await marks.saved(session, command.actor.key, SAVED_SHOWN)
    if not rows:
        return Reply(
            text="Your list is empty. Press Save on a resource (/resources housing) to keep it."
        )
    ids = [r.id for r in rows if r.id is not None]
    named = await credits(deps, ids)
    more = f" (the latest {len(rows)} shown)" if total > len(rows) else ""
    sections = tuple(
        hit_section(
            library.hit_of(row, row.description),
            organizer=command.actor.is_organizer,
            credit=named.get(row.id or 0, ""),
            saved=True,
        )
        for row in rows
    )
    return Reply(text=f"You saved {total} resources{more}.", sections=sections)


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
    return Reply(text=f"Resource #{row.id}.", sections=(section,))
