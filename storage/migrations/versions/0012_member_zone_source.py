"""members: where the time zone came from (chosen or the platform profile) and when read

Revision ID: 0012
Revises: 0016
Create Date: 2026-11-29 23:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision = "0012"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("timezone_source", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "timezone_fetched_at", storage.types.UTCDateTime(timezone=True), nullable=True
            )
        )
    # Every zone stored so far was set with /timezone.
    op.execute("UPDATE members SET timezone_source = 'chosen' WHERE timezone IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("timezone_fetched_at")
        batch_op.drop_column("timezone_source")
