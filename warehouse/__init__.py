"""The warehouse core, the bottom layer every stage writes through.

``settings`` (paths and knobs), ``records`` (the typed rows each stage hands on), ``archive`` (the
landing archive: raw pages by content hash, run records per source), ``database`` (the DuckDB or
PostgreSQL connection and the raw loader), ``dbt_runner``, ``relation_comments`` and ``review``
(reviewers' decisions). It imports no other package of the project.
"""
