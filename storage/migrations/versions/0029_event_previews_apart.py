"""event previews kept apart from events

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-07 23:40:00

An organizer's preview ("I read the time as…") was a row of `events` with status "draft",
so every preview nobody confirmed took an event number and the next published event
skipped one. Previews now live in `event_drafts` (the would-be event as JSON) and an
event takes its number when it is published.

Previews open at upgrade move over under their own ids, so their Confirm and Cancel
buttons keep working; new previews are numbered after every event id ever given, so an
old preview's button can never name someone else's new preview. A downgrade drops the
previews (they live a day at most) and leaves `events` as it was.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op
from sqlalchemy.engine import Connection

import storage.types

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

_MOMENTS = ("starts_at", "ends_at", "created_at", "updated_at")
_FLAGS = ("all_day",)
_NOT_FIELDS = ("id", "draft_of")


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        "event_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_of", sa.Integer(), nullable=True),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("event_drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_drafts_draft_of"), ["draft_of"], unique=False)

    highest = _highest_event_id(bind)
    drafts = bind.execute(sa.text("SELECT * FROM events WHERE status = 'draft'")).mappings()
    for row in list(drafts):
        bind.execute(
            sa.text(
                "INSERT INTO event_drafts (id, draft_of, fields, created_by, updated_at) "
                "VALUES (:id, :draft_of, :fields, :created_by, :updated_at)"
            ),
            {
                "id": row["id"],
                "draft_of": row["draft_of"],
                "fields": json.dumps(_fields(row)),
                "created_by": row["created_by"],
                "updated_at": _moment(row["updated_at"]),
            },
        )
    bind.execute(sa.text("DELETE FROM events WHERE status = 'draft'"))
    _number_after(bind, "event_drafts", highest)

    with op.batch_alter_table(
        "events", schema=None, table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.drop_column("draft_of")
    _keep_counter(bind, highest)


def downgrade() -> None:
    bind = op.get_bind()
    highest = _highest_event_id(bind)
    with op.batch_alter_table(
        "events", schema=None, table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.add_column(sa.Column("draft_of", sa.Integer(), nullable=True))
    _keep_counter(bind, highest)
    with op.batch_alter_table("event_drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_drafts_draft_of"))
    op.drop_table("event_drafts")


def _fields(row: Any) -> dict[str, Any]:
    """An events row as the JSON storage/events.py's drafted() reads back."""
    fields = {k: v for k, v in row.items() if k not in _NOT_FIELDS}
    for name in _MOMENTS:
        fields[name] = _moment(fields[name]).isoformat()
    for name in _FLAGS:
        fields[name] = bool(fields[name])
    fields["status"] = "scheduled"  # what Confirm publishes it as
    return fields


def _moment(value: datetime | str) -> datetime:
    """SQLite hands back naive UTC text, PostgreSQL an aware datetime."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _highest_event_id(bind: Connection) -> int:
    """The highest event id ever given (SQLite's counter outlives deleted rows)."""
    found = [bind.execute(sa.text("SELECT max(id) FROM events")).scalar()]
    if bind.dialect.name == "sqlite":
        found.append(
            bind.execute(sa.text("SELECT seq FROM sqlite_sequence WHERE name = 'events'")).scalar()
        )
    else:
        sequence = bind.execute(sa.text("SELECT pg_get_serial_sequence('events', 'id')")).scalar()
        found.append(
            bind.execute(
                sa.text(f"SELECT CASE WHEN is_called THEN last_value END FROM {sequence}")
            ).scalar()
        )
    return max((int(n) for n in found if n is not None), default=0)


def _keep_counter(bind: Connection, highest: int) -> None:
    """SQLite rebuilt `events`: its counter must not fall back below an id once given
    (PostgreSQL's sequence is untouched by a column change)."""
    if bind.dialect.name == "sqlite":
        _number_after(bind, "events", highest)


def _number_after(bind: Connection, table: str, highest: int) -> None:
    """The next id `table` gives is above `highest` (and above its own rows)."""
    own = bind.execute(sa.text(f"SELECT max(id) FROM {table}")).scalar() or 0
    highest = max(highest, int(own))
    if bind.dialect.name == "sqlite":
        bind.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = :t"), {"t": table})
        bind.execute(
            sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES (:t, :n)"),
            {"t": table, "n": highest},
        )
    elif highest > 0:
        bind.execute(
            sa.text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :n)"),
            {"t": table, "n": highest},
        )
