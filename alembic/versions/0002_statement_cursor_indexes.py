"""Indexes for reading current statements a page at a time in log order, for one actor or
one target (the REST API's cursor pages): without them a page reads every statement of the
actor and sorts them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_statements_position": ["position"],
    "ix_statements_actor_position": ["actor", "position"],
    "ix_statements_target_position": ["target", "position"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "statements", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, "statements")
