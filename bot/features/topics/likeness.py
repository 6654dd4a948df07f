"""Do two titles name the same idea? Rare, meaningful words count; the field's common ones
barely do.

A title becomes weighted keys: its words without little words, lightly stemmed, and one key
per thesaurus group it mentions (so "food stamps" and "SNAP" share a key, and "paying" and
"stipends" do). Words every title here uses (health, equity, community, access...) weigh
little. Two titles are the same idea when they share at least one meaningful key and the
keys they share carry most of the weight of both (`THRESHOLD`, tuned on
tests/data/duplicates.toml by benchmarks/duplicates.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.features.resources.api import Thesaurus
from storage.resources import tokens

THRESHOLD = 0.6
MEANINGFUL = 0.9  # shared weight from meaningful keys a match needs
COMMON_WEIGHT = 0.15
INSIDE = 0.1  # a word inside a thesaurus entry: the entry's key carries the idea
_STOP_TEXT = (
    "a about after all also an and any are as at be before between by can do does for from "
    "get how i in into is it its more most my new no not of on or our out over s should so "
    "than that the their them these they this those through to under up us using via vs was "
    "we what when where which who why will with within without you your"
)
_STOP = frozenset(_STOP_TEXT.split())
# Words in most titles of a health-equity collaborative: alone they say nothing about the idea.
_COMMON_TEXT = (
    "health healthy equity equitable inequity inequities community communities access care "
    "public program programs support supporting services service people person approach "
    "approaches strategy strategies improve improving improvement building build role work "
    "working learning lessons lesson series webinar workshop recording session resource "
    "resources guide toolkit introduction intro part advancing advance address addressing "
    "better best practice practices promoting promote outcomes impact equality justice "
    "disparities disparity system systems member members engagement engaging idea ideas "
    "discussion conversation talk panel overview topic time input voice voices centering "
    "perspective perspectives individual individuals inequality inequalities united states "
    "national us prevention outcome"
)
FIELD_COMMON = frozenset(_COMMON_TEXT.split())
# Thesaurus groups that are framings of the field rather than subjects.
COMMON_GROUPS = frozenset({("social", "determinants", "of", "health"), ("community", "members")})


def stem(word: str) -> str:
    """Plurals and common endings trimmed, so pay/paying, measure/measuring and
    worker/workers meet."""
    for ending, keep in (("ies", "y"), ("sses", "ss"), ("xes", "x"), ("ches", "ch")):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)] + keep
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for ending in ("ing", "ed", "ment"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)]
            break
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


_STEMMED: dict[int, tuple[Thesaurus, dict[tuple[str, ...], int], int]] = {}


def _stemmed_index(thesaurus: Thesaurus) -> tuple[dict[tuple[str, ...], int], int]:
    """The thesaurus entries as stems (built once per thesaurus), and the longest entry."""
    cached = _STEMMED.get(id(thesaurus))
    if cached is None or cached[0] is not thesaurus:
        index = {tuple(stem(w) for w in term): g for term, g in thesaurus.index.items()}
        cached = _STEMMED[id(thesaurus)] = (thesaurus, index, thesaurus.longest)
    return cached[1], cached[2]


def _concepts(words: list[str], thesaurus: Thesaurus) -> list[tuple[int, int, int]]:
    """(start, size, group) of each entry in `words`, compared as stems, longest first."""
    index, longest = _stemmed_index(thesaurus)
    stems = [stem(w) for w in words]
    found = []
    at = 0
    while at < len(stems):
        for size in range(min(longest, len(stems) - at), 0, -1):
            group = index.get(tuple(stems[at : at + size]))
            if group is not None:
                found.append((at, size, group))
                at += size
                break
        else:
            at += 1
    return found


@dataclass(frozen=True)
class Keys:
    """A title as weighted keys, and the words that stand for each key (for the reason)."""

    weights: dict[str, float]
    shown: dict[str, str]

    @property
    def total(self) -> float:
        return sum(self.weights.values())


def keys(title: str, thesaurus: Thesaurus) -> Keys:
    words = tokens(title)
    weights: dict[str, float] = {}
    shown: dict[str, str] = {}
    inside: set[int] = set()
    for start, size, group in _concepts(words, thesaurus):
        key = f"~{group}"
        entries = thesaurus.groups[group]
        common = any(e in COMMON_GROUPS for e in entries)
        weights[key] = COMMON_WEIGHT if common else 1.0
        shown[key] = " ".join(words[start : start + size])
        inside.update(range(start, start + size))
    for n, word in enumerate(words):
        if word in _STOP or len(word) < 2:
            continue
        key = stem(word)
        weight = COMMON_WEIGHT if word in FIELD_COMMON or key in FIELD_COMMON else 1.0
        if n in inside:
            weight *= INSIDE
        if weight > weights.get(key, 0.0):
            weights[key] = weight
            shown.setdefault(key, word)
    return Keys(weights, shown)


@dataclass(frozen=True)
class Likeness:
    score: float  # 0-1: the share of both titles' weight that they have in common
    shared: tuple[str, ...]  # the meaningful words they share, as the candidate writes them


def compare(a: Keys, b: Keys) -> Likeness | None:
    """How alike two titles are, or None when they do not name the same idea."""
    common = set(a.weights) & set(b.weights)
    shared = sum(min(a.weights[k], b.weights[k]) for k in common)
    meaningful = [k for k in common if min(a.weights[k], b.weights[k]) > COMMON_WEIGHT]
    if (
        not a.total
        or not b.total
        or sum(min(a.weights[k], b.weights[k]) for k in meaningful) < (MEANINGFUL)
    ):
        return None
    score = (shared / a.total + shared / b.total) / 2
    if score < THRESHOLD:
        return None
    order = sorted(meaningful, key=lambda k: -b.weights[k])
    return Likeness(score, tuple(dict.fromkeys(b.shown[k] for k in order)))


def similar(a: str, b: str, thesaurus: Thesaurus) -> Likeness | None:
    return compare(keys(a, thesaurus), keys(b, thesaurus))
