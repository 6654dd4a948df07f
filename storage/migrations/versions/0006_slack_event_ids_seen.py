"""slack event ids seen: a redelivered Slack event is handled once across processes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21 07:30:49.128749
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slack_events",
        sa.Column("event_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("seen_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_index("ix_slack_events_seen_at", "slack_events", ["seen_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_slack_events_seen_at", table_name="slack_events")
    op.drop_table("slack_events")
