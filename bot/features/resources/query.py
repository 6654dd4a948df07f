"""From what a member typed to ranked results: terms, synonyms, common words, typo fixes,
OR fallback.

The order matters: search all the words (each also through its thesaurus group) first; only
when nothing matches, correct the words that are no word at all (in neither English nor
Spanish, nor the thesaurus, nor the library) against the library's own vocabulary and search
again; only then accept items that match some of the words. Quoted words are searched as
typed. Raw text never reaches the database: it becomes terms of folded letter/digit tokens
here, and storage quotes them.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process, utils
from sqlalchemy.ext.asyncio import AsyncSession

from bot.features.resources import dictionary
from bot.features.resources.settings import ResourcesSettings
from bot.features.resources.thesaurus import Thesaurus
from storage import resources as store
from storage.engine import Database
from storage.resources import AnyOf, Clause, Filters, Page, Survey, Term, is_word, tokens, ways
from storage.resources.language import code

MAX_TERMS = 12
TOPIC_CANDIDATES = 500
MAX_PHRASE = 8
# A library of at most this many rank windows counts a search's matches with its first page.
SMALL_LIBRARY = 5
_CHUNK = re.compile(r'"([^"]*)"?|(\S+)')
# Words that carry no meaning in a search when other words are present.
STOP_WORDS = frozenset(
    {
        *("a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "i", "in"),
        *("is", "it", "me", "my", "of", "on", "or", "our", "s", "the", "this", "to", "what"),
        *("whats", "when", "where", "which", "who", "why", "with", "about", "any", "some"),
        *("new", "find", "need", "looking"),
        # Spanish: a search in Spanish must not ask English items for "de" or "la".
        *("de", "del", "la", "las", "el", "los", "y", "para", "con", "por", "al", "una"),
        *("que", "sobre", "como", "sus", "su", "mi", "mis", "nuestra", "nuestro", "busco"),
        *("buscar", "necesito", "acerca", "cual", "cuales", "donde", "cuando", "hay"),
    }
)
# Words that say nothing of a subject: an item matching only one of them is no answer, so a
# search matching some of its words never rests on them ("housing first" does not bring up
# "the First Month of the COVID-19 Vaccination Program", nor "rural areas" an "Area" index).
FILLER_WORDS = frozenset(
    {
        *("first", "second", "third", "last", "next", "area", "areas", "region", "regions"),
        *("place", "places", "way", "ways", "thing", "things", "people", "use", "using"),
        *("get", "getting", "make", "making", "help", "helping", "good", "best", "better"),
        *("more", "most", "other", "others", "many", "much", "lot", "lots", "one", "two"),
        *("three", "year", "years", "time", "times", "day", "days", "kind", "kinds"),
        *("example", "examples", "general", "overview", "info", "information", "resource"),
        *("resources", "list", "tips", "guide", "guides", "learn", "work", "works", "like"),
        *("also", "all", "can", "do", "does", "go", "us", "we", "you", "your", "out"),
        *("recurso", "recursos", "informacion", "guia", "guias", "lista", "ejemplo"),
        *("ejemplos", "consejos", "mejores", "personas", "gente", "trabajo", "ayuda"),
    }
)
# `lang:es` (or `language:es`) in a query keeps items in that language.
_LANGUAGE_FILTER = re.compile(r"(?<!\S)lang(?:uage)?:(\S+)", re.IGNORECASE)


@dataclass(frozen=True)
class Typed:
    """The terms of a query, and those typed in quotes (searched exactly as typed)."""

    terms: tuple[Term, ...]
    exact: frozenset[Term] = frozenset()


def parse_query(text: str) -> Typed:
    """Quoted phrases stay phrases; `COVID-19` becomes the phrase "covid 19"; noise goes."""
    terms: list[Term] = []
    exact: set[Term] = set()
    for match in _CHUNK.finditer(text):
        quoted = match.group(1) is not None
        found = tokens(match.group(1) if quoted else match.group(2))
        term = tuple(found[:MAX_PHRASE])
        if term and quoted:
            exact.add(term)
        if term and term not in terms:
            terms.append(term)
        if len(terms) == MAX_TERMS:
            break
    return Typed(tuple(terms), frozenset(exact))


def language_filter(text: str, filters: Filters) -> tuple[str, Filters]:
    """`text` without its `lang:` words, and `filters` keeping the language they name (the
    last one; a word that names no language is dropped and filters nothing)."""
    found = _LANGUAGE_FILTER.findall(text)
    if not found:
        return text, filters
    rest = _LANGUAGE_FILTER.sub(" ", text).strip()
    named = code(found[-1].strip('"'))
    return rest, replace(filters, language=named) if named else filters


def parse_terms(text: str) -> tuple[Term, ...]:
    return parse_query(text).terms


def search_clauses(text: str, thesaurus: Thesaurus) -> tuple[Clause, ...]:
    """The clauses a search of `text` starts from: synonyms joined, little words gone."""
    typed = parse_query(text)
    return _without_stop_words(tuple(thesaurus.expand(typed.terms, typed.exact)))


def shown(terms: tuple[Term, ...]) -> str:
    """Terms as a person would retype them (phrases in quotes)."""
    return " ".join(" ".join(t) if len(t) == 1 else '"' + " ".join(t) + '"' for t in terms)


def exactly(terms: tuple[Term, ...]) -> str:
    """Terms as a query that searches each as typed (every one in quotes)."""
    return " ".join('"' + " ".join(t) + '"' for t in terms)


@dataclass(frozen=True)
class Outcome:
    page: Page
    terms: tuple[Clause, ...]
    corrected: str | None = None  # "Showing results for ..." when words were fixed
    any_term: bool = False  # only some of the words matched
    typed: tuple[Term, ...] = ()  # what was typed, for "Search instead for ..."


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
    language: str = "",
) -> Outcome:
    """Search `text`; `language` (the searcher's, "es") ranks its items first where items
    in several languages match."""
    limit = limit or settings.page_size
    text, filters = language_filter(text, filters)
    typed = parse_query(text)
    thesaurus = settings.thesaurus()

    async def search(
        terms: tuple[Clause, ...], any_term: bool = False, total: int | None = None
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
            small=0 < vocabulary.size <= SMALL_LIBRARY * settings.rank_window,
            # Some of the words: an item matching more of them comes first, in any language.
            prefer="" if any_term else language,
        )

    async with db.read() as session:
        vocabulary = _Vocabulary(session)
        expanded = tuple(thesaurus.expand(typed.terms, typed.exact))
        share, window = settings.common_word_share, settings.rank_window
        terms, total = await _first_terms(vocabulary, expanded, filters, share, window)
        page = await search(terms, total=total)
        if page.total or not terms:
            return Outcome(page, terms)
        fixes = await _corrections(vocabulary, typed, thesaurus, settings.typo_score)
        corrected = None
        words = typed.terms
        if fixes:
            words = _apply(typed.terms, fixes)
            corrected = shown(words)
            again = tuple(thesaurus.expand(words, typed.exact))
            terms = await _meaningful(vocabulary, again, settings.common_word_share)
            page = await search(terms)
            if page.total:
                return Outcome(page, terms, corrected, typed=typed.terms)
        loose = _loose(terms, words, typed.exact)
        loose = await _meaningful(vocabulary, loose, settings.common_word_share) if loose else ()
        if len(loose) > 1 or (loose and loose != terms):
            page = await search(loose, any_term=True)
            return Outcome(page, loose, corrected, any_term=True, typed=typed.terms)
        return Outcome(page, terms, corrected, typed=typed.terms)


def _single(clause: Clause) -> str | None:
    """The word of a one-word term, else None (phrases and synonym groups)."""
    return clause[0] if isinstance(clause, tuple) and len(clause) == 1 else None


def _loose(
    terms: tuple[Clause, ...], words: tuple[Term, ...], exact: frozenset[Term]
) -> tuple[Clause, ...]:
    """The clauses a match of some of the words may rest on: each clause, and each word of
    a run the thesaurus read as one phrase ("community health worker" also as community,
    health, worker, like any other words), but no stop or filler word."""
    covered = {way for clause in terms for way in ways(clause)}
    out = list(terms)
    for term in words:
        if term in exact:
            continue
        for word in term:
            if (word,) not in covered and is_word(word):
                out.append((word,))
                covered.add((word,))
    ignored = STOP_WORDS | FILLER_WORDS
    return tuple(clause for clause in out if _single(clause) not in ignored)


def _without_stop_words(terms: tuple[Clause, ...]) -> tuple[Clause, ...]:
    return tuple(t for t in terms if _single(t) not in STOP_WORDS) or terms


def _rare(
    terms: tuple[Clause, ...], docs: dict[str, int], size: int, share: float
) -> tuple[Clause, ...]:
    """Without the words most of the library uses, while something else remains."""
    common = {w for w, n in docs.items() if size and n > share * size}
    return tuple(t for t in terms if _single(t) not in common) or terms


def _words(terms: tuple[Clause, ...]) -> list[str]:
    plain = (term for term in terms if isinstance(term, tuple))
    return sorted({tok for term in plain for tok in term if is_word(tok)})


async def _first_terms(
    vocabulary: _Vocabulary,
    typed: tuple[Clause, ...],
    filters: Filters,
    share: float,
    window: int,
) -> tuple[tuple[Clause, ...], int | None]:
    """The terms to search first, and their match count when the survey already has it."""
    kept = _without_stop_words(typed)
    words = _words(kept)
    if not words:
        return kept, None
    found = await store.survey(vocabulary.session, kept, words, filters, window)
    vocabulary.absorb(found, words)
    rare = _rare(kept, found.docs, found.size, share)
    return rare, found.total if rare == kept else None


async def _meaningful(
    vocabulary: _Vocabulary, terms: tuple[Clause, ...], share: float
) -> tuple[Clause, ...]:
    """Stop words and common words dropped, while something else remains."""
    kept = _without_stop_words(terms)
    if len(kept) < 2:
        return kept
    docs = await vocabulary.lookup(set(_words(kept)))
    return _rare(kept, docs, vocabulary.size, share)


def _not_words(typed: Typed, thesaurus: Thesaurus) -> set[str]:
    """Typed words (outside quotes) that no dictionary nor the thesaurus knows."""
    known = thesaurus.words
    return {
        tok
        for term in typed.terms
        if term not in typed.exact
        for tok in term
        if is_word(tok) and len(tok) >= 3 and tok not in known and not dictionary.is_word(tok)
    }


async def _corrections(
    vocabulary: _Vocabulary, typed: Typed, thesaurus: Thesaurus, score: float
) -> dict[str, str]:
    """Words that are not words (see `_not_words`) nor in the library -> the closest library
    word (by spelling, then by how often it is used). A real word is never replaced."""
    # The word lists load once, in a thread: half a second the event loop must not wait.
    if not dictionary.loaded():
        await asyncio.to_thread(dictionary.words)
    candidates = _not_words(typed, thesaurus)
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


@dataclass(frozen=True)
class Hints:
    """What to try after an empty result: topics like the words (or, when none is, the most
    used ones, said as such) and library words spelled like them."""

    topics: list[str]
    popular: list[str]
    words: list[str]


# Below these a topic or word only shares letters with what was typed ("snap" and
# "narrative change", "migratoin" and "medication"); a topic holding every typed word
# ("vaccination": "COVID-19 Vaccination") scores 100.
TOPIC_LIKENESS = 75.0
WORD_LIKENESS = 70.0


async def suggestions(db: Database, text: str, settings: ResourcesSettings) -> Hints:
    """For an empty result: the closest topics, and library words close to the typed ones."""
    text, _ = language_filter(text, Filters())
    words = [tok for term in parse_terms(text) for tok in term if is_word(tok)]
    thesaurus = settings.thesaurus()
    if not dictionary.loaded():
        await asyncio.to_thread(dictionary.words)
    # Only a word no dictionary knows may be a typo: "lead pipes" is not "led", "picks";
    # nor an acronym the field uses ("SNAP" is no "shape").
    typos = [w for w in words[:4] if w in _not_words(parse_query(text), thesaurus)]
    async with db.read() as session:
        topics = [name for name, _ in await store.topic_counts(session, TOPIC_CANDIDATES)]
        choices = await store.words_like(session, typos)
    close_words: list[str] = []
    for word in typos:
        near = closest(word, choices[word], WORD_LIKENESS)
        close_words += [w for w in near if w not in close_words]
    close_topics: list[str] = []
    for said in _ways_to_say(text, words, thesaurus):
        found = process.extract(
            said,
            topics,
            scorer=fuzz.token_set_ratio,
            processor=utils.default_process,
            score_cutoff=TOPIC_LIKENESS,
            limit=3,
        )
        close_topics += [m[0] for m in found if m[0] not in close_topics]
    popular = [] if close_topics else topics[:3]
    return Hints(close_topics[:3], popular, close_words[:5])


def _ways_to_say(text: str, words: list[str], thesaurus: Thesaurus) -> list[str]:
    """The typed words, then the thesaurus's other names for them ("SNAP": "food stamps")."""
    out = [" ".join(words)]
    for clause in thesaurus.expand(parse_terms(text)):
        if isinstance(clause, AnyOf):
            out += [" ".join(term) for term in clause.terms if " ".join(term) not in out]
    return out
