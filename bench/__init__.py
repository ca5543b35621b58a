"""Benchmarks (``make bench``): each ``bench_*.py`` module prints JSON lines with its figures."""
