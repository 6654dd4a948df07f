"""Time zones people type: tz names, zone words, abbreviations, cities, states and countries.

CST/CDT/CT/Central all mean America/Chicago *local time* (whichever of CST or CDT is in
force that day), because that is what organizers mean by "1pm CST" in July too. A place
name is looked up exactly (see places.py) and ranked by population, US first; when the
name is shared by places on different clocks (Portland, Springfield, San Juan) the member
is asked. Nothing is ever suggested because its name merely looks alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.errors import BadInput
from bot.features.events import places
from bot.features.events.places import Place

ABBREVIATIONS = {
    "cst": "America/Chicago", "cdt": "America/Chicago", "ct": "America/Chicago",
    "est": "America/New_York", "edt": "America/New_York", "et": "America/New_York",
    "mst": "America/Denver", "mdt": "America/Denver", "mt": "America/Denver",
    "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles", "pt": "America/Los_Angeles",
    "akst": "America/Anchorage", "akdt": "America/Anchorage", "akt": "America/Anchorage",
    "hst": "Pacific/Honolulu", "hast": "Pacific/Honolulu", "hdt": "Pacific/Honolulu",
    "chst": "Pacific/Guam", "sst": "Pacific/Pago_Pago",
    "bst": "Europe/London", "cet": "Europe/Paris", "cest": "Europe/Paris",
    "ist": "Asia/Kolkata", "jst": "Asia/Tokyo", "aest": "Australia/Sydney",
    "aedt": "Australia/Sydney", "nzst": "Pacific/Auckland", "nzdt": "Pacific/Auckland",
    "utc": "UTC", "gmt": "UTC", "z": "UTC",
}  # fmt: skip
ZONE_WORDS = {
    "eastern": "America/New_York",
    "central": "America/Chicago",
    "mountain": "America/Denver",
    "pacific": "America/Los_Angeles",
    "alaska": "America/Anchorage",
    "alaskan": "America/Anchorage",
    "hawaii": "Pacific/Honolulu",
    "hawaiian": "Pacific/Honolulu",
    "hawaii aleutian": "Pacific/Honolulu",
    "atlantic": "America/Puerto_Rico",
}
ALIASES = {
    "dc": ("Washington, DC", "America/New_York"),
    "washington dc": ("Washington, DC", "America/New_York"),
    "washington district of columbia": ("Washington, DC", "America/New_York"),
    "district of columbia": ("Washington, DC", "America/New_York"),
    "nyc": ("New York City", "America/New_York"),
    "new york": ("New York", "America/New_York"),
    "la": ("Los Angeles", "America/Los_Angeles"),
    "sf": ("San Francisco", "America/Los_Angeles"),
    "bay area": ("San Francisco Bay Area", "America/Los_Angeles"),
    "philly": ("Philadelphia", "America/New_York"),
    "nola": ("New Orleans", "America/Chicago"),
    "vegas": ("Las Vegas", "America/Los_Angeles"),
    "saint louis": ("St. Louis, Missouri", "America/Chicago"),
    "twin cities": ("Minneapolis-St. Paul", "America/Chicago"),
}
# Words around a zone word that do not change it: "Pacific Standard Time", "US/Eastern".
_FILLER = {"time", "standard", "daylight", "saving", "zone", "us", "and", "canada", "the"}
US_ZONE_NAMES = {
    "America/New_York": "Eastern",
    "America/Chicago": "Central",
    "America/Denver": "Mountain",
    "America/Phoenix": "Mountain, no daylight saving",
    "America/Los_Angeles": "Pacific",
    "America/Anchorage": "Alaska",
    "Pacific/Honolulu": "Hawaii",
    "America/Puerto_Rico": "Atlantic",
}
US_MIN_POPULATION = 20_000  # US towns this big sharing a name on another clock: ask
FOREIGN_RATIO = 10  # a place abroad is offered when within 1/10 of the best weight
US_BOOST = 5
MAX_CHOICES = 5


@dataclass(frozen=True)
class Found:
    """What a member's text names: one zone, or several places to choose from (US first)."""

    zone: str | None
    label: str
    choices: tuple[Place, ...] = ()


@cache
def zone_names() -> tuple[str, ...]:
    """Canonical-looking zone names (Region/City), plus UTC."""
    names = {n for n in available_timezones() if "/" in n and not n.startswith(("Etc/", "SystemV"))}
    return tuple(sorted(names | {"UTC"}))


@cache
def _by_lower() -> dict[str, str]:
    return {name.lower(): name for name in zone_names()}


def _tz_name(text: str) -> str | None:
    exact = text.strip()
    if "/" in exact and exact.isascii() and len(exact) < 64 and _loads(exact):
        return exact  # the common case, without listing every zone at start-up
    key = "_".join(exact.lower().split())
    return _by_lower().get(key) or _by_lower().get(key.replace(" ", "_"))


_REGIONS = (
    "Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Brazil",
    "Canada", "Chile", "Europe", "Indian", "Mexico", "Pacific", "US",
)  # fmt: skip


