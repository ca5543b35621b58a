-- The read-only role BI reads the PostgreSQL warehouse with (Superset, and any analyst's tool).
--
-- What it may read: the published marts, the reference seeds, and the quality gate's outcomes
-- (quality.validation_runs, for the Pipeline health dashboard). Nothing else: not raw (whole
-- article bodies, crawl metadata), not audit (marts not yet validated), not the quarantine.
-- It cannot write anything: every transaction of the role is read-only, and it holds no
-- privilege besides USAGE and SELECT.
--
-- The same role, and the same policy, as deploy/warehouse-db/bi_reader.sql.inc (docker compose),
-- which sets no search_path. Publishing on PostgreSQL replaces the marts' rows in place and
-- recreates a mart whose columns changed (pipeline/publish.py); the default privileges below make
-- such a table readable, and publishing re-grants USAGE and SELECT on `marts`, and SELECT on
-- quality.validation_runs once it exists, to VNICT_MARTS_READER_ROLE as well.
--
-- Run as a superuser connected to the warehouse database:
--   psql -v ON_ERROR_STOP=1 -v bi_password="$BI_READER_PASSWORD" -d vnict -f bi/postgres_readonly_role.sql
-- psql variables: bi_password (required), reader_role (default bi_reader), loader_role (the role
-- the pipeline writes with, default vnict_loader; its future tables become readable too).
-- Idempotent: safe to run again, and to be run again after the first pipeline run, which creates
-- quality.validation_runs (granted only once it exists).
\if :{?reader_role}
\else
  \set reader_role bi_reader
\endif
\if :{?loader_role}
\else
  \set loader_role vnict_loader
\endif

SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'reader_role', :'bi_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'reader_role') \gexec
ALTER ROLE :"reader_role" SET default_transaction_read_only = on;
ALTER ROLE :"reader_role" SET search_path = marts, reference;

REVOKE CREATE ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA IF NOT EXISTS marts AUTHORIZATION :"loader_role";
CREATE SCHEMA IF NOT EXISTS reference AUTHORIZATION :"loader_role";
CREATE SCHEMA IF NOT EXISTS quality AUTHORIZATION :"loader_role";

GRANT CONNECT ON DATABASE :"DBNAME" TO :"reader_role";
GRANT USAGE ON SCHEMA marts, reference, quality TO :"reader_role";
GRANT SELECT ON ALL TABLES IN SCHEMA marts, reference TO :"reader_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"loader_role" IN SCHEMA marts, reference GRANT SELECT ON TABLES TO :"reader_role";

-- From the quality schema only the gate's outcomes; quarantine_rows keeps offending rows whole.
SELECT format('GRANT SELECT ON quality.validation_runs TO %I', :'reader_role')
WHERE to_regclass('quality.validation_runs') IS NOT NULL \gexec
