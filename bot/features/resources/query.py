"""From what a member typed to ranked results: terms, common words, typo fixes, OR fallback.

The order matters: search all the words first; only when nothing matches, correct unknown
words against the library's own vocabulary and search again; only then accept items that
match some of the words. Raw text never reaches the database: it becomes terms of folded
letter/digit tokens here, and storage quotes them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy.ext.asyncio import AsyncSession

from bot.features.resources.settings import ResourcesSettings
from storage import resources as store
from storage.engine import Database
from storage.resources import Filters, Page, Survey, Term, is_word, tokens

MAX_TERMS = 12
TOPIC_CANDIDATES = 500
MAX_PHRASE = 8
_CHUNK = re.compile(r'"([^"]*)"?|(\S+)')
# Words that carry no meaning in a search when other words are present.
STOP_WORDS = frozenset(
    {
        *("a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "i", "in"),
        *("is", "it", "me", "my", "of", "on", "or", "our", "s", "the", "this", "to", "what"),
        *("whats", "when", "where", "which", "who", "why", "with", "about", "any", "some"),
        *("new", "find", "need", "looking"),
    }
)


def parse_terms(text: str) -> tuple[Term, ...]:
    """Quoted phrases stay phrases; `COVID-19` becomes the phrase "covid 19"; noise goes."""
    terms: list[Term] = []
    for match in _CHUNK.finditer(text):
        found = tokens(match.group(1) if match.group(1) is not None else match.group(2))
        term = tuple(found[:MAX_PHRASE])
        if term and term not in terms:
            terms.append(term)
        if len(terms) == MAX_TERMS:
            break
    return tuple(terms)


def shown(terms: tuple[Term, ...]) -> str:
    """Terms as a person would retype them (phrases in quotes)."""
    return " ".join(" ".join(t) if len(t) == 1 else '"' + " ".join(t) + '"' for t in terms)


@dataclass(frozen=True)
class Outcome:
    page: Page
    terms: tuple[Term, ...]
    corrected: str | None = None  # "Showing results for ..." when words were fixed
    any_term: bool = False  # only some of the words matched


class _Vocabulary:
    """The library's word counts, asked once per search and only for the words it needs."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.docs: dict[str, int] = {}
        self.asked: set[str] = set()
        self.size = 0

    async def lookup(self, words: set[str]) -> dict[str, int]:
        missing = words - self.asked
        if missing:
            found, size = await store.word_counts(self.session, missing)
            self.docs.update(found)
            self.asked |= missing
            self.size = size or self.size
        return {w: self.docs[w] for w in words if w in self.docs}

    def absorb(self, survey: Survey, asked: Sequence[str]) -> None:
        self.docs.update(survey.docs)
        self.asked.update(asked)
        self.size = survey.size or self.size

    def learn(self, choices: dict[str, list[tuple[str, int]]]) -> None:
        for pairs in choices.values():
            for word, docs in pairs:
                self.docs[word] = docs
                self.asked.add(word)


async def find(
    db: Database,
    text: str,
    filters: Filters,
    settings: ResourcesSettings,
    *,
    offset: int = 0,
    limit: int | None = None,
) -> Outcome:
    limit = limit or settings.page_size
    typed = parse_terms(text)

    async def search(
        terms: tuple[Term, ...], any_term: bool = False, total: int | None = None
    ) -> Page:
        return await store.search(
            session,
            terms,
            any_term=any_term,
            filters=filters,
            limit=limit,
            offset=offset,
            window=settings.rank_window,
            total=total,
            small=0 < vocabulary.size <= settings.rank_window,
        )

    async with db.read() as session:
        vocabulary = _Vocabulary(session)
        terms, total = await _first_terms(vocabulary, typed, filters, settings.common_word_share)
        page = await search(terms, total=total)
        if page.total or not terms:
            return Outcome(page, terms)
        fixes = await _corrections(vocabulary, terms, settings.typo_score)
        corrected = None
        if fixes:
            corrected = shown(_apply(typed, fixes))
            terms = await _meaningful(vocabulary, _apply(typed, fixes), settings.common_word_share)
            page = await search(terms)
            if page.total:
                return Outcome(page, terms, corrected)
        if len(terms) > 1:
            return Outcome(await search(terms, any_term=True), terms, corrected, any_term=True)
        return Outcome(page, terms, corrected)


