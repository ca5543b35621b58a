"""Benchmark the fact extractor alone: articles per second per core on seed-sized texts.

Prints one JSON line (collected by ``python -m bench``): ``extract_throughput`` with
``articles_per_second`` (single thread, measured in process CPU time, so it is per core), the
article count, the mean article length and the facts found. Aim ≥ 300 articles/s.
One line for the five shared seed articles (the reference size) and one for the project's own
labelled articles.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

MIN_SECONDS = 3.0
MIN_ROUNDS = 5


def _texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))] if folder.is_dir() else []


def main() -> int:
    from scrapers.settings import SHARED_DIR

    # the five seed articles are the reference size; the project's own articles stand in without ../shared
    sets = {"seeds": _texts(SHARED_DIR / "corpus" / "seeds"),
            "own_articles": _texts(Path(__file__).resolve().parent.parent / "tests" / "extract" / "articles")}
    for name, texts in sets.items():
        if texts:
            _measure(name, texts)
    if not any(sets.values()):
        raise SystemExit("bench_extract: no article texts found (shared seeds or tests/extract/articles)")
    return 0


def _measure(name: str, texts: list[str]) -> None:
    from scrapers.extract import EXTRACTOR_VERSION, extract_article

    facts = sum(len(r["facts"]) + len(r["rankings"]) + len(r["incidents"]) for r in map(extract_article, texts))  # warm-up
    articles, rounds = 0, 0
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    while rounds < MIN_ROUNDS or time.process_time() - cpu_start < MIN_SECONDS:
        for text in texts:
            extract_article(text)
        articles += len(texts)
        rounds += 1
    cpu_seconds = time.process_time() - cpu_start
    wall_seconds = time.perf_counter() - wall_start
    print(json.dumps({
        "metric": "extract_throughput",
        "texts": name,
        "extractor_version": EXTRACTOR_VERSION,
        "articles_per_second": round(articles / cpu_seconds, 1),
        "articles_per_wall_second": round(articles / wall_seconds, 1),
        "articles": articles,
        "mean_chars_per_article": round(sum(map(len, texts)) / len(texts)),
        "facts_per_pass": facts,
        "aim_articles_per_second": 300,
    }, sort_keys=True), flush=True)


if __name__ == "__main__":
    sys.exit(main())
