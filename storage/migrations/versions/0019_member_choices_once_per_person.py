"""members: a linked person's time zone and journey choice kept once, on their first account

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 15:50:00

Until now linking copied the zone and the journey opt-out onto every linked account. From
here a person's choices live in one `members` row, the row of the account that names them
(`member_links.person_key`). This folds each linked account's row into its person's: the
person's zone if they had one, else a linked account's; opted out if any account was; the
linked accounts' own rows go. Downgrading copies the choices back onto every linked account.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

members = sa.table(
    "members",
    sa.column("id", sa.Integer()),
    sa.column("platform", sa.String()),
    sa.column("user_id", sa.String()),
    sa.column("display_name", sa.String()),
    sa.column("timezone", sa.String()),
    sa.column("timezone_source", sa.String()),
    sa.column("timezone_fetched_at", storage.types.UTCDateTime()),
    sa.column("journey_optout", sa.Boolean()),
    sa.column("created_at", storage.types.UTCDateTime()),
)
links = sa.table(
    "member_links",
    sa.column("person_key", sa.String()),
    sa.column("platform", sa.String()),
    sa.column("user_id", sa.String()),
)
ZONE = ("timezone", "timezone_source", "timezone_fetched_at")
CHOICES = (*ZONE, "journey_optout")


def _people(connection: Any) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Each person's first account -> their other linked accounts."""
    found: dict[tuple[str, str], list[tuple[str, str]]] = {}
    statement = sa.select(links.c.person_key, links.c.platform, links.c.user_id).order_by(
        links.c.person_key
    )
    for person_key, platform, user_id in connection.execute(statement):
        person_platform, _, person_user = person_key.partition(":")
        home = (person_platform, person_user)
        others = found.setdefault(home, [])
        if (platform, user_id) != home:
            others.append((platform, user_id))
    return found


def _row(connection: Any, account: tuple[str, str]) -> dict[str, Any] | None:
    statement = sa.select(members).where(
        members.c.platform == account[0], members.c.user_id == account[1]
    )
    found = connection.execute(statement).mappings().first()
    return dict(found) if found else None


def _where(account: tuple[str, str]) -> Any:
    return sa.and_(members.c.platform == account[0], members.c.user_id == account[1])


def upgrade() -> None:
    connection = op.get_bind()
    for home, others in _people(connection).items():
        rows = [r for r in (_row(connection, a) for a in others) if r is not None]
        if not rows:
            continue
        mine = _row(connection, home)
        values: dict[str, Any] = {
            "journey_optout": any(r["journey_optout"] for r in [mine or {}, *rows] if r)
        }
        if not (mine and mine["timezone"]):
            zoned = next((r for r in rows if r["timezone"]), None)
            if zoned is not None:
                values |= {name: zoned[name] for name in ZONE}
        if mine is None:
            first = rows[0]
            connection.execute(
                sa.insert(members).values(
                    platform=home[0],
                    user_id=home[1],
                    display_name=first["display_name"],
                    created_at=min(r["created_at"] for r in rows),
                    **(dict.fromkeys(ZONE) | values),
                )
            )
        else:
            connection.execute(sa.update(members).where(_where(home)).values(**values))
        for account in others:
            connection.execute(sa.delete(members).where(_where(account)))


def downgrade() -> None:
    connection = op.get_bind()
    for home, others in _people(connection).items():
        mine = _row(connection, home)
        if mine is None:
            continue
        shared = {name: mine[name] for name in CHOICES}
        for account in others:
            if _row(connection, account) is None:
                connection.execute(
                    sa.insert(members).values(
                        platform=account[0],
                        user_id=account[1],
                        display_name="",
                        created_at=mine["created_at"],
                        **shared,
                    )
                )
            else:
                connection.execute(sa.update(members).where(_where(account)).values(**shared))
