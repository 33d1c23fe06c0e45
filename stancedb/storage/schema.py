"""SQLAlchemy tables: the event log, the projections, their checkpoints, and the SQL views.

The schema is created and changed only by the Alembic migrations in `alembic/`; these table
objects describe the current head so that the library can build queries against it.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

metadata = sa.MetaData()

# Positions are rowid aliases on SQLite (INTEGER PRIMARY KEY) and BIGINT on PostgreSQL.
Position = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Payload = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

events = sa.Table(
    "events", metadata,
    sa.Column("position", Position, primary_key=True, autoincrement=False),
    sa.Column("event_id", sa.String(36), nullable=False, unique=True),
    sa.Column("type", sa.String(64), nullable=False),
    sa.Column("schema_version", sa.Integer, nullable=False),
    sa.Column("key", sa.Text, nullable=False, unique=True),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("occurred_on", sa.Date),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("payload", Payload, nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)

documents = sa.Table(
    "documents", metadata,
    sa.Column("document_id", sa.String(36), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("source", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("published_inferred", sa.Boolean, nullable=False),
    sa.Column("position", Position, nullable=False),
)

statements = sa.Table(
    "statements", metadata,
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
    sa.Column("position", Position, nullable=False),
    sa.Column("quote_id", sa.String(36)),
)

# Who said what: the quotes of the newest extraction of every document (by name).
quotes = sa.Table(
    "quotes", metadata,
    sa.Column("quote_id", sa.String(36), primary_key=True),
    sa.Column("document_id", sa.String(36), nullable=False),
    sa.Column("document", sa.Text, nullable=False),
    sa.Column("number", sa.Integer, nullable=False),  # its place in the extraction
    sa.Column("speaker", sa.Text, nullable=False),
    sa.Column("speaker_folded", sa.Text, nullable=False),  # casefolded, for look-ups
    sa.Column("speaker_org", sa.Text),
    sa.Column("speaker_start", sa.Integer, nullable=False),
    sa.Column("speaker_end", sa.Integer, nullable=False),
    sa.Column("cue", sa.Text),
    sa.Column("cue_start", sa.Integer),
    sa.Column("cue_end", sa.Integer),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("content_start", sa.Integer, nullable=False),
    sa.Column("content_end", sa.Integer, nullable=False),
    sa.Column("stated_on", sa.Date),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("source", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("extractor", sa.Text, nullable=False),
    sa.Column("extractor_version", sa.Text, nullable=False),
    sa.Column("position", Position, nullable=False),
)

entities = sa.Table(
    "entities", metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("canonical", sa.Text, nullable=False),
)

entity_links = sa.Table(
    "entity_links", metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("parent", sa.Text, nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("position", Position, nullable=False),
)

entity_roles = sa.Table(
    "entity_roles", metadata,
    sa.Column("position", Position, primary_key=True, autoincrement=False),
    sa.Column("person", sa.Text, nullable=False),
    sa.Column("org", sa.Text, nullable=False),
    sa.Column("role", sa.Text),
    sa.Column("since", sa.Date),
    sa.Column("until", sa.Date),
)

positions = sa.Table(
    "positions", metadata,
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
    sa.Column("last_position", Position, nullable=False),
)

checkpoints = sa.Table(
    "checkpoints", metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("position", Position, nullable=False),
)

# Projection tables in the order a rebuild clears them.
PROJECTION_TABLES = (documents, statements, quotes, entities, entity_links, entity_roles,
                     positions)
