"""The resources feature's commands, buttons and forms.

/resources <query> [type:… topic:… year:… org:…]   search (private, Share / More buttons)
/resources topics | new                             browse
/resources add | edit <id> | remove <id> | verify <id>   organizers
"""

from __future__ import annotations

import asyncio
import re

from bot.actions import Action
from bot.deps import Deps
from bot.errors import BadInput, FormErrors, NotFound
from bot.features.insights.api import record_search
from bot.features.resources import dictionary, forms
from bot.features.resources.credit import credits
from bot.features.resources.names import SHARE_ONE
from bot.features.resources.query import find, parse_terms, suggestions
from bot.features.resources.records import TYPE_ALIASES, TYPES
from bot.features.resources.render import (
    CONFIRM_REMOVE,
    DETAILS_FORM,
    EDIT_FORM,
    MORE,
    REMOVE,
    SHARE,
    VERIFY,
    SearchState,
    hit_section,
    nothing_found,
    results,
)
from bot.features.resources.settings import ResourcesSettings
from bot.i18n import _, language, ngettext
from bot.limits import cut
from bot.member_limits import SEARCH
from bot.model import (
    Actor,
    Button,
    ButtonPress,
    Command,
    Field,
    FormSubmit,
    Reply,
    Section,
    Span,
    mention_of,
    plain,
)
from bot.params import Param, Params
from bot.router import Router
from storage import resources as store
from storage.models.resources import Resource
from storage.resources import as_data

router = Router("resources")

ID = Param("id", "The resource's number (shown as #12 under a result)", kind="int", required=True)
SEARCH_PARAMS = (
    Param(
        "query",
        "What you are looking for",
        kind="rest",
        autocomplete="resources",
        keep_quotes=True,
    ),
    Param(
        "type",
        "Only this type of resource",
        kind="choice",
        choices=TYPES,
        inline=True,
        aliases=tuple(TYPE_ALIASES.items()),  # the words an import accepts, too
    ),
    Param("topic", "Only this topic", inline=True),
    Param("year", "Only published this year", kind="int", inline=True),
    Param("org", "Only from this organization", inline=True),
)
TOPICS_SHOWN = 40
TOPICS_MORE = "resources.topics_more"
WORD_LISTS_AFTER = 3.0  # seconds after start


@router.on_start
async def load_word_lists(_deps: Deps) -> None:
    """The typo check's word lists load in a thread a moment after start-up (parsing them
    while the bot starts slowed the start by 0.4 s), so the first search with a typo does not
    wait for them."""
    asyncio.get_running_loop().call_later(WORD_LISTS_AFTER, dictionary.load_soon)


_NUMBER = re.compile(r"(#?)(\d{1,9})")


@router.command(
    "resources",
    "Search the resource library",
    params=SEARCH_PARAMS,
    examples=(
        "/resources housing",
        "/resources type:podcast topic:housing year:2024",
        "/resources vivienda lang:es",
    ),
    group_default="search",
    personal=False,
)
async def search(command: Command, params: Params, deps: Deps) -> Reply:
    state = SearchState.from_params(params)
    if not state.query.strip() and not state.filters():
        return await _intro(deps)
    if not state.filters() and not parse_terms(state.query):
        # Punctuation alone ("-", a lone quote): nothing to search; listing the whole library
        # would answer a question nobody asked.
        raise BadInput(
            _(
                "There is nothing to search for in “{query}”. Type words, e.g. /resources "
                "housing policy"
            ).format(query=cut(state.query.strip(), 40))
        )
    deps.limits.take(SEARCH, command.actor.key, deps.clock.now())
    number = _NUMBER.fullmatch(state.query.strip())
    if number and not state.filters():
        opened = await _open(deps, int(number.group(2)), bool(number.group(1)), command)
        if opened is not None:
            return opened
    return await _show(deps, state, 0, organizer=command.actor.is_organizer, searcher=command.actor)


