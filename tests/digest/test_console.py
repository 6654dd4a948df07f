"""/settings and /digest in the console: numbered buttons and forms asked field by field."""

from __future__ import annotations

import tempfile
from pathlib import Path

from adapters.console.session import ConsoleSession
from tests.harness import TestBot


def session_for(bot: TestBot, out: list[str], answers: list[str]) -> ConsoleSession:
    async def ask(prompt: str) -> str | None:
        out.append(prompt)
        return answers.pop(0) if answers else None

    return ConsoleSession(
        bot.runtime,
        bot.actor("ana"),
        write=out.append,
        ask=ask,
        files=Path(tempfile.mkdtemp(prefix="console-files-")),
    )


def number_of(text: str, label: str) -> str:
    """The number the console printed before a button label: ``[3] Monthly`` -> ``3``."""
    for part in text.split("["):
        number, _, rest = part.partition("] ")
        if rest.startswith(label):
            return number
    raise AssertionError(f"no button {label!r} in {text}")


async def test_settings_and_the_digest_form_in_the_console(bot: TestBot) -> None:
    out: list[str] = []
    answers: list[str] = []
    session = session_for(bot, out, answers)
    await session.handle_line("/settings")
    panel = out[-1]
    for title in ("Time zone", "Reminder times", "Learning journey", "Digest"):
        assert title in panel
    await session.handle_line(number_of(panel, "Monthly"))
    assert "monthly, on the first Monday of the month at 09:00" in out[-1]
    await session.handle_line("/digest")
    answers += ["weekly", "Funday", "7:45", "Thursday"]  # Funday is asked again
    await session.handle_line(number_of(out[-1], "Change day and time"))
    assert "weekly, on Thursdays at 07:45" in out[-1], out
    assert any("'Funday' is not a day of the week" in line for line in out)
    await session.handle_line("/digest fortnightly")
    assert out[-1].startswith("'fortnightly' is not a digest I send.")
