"""Creating and dropping the PostgreSQL databases the warehouse tests build into."""

from __future__ import annotations

import os
import subprocess

POSTGRES_ENV = {
    "VNICT_PG_HOST": os.environ.get("VNICT_PG_HOST", "127.0.0.1"),
    "VNICT_PG_PORT": os.environ.get("VNICT_PG_PORT", "5432"),
    "VNICT_PG_USER": os.environ.get("VNICT_PG_USER", "postgres"),
    # warehouse.database.postgres_dsn() writes "password= dbname=..." when the password is empty,
    # which libpq reads as a password of "dbname=..."; trust auth ignores a non-empty one.
    "VNICT_PG_PASSWORD": os.environ.get("VNICT_PG_PASSWORD") or "unused-with-trust-auth",
}


def psql(database: str, sql: str) -> None:
    subprocess.run(
        [
            "psql",
            "-v",
            "ON_ERROR_STOP=1",
            "-q",
            "-h",
            POSTGRES_ENV["VNICT_PG_HOST"],
            "-p",
            POSTGRES_ENV["VNICT_PG_PORT"],
            "-U",
            POSTGRES_ENV["VNICT_PG_USER"],
            "-d",
            database,
            "-c",
            sql,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
