"""Register the warehouse in Superset and every table of its ``marts`` schema as a dataset.

The dashboards of bi/dashboards/ (imported by bi/launch.py) bring the datasets their charts
need; this adds a plain dataset for every other table of the marts, so analysts can explore any
mart from the start. Idempotent, run periodically by run.sh: a mart published later, or a new
mart added to dbt_project/models/marts/, appears without a click. Existing datasets keep their id
(dashboards stay attached); only their columns are refreshed.

Settings come from the environment (docker-compose.yml): ``VNICT_BI_DATABASE_URI`` (the read-only
bi_reader role; the same variable bi/launch.py reads), ``WAREHOUSE_SCHEMAS`` (comma-separated,
default ``marts``). The Superset database is the one bi/dashboards/databases/ declares.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

import sqlalchemy
import yaml

log = logging.getLogger("vnict.superset.bootstrap")

BI_DATABASES_DIR = Path(os.environ.get("VNICT_BI_DIR", "/app/vnict/bi")) / "dashboards" / "databases"


def database_name() -> str:
    """The name bi/dashboards/ gives the warehouse database, so both share one entry."""
    for path in sorted(BI_DATABASES_DIR.glob("*.yaml")):
        return yaml.safe_load(path.read_text(encoding="utf-8"))["database_name"]
    return os.environ.get("WAREHOUSE_DATABASE_NAME", "VN ICT marts")


def warehouse_tables(uri: str, schemas: list[str]) -> list[tuple[str, str]]:
    """(schema, table) pairs visible to the BI role; an absent schema yields nothing."""
    engine = sqlalchemy.create_engine(uri)
    try:
        inspector = sqlalchemy.inspect(engine)
        present = set(inspector.get_schema_names())
        return [
            (schema, table)
            for schema in schemas
            if schema in present
            for table in sorted(inspector.get_table_names(schema=schema))
        ]
    finally:
        engine.dispose()


def register(uri: str, schemas: list[str]) -> dict:
    from superset.app import create_app

    app = create_app()
    with app.app_context():
        from superset import db
        from superset.connectors.sqla.models import SqlaTable
        from superset.models.core import Database

        name = database_name()
        database = db.session.query(Database).filter_by(database_name=name).one_or_none()
        if database is None:
            database = Database(database_name=name)
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
        return {"database": name, "created": created, "refreshed": refreshed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="log only changes and errors")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(name)s: %(message)s")
    uri = os.environ.get("VNICT_BI_DATABASE_URI")
    if not uri:
        log.error("VNICT_BI_DATABASE_URI is not set: it is the read-only warehouse URI (see docker-compose.yml)")
        return 2
    schemas = [s.strip() for s in os.environ.get("WAREHOUSE_SCHEMAS", "marts").split(",") if s.strip()]
    result = register(uri, schemas)
    if result["created"] or not args.quiet:
        log.warning(
            "database %r: new datasets %s; refreshed %d",
            result["database"],
            result["created"],
            len(result["refreshed"]),
        )
    if not result["created"] and not result["refreshed"]:
        log.warning("no table in schemas %s yet: the pipeline has not published marts", schemas)
    return 0


if __name__ == "__main__":
    sys.exit(main())
