"""Test-only next format: rehearses the next format change of okrdesk workspaces.

Adds a column to kpi_nodes in batch mode with ``recreate="always"``: SQLite then
copies the table and drops the old one, which with foreign keys on would
cascade-delete every measurement. The migration machinery must keep them.

Revision ID: 0003_rehearsal
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_rehearsal"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kpi_nodes", recreate="always") as batch:
        batch.add_column(
            sa.Column("rehearsal_note", sa.Text(), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("kpi_nodes") as batch:
        batch.drop_column("rehearsal_note")
