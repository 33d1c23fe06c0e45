"""Quotes: who said what in each document (the `document.attributed` events), the quote each
statement came from (`statements.quote_id`), and the views `v_quotes` and `v_statements`
with `quote_id`.

The log before this revision holds no `document.attributed` event, so the quotes projection
of an existing database is empty and as far along the log as the others: its checkpoint
starts where theirs are, and nothing is replayed on upgrade. Statements recorded before
have no quote (their payloads carry none), as a replay would give.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POSITION = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

V_STATEMENTS_0001 = """
        SELECT statement_id, document, actor, actor_org, target, target_kind, stance, score,
               modality, stated_on, source, url, evidence, evidence_start, evidence_end,
               confidence, extractor, extractor_version, position AS recorded_position
        FROM statements"""

VIEWS = {
    "v_statements": """
        SELECT statement_id, document, actor, actor_org, target, target_kind, stance, score,
               modality, stated_on, source, url, evidence, evidence_start, evidence_end,
               confidence, extractor, extractor_version, quote_id,
               position AS recorded_position
        FROM statements""",
    "v_quotes": """
        SELECT quote_id, document, speaker, speaker_org, speaker_start, speaker_end, cue,
               cue_start, cue_end, content, content_start, content_end, stated_on, kind,
               confidence, source, url, extractor, extractor_version, document_id,
               number, position AS recorded_position
        FROM quotes""",
}


def upgrade() -> None:
    op.create_table(
        "quotes",
        sa.Column("quote_id", sa.String(36), primary_key=True),
        sa.Column("document_id", sa.String(36), nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("speaker", sa.Text, nullable=False),
        sa.Column("speaker_folded", sa.Text, nullable=False),
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
        sa.Column("position", POSITION, nullable=False),
    )
    op.create_index("ix_quotes_document", "quotes", ["document"])
    op.create_index("ix_quotes_speaker", "quotes", ["speaker_folded", "stated_on"])
    op.create_index("ix_quotes_stated_on", "quotes", ["stated_on"])
    op.create_index("ix_quotes_position", "quotes", ["position", "number"])
    op.add_column("statements", sa.Column("quote_id", sa.String(36)))
    op.execute("DROP VIEW v_statements")
    for name, select in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {select}")
    op.execute("INSERT INTO checkpoints (name, position) SELECT 'quotes', position "
               "FROM checkpoints WHERE name = 'statements'")


def downgrade() -> None:
    op.execute("DELETE FROM checkpoints WHERE name = 'quotes'")
    for name in reversed(list(VIEWS)):
        op.execute(f"DROP VIEW {name}")
    op.execute(f"CREATE VIEW v_statements AS {V_STATEMENTS_0001}")
    op.drop_column("statements", "quote_id")
    op.drop_table("quotes")
