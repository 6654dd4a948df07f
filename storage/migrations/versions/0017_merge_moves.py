"""merge moves: what a merge moved, kept while it can be undone

Revision ID: 0017
Revises: 0009
Create Date: 2026-11-30 02:26:50

One row per vote or follow a merge took from its source or added to its target, so that
Undo can put back exactly what the merge moved; kept only while the merge can be undone.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision = "0017"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "topic_merge_moves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("change_id", sa.Integer(), nullable=False),
        sa.Column("side", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column("member_key", sqlmodel.sql.sqltypes.AutoString(length=90), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["change_id"], ["topic_status_changes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("topic_merge_moves", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_topic_merge_moves_change_id"), ["change_id"], unique=False
        )
        batch_op.create_index("ix_topic_merge_moves_member", ["member_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("topic_merge_moves", schema=None) as batch_op:
        batch_op.drop_index("ix_topic_merge_moves_member")
        batch_op.drop_index(batch_op.f("ix_topic_merge_moves_change_id"))
    op.drop_table("topic_merge_moves")
