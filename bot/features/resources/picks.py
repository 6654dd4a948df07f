"""A few library items for one person's words and a theme (the personal journey's three
items): the ranked search, the person's own saved and proposed items left out."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import Action
from bot.deps import Deps
from bot.features.resources.names import SAVE, SHARE_LABEL, SHARE_ONE, USEFUL
from bot.features.resources.query import _loose, _rare, parse_query
from bot.features.resources.settings import ResourcesSettings
from bot.i18n import _, language
from bot.limits import cut
from bot.model import Button, Field, Section, plain
from storage import resources as store
from storage.resources import MARK_CLOSE, MARK_OPEN, Clause, Hit

MAX_FETCH = 25
# Reciprocal rank fusion's constant, the usual 60 (Cormack, Clarke and Buettcher, 2009).
FUSION = 60


async def picks(
    deps: Deps, words: str, theme: str, *, exclude: set[int], limit: int = 3
) -> list[Hit]:
    """The best `limit` items for `words` within `theme`, never an id in `exclude`.

    Two ranked searches, the words with the theme and the words alone, are fused by
    reciprocal rank (an item high in both comes first: on the theme and on the member's
    point); the theme alone tops the list up when the words find too few.
    """
    settings = deps.settings.section(ResourcesSettings)
    reader = language()  # items in the reader's own language first
    async with deps.db.read() as session:
        size = await store.count(session)
        mine = await _clauses(session, words, settings, size)
        about = await _clauses(session, theme, settings, size)
        ranked: list[list[Hit]] = []
        for terms in (mine + about, mine, about):
            page = (
                await store.search(
                    session,
                    terms,
                    any_term=True,
                    limit=MAX_FETCH,
                    window=settings.rank_window,
                    prefer=reader,
                )
                if terms
                else None
            )
            ranked.append([h for h in page.hits if h.id not in exclude] if page else [])
    score: dict[int, float] = {}
    hits: dict[int, Hit] = {}
    for found in ranked[:2]:
        for rank, hit in enumerate(found):
            score[hit.id] = score.get(hit.id, 0.0) + 1 / (FUSION + rank)
            hits[hit.id] = hit
    best = sorted(hits.values(), key=lambda h: -score[h.id])
    topped = best + [h for h in ranked[2] if h.id not in hits]
    return topped[:limit]


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
    fields = [Field.of(_("Type"), hit.type.capitalize())]
    if hit.organization:
        fields.append(Field.of(_("From"), hit.organization))
    ident = (str(hit.id),)
    buttons = (
        Button(_(SHARE_LABEL), Action(SHARE_ONE, ident)),
        Button(_("Save"), Action(SAVE, ident)),
        Button(_("Was this useful?"), Action(USEFUL, ident)),
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
