"""members: the digest choice (frequency, day, time), when the last one went, misses in a row

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07 23:45:00

A member's digest is a choice of the person, so it lives on their `members` row like the
time zone and the journey choice (linked accounts share it).
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("digest_frequency", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True)
        )
        batch_op.add_column(sa.Column("digest_day", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("digest_time", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True)
        )
        batch_op.add_column(
            sa.Column("digest_last_sent", storage.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("digest_misses", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("digest_misses")
        batch_op.drop_column("digest_last_sent")
        batch_op.drop_column("digest_time")
        batch_op.drop_column("digest_day")
        batch_op.drop_column("digest_frequency")