def _loads(name: str) -> bool:
    """A Region/City zone that loads (not posix/..., right/..., Etc/... or a path)."""
    if name.split("/", 1)[0] not in _REGIONS or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def zone_word(text: str) -> str | None:
    """An abbreviation, a zone word ("Central time") or a tz name, else None (no places)."""
    found = _tz_name(text)
    if found:
        return found
    key = places.normalize(text).replace("/", " ")
    if key in ABBREVIATIONS:
        return ABBREVIATIONS[key]
    if key in ZONE_WORDS:
        return ZONE_WORDS[key]
    kept = " ".join(w for w in key.split() if w not in _FILLER)
    if kept != key and kept:
        return ABBREVIATIONS.get(kept) or ZONE_WORDS.get(kept)
    return None


def describe_zone(zone: str) -> str:
    """``Central (America/Chicago)`` for US zones, else the tz name."""
    word = US_ZONE_NAMES.get(zone)
    return f"{word} ({zone})" if word else zone


def find(text: str) -> Found:
    """The zone `text` means, or the places it could mean; BadInput when nothing matches."""
    cleaned = " ".join(text.split())[:80]
    if not cleaned:
        raise BadInput("Say where you are, e.g. /timezone Chicago or /timezone Central.")
    named = zone_word(cleaned)
    if named:
        return Found(named, describe_zone(named))
    key = places.normalize(cleaned)
    if key in ALIASES:
        label, zone = ALIASES[key]
        return Found(zone, label)
    found = _places(cleaned)
    if not found:
        raise BadInput(_unknown(cleaned))
    return _decide(found, cleaned)


def _places(text: str) -> list[Place]:
    """Places named `text`, or "City, ST" / "City Oregon" narrowed to that state or country."""
    found = places.candidates(text)
    if found:
        return found
    if "," in text:
        name, region = (part.strip() for part in text.rsplit(",", 1))
        return [p for p in places.candidates(name) if places.region_matches(p, region)]
    words = text.split()
    for cut in range(len(words) - 1, 0, -1):
        name, region = " ".join(words[:cut]), " ".join(words[cut:])
        narrowed = [p for p in places.candidates(name) if places.region_matches(p, region)]
        if narrowed:
            return narrowed
    return []


def _groups(found: list[Place]) -> list[Place]:
    """One place per clock (the weightiest), heaviest first: a city and a state may agree."""
    best: dict[tuple[float, ...], Place] = {}
    for place in found:
        key = places.clock_key(place.zone)
        if key not in best or _weight(place) > _weight(best[key]):
            best[key] = place
    return sorted(best.values(), key=lambda p: -_weight(p))


def _weight(place: Place) -> int:
    return place.population * (US_BOOST if place.us else 1)


def _decide(found: list[Place], asked: str) -> Found:
    groups = _groups(found)
    top = groups[0]
    # Within the US, a same-name town of some size on another clock is asked about (Columbus).
    us_clocks = {
        places.clock_key(p.zone)
        for p in found
        if top.us and p.us and p.population >= US_MIN_POPULATION
    }
    offered = [
        p
        for p in groups
        if p is top
        or places.clock_key(p.zone) in us_clocks
        or _weight(p) * FOREIGN_RATIO >= _weight(top)
    ]
    if len(offered) == 1:
        return Found(top.zone, top.label)
    ordered = sorted(offered, key=lambda p: (not p.us, -_weight(p)))
    return Found(None, asked, tuple(ordered[:MAX_CHOICES]))


def _unknown(text: str) -> str:
    shown = text[:40]
    hint = ""
    if "/" in text:
        close = close_matches(text)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
    return (
        f"I don't know the time zone {shown!r}.{hint} Try your city (Minneapolis, "
        '"Portland, OR"), your state, a zone word (Central, Pacific time, CST) or a tz name '
        "like America/Chicago."
    )


def close_matches(text: str, limit: int = 3) -> list[str]:
    """tz names within a typo of a tz name ("Amercia/Chicago"); never across other names."""
    from rapidfuzz import fuzz, process  # deferred: only a misspelt tz name needs it

    key = text.strip().lower()[:64]
    if "/" not in key:
        return []
    found = process.extract(key, list(_by_lower()), scorer=fuzz.ratio, limit=limit)
    return [_by_lower()[match] for match, score, _ in found if score >= 85]


def resolve(text: str) -> str:
    """One zone for `text` (config, event times), or BadInput naming the choices."""
    found = find(text)
    if found.zone:
        return found.zone
    options = "; ".join(f"{p.label} ({describe_zone(p.zone)})" for p in found.choices)
    raise BadInput(f"{found.label!r} could be: {options}. Say which, e.g. with the state.")


def lookup(text: str) -> str | None:
    """The one zone `text` names, else None."""
    try:
        return find(text).zone
    except BadInput:
        return None


def complete(prefix: str, limit: int = 25) -> list[str]:
    key = prefix.strip().lower()
    if not key:
        return ["America/Chicago", "America/New_York", "America/Denver", "America/Los_Angeles"]
    spaced = key.replace(" ", "_")
    return [n for n in zone_names() if spaced in n.lower()][:limit]


def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)
