"""What a newcomer meets first: help texts, the invite URL without arguments, and `./run test`
not sharing its PostgreSQL database with another checkout."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import typer

from adapters.cli.discord import application_id_from_token
from adapters.cli.main import app

ROOT = Path(__file__).resolve().parents[2]


def test_every_group_explains_itself() -> None:
    command = typer.main.get_command(app)
    groups = getattr(command, "commands", {})
    for name, group in groups.items():
        text = (group.help or "").strip()
        assert len(text) >= 20 and text[0].isupper(), (name, text)
        assert text != "journey tools."


def _invite(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli.main", "discord", "invite-url"],
        cwd=cwd,
        env={**clean, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_invite_url_works_bare(tmp_path: Path) -> None:
    application = "123456789012345678"
    token = base64.b64encode(application.encode()).decode().rstrip("=") + ".GhIjKl.secretpart"
    assert application_id_from_token(token) == int(application)
    assert application_id_from_token("not a token") is None
    found = _invite({"DISCORD_TOKEN": token}, tmp_path)
    assert found.returncode == 0 and f"client_id={application}" in found.stdout
    asked = _invite({}, tmp_path)
    assert asked.returncode == 2 and "Application ID" in asked.stderr
    assert "Missing argument" not in asked.stderr and "Traceback" not in asked.stderr


def test_run_test_uses_a_database_of_its_own_and_drops_it() -> None:
    script = (ROOT / "run").read_text()
    assert "collab_bot_test_$$_$RANDOM" in script
    assert 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' in script
    ci = (ROOT / ".ci" / "run").read_text()
    assert "export COLLAB_BOT_TEST_DATABASE_URL" not in ci  # CI gets a per-run name too
