"""Migration 0019: linked accounts' copied choices become one row per person, on both
databases, from a database at 0018 holding rows as linking used to leave them; and back."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import Boolean, column, insert, select, table, text

from storage import members, migrate
from storage.engine import Database
from storage.identity import Account
from storage.models.members import ZONE_CHOSEN, ZONE_PROFILE, Member
from storage.models.people import MemberLink
from storage.types import UTCDateTime

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
EARLIER = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


# The members table as 0018 had it: the model has grown columns since (a language, ...).
AT_0018 = table(
    "members",
    column("platform"),
    column("user_id"),
    column("display_name"),
    column("timezone"),
    column("timezone_source"),
    column("journey_optout", Boolean()),
    column("created_at", UTCDateTime()),
)


def _member(
    platform: str, user_id: str, zone: str | None, source: str | None, **kw: object
) -> dict[str, object]:
    return {
        "platform": platform,
        "user_id": user_id,
        "display_name": f"{platform} {user_id}",
        "timezone": zone,
        "timezone_source": source,
        "journey_optout": kw.get("journey_optout", False),
        "created_at": kw.get("created_at", NOW),
    }


def _link(person: str, platform: str, user_id: str) -> MemberLink:
    return MemberLink(
        person_key=person,
        platform=platform,
        user_id=user_id,
        receives_dms=f"{platform}:{user_id}" == person,
        linked_at=NOW,
    )


async def _downgrade(db: Database, revision: str) -> None:
    def run(connection: Any) -> None:
        config = migrate.alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, revision)

    async with db.engine.begin() as connection:
        await connection.run_sync(run)


async def _at_0018(database_url: str, tmp_path: Path) -> Database:
    if database_url.startswith("sqlite"):
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'at-0018.db'}")
    else:
        db = Database(database_url)
        async with db.engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    await migrate.upgrade(db, "0018")
    return db


async def test_each_person_keeps_one_row_of_choices(database_url: str, tmp_path: Path) -> None:
    db = await _at_0018(database_url, tmp_path)
    try:
        async with db.session() as session:
            await session.execute(
                insert(AT_0018),
                [
                    # Linked as 0018 left them: the zone copied, one account opted out.
                    _member("slack", "U1", "America/Denver", ZONE_CHOSEN),
                    _member("discord", "D1", "America/Denver", ZONE_CHOSEN, journey_optout=True),
                    # The person's first account has no row: the other's becomes theirs.
                    _member("slack", "U2", "America/Chicago", ZONE_PROFILE, created_at=EARLIER),
                    # Both have a zone: the first account's stays.
                    _member("slack", "U4", "Europe/Paris", ZONE_CHOSEN),
                    _member("discord", "D4", "Asia/Tokyo", ZONE_PROFILE),
                    # Never linked: untouched.
                    _member("slack", "U3", "Africa/Lagos", ZONE_CHOSEN, journey_optout=True),
                ],
            )
            session.add_all(
                [
                    _link("slack:U1", "slack", "U1"),
                    _link("slack:U1", "discord", "D1"),
                    _link("discord:D2", "discord", "D2"),
                    _link("discord:D2", "slack", "U2"),
                    _link("slack:U4", "slack", "U4"),
                    _link("slack:U4", "discord", "D4"),
                ]
            )

        await migrate.upgrade(db)

        async with db.read() as session:
            rows = (await session.execute(select(Member).order_by(Member.user_id))).scalars()  # type: ignore[arg-type]
            found = {
                (r.platform, r.user_id): (r.timezone, r.timezone_source, r.journey_optout)
                for r in rows
            }
            created = (
                await session.execute(
                    select(Member.created_at).where(Member.user_id == "D2")  # type: ignore[arg-type]
                )
            ).scalar_one()
            seen = {
                user: (
                    await members.zone(session, Account(platform, user)),
                    await members.is_opted_out(session, Account(platform, user)),
                )
                for platform, user in (("slack", "U1"), ("discord", "D1"), ("slack", "U2"))
            }
        assert found == {
            ("slack", "U1"): ("America/Denver", ZONE_CHOSEN, True),
            ("discord", "D2"): ("America/Chicago", ZONE_PROFILE, False),
            ("slack", "U4"): ("Europe/Paris", ZONE_CHOSEN, False),
            ("slack", "U3"): ("Africa/Lagos", ZONE_CHOSEN, True),
        }
        assert created == EARLIER
        assert seen == {
            "U1": ("America/Denver", True),
            "D1": ("America/Denver", True),
            "U2": ("America/Chicago", False),
        }
        await migrate.check(db)

        await _downgrade(db, "0018")
        async with db.read() as session:
            rows = await session.execute(
                select(
                    AT_0018.c.platform,
                    AT_0018.c.user_id,
                    AT_0018.c.timezone,
                    AT_0018.c.journey_optout,
                )
            )
            copied = {(p, u): (zone, bool(out)) for p, u, zone, out in rows}
        assert copied == {
            ("slack", "U1"): ("America/Denver", True),
            ("discord", "D1"): ("America/Denver", True),
            ("discord", "D2"): ("America/Chicago", False),
            ("slack", "U2"): ("America/Chicago", False),
            ("slack", "U4"): ("Europe/Paris", False),
            ("discord", "D4"): ("Europe/Paris", False),
            ("slack", "U3"): ("Africa/Lagos", True),
        }
    finally:
        if not database_url.startswith("sqlite"):
            await migrate.upgrade(db)  # the shared PostgreSQL database stays at head
        await db.close()
