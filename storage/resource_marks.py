"""Queries on what members keep and say about resources: saved items and usefulness marks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.dialect import insert
from storage.models.resources import Resource
from storage.models.sharing import Save, Usefulness


async def toggle_save(
    session: AsyncSession, resource_id: int, member_key: str, now: datetime
) -> bool:
    """Save the resource on the member's list, or take it off if it was there: True = saved."""
    removed = await session.execute(
        delete(Save)
        .where(col(Save.resource_id) == resource_id, col(Save.member_key) == member_key)
        .returning(col(Save.id))
    )
    if removed.first() is not None:
        return False
    await session.execute(
        insert(session)(Save)
        .values(resource_id=resource_id, member_key=member_key, created_at=now)
        .on_conflict_do_nothing(index_elements=["resource_id", "member_key"])
    )
    return True


async def saved(
    session: AsyncSession, member_key: str, limit: int = 20
) -> tuple[list[Resource], int]:
    """The member's saved resources, latest saved first, and how many there are."""
    found = await session.execute(
        select(Resource)
        .join(Save, col(Save.resource_id) == col(Resource.id))
        .where(col(Save.member_key) == member_key)
        .order_by(col(Save.created_at).desc(), col(Save.id).desc())
        .limit(limit)
    )
    total = await session.execute(
        select(func.count()).select_from(Save).where(col(Save.member_key) == member_key)
    )
    return list(found.scalars()), int(total.scalar_one())


async def mark(
    session: AsyncSession, resource_id: int, member_key: str, *, useful: bool, now: datetime
) -> None:
    """Record the member's answer; a second answer replaces the first."""
    await session.execute(
        insert(session)(Usefulness)
        .values(resource_id=resource_id, member_key=member_key, useful=useful, marked_at=now)
        .on_conflict_do_update(
            index_elements=["resource_id", "member_key"],
            set_={"useful": useful, "marked_at": now},
        )
    )


async def usefulness(session: AsyncSession, resource_id: int) -> tuple[int, int]:
    """(yes, no) answers about one resource."""
    found = await session.execute(
        select(
            func.coalesce(func.sum(case((col(Usefulness.useful), 1), else_=0)), 0),
            func.coalesce(func.sum(case((col(Usefulness.useful), 0), else_=1)), 0),
        ).where(col(Usefulness.resource_id) == resource_id)
    )
    yes, no = found.one()
    return int(yes), int(no)


async def most_saved(session: AsyncSession, limit: int = 5) -> list[tuple[int, str, int]]:
    """(id, title, saves) of the most saved resources."""
    n = func.count(col(Save.id))
    found = await session.execute(
        select(col(Resource.id), col(Resource.title), n)
        .join(Save, col(Save.resource_id) == col(Resource.id))
        .group_by(col(Resource.id), col(Resource.title))
        .order_by(n.desc(), col(Resource.id))
        .limit(limit)
    )
    return [(int(i or 0), str(t), int(c)) for i, t, c in found.all()]


async def most_marked(
    session: AsyncSession, *, useful: bool, limit: int = 5
) -> list[tuple[int, str, int]]:
    """(id, title, answers) of the resources most often marked useful (or not useful)."""
    n = func.count(col(Usefulness.id))
    found = await session.execute(
        select(col(Resource.id), col(Resource.title), n)
        .join(Usefulness, col(Usefulness.resource_id) == col(Resource.id))
        .where(col(Usefulness.useful).is_(useful))
        .group_by(col(Resource.id), col(Resource.title))
        .order_by(n.desc(), col(Resource.id))
        .limit(limit)
    )
    return [(int(i or 0), str(t), int(c)) for i, t, c in found.all()]