async def _open(deps: Deps, resource_id: int, marked: bool, command: Command) -> Reply | None:
    """`/resources #16` (or `16`, when there is such an item) opens resource #16, the number
    close-the-loop messages give; None: search for the number instead."""
    async with deps.db.read() as session:
        row = await store.get(session, resource_id)
    if row is None:
        if marked:
            raise NotFound(
                _("There is no resource #{id} (it may have been removed).").format(id=resource_id)
            )
        return None
    assert row.id is not None
    hit = store.hit_of(row, row.description)
    named = await credits(deps, [row.id])
    text = _("Resource #{id}.").format(id=row.id)
    if not marked:
        text += " " + _('To search for the number instead: /resources "{id}"').format(
            id=resource_id
        )
    card = hit_section(
        hit, organizer=command.actor.is_organizer, share=True, credit=named.get(row.id, "")
    )
    return Reply(text=text, sections=(card,))


async def _show(
    deps: Deps,
    state: SearchState,
    offset: int,
    *,
    organizer: bool,
    private: bool = True,
    shared_by: Actor | None = None,
    searcher: Actor | None = None,
) -> Reply:
    settings = deps.settings.section(ResourcesSettings)
    # A reader of Spanish sees Spanish items first where items in both languages match.
    outcome = await find(
        deps.db, state.query, state.filters(), settings, offset=offset, language=language()
    )
    if searcher is not None:
        record_search(deps, searcher, state.query, empty=not outcome.page.total)
    if outcome.page.hits:
        return results(
            outcome,
            state,
            offset,
            organizer=organizer,
            private=private,
            shared_by=shared_by,
            size=settings.page_size,
        )
    if outcome.page.total:
        return Reply(text=_("That was the last page of these results."))
    hints = await suggestions(deps.db, state.query, settings)
    return nothing_found(state, hints, filtered=bool(state.filters()))


async def _intro(deps: Deps) -> Reply:
    async with deps.db.read() as session:
        topics = [name for name, _count in await store.topic_counts(session, 12)]
        size = await store.count(session)
    text = ngettext(
        "The library holds {n} resource. Type what you need: /resources housing policy",
        "The library holds {n} resources. Type what you need: /resources housing policy",
        size,
    ).format(n=size)
    body = _("Popular topics: {topics}").format(topics=", ".join(topics)) if topics else ""
    return Reply(text=text, sections=(Section(text=plain(body)),) if body else ())


@router.action(MORE, personal=False)
async def more(press: ButtonPress, deps: Deps) -> Reply:
    state, offset = SearchState.from_action(press.action)
    deps.limits.take(SEARCH, press.actor.key, deps.clock.now())
    return await _show(deps, state, offset, organizer=press.actor.is_organizer)


@router.action(SHARE_ONE)
async def share_one(press: ButtonPress, deps: Deps) -> Reply:
    """One item posted in the channel for everyone, saying who shared it."""
    row = await _load(deps, _id(press))
    hit = store.hit_of(row, row.description)
    said = Section(text=(Span(_("Shared by") + " "), mention_of(press.actor)))
    shared_by = _("Shared by {name}.").format(name=press.actor.display_name)
    text = f"{cut(row.title, 200)} · {shared_by}"
    return Reply(text=text, sections=(hit_section(hit, organizer=False), said), private=False)


@router.action(SHARE)
async def share(press: ButtonPress, deps: Deps) -> Reply:
    """A whole results page (the button of results shown before items had their own)."""
    state, offset = SearchState.from_action(press.action)
    deps.limits.take(SEARCH, press.actor.key, deps.clock.now())
    return await _show(deps, state, offset, organizer=False, private=False, shared_by=press.actor)


@router.command("resources topics", "Topics in the resource library, with counts", personal=False)
async def topics(command: Command, params: Params, deps: Deps) -> Reply:
    return await _topics_page(deps, 0)


@router.action(TOPICS_MORE, personal=False)
async def topics_more(press: ButtonPress, deps: Deps) -> Reply:
    return await _topics_page(deps, press.action.number(0, 0))


