"""Quality gate: the real command's output on REAL labelled articles, scored by the shared scorer,
must stay above pinned floors.

Runs ``python -m vnict extract --format jsonl`` once per labelled set of real articles (the shared
seeds, dev and dev2 sets, and our own blind-labelled pool batches under ``eval/gold/``) and scores the
output with ``../shared/eval/score_extraction.py``: once as extracted, once as the publish threshold
(``warehouse.settings.PUBLISH_MIN_CONFIDENCE``) lets it through. Floors are what the extractor achieves
(docs/extraction_quality.md), rounded down; a change that loses a fact or invents one fails the build.
Raise a floor when the extractor improves; lowering one needs a reason written here.

The articles under ``tests/extract/articles`` were written for the unit tests, in the shape the
extractor expects. They are grammar fixtures: ``test_grammar_fixtures_still_read`` keeps them read
as labelled, but they estimate nothing and no quality figure comes from them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from warehouse.settings import PROJECT_ROOT, PUBLISH_MIN_CONFIDENCE, SHARED_DIR

SCORER = SHARED_DIR / "eval" / "score_extraction.py"
GOLD = SHARED_DIR / "spec" / "gold"
CORPUS = SHARED_DIR / "corpus"
OWN_GOLD = PROJECT_ROOT / "eval" / "gold"
FIXTURES = Path(__file__).resolve().parent / "articles"


def _pool_articles(gold: Path) -> list[Path]:
    docs = [json.loads(line)["doc"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [CORPUS / "pool" / doc for doc in docs]


# (gold file, article files, floors). Keys: overall/kind F1 and precision as extracted; "published_*"
# for what the publish threshold lets through; province and publication-date accuracy.
# Pinned 2026-12-04 at extract-2.0.0 (docs/extraction_quality.md, "Final scores"); issue 11's bars:
# seeds and dev overall F1 >= 0.95, dev2 >= 0.85, precision >= 0.90 at the threshold. pool_batch2 is the
# held-out pool batch (5 required entries in two batches: it mostly guards against false positives).
REAL_SETS = {
    "seeds": (
        GOLD / "seeds.jsonl",
        sorted((CORPUS / "seeds").glob("*.txt")),
        {
            "overall_f1": 1.0,
            "overall_precision": 1.0,
            "facts_f1": 1.0,
            "rankings_f1": 1.0,
            "incidents_f1": 1.0,
            "published_precision": 1.0,
            "province_accuracy": 1.0,
            "published_accuracy": 1.0,
        },
    ),
    "dev": (
        GOLD / "dev.jsonl",
        sorted((CORPUS / "dev").glob("*.txt")),
        {
            "overall_f1": 1.0,
            "overall_precision": 1.0,
            "facts_f1": 1.0,
            "incidents_f1": 1.0,
            "published_precision": 1.0,
            "province_accuracy": 1.0,
            "published_accuracy": 1.0,
        },
    ),
    "dev2": (
        GOLD / "dev2.jsonl",
        sorted((CORPUS / "dev2").glob("*.txt")),
        {
            "overall_f1": 0.85,
            "overall_precision": 0.88,
            "facts_f1": 0.78,
            "rankings_f1": 1.0,
            "incidents_f1": 0.88,
            "published_precision": 0.95,
            # 0.72 at 0.75 before the confidence calibration (extraction/data/calibration.yaml) and the
            # threshold of 0.80 sent counts and targets to review more often: precision at the
            # threshold is what the bar asks for (docs/extraction_quality.md)
            "published_recall": 0.42,
            "province_accuracy": 0.98,
            "published_accuracy": 0.95,
        },
    ),
    "pool_batch1": (
        OWN_GOLD / "pool_batch1.jsonl",
        _pool_articles(OWN_GOLD / "pool_batch1.jsonl"),
        # its one required entry is a count, which the calibration sends to review (published_recall 0)
        {"published_precision": 1.0, "province_accuracy": 0.95},
    ),
    "pool_batch2": (
        OWN_GOLD / "pool_batch2.jsonl",
        _pool_articles(OWN_GOLD / "pool_batch2.jsonl"),
        {"overall_f1": 0.33, "overall_precision": 0.5, "province_accuracy": 0.95},
    ),
}
FIXTURE_FLOORS = {"overall_f1": 0.98, "province_accuracy": 1.0, "published_accuracy": 1.0}


def _extract(files: list[Path], tmp_path: Path) -> Path:
    completed = subprocess.run(
        [sys.executable, "-m", "vnict", "extract", "--format", "jsonl", *map(str, files)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    predictions = tmp_path / "predictions.jsonl"
    predictions.write_text(completed.stdout, encoding="utf-8")
    return predictions


def _score(gold: Path, predictions: Path, *extra: str) -> dict:
    scored = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(predictions), "--json", *extra],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(scored.stdout)["summary"]


def _measured(gold: Path, files: list[Path], tmp_path: Path) -> dict:
    predictions = _extract(files, tmp_path)
    summary = _score(gold, predictions)
    assert summary["docs_without_prediction"] == [], summary["docs_without_prediction"]
    published = _score(gold, predictions, "--min-confidence", str(PUBLISH_MIN_CONFIDENCE))
    return {
        "overall_f1": summary["overall"]["f1"],
        "overall_precision": summary["overall"]["precision"],
        "facts_f1": summary["facts"]["f1"],
        "rankings_f1": summary["rankings"]["f1"],
        "incidents_f1": summary["incidents"]["f1"],
        "published_precision": published["overall"]["precision"],
        "published_recall": published["overall"]["recall"],
        "province_accuracy": summary["province_accuracy"],
        "published_accuracy": summary["published_accuracy"],
    }


@pytest.mark.parametrize("name", list(REAL_SETS))
def test_extraction_quality_on_real_articles_stays_above_the_floor(name: str, tmp_path: Path) -> None:
    gold, files, floors = REAL_SETS[name]
    assert SCORER.exists(), f"scorer missing at {SCORER}; set VNICT_SHARED_DIR to the shared folder"
    assert files and all(path.exists() for path in files), f"articles of the {name} set missing under {CORPUS}"
    measured = _measured(gold, files, tmp_path)
    below = {key: (measured[key], floor) for key, floor in floors.items() if measured[key] < floor}
    assert not below, f"{name}: below the floor (measured, floor): {below}; measured: {measured}"


def test_grammar_fixtures_still_read(tmp_path: Path) -> None:
    """The hand-written fixtures pin grammar the unit tests rely on; not a quality estimate."""
    files = sorted(FIXTURES.glob("*.txt"))
    measured = _measured(FIXTURES / "gold.jsonl", files, tmp_path)
    below = {key: (measured[key], floor) for key, floor in FIXTURE_FLOORS.items() if measured[key] < floor}
    assert not below, f"grammar fixtures: below the floor (measured, floor): {below}; measured: {measured}"
