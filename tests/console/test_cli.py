"""The collab-bot command as a newcomer meets it, run as a real subprocess."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def collab_bot(
    *args: str, cwd: Path, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    environment.pop("COLLAB_BOT_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli.main", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
        check=False,
    )


def test_help_as_json_prints_exactly_one_reply(tmp_path: Path) -> None:
    result = collab_bot("console", "--json", cwd=tmp_path, stdin="/help\n")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    reply = json.loads(lines[0])
    assert "/help" in reply["text"] and reply["private"] is True
    assert (tmp_path / "collab-bot.db").exists()


def test_piped_plain_text_session_with_a_bare_number(tmp_path: Path) -> None:
    result = collab_bot("console", cwd=tmp_path, stdin="/help\n/hepl\n7\nhello\n")
    assert result.returncode == 0, result.stderr
    assert "Did you mean /help?" in result.stdout
    assert "There is no button 7" in result.stdout
    assert "Commands start with a slash" in result.stdout


def test_version_and_db_upgrade(tmp_path: Path) -> None:
    assert collab_bot("--version", cwd=tmp_path).stdout.startswith("collab-bot ")
    config = tmp_path / "bot.toml"
    config.write_text('[database]\npath = "data.db"\n')
    result = collab_bot("db", "upgrade", "--config", str(config), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Database is at" in result.stdout and (tmp_path / "data.db").exists()


def test_bad_config_is_reported_with_file_and_key(tmp_path: Path) -> None:
    config = tmp_path / "bot.toml"
    config.write_text('[scheduler]\npoll_seconds = "often"\n')
    result = collab_bot("console", "--config", str(config), cwd=tmp_path, stdin="/help\n")
    assert result.returncode == 2
    assert f"{config}: scheduler.poll_seconds" in result.stderr


def test_run_without_any_platform_says_what_to_enable(tmp_path: Path) -> None:
    result = collab_bot("run", cwd=tmp_path)
    assert result.returncode == 2 and "No platform is enabled" in result.stderr


@pytest.mark.parametrize("clock", ["yesterday", "2026-01-05T09:00"])
def test_bad_demo_clock_is_explained(tmp_path: Path, clock: str) -> None:
    result = collab_bot("console", "--clock", clock, cwd=tmp_path, stdin="/help\n")
    assert result.returncode == 2 and "--clock" in result.stderr


FIRST_DAY = "--clock", "2026-01-05T09:00-06:00"


def test_the_first_day_walk_in_readme_reads_cleanly(tmp_path: Path) -> None:
    """README's demo walk: a member, a voter and an organizer, one after another."""
    ana = collab_bot(
        "console",
        "--user",
        "ana",
        *FIRST_DAY,
        cwd=tmp_path,
        stdin='/help\n/resources housing\n/timezone "Portland, OR"\n'
        "/suggest Lead pipes in schools anonymous\n/topics mine\n",
    )
    assert "/timezone" in ana.stdout.split("More commands")[0]  # on page 1 of /help
    assert "Your time zone is now America/Los_Angeles, for Portland" in ana.stdout
    assert "#6 Lead pipes in schools is posted. Members won't see your name" in ana.stdout
    assert "[1] Withdraw  [2] Edit" in ana.stdout
    bo = collab_bot(
        "console", "--user", "bo", *FIRST_DAY, cwd=tmp_path, stdin="/topics show 6\n1\n"
    )
    assert "You voted for #6 Lead pipes in schools" in bo.stdout
    olga = collab_bot(
        "console",
        "--user",
        "olga",
        "--organizer",
        *FIRST_DAY,
        cwd=tmp_path,
        stdin="/topics plan 6 1 The February webinar\n1\n/clock advance 5m\n/events failed\n",
    )
    assert "Plan #6 Lead pipes in schools? This messages 2 people" in olga.stdout
    assert (
        "[DM ana · Mon Jan 5 9:02 AM CST] Update on #6 Lead pipes in schools: it is planned: "
        "Monthly Health Equity "
        "Webinar, Tue, Feb 17 2026, 11:00 AM – 12:00 PM PST (America/Los_Angeles)"
    ) in olga.stdout
    assert "[1] Going  [2] Stop following" in olga.stdout
    assert "No failed deliveries" in olga.stdout
    for run in (ana, bo, olga):
        assert run.returncode == 0 and "ERROR" not in run.stderr + run.stdout, run.stderr
