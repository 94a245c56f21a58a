"""Workshop live: versions of maps made by edits, the current version of each map, and rooms.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

from explorer.store.models import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "map_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("dataset_id", sa.String(120), nullable=False),
        sa.Column("base_id", sa.String(100), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.String(120), nullable=False),
        sa.Column("author", sa.String(80), nullable=False),
        sa.Column("summary", sa.String(400), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_map_versions"),
        sa.UniqueConstraint("dataset_id", name="uq_map_versions_dataset_id"),
        sa.UniqueConstraint("base_id", "number", name="uq_map_versions_base_id"),
    )
    op.create_index("ix_map_versions_base_id", "map_versions", ["base_id"])
    op.create_table(
        "map_heads",
        sa.Column("base_id", sa.String(100), nullable=False),
        sa.Column("head_id", sa.String(120), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(80), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("base_id", name="pk_map_heads"),
    )
    op.create_table(
        "rooms",
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("created_by", sa.String(80), nullable=False),
        sa.Column("query", sa.String(2000), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("code", name="pk_rooms"),
    )


def downgrade() -> None:
    op.drop_table("rooms")
    op.drop_table("map_heads")
    op.drop_index("ix_map_versions_base_id", table_name="map_versions")
    op.drop_table("map_versions")
