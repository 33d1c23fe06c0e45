"""The event log, its immutability triggers, the projections and the analyst views.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POSITION = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
PAYLOAD = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

SQLITE_TRIGGERS = [
    """CREATE TRIGGER events_no_update BEFORE UPDATE ON events
       BEGIN SELECT RAISE(ABORT, 'events are immutable: UPDATE is refused'); END""",
    """CREATE TRIGGER events_no_delete BEFORE DELETE ON events
       BEGIN SELECT RAISE(ABORT, 'events are immutable: DELETE is refused'); END""",
]

POSTGRES_TRIGGERS = [
    """CREATE FUNCTION stancedb_events_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'events are immutable: % is refused', TG_OP; END $$""",
    """CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events
       FOR EACH ROW EXECUTE FUNCTION stancedb_events_immutable()""",
    """CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
       FOR EACH STATEMENT EXECUTE FUNCTION stancedb_events_immutable()""",
]

VIEWS = {
    "v_statements": """
        SELECT statement_id, document, actor, actor_org, target, target_kind, stance, score,
               modality, stated_on, source, url, evidence, evidence_start, evidence_end,
               confidence, extractor, extractor_version, position AS recorded_position
        FROM statements""",
    "v_positions": """
        SELECT level, actor, target, day, statements, support, oppose, neutral,
               mean_score, last_stance
        FROM positions""",
    "v_actor_target_latest": """
        SELECT actor, target, stated_on AS last_stated_on, stance AS last_stance,
               score AS last_score, statements, mean_score
        FROM (
            SELECT actor, target, stated_on, stance, score,
                   ROW_NUMBER() OVER (PARTITION BY actor, target
                                      ORDER BY stated_on DESC, position DESC) AS recency,
                   COUNT(*) OVER (PARTITION BY actor, target) AS statements,
                   AVG(score) OVER (PARTITION BY actor, target) AS mean_score
            FROM statements
        ) ranked
        WHERE recency = 1""",
}


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("position", POSITION, primary_key=True, autoincrement=False),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("schema_version", sa.Integer, nullable=False),
        sa.Column("key", sa.Text, nullable=False, unique=True),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("occurred_on", sa.Date),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", PAYLOAD, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_events_subject", "events", ["subject"])
    op.create_index("ix_events_recorded_at", "events", ["recorded_at"])

    op.create_table(
        "documents",
        sa.Column("document_id", sa.String(36), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("published_inferred", sa.Boolean, nullable=False),
        sa.Column("position", POSITION, nullable=False),
    )
    op.create_index("ix_documents_name", "documents", ["name"])

    op.create_table(
        "statements",
        sa.Column("statement_id", sa.String(36), primary_key=True),
        sa.Column("document", sa.Text),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("actor_name", sa.Text, nullable=False),
        sa.Column("actor_org", sa.Text),
        sa.Column("actor_org_name", sa.Text),
        sa.Column("org_actor", sa.Text, nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("target_name", sa.Text, nullable=False),
        sa.Column("target_kind", sa.Text, nullable=False),
        sa.Column("stance", sa.String(8), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("stated_on", sa.Date, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("evidence", sa.Text),
        sa.Column("evidence_start", sa.Integer),
        sa.Column("evidence_end", sa.Integer),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("extractor", sa.Text, nullable=False),
        sa.Column("extractor_version", sa.Text, nullable=False),
        sa.Column("origin", sa.Text),
        sa.Column("position", POSITION, nullable=False),
    )
    op.create_index("ix_statements_actor_target", "statements", ["actor", "target", "stated_on"])
    op.create_index("ix_statements_org_target", "statements", ["org_actor", "target", "stated_on"])
    op.create_index("ix_statements_actor_name", "statements", ["actor_name"])
    op.create_index("ix_statements_target_name", "statements", ["target_name"])

    op.create_table(
        "entities",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("canonical", sa.Text, nullable=False),
    )
    op.create_index("ix_entities_canonical", "entities", ["canonical"])
    op.create_table(
        "entity_links",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("parent", sa.Text, nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("position", POSITION, nullable=False),
    )
    op.create_table(
        "entity_roles",
        sa.Column("position", POSITION, primary_key=True, autoincrement=False),
        sa.Column("person", sa.Text, nullable=False),
        sa.Column("org", sa.Text, nullable=False),
        sa.Column("role", sa.Text),
        sa.Column("since", sa.Date),
        sa.Column("until", sa.Date),
    )
    op.create_table(
        "positions",
        sa.Column("level", sa.String(8), primary_key=True),
        sa.Column("actor", sa.Text, primary_key=True),
        sa.Column("target", sa.Text, primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("statements", sa.Integer, nullable=False),
        sa.Column("support", sa.Integer, nullable=False),
        sa.Column("oppose", sa.Integer, nullable=False),
        sa.Column("neutral", sa.Integer, nullable=False),
        sa.Column("score_sum", sa.Float, nullable=False),
        sa.Column("mean_score", sa.Float, nullable=False),
        sa.Column("last_stance", sa.String(8), nullable=False),
        sa.Column("last_position", POSITION, nullable=False),
    )
    op.create_index("ix_positions_target", "positions", ["level", "target", "day"])
    op.create_table(
        "checkpoints",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("position", POSITION, nullable=False),
    )

    dialect = op.get_bind().dialect.name
    for ddl in POSTGRES_TRIGGERS if dialect == "postgresql" else SQLITE_TRIGGERS:
        op.execute(ddl)
    for name, select in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {select}")


def downgrade() -> None:
    for name in reversed(list(VIEWS)):
        op.execute(f"DROP VIEW {name}")
    for table in ("checkpoints", "positions", "entity_roles", "entity_links", "entities",
                  "statements", "documents", "events"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION stancedb_events_immutable()")
