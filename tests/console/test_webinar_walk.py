"""README's second demo walk, as a newcomer types it: an organizer prepares next month's
webinar, a member on her first day searches, shares and asks for reminders, and the
organizer sees the reminder go out and cancels with a reason. Real subprocesses."""

import re
from pathlib import Path
from subprocess import CompletedProcess

from tests.console.test_cli import collab_bot

MARCH = "--clock", "2026-03-02T09:00-06:00"


def _dm(user: str, words: str) -> re.Pattern[str]:
    """A DM line to `user`, whatever else the console prints in its brackets."""
    return re.compile(rf"^\[DM {user}\b[^\]]*\] {re.escape(words)}", re.MULTILINE)


def _demo(tmp_path: Path, user: str, stdin: str, *options: str) -> CompletedProcess[str]:
    """`./run demo --user <user> [options] --clock <March 2>` with `stdin` typed at it."""
    return collab_bot("console", "--user", user, *options, *MARCH, cwd=tmp_path, stdin=stdin)


def test_the_webinar_walk_in_readme_reads_cleanly(tmp_path: Path) -> None:
    olu = _demo(
        tmp_path,
        "olu",
        "/events add Medicaid webinar March 19 1pm CST length:2 hours\n1\n",
        "--organizer",
    )
    assert (
        "I read the time as Thu, Mar 19 2026, 1:00 PM – 3:00 PM CDT (America/Chicago). "
        "Chicago is on daylight time then (CDT): I read CST as Chicago's clock that day. "
        "Confirm to publish this event."
    ) in olu.stdout
    assert "Published Medicaid webinar." in olu.stdout and "(Event #7)" in olu.stdout
    assert "New webinar: Medicaid webinar" in olu.stdout

    eve = _demo(
        tmp_path, "eve", "/resources housing first\n1\n/resources 17\n/events\n1\n/events\n"
    )
    assert "No item has all of those words; these have some of them." in eve.stdout
    assert "Shared by eve" in eve.stdout
    assert "== Workshop recording: Mobilization of community" in eve.stdout  # #17
    # The first card's first button is Going; the card then says what she chose.
    assert "1 day and 1 hour before" in eve.stdout and "(Event #7 · " in eve.stdout
    assert "Stop reminding me" in eve.stdout

    olu_again = _demo(
        tmp_path,
        "olu",
        "/clock set March 18 1pm\n/events cancel 7 Speaker is ill; we will reschedule\n"
        "1\n/events failed\n",
        "--organizer",
    )
    out = olu_again.stdout
    assert _dm("eve", "Reminder: Medicaid webinar starts in 1 day.").search(out), out
    assert "Cancelled Medicaid webinar: " in out and "1 member told." in out
    said = "Cancelled: Medicaid webinar will not take place. Reason: Speaker is ill; we will"
    assert _dm("eve", said).search(out), out
    assert "No failed deliveries" in out
    for run in (olu, eve, olu_again):
        assert run.returncode == 0 and "ERROR" not in run.stderr + run.stdout, run.stderr
        assert "Traceback" not in run.stderr + run.stdout