def _without_stop_words(terms: tuple[Term, ...]) -> tuple[Term, ...]:
    return tuple(t for t in terms if not (len(t) == 1 and t[0] in STOP_WORDS)) or terms


def _rare(
    terms: tuple[Term, ...], docs: dict[str, int], size: int, share: float
) -> tuple[Term, ...]:
    """Without the words most of the library uses, while something else remains."""
    common = {w for w, n in docs.items() if size and n > share * size}
    return tuple(t for t in terms if not (len(t) == 1 and t[0] in common)) or terms


def _words(terms: tuple[Term, ...]) -> list[str]:
    return sorted({tok for term in terms for tok in term if is_word(tok)})


async def _first_terms(
    vocabulary: _Vocabulary, typed: tuple[Term, ...], filters: Filters, share: float
) -> tuple[tuple[Term, ...], int | None]:
    """The terms to search first, and their match count when the survey already has it."""
    kept = _without_stop_words(typed)
    words = _words(kept)
    if not words:
        return kept, None
    found = await store.survey(vocabulary.session, kept, words, filters)
    vocabulary.absorb(found, words)
    rare = _rare(kept, found.docs, found.size, share)
    return rare, found.total if rare == kept else None


async def _meaningful(
    vocabulary: _Vocabulary, terms: tuple[Term, ...], share: float
) -> tuple[Term, ...]:
    """Stop words and common words dropped, while something else remains."""
    kept = _without_stop_words(terms)
    if len(kept) < 2:
        return kept
    docs = await vocabulary.lookup(set(_words(kept)))
    return _rare(kept, docs, vocabulary.size, share)


async def _corrections(
    vocabulary: _Vocabulary, terms: tuple[Term, ...], score: float
) -> dict[str, str]:
    """Unknown words -> the closest library word (by spelling, then by how often it is used)."""
    candidates = {tok for term in terms for tok in term if is_word(tok) and len(tok) >= 3}
    if not candidates:
        return {}
    known = await vocabulary.lookup(candidates)
    unknown = sorted(candidates - set(known))
    choices = await store.words_like(vocabulary.session, unknown)
    vocabulary.learn(choices)
    fixes = {}
    for word in unknown:
        best = closest(word, choices.get(word, []), score, limit=1)
        if best:
            fixes[word] = best[0]
    return fixes


def closest(word: str, choices: list[tuple[str, int]], score: float, limit: int = 3) -> list[str]:
    """The library words most like `word`: best spelling first, then the most used."""
    docs = dict(choices)
    found = process.extract(word, list(docs), scorer=fuzz.ratio, score_cutoff=score, limit=10)
    ranked = sorted(found, key=lambda m: (-m[1], -docs[m[0]], m[0]))
    return [match[0] for match in ranked[:limit]]


def _apply(terms: tuple[Term, ...], fixes: dict[str, str]) -> tuple[Term, ...]:
    return tuple(tuple(fixes.get(tok, tok) for tok in term) for term in terms)


async def suggestions(
    db: Database, text: str, settings: ResourcesSettings
) -> tuple[list[str], list[str]]:
    """For an empty result: the closest topics, and library words close to the typed ones."""
    words = [tok for term in parse_terms(text) for tok in term if is_word(tok)]
    async with db.read() as session:
        topics = [name for name, _ in await store.topic_counts(session, TOPIC_CANDIDATES)]
        choices = await store.words_like(session, words[:4])
    close_words: list[str] = []
    for word in words[:4]:
        close_words += [w for w in closest(word, choices[word], 60.0) if w not in close_words]
    query = " ".join(words)
    close_topics = process.extract(query, topics, scorer=fuzz.WRatio, score_cutoff=50, limit=3)
    return ([m[0] for m in close_topics] or topics[:3]), close_words[:5]
