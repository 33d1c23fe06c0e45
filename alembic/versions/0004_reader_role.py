"""The reader role of `stancedb sql` (PostgreSQL): analysts' queries run with the privileges
of `stancedb_reader`, which may read the views, the projection tables and the log, and do
nothing else. The privilege is the protection; parsing the query text never can be.

- The role is cluster-wide, so it is created once (if missing) and shared by every database
  and schema on the server; the grants are per schema, so each stancedb schema grants its
  own tables. The user that migrates becomes a member (unless it is a superuser) so that
  `stancedb sql` may switch to the role.
- `stancedb_read(query, row_limit)` runs the query and returns at most `row_limit` rows. It
  is SECURITY DEFINER and owned by the role: inside such a function PostgreSQL refuses to
  change `role` or `session_authorization`, so a query cannot undo the switch with
  set_config() (as it could after a plain SET ROLE from a privileged login).

SQLite has no roles: there `stancedb sql` opens the file read-only, and this revision does
nothing. The downgrade drops the function and the grants, and keeps the role (other schemas
may use it).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

READER = "stancedb_reader"
# The views, the projections and the log for analysts; checkpoints and alembic_version so that
# an analyst's own login can open the database (stancedb checks both when it starts).
READABLE = ("v_statements", "v_quotes", "v_positions", "v_actor_target_latest",
            "documents", "statements", "quotes", "entities", "entity_links", "entity_roles",
            "positions", "events", "checkpoints", "alembic_version")

# Created by the first schema that needs it; a concurrent migration may create it meanwhile.
CREATE_ROLE = f"""
DO $do$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{READER}') THEN
        BEGIN
            CREATE ROLE {READER} NOLOGIN;
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN NULL;
            WHEN insufficient_privilege THEN
                RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = format(
                    'stancedb needs the role {READER} for `stancedb sql`, and %I may not '
                    'create roles. An administrator runs, once per server: '
                    'CREATE ROLE {READER} NOLOGIN; GRANT {READER} TO %I;',
                    current_user, current_user);
        END;
    END IF;
END
$do$
"""

# A superuser may switch to any role; anyone else must be a member (and, on PostgreSQL 16
# and later, have the SET option, which a plain GRANT gives).
JOIN_ROLE = f"""
DO $do$
DECLARE
    may_switch boolean;
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RETURN;
    END IF;
    BEGIN
        EXECUTE format('GRANT {READER} TO %I', current_user);
    EXCEPTION WHEN insufficient_privilege OR unique_violation THEN
        NULL;  -- a member already, or granted meanwhile for another schema: checked below
    END;
    IF current_setting('server_version_num')::int >= 160000 THEN
        may_switch := pg_has_role(current_user, '{READER}', 'SET');
    ELSE
        may_switch := pg_has_role(current_user, '{READER}', 'MEMBER');
    END IF;
    IF NOT may_switch THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = format(
            '%I must be able to switch to the role {READER} (for `stancedb sql`). '
            'An administrator runs: GRANT {READER} TO %I;', current_user, current_user);
    END IF;
END
$do$
"""

# FOR ... IN EXECUTE reads the query through a cursor, a few rows at a time, and stops at
# row_limit: the result is never computed further than that.
READ_FUNCTION = """
CREATE FUNCTION stancedb_read(query text, row_limit bigint) RETURNS SETOF record
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = {schema}, pg_temp
AS $fn$
DECLARE
    result_row record;
    returned bigint := 0;
BEGIN
    IF row_limit < 1 THEN
        RETURN;
    END IF;
    FOR result_row IN EXECUTE query LOOP
        RETURN NEXT result_row;
        returned := returned + 1;
        EXIT WHEN returned >= row_limit;
    END LOOP;
END
$fn$
"""
SIGNATURE = "stancedb_read(text, bigint)"


def _schema(bind: sa.Connection) -> str:
    name = bind.exec_driver_sql("SELECT current_schema()").scalar()
    return str(bind.dialect.identifier_preparer.quote_identifier(str(name)))


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = _schema(bind)
    for statement in (
        CREATE_ROLE,
        JOIN_ROLE,
        f"GRANT USAGE ON SCHEMA {schema} TO {READER}",
        f"GRANT SELECT ON {', '.join(READABLE)} TO {READER}",
        READ_FUNCTION.format(schema=schema),
        f"REVOKE ALL ON FUNCTION {SIGNATURE} FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {SIGNATURE} TO {READER}",
        # A new owner needs CREATE on the schema; the role has it only for this moment (the
        # transaction commits with it revoked, so no one ever sees it).
        f"GRANT CREATE ON SCHEMA {schema} TO {READER}",
        f"ALTER FUNCTION {SIGNATURE} OWNER TO {READER}",
        f"REVOKE CREATE ON SCHEMA {schema} FROM {READER}",
    ):
        op.execute(statement)  # as text(): SQLAlchemy escapes the % of format() for the driver


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = _schema(bind)
    op.execute(f"DROP FUNCTION {SIGNATURE}")
    op.execute(f"REVOKE ALL ON {', '.join(READABLE)} FROM {READER}")
    op.execute(f"REVOKE USAGE ON SCHEMA {schema} FROM {READER}")
