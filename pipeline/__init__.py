"""The pipeline's steps as plain functions (crawl, parse, load, build, validate, publish, summarise).

DAG files import these lazily inside tasks, so parsing a DAG file stays cheap.
"""
