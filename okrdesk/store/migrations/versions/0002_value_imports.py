"""Format 2: the history of values imports from foreign spreadsheets (``value_imports``).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "value_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("file_name", sa.String(260), nullable=False),
        sa.Column("sheet", sa.String(200), nullable=False),
        sa.Column("profile_name", sa.String(200), nullable=False),
        sa.Column("new_count", sa.Integer(), nullable=False),
        sa.Column("changed_count", sa.Integer(), nullable=False),
        sa.Column("unchanged_count", sa.Integer(), nullable=False),
        sa.Column("skipped_count", sa.Integer(), nullable=False),
        sa.Column("nodes_created", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_value_imports"),
    )
    op.create_index("ix_value_imports_imported_at", "value_imports", ["imported_at"])


def downgrade() -> None:
    op.drop_index("ix_value_imports_imported_at", "value_imports")
    op.drop_table("value_imports")
