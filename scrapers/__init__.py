"""Scrapers, parsers and the fact extractor for Vietnamese provincial ICT publications.

The package is importable by Airflow tasks and has a command line: ``python -m scrapers --help``.
"""
