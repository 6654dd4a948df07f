"""journey goals: one row per person and quarter

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 23:50:00.000000

The personal journey: each person's goal for a quarter, the three library items matched to
it, and their answer to "Did you get there?" at the quarter's end.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journey_goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("quarter", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("goal", sa.Text(), nullable=False),
        sa.Column("declined", sa.Boolean(), nullable=False),
        sa.Column("items", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
        sa.Column("helped", sa.Text(), nullable=False),
        sa.Column("unreachable", sa.Boolean(), nullable=False),
        sa.Column("asked_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("checked_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("outcome_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "platform", "user_id", "quarter", name="uq_journey_goals_person_quarter"
        ),
    )
    with op.batch_alter_table("journey_goals", schema=None) as batch_op:
        batch_op.create_index("ix_journey_goals_quarter", ["quarter"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("journey_goals", schema=None) as batch_op:
        batch_op.drop_index("ix_journey_goals_quarter")
    op.drop_table("journey_goals")
