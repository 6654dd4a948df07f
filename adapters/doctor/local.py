"""Checks that need no platform: the database, secrets' shape, the public health endpoint."""

from __future__ import annotations

import os

import aiohttp

from adapters import secret_checks
from adapters.doctor.report import Check, failed, passed
from bot.config import Secrets, Settings
from storage import migrate
from storage.engine import Database


async def database(settings: Settings) -> list[Check]:
    url = settings.database.resolved_url(os.environ)
    db = Database(url)
    where = f"{db.dialect} database"
    try:
        if not await db.ping():
            return [
                failed(
                    "Database reachable",
                    f"cannot connect to the {where}",
                    "check [database] url / COLLAB_BOT_DATABASE_URL, the password in "
                    "COLLAB_BOT_DATABASE_PASSWORD, and that the server is up",
                )
            ]
        checks = [passed("Database reachable", where)]
        current = set(await migrate.current(db))
        heads = set(migrate.head_revisions())
        if current == heads:
            checks.append(passed("Database migrated", ", ".join(sorted(heads))))
        elif db.is_sqlite:
            checks.append(passed("Database migrated", "SQLite is migrated when the bot starts"))
        else:
            checks.append(
                failed(
                    "Database migrated",
                    f"at {', '.join(sorted(current)) or 'nothing'}, code needs "
                    f"{', '.join(sorted(heads))}",
                    "run `collab-bot db upgrade`",
                )
            )
        return checks
    finally:
        await db.close()


def secrets(found: Secrets) -> list[Check]:
    """The calendar secret and the insights key, when set: usable, or what to do."""
    problems = secret_checks.problems(found)
    if problems:
        return [failed("Secrets usable", p, "set it again as the line says") for p in problems]
    named = [
        n
        for n, v in (
            ("calendar secret", found.calendar_secret),
            ("insights key", found.insights_key),
        )
        if v
    ]
    return [passed("Secrets usable", ", ".join(named))] if named else []


async def public_url(settings: Settings) -> list[Check]:
    if not settings.http.public_url:
        return []
    url = settings.http.public_url.rstrip("/") + "/healthz"
    name = f"{url} answers"
    try:
        timeout = aiohttp.ClientTimeout(total=10)
        async with aiohttp.ClientSession(timeout=timeout) as session, session.get(url) as reply:
            status = reply.status
    except (aiohttp.ClientError, TimeoutError) as error:
        return [
            failed(
                name,
                f"no answer ({type(error).__name__})",
                "start `collab-bot run` with [http] enabled = true, and route public_url to it",
            )
        ]
    if status != 200:
        return [
            failed(
                name,
                f"HTTP {status}",
                "503 means the database, the scheduler or an adapter is down: see the bot's "
                "logs; 404 means public_url does not reach collab-bot",
            )
        ]
    return [passed(name, "200")]
