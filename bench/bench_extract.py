"""Benchmark the fact extractor alone: articles per second per core on seed-sized texts.

Prints JSON lines (collected by ``python -m bench``): ``extract_throughput`` with
``articles_per_second`` (single thread, process CPU time, so it is per core; best of several rounds,
with the median beside it), the article count, the mean article length and the facts found.
Aim ≥ 300 articles/s.
One line for the five shared seed articles (the reference size) and one for the project's own
labelled articles.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROUNDS = 7
SECONDS_PER_ROUND = 0.6


def _texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))] if folder.is_dir() else []


def main() -> int:
    from warehouse.settings import SHARED_DIR

    # the five seed articles are the reference size; the project's own articles stand in without ../shared
    sets = {
        "seeds": _texts(SHARED_DIR / "corpus" / "seeds"),
        "own_articles": _texts(Path(__file__).resolve().parent.parent / "tests" / "extract" / "articles"),
    }
    for name, texts in sets.items():
        if texts:
            _measure(name, texts)
    if not any(sets.values()):
        raise SystemExit("bench_extract: no article texts found (shared seeds or tests/extract/articles)")
    return 0


def _measure(name: str, texts: list[str]) -> None:
    """Several timed rounds; the best round is the code's speed, the median shows the machine's noise
    (the same practice as ``timeit``: other processes on a shared machine only ever slow a round down)."""
    import statistics
    from functools import partial

    from extraction import EXTRACTOR_VERSION
    from extraction import extract_article as extract
    from scrapers.registry import province_of_url

    # as the pipeline calls it: the registry answers for the address in the article's header
    extract_article = partial(extract, province_of_url=province_of_url)
    facts = sum(
        len(r["facts"]) + len(r["rankings"]) + len(r["incidents"]) for r in map(extract_article, texts)
    )  # warm-up
    rates, articles = [], 0
    wall_start = time.perf_counter()
    for _ in range(ROUNDS):
        round_articles, cpu_start = 0, time.process_time()
        while time.process_time() - cpu_start < SECONDS_PER_ROUND:
            for text in texts:
                extract_article(text)
            round_articles += len(texts)
        rates.append(round_articles / (time.process_time() - cpu_start))
        articles += round_articles
    wall_seconds = time.perf_counter() - wall_start
    print(
        json.dumps(
            {
                "metric": "extract_throughput",
                "texts": name,
                "extractor_version": EXTRACTOR_VERSION,
                "articles_per_second": round(max(rates), 1),
                "articles_per_second_median": round(statistics.median(rates), 1),
                "articles_per_wall_second": round(articles / wall_seconds, 1),
                "articles": articles,
                "mean_chars_per_article": round(sum(map(len, texts)) / len(texts)),
                "facts_per_pass": facts,
                "aim_articles_per_second": 300,
            },
            sort_keys=True,
        ),
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
