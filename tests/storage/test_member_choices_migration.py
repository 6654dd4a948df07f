"""Migration 0019: linked accounts' copied choices become one row per person, on both
databases, from a database at 0018 holding rows as linking used to leave them; and back."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Boolean, Column, Integer, MetaData, String, Table, insert, select

from storage import members, migrate
from storage.identity import Account
from storage.models.members import ZONE_CHOSEN, ZONE_PROFILE, Member
from storage.models.people import MemberLink
from storage.types import UTCDateTime
from tests.storage.migration_helpers import at_revision, downgrade

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
EARLIER = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


# The members table as it was at 0018: the model has grown columns since (the digest's), so
# rows at 0018 are written and read through this, not through the model.
MEMBERS_0018 = Table(
    "members",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("platform", String(16)),
    Column("user_id", String(64)),
    Column("display_name", String(200)),
    Column("timezone", String(64)),
    Column("timezone_source", String(16)),
    Column("timezone_fetched_at", UTCDateTime(timezone=True)),
    Column("journey_optout", Boolean),
    Column("created_at", UTCDateTime(timezone=True)),
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
        "timezone_fetched_at": None,
        "journey_optout": kw.pop("journey_optout", False),
        "created_at": kw.pop("created_at", NOW),
    }


def _link(person: str, platform: str, user_id: str) -> MemberLink:
    return MemberLink(
        person_key=person,
        platform=platform,
        user_id=user_id,
        receives_dms=f"{platform}:{user_id}" == person,
        linked_at=NOW,
    )


async def test_each_person_keeps_one_row_of_choices(database_url: str, tmp_path: Path) -> None:
    db, _ = await at_revision(database_url, tmp_path, "0018")
    try:
        async with db.session() as session:
            rows_0018 = [
                # Linked as 0018 left them: the zone copied, one account opted out.
                _member("slack", "U1", "America/Denver", ZONE_CHOSEN),
                _member("discord", "D1", "America/Denver", ZONE_CHOSEN, journey_optout=True),
                _link("slack:U1", "slack", "U1"),
                _link("slack:U1", "discord", "D1"),
                # The person's first account has no row: the other's becomes theirs.
                _member("slack", "U2", "America/Chicago", ZONE_PROFILE, created_at=EARLIER),
                _link("discord:D2", "discord", "D2"),
                _link("discord:D2", "slack", "U2"),
                # Both have a zone: the first account's stays.
                _member("slack", "U4", "Europe/Paris", ZONE_CHOSEN),
                _member("discord", "D4", "Asia/Tokyo", ZONE_PROFILE),
                _link("slack:U4", "slack", "U4"),
                _link("slack:U4", "discord", "D4"),
                # Never linked: untouched.
                _member("slack", "U3", "Africa/Lagos", ZONE_CHOSEN, journey_optout=True),
            ]
            members_0018 = [row for row in rows_0018 if isinstance(row, dict)]
            await session.execute(insert(MEMBERS_0018), members_0018)
            session.add_all([row for row in rows_0018 if isinstance(row, MemberLink)])

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

        await downgrade(db, "0018")
        async with db.read() as session:
            old = (await session.execute(select(MEMBERS_0018))).all()
            copied = {(r.platform, r.user_id): (r.timezone, r.journey_optout) for r in old}
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
