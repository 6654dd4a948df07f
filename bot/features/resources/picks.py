"""A few library items for one person's words and a theme (the personal journey's three
items): the ranked search, the person's own saved and proposed items left out."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import Action
from bot.deps import Deps
from bot.features.resources.names import SAVE, SHARE_LABEL, SHARE_ONE, USEFUL
from bot.features.resources.query import _loose, _rare, parse_query
from bot.features.resources.settings import ResourcesSettings
from bot.limits import cut
from bot.model import Button, Field, Section, plain
from storage import resources as store
from storage.resources import MARK_CLOSE, MARK_OPEN, Clause, Hit

MAX_FETCH = 25


async def picks(
    deps: Deps, words: str, theme: str, *, exclude: set[int], limit: int = 3
) -> list[Hit]:
    """The best `limit` items for `words` and `theme` together, topped up from `theme`
    alone when the words find too few; never an id in `exclude`."""
    settings = deps.settings.section(ResourcesSettings)
    found: list[Hit] = []
    async with deps.db.read() as session:
        size = await store.count(session)
        mine = await _clauses(session, words, settings, size)
        about = await _clauses(session, theme, settings, size)
        for terms in (mine + about, about):
            if not terms or len(found) >= limit:
                continue
            fetch = min(limit + len(exclude) + len(found), MAX_FETCH)
            page = await store.search(
                session, terms, any_term=True, limit=fetch, window=settings.rank_window
            )
            seen = {hit.id for hit in found}
            found += [h for h in page.hits if h.id not in exclude and h.id not in seen]
    return found[:limit]


async def _clauses(
    session: AsyncSession, text: str, settings: ResourcesSettings, size: int
) -> tuple[Clause, ...]:
    """Each meaningful word and phrase of `text`, without words most of the library uses."""
    typed = parse_query(text)
    expanded = tuple(settings.thesaurus().expand(typed.terms, typed.exact))
    loose = _loose(expanded, typed.terms, typed.exact)
    words = sorted({w for c in loose if isinstance(c, tuple) and len(c) == 1 for w in c})
    docs, _size = await store.word_counts(session, words)
    return _rare(loose, docs, size, settings.common_word_share)


def cards(hits: list[Hit]) -> tuple[Section, ...]:
    """Each item as a card with the library's own Share in channel, Save and Was this
    useful? buttons (the search's card module is not imported: topics imports this api)."""
    return tuple(_card(hit) for hit in hits)


def _card(hit: Hit) -> Section:
    fields = [Field.of("Type", hit.type.capitalize())]
    if hit.organization:
        fields.append(Field.of("From", hit.organization))
    ident = (str(hit.id),)
    buttons = (
        Button(SHARE_LABEL, Action(SHARE_ONE, ident)),
        Button("Save", Action(SAVE, ident)),
        Button("Was this useful?", Action(USEFUL, ident)),
    )
    snippet = " ".join(hit.snippet.replace(MARK_OPEN, "").replace(MARK_CLOSE, "").split())
    footer = f"#{hit.id}" + (f" · {hit.topics}" if hit.topics else "")
    return Section(
        title=cut(hit.title, 150),
        title_url=hit.url,
        text=plain(cut(snippet, 280)) if snippet else (),
        fields=tuple(fields),
        footer=cut(footer, 300),
        buttons=buttons,
    )
