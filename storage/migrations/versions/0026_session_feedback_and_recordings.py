"""session feedback and recordings

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 23:50:00.000000

After a session, members who said Going rate it (anonymous to organizers) and may say what
to cover next; an organizer adds the session's recording, which becomes a library item.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("session_start", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("member_key", sqlmodel.sql.sqltypes.AutoString(length=90), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("next_topic", sa.Text(), nullable=False),
        sa.Column("suggestion_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "session_start", "member_key", name="uq_event_feedback"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("event_feedback", schema=None) as batch_op:
        batch_op.create_index("ix_event_feedback_member", ["member_key"], unique=False)

    op.create_table(
        "event_recordings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("session_start", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=True),
        sa.Column("added_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("added_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["resource_id"], ["resources.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "session_start", name="uq_event_recordings_session"),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("event_recordings")
    with op.batch_alter_table("event_feedback", schema=None) as batch_op:
        batch_op.drop_index("ix_event_feedback_member")

    op.drop_table("event_feedback")
