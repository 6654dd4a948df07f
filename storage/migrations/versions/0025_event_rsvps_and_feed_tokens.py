"""event RSVPs (Going, Maybe, Can't make it) and personal calendar feed tokens

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07 23:45:00.000000

Members answer an event instead of only asking for reminders. Every existing reminder
subscription becomes a Going answer for the whole event (every session of a series), so
nobody's reminders change.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_rsvps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("session", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("answer", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("answered_on", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("display_name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "platform", "user_id", "session", name="uq_event_rsvps"),
    )
    with op.batch_alter_table("event_rsvps", schema=None) as batch_op:
        batch_op.create_index("ix_event_rsvps_person", ["platform", "user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_rsvps_event_id"), ["event_id"], unique=False)

    op.create_table(
        "event_feed_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("token", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform", "user_id", name="uq_event_feed_tokens_person"),
        sa.UniqueConstraint("token"),
    )

    # Today's reminder subscribers are Going, to every session.
    op.execute(
        "INSERT INTO event_rsvps (event_id, platform, user_id, session, answer, answered_on, "
        "display_name, source, updated_at) "
        "SELECT event_id, platform, user_id, '', 'going', platform, '', 'button', created_at "
        "FROM event_reminders"
    )


def downgrade() -> None:
    op.drop_table("event_feed_tokens")
    with op.batch_alter_table("event_rsvps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_rsvps_event_id"))
        batch_op.drop_index("ix_event_rsvps_person")
    op.drop_table("event_rsvps")
