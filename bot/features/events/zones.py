"""Time zones people type: tz names, city names, and the US abbreviations events use.

CST/CDT/CT/Central all mean America/Chicago *local time* (whichever of CST or CDT is in
force that day), because that is what organizers mean by "1pm CST" in July too.
"""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from rapidfuzz import fuzz, process

from bot.errors import BadInput

ABBREVIATIONS = {
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "ct": "America/Chicago",
    "central": "America/Chicago",
    "est": "America/New_York",
    "edt": "America/New_York",
    "et": "America/New_York",
    "eastern": "America/New_York",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "mt": "America/Denver",
    "mountain": "America/Denver",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pt": "America/Los_Angeles",
    "pacific": "America/Los_Angeles",
    "akst": "America/Anchorage",
    "hst": "Pacific/Honolulu",
    "utc": "UTC",
    "gmt": "UTC",
    "z": "UTC",
}


@cache
def zone_names() -> tuple[str, ...]:
    """Canonical-looking zone names (Region/City), plus UTC."""
    names = {n for n in available_timezones() if "/" in n and not n.startswith(("Etc/", "SystemV"))}
    return tuple(sorted(names | {"UTC"}))


@cache
def _by_city() -> dict[str, str]:
    """'new york' -> America/New_York; the last part of each name, underscores as spaces."""
    out: dict[str, str] = {}
    for name in zone_names():
        city = name.rsplit("/", 1)[-1].replace("_", " ").lower()
        out.setdefault(city, name)
    return out


@cache
def _by_lower() -> dict[str, str]:
    return {name.lower(): name for name in zone_names()}


def lookup(text: str) -> str | None:
    """The zone `text` names exactly (any case, city or abbreviation), else None."""
    key = " ".join(text.strip().lower().replace("_", " ").split())
    if not key:
        return None
    if key in ABBREVIATIONS:
        return ABBREVIATIONS[key]
    exact = _by_lower().get(key.replace(" ", "_"))
    if exact:
        return exact
    return _by_city().get(key)


def close_matches(text: str, limit: int = 5) -> list[str]:
    """Zone names close to `text` by name or by city, best first."""
    key = text.strip().lower()[:64]
    if not key:
        return []
    by_name = process.extract(key, list(_by_lower()), scorer=fuzz.WRatio, limit=limit)
    by_city = process.extract(key, list(_by_city()), scorer=fuzz.WRatio, limit=limit)
    scored: dict[str, float] = {}
    for match, score, _ in by_name:
        name = _by_lower()[match]
        scored[name] = max(scored.get(name, 0.0), float(score))
    for match, score, _ in by_city:
        name = _by_city()[match]
        scored[name] = max(scored.get(name, 0.0), float(score) + 1)
    ranked = sorted(scored, key=lambda n: (-scored[n], n))
    return [n for n in ranked if scored[n] >= 60][:limit]


def resolve(text: str) -> str:
    """A valid tz name for `text`, or BadInput listing close matches."""
    found = lookup(text)
    if found:
        return found
    shown = text.strip()[:40] or "that"
    close = close_matches(text)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise BadInput(
        f"I don't know the time zone {shown!r}.{hint} "
        "Use a tz database name like America/Chicago, or a city like Chicago."
    )


def complete(prefix: str, limit: int = 25) -> list[str]:
    key = prefix.strip().lower()
    if not key:
        return ["America/Chicago", "America/New_York", "America/Denver", "America/Los_Angeles"]
    starts = [n for n in zone_names() if key in n.lower() or key in n.lower().replace("_", " ")]
    return (starts or close_matches(key, limit))[:limit]


def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)
