"""Secrets that are set but unusable stop `collab-bot run` with what to do, and fail doctor:
a short insights key (guessable offline from one dashboard link), an all-digit calendar
secret (its feed would be taken for an event number and answer 404), a malformed one (the
feed silently ignored it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.doctor.local import secrets
from bot.config import Secrets
from bot.features.events import feed
from tests.console.test_cli import collab_bot

GOOD_KEY = "k" * 32
GOOD_SECRET = "feed-secret-1234abcd"


@pytest.mark.parametrize(
    ("env", "said"),
    [
        ({"COLLAB_BOT_INSIGHTS_KEY": "dashboard-test-key"}, "needs at least 32"),
        ({"COLLAB_BOT_CALENDAR_SECRET": "1234567890123456"}, "all digits"),
        ({"COLLAB_BOT_CALENDAR_SECRET": "short"}, "16 to 128 letters"),
        ({"COLLAB_BOT_CALENDAR_SECRET": f"{GOOD_SECRET},has space in it x"}, "secret 2"),
    ],
)
def test_run_refuses_an_unusable_secret(tmp_path: Path, env: dict[str, str], said: str) -> None:
    result = collab_bot("run", cwd=tmp_path, env=env)
    assert result.returncode == 2
    assert "Cannot start" in result.stderr and said in result.stderr
    for value in env.values():
        for part in value.split(","):
            assert part not in result.stderr, "the secret itself is never printed"


def test_doctor_checks_the_secrets_it_is_given() -> None:
    assert secrets(Secrets()) == []
    [ok] = secrets(Secrets(insights_key=GOOD_KEY, calendar_secret=GOOD_SECRET))
    assert ok.ok and ok.detail == "calendar secret, insights key"
    bad = secrets(Secrets(insights_key="x" * 31, calendar_secret="9" * 20))
    assert [c.ok for c in bad] == [False, False]
    assert "all digits" in bad[0].detail and "31 characters" in bad[1].detail


def test_a_good_secret_passes_and_is_served() -> None:
    assert feed.secret_problems(f"{GOOD_SECRET}, older-secret-abcdefgh") == []
    assert feed.secrets({feed.ENV: GOOD_SECRET}) == [GOOD_SECRET]