async def _topics_page(deps: Deps, offset: int) -> Reply:
    """Topics with counts, most used first, `TOPICS_SHOWN` at a time (More / Previous)."""
    async with deps.db.read() as session:
        counts = await store.topic_counts(session)
    if not counts:
        return Reply(text=_("The library has no topics yet."))
    shown = counts[offset : offset + TOPICS_SHOWN]
    if not shown:
        return Reply(text=_("That was the last of the topics. /resources topics starts again."))
    lines = [f"{name} ({n})" for name, n in shown]
    rest = len(counts) - offset - len(shown)
    more_note = "\n" + _("…and {n} more (More shows them).").format(n=rest) if rest > 0 else ""
    body = cut("\n".join(lines), 2900) + more_note
    buttons = []
    if offset > 0:
        back = Action(TOPICS_MORE, (str(max(0, offset - TOPICS_SHOWN)),))
        buttons.append(Button(_("Previous"), back))
    if rest > 0:
        more = Action(TOPICS_MORE, (str(offset + len(shown)),))
        buttons.append(Button(_("More"), more, style="primary"))
    text = _('{n} topics. Search one with /resources topic:"{topic}"').format(
        n=len(counts), topic=shown[0][0]
    )
    if offset:
        text += " " + _("(showing {first}–{last})").format(
            first=offset + 1, last=offset + len(shown)
        )
    section = Section(title=_("Topics"), text=plain(body), buttons=tuple(buttons))
    return Reply(text=cut(text, 300), sections=(section,))


@router.command("resources new", "The latest additions to the resource library", personal=False)
async def latest(command: Command, params: Params, deps: Deps) -> Reply:
    async with deps.db.read() as session:
        hits = await store.latest(session, deps.settings.section(ResourcesSettings).new_count)
    if not hits:
        return Reply(text=_("The library is empty so far."))
    organizer = command.actor.is_organizer
    sections = tuple(hit_section(hit, organizer=organizer, share=True) for hit in hits)
    text = ngettext(
        "The {n} latest addition to the library.",
        "The {n} latest additions to the library.",
        len(hits),
    ).format(n=len(hits))
    return Reply(text=text, sections=sections)


# ---- organizers --------------------------------------------------------------------------


@router.command("resources add", "Add a resource to the library (organizers)", organizer_only=True)
async def add(command: Command, params: Params, deps: Deps) -> Reply:
    form = forms.main_form(Action(forms.ADD), "Add a resource")
    return Reply(text="Opening the form to add a resource.", form=form)


@router.form(forms.ADD, organizer_only=True)
async def add_submitted(submit: FormSubmit, deps: Deps) -> Reply:
    data = forms.merged(None, submit.values, forms.MAIN_FIELDS)
    async with deps.db.session() as session:
        if (existing := await store.get_by_key(session, data.url_key)) is not None:
            raise FormErrors({"url": f"already in the library as #{existing.id} {existing.title}"})
        await store.upsert_many(session, [data], now=deps.clock.now(), added_by=submit.actor.key)
        row = await store.get_by_key(session, data.url_key)
    assert row is not None and row.id is not None
    return _saved(row, "Added")


def _saved(row: Resource, verb: str) -> Reply:
    """What was saved, every field of it, so an organizer can check it at a glance."""
    ident = (str(row.id),)
    data = as_data(row)
    given = [
        ("Link", data.url),
        ("Type", data.type),
        ("Topics", "; ".join(data.topics)),
        ("Organization", data.organization),
        ("Published", data.published),
        ("Authors", "; ".join(data.authors)),
        ("Audience", "; ".join(data.audience)),
    ]
    fields = tuple(Field.of(label, cut(value, 300)) for label, value in given if value)
    missing = [label for label, value in given if not value and label != "Link"]
    footer = f"#{row.id}" + (f" · not given yet: {', '.join(missing).lower()}" if missing else "")
    section = Section(
        title=row.title,
        title_url=row.url,
        text=plain(cut(data.description, 600)),
        fields=fields,
        footer=footer,
        buttons=(
            Button("Add details", Action(DETAILS_FORM, ident), style="primary"),
            Button("Edit", Action(EDIT_FORM, ident)),
        ),
    )
    return Reply(text=f"{verb} #{row.id}: {cut(row.title, 200)}", sections=(section,))


async def _load(deps: Deps, resource_id: int) -> Resource:
    async with deps.db.read() as session:
        row = await store.get(session, resource_id)
    if row is None:
        raise NotFound(
            _("There is no resource #{id} (it may have been removed).").format(id=resource_id)
        )
    return row


def _id(press: ButtonPress | FormSubmit) -> int:
    action = press.action if isinstance(press, ButtonPress) else press.form
    return action.number(0)


async def _edit_form(deps: Deps, resource_id: int) -> Reply:
    row = await _load(deps, resource_id)
    form = forms.main_form(Action(forms.EDIT, (str(resource_id),)), "Edit a resource", as_data(row))
    return Reply(text=f"Editing #{resource_id}: {cut(row.title, 200)}", form=form)


