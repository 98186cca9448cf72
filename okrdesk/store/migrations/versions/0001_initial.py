"""Format 1: the first okrdesk workspace schema (every table of models.py).

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_settings"),
    )
    op.create_table(
        "teams",
        _id(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["teams.id"], name="fk_teams_parent_id_teams", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_teams"),
        sa.UniqueConstraint("name", name="uq_teams_name"),
    )
    op.create_index("ix_teams_parent_id", "teams", ["parent_id"])
    op.create_table(
        "people",
        _id(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name="fk_people_team_id_teams", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_people"),
    )
    op.create_index("ix_people_team_id", "people", ["team_id"])
    op.create_table(
        "kpi_nodes",
        _id(),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("unit", sa.String(32), nullable=False),
        sa.Column("direction", sa.String(16), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("leading", sa.Boolean(), nullable=False),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("frequency", sa.String(16), nullable=False),
        sa.Column("aggregation", sa.String(16), nullable=False),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("green_from", sa.Float(), nullable=True),
        sa.Column("red_from", sa.Float(), nullable=True),
        sa.Column("formula", sa.String(16), nullable=False),
        sa.Column("expression", sa.Text(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('kpi','metric','measure')", name="ck_kpi_nodes_kind"),
        sa.CheckConstraint(
            "direction IN ('higher','lower','band')", name="ck_kpi_nodes_direction"
        ),
        sa.CheckConstraint(
            "aggregation IN ('sum','last','average')", name="ck_kpi_nodes_aggregation"
        ),
        sa.CheckConstraint(
            "formula IN ('none','sum','average','product','ratio','weighted_sum','expression')",
            name="ck_kpi_nodes_formula",
        ),
        sa.CheckConstraint(
            "parent_id IS NULL OR parent_id <> id", name="ck_kpi_nodes_not_own_parent"
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["kpi_nodes.id"], name="fk_kpi_nodes_parent_id_kpi_nodes",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["people.id"], name="fk_kpi_nodes_owner_id_people", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name="fk_kpi_nodes_team_id_teams", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_kpi_nodes"),
        sa.UniqueConstraint("code", name="uq_kpi_nodes_code"),
    )
    op.create_index("ix_kpi_nodes_parent_id", "kpi_nodes", ["parent_id"])
    op.create_index("ix_kpi_nodes_owner_id", "kpi_nodes", ["owner_id"])
    op.create_index("ix_kpi_nodes_team_id", "kpi_nodes", ["team_id"])
    op.create_table(
        "influence_links",
        _id(),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint("source_id <> target_id", name="ck_influence_links_not_self"),
        sa.ForeignKeyConstraint(
            ["source_id"], ["kpi_nodes.id"], name="fk_influence_links_source_id_kpi_nodes",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["kpi_nodes.id"], name="fk_influence_links_target_id_kpi_nodes",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_influence_links"),
        sa.UniqueConstraint(
            "source_id", "target_id", name="uq_influence_links_source_id_target_id"
        ),
    )
    op.create_index("ix_influence_links_target_id", "influence_links", ["target_id"])
    op.create_table(
        "measurements",
        _id(),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["node_id"], ["kpi_nodes.id"], name="fk_measurements_node_id_kpi_nodes",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_measurements"),
        sa.UniqueConstraint("node_id", "date", name="uq_measurements_node_id_date"),
    )
    op.create_table(
        "periods",
        _id(),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.CheckConstraint('start <= "end"', name="ck_periods_dates"),
        sa.PrimaryKeyConstraint("id", name="pk_periods"),
        sa.UniqueConstraint("name", name="uq_periods_name"),
    )
    op.create_table(
        "objectives",
        _id(),
        sa.Column("ref", sa.String(32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("retrospective", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("carried_from_id", sa.Integer(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.CheckConstraint("type IN ('committed','aspirational')", name="ck_objectives_type"),
        sa.CheckConstraint("state IN ('draft','active','closed')", name="ck_objectives_state"),
        sa.ForeignKeyConstraint(
            ["period_id"], ["periods.id"], name="fk_objectives_period_id_periods",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name="fk_objectives_team_id_teams", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["people.id"], name="fk_objectives_owner_id_people",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["objectives.id"], name="fk_objectives_parent_id_objectives",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["carried_from_id"], ["objectives.id"],
            name="fk_objectives_carried_from_id_objectives", ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_objectives"),
        sa.UniqueConstraint("ref", name="uq_objectives_ref"),
    )
    op.create_index("ix_objectives_period_id", "objectives", ["period_id"])
    op.create_index("ix_objectives_team_id", "objectives", ["team_id"])
    op.create_index("ix_objectives_parent_id", "objectives", ["parent_id"])
    op.create_table(
        "key_results",
        _id(),
        sa.Column("ref", sa.String(32), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("start", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("current", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(32), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("kpi_node_id", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("pace_override", sa.String(16), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('metric','percentage','currency','milestone')", name="ck_key_results_kind"
        ),
        sa.CheckConstraint("weight >= 0", name="ck_key_results_weight"),
        sa.ForeignKeyConstraint(
            ["objective_id"], ["objectives.id"], name="fk_key_results_objective_id_objectives",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["people.id"], name="fk_key_results_owner_id_people",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["kpi_node_id"], ["kpi_nodes.id"], name="fk_key_results_kpi_node_id_kpi_nodes",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_key_results"),
        sa.UniqueConstraint("ref", name="uq_key_results_ref"),
    )
    op.create_index("ix_key_results_objective_id", "key_results", ["objective_id"])
    op.create_index("ix_key_results_kpi_node_id", "key_results", ["kpi_node_id"])
    op.create_table(
        "check_ins",
        _id(),
        sa.Column("key_result_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(
            ["key_result_id"], ["key_results.id"], name="fk_check_ins_key_result_id_key_results",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_check_ins"),
    )
    op.create_index("ix_check_ins_kr_date", "check_ins", ["key_result_id", "date"])
    op.create_table(
        "import_profiles",
        _id(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_import_profiles"),
        sa.UniqueConstraint("name", name="uq_import_profiles_name"),
    )


def downgrade() -> None:
    for table in (
        "import_profiles", "check_ins", "key_results", "objectives", "periods",
        "measurements", "influence_links", "kpi_nodes", "people", "teams", "settings",
    ):  # fmt: skip
        op.drop_table(table)
