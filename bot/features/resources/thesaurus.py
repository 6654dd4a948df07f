"""The field's acronyms and synonyms (thesaurus.toml, plus an organizer's own file).

A group is words or phrases that mean the same thing here. Search turns a typed word or run
of words that a group holds into "any of the group"; the duplicate check of /suggest counts
them as one word. Groups sharing an entry join, so an organizer's file can extend ours.

`translations` go one way: a Spanish word ("salud") also finds its English words ("health"),
while the English word, typed, searches as it always did (a group would make the field's
commonest words into synonym groups, which search never drops as too common).
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources as package_files
from pathlib import Path

from storage.resources import AnyOf, Clause, Term, tokens

SHIPPED = "thesaurus.toml"
MAX_GROUPS = 5000
MAX_ENTRY = 8  # words in one entry


class ThesaurusError(ValueError):
    """The organizer's thesaurus file cannot be used (named in the message)."""


@dataclass(frozen=True)
class Thesaurus:
    groups: tuple[tuple[Term, ...], ...]
    index: dict[Term, int]  # entry -> its group
    longest: int  # words in the longest entry

    def group_of(self, term: Term) -> int | None:
        return self.index.get(term)

    @functools.cached_property
    def words(self) -> frozenset[str]:
        """Every word of every entry: words, not typos, whatever a dictionary says."""
        return frozenset(word for term in self.index for word in term)

    def expand(self, terms: Sequence[Term], exact: frozenset[Term] = frozenset()) -> list[Clause]:
        """Entries found among `terms` (a run of single words, or one typed phrase such as
        ``AI/AN``) become any-of-their-group; `exact` terms (typed in quotes) stay as typed."""
        out: list[Clause] = []
        at = 0
        while at < len(terms):
            size, group = self._entry_at(terms, at, exact)
            if group is None:
                out.append(terms[at])
                at += 1
                continue
            out.append(AnyOf(self.groups[group]))
            at += size
        return out

    def _entry_at(
        self, terms: Sequence[Term], at: int, exact: frozenset[Term]
    ) -> tuple[int, int | None]:
        if terms[at] in exact:
            return 1, None
        if len(terms[at]) > 1:
            return 1, self._entry(terms[at])
        run: list[str] = []
        for term in terms[at : at + self.longest]:
            if len(term) != 1 or term in exact:
                break
            run.append(term[0])
        for size in range(len(run), 0, -1):
            group = self._entry(tuple(run[:size]))
            if group is not None:
                return size, group
        return 1, None

    def _entry(self, term: Term) -> int | None:
        """The group of `term`, or of a phrase whose last word is typed in the plural
        ("community health workers"): the phrase means the same either way."""
        group = self.index.get(term)
        if group is None and len(term) > 1:
            singular = _singular(term[-1])
            if singular != term[-1]:
                group = self.index.get((*term[:-1], singular))
        return group


def _singular(word: str) -> str:
    """An English plural's singular, for the common regular forms only."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def build(
    groups: Iterable[Sequence[str]], translations: Iterable[tuple[str, Sequence[str]]] = ()
) -> Thesaurus:
    """Groups of typed entries -> a thesaurus; groups that share an entry become one.
    Each translation (an entry and the words it also means) is a group of its own that
    only its entry leads to, unless a group holds that entry already."""
    merged: list[list[Term]] = []
    index: dict[Term, int] = {}
    for entries in groups:
        terms = [term for entry in entries if (term := tuple(tokens(entry))[:MAX_ENTRY])]
        homes = sorted({index[t] for t in terms if t in index})
        if homes:
            target = homes[0]
            for other in homes[1:]:
                for term in merged[other]:
                    index[term] = target
                merged[target] += merged[other]
                merged[other] = []
        else:
            target = len(merged)
            merged.append([])
        for term in terms:
            if term not in merged[target]:
                merged[target].append(term)
            index[term] = target
    for entry, meanings in translations:
        term = tuple(tokens(entry))[:MAX_ENTRY]
        if not term or term in index:
            continue
        others = [t for m in meanings if (t := tuple(tokens(m))[:MAX_ENTRY]) and t != term]
        index[term] = len(merged)
        merged.append([term, *dict.fromkeys(others)])
    longest = max((len(t) for t in index), default=1)
    return Thesaurus(tuple(tuple(g) for g in merged), index, longest)


Translations = list[tuple[str, list[str]]]


def _read(text: str, source: str) -> tuple[list[list[str]], Translations]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ThesaurusError(f"{source}: not valid TOML ({error})") from None
    return _groups(data, source), _translations(data, source)


def _translations(data: dict[str, object], source: str) -> Translations:
    table = data.get("translations", {})
    if not isinstance(table, dict) or len(table) > MAX_GROUPS:
        raise ThesaurusError(f"{source}: expected [translations] with lines like salud = [...]")
    out: Translations = []
    for entry, meanings in table.items():
        if not isinstance(meanings, list) or not all(isinstance(m, str) for m in meanings):
            raise ThesaurusError(f"{source}: translation {entry!r} must be a list of words")
        out.append((str(entry), meanings))
    return out


def _groups(data: dict[str, object], source: str) -> list[list[str]]:
    groups = data.get("groups")
    if not isinstance(groups, list) or len(groups) > MAX_GROUPS:
        raise ThesaurusError(f"{source}: expected groups = [[...], ...] (at most {MAX_GROUPS})")
    for n, group in enumerate(groups, 1):
        if not isinstance(group, list) or not all(isinstance(e, str) for e in group):
            raise ThesaurusError(f"{source}: group {n} must be a list of words or phrases")
    return groups


@functools.cache
def load(extra_file: str = "") -> Thesaurus:
    """The shipped thesaurus, joined with the organizer's file when one is named."""
    shipped = package_files.files(__package__).joinpath(SHIPPED).read_text(encoding="utf-8")
    groups, translations = _read(shipped, SHIPPED)
    if extra_file:
        path = Path(extra_file)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise ThesaurusError(f"{extra_file}: cannot be read ({error.strerror})") from None
        more, also = _read(text, extra_file)
        groups, translations = groups + more, translations + also
    return build(groups, translations)