@router.command("resources edit", "Edit a resource (organizers)", params=(ID,), organizer_only=True)
async def edit(command: Command, params: Params, deps: Deps) -> Reply:
    return await _edit_form(deps, params.int("id") or 0)


@router.action(EDIT_FORM, organizer_only=True)
async def edit_pressed(press: ButtonPress, deps: Deps) -> Reply:
    return await _edit_form(deps, _id(press))


@router.action(DETAILS_FORM, organizer_only=True)
async def details_pressed(press: ButtonPress, deps: Deps) -> Reply:
    row = await _load(deps, _id(press))
    assert row.id is not None
    form = forms.details_form(row.id, as_data(row))
    return Reply(text=f"Details of #{row.id}: {cut(row.title, 200)}", form=form)


@router.form(forms.EDIT, organizer_only=True)
async def edit_submitted(submit: FormSubmit, deps: Deps) -> Reply:
    return await _save(submit, deps, forms.MAIN_FIELDS, "Saved")


@router.form(forms.DETAILS, organizer_only=True)
async def details_submitted(submit: FormSubmit, deps: Deps) -> Reply:
    return await _save(submit, deps, forms.DETAIL_FIELDS, "Saved the details of")


async def _save(submit: FormSubmit, deps: Deps, fields: tuple[str, ...], verb: str) -> Reply:
    resource_id = _id(submit)
    async with deps.db.session() as session:
        row = await store.get(session, resource_id)
        if row is None:
            raise NotFound(
                _("There is no resource #{id} (it may have been removed).").format(id=resource_id)
            )
        data = forms.merged(as_data(row), submit.values, fields)
        other = await store.get_by_key(session, data.url_key)
        if other is not None and other.id != resource_id:
            raise FormErrors({"url": f"already in the library as #{other.id} {other.title}"})
        saved = await store.replace(session, resource_id, data, now=deps.clock.now())
    assert saved is not None
    return _saved(saved, verb)


async def _confirm_remove(deps: Deps, resource_id: int) -> Reply:
    row = await _load(deps, resource_id)
    button = Button("Yes, remove it", Action(REMOVE, (str(resource_id),)), style="danger")
    section = Section(title=row.title, title_url=row.url, footer=f"#{row.id}", buttons=(button,))
    return Reply(text=f"Remove #{resource_id} from the library?", sections=(section,))


@router.command(
    "resources remove", "Remove a resource (organizers)", params=(ID,), organizer_only=True
)
async def remove(command: Command, params: Params, deps: Deps) -> Reply:
    return await _confirm_remove(deps, params.int("id") or 0)


@router.action(CONFIRM_REMOVE, organizer_only=True)
async def remove_pressed(press: ButtonPress, deps: Deps) -> Reply:
    return await _confirm_remove(deps, _id(press))


@router.action(REMOVE, organizer_only=True)
async def remove_confirmed(press: ButtonPress, deps: Deps) -> Reply:
    async with deps.db.session() as session:
        row = await store.remove(session, _id(press))
    if row is None:
        return Reply(text="That resource was already removed.", replace_original=True)
    return Reply(text=f"Removed #{row.id}: {cut(row.title, 200)}", replace_original=True)


async def _verify(deps: Deps, resource_id: int) -> Reply:
    async with deps.db.session() as session:
        done = await store.mark_verified(session, resource_id, deps.clock.now())
    if not done:
        raise NotFound(
            _("There is no resource #{id} (it may have been removed).").format(id=resource_id)
        )
    day = deps.clock.now().astimezone(deps.settings.bot.zone).date().isoformat()
    return Reply(text=f"Marked the link of #{resource_id} as checked on {day}.")


@router.command(
    "resources verify",
    "Mark a resource's link as checked today (organizers)",
    params=(ID,),
    organizer_only=True,
)
async def verify(command: Command, params: Params, deps: Deps) -> Reply:
    return await _verify(deps, params.int("id") or 0)


@router.action(VERIFY, organizer_only=True)
async def verify_pressed(press: ButtonPress, deps: Deps) -> Reply:
    return await _verify(deps, _id(press))


@router.completer("resources")
async def complete(prefix: str, deps: Deps) -> list[str]:
    async with deps.db.read() as session:
        found = await store.complete(session, prefix[:100], 25)
    return [cut(item, 100) for item in found]
