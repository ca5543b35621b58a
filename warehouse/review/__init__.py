"""Analysts' review of extracted facts: decisions as data (``decisions``), loaded into the
warehouse for dbt to apply (``store``), and the queue read back for the command line (``queue``).
See docs/review.md."""
