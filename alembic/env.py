"""Alembic environment: migrates the connection stancedb hands over, or the URL in
STANCEDB_URL (or `-x url=...`) when Alembic is run by hand."""

from __future__ import annotations

from sqlalchemy import create_engine

from alembic import context
from stancedb.config import database_url

config = context.config


def run_migrations(connection: object) -> None:
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or database_url()
    engine = create_engine(url)
    with engine.connect() as conn:
        run_migrations(conn)
    engine.dispose()
