"""Register the warehouse in Superset and every table of its ``marts`` schema as a dataset.

Idempotent: run at each start of the superset service and periodically after it (run.sh), so a
mart published later, or a new mart added to dbt_project/models/marts/, appears without a click.
Existing datasets keep their id (dashboards stay attached); only their columns are refreshed.

Settings come from the environment (docker-compose.yml): ``WAREHOUSE_BI_URI`` (the read-only
bi_reader role), ``WAREHOUSE_DATABASE_NAME`` (how it is named in Superset), ``WAREHOUSE_SCHEMAS``
(comma-separated, default ``marts``).
"""
from __future__ import annotations

import argparse
import logging
import os
import sys

import sqlalchemy

log = logging.getLogger("vnict.superset.bootstrap")

DATABASE_NAME = os.environ.get("WAREHOUSE_DATABASE_NAME", "VN ICT warehouse")


def warehouse_tables(uri: str, schemas: list[str]) -> list[tuple[str, str]]:
    """(schema, table) pairs visible to the BI role; an absent schema yields nothing."""
    engine = sqlalchemy.create_engine(uri)
    try:
        inspector = sqlalchemy.inspect(engine)
        present = set(inspector.get_schema_names())
        return [(schema, table) for schema in schemas if schema in present
                for table in sorted(inspector.get_table_names(schema=schema))]
    finally:
        engine.dispose()


def register(uri: str, schemas: list[str]) -> dict:
    from superset.app import create_app

    app = create_app()
    with app.app_context():
        from superset import db
        from superset.connectors.sqla.models import SqlaTable
        from superset.models.core import Database

        database = db.session.query(Database).filter_by(database_name=DATABASE_NAME).one_or_none()
        if database is None:
            database = Database(database_name=DATABASE_NAME)
            db.session.add(database)
        database.set_sqlalchemy_uri(uri)
        database.expose_in_sqllab = True
        database.allow_run_async = False
        database.allow_dml = False
        db.session.commit()

        created, refreshed = [], []
        for schema, table in warehouse_tables(uri, schemas):
            dataset = (
                db.session.query(SqlaTable)
                .filter_by(database_id=database.id, schema=schema, table_name=table)
                .one_or_none()
            )
            if dataset is None:
                dataset = SqlaTable(table_name=table, schema=schema, database=database)
                db.session.add(dataset)
                created.append(f"{schema}.{table}")
            else:
                refreshed.append(f"{schema}.{table}")
            dataset.fetch_metadata()
        db.session.commit()
        return {"database": DATABASE_NAME, "created": created, "refreshed": refreshed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="log only changes and errors")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(name)s: %(message)s")
    uri = os.environ.get("WAREHOUSE_BI_URI")
    if not uri:
        log.error("WAREHOUSE_BI_URI is not set: it is the read-only warehouse URI (see docker-compose.yml)")
        return 2
    schemas = [s.strip() for s in os.environ.get("WAREHOUSE_SCHEMAS", "marts").split(",") if s.strip()]
    result = register(uri, schemas)
    if result["created"] or not args.quiet:
        log.warning("database %r: new datasets %s; refreshed %d", result["database"], result["created"], len(result["refreshed"]))
    if not result["created"] and not result["refreshed"]:
        log.warning("no table in schemas %s yet: the pipeline has not published marts", schemas)
    return 0


if __name__ == "__main__":
    sys.exit(main())
