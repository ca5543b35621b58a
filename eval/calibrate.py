"""Does the extractor's confidence predict whether an entry is right? Measured on real labelled text.

usage: python eval/calibrate.py [--set NAME=GOLD.jsonl:ARTICLE_DIR ...] [--markdown] [--target-precision 0.9]
                               [--update-doc]

Runs the real command (``python -m vnict extract --format jsonl``) on every labelled set of
real articles (by default the shared seeds, dev and dev2 sets and the pool batches under
``eval/gold/``), matches every predicted entry against the gold labels with the shared scorer's own
matching rules, and prints:
  - a table of confidence bins against measured precision (correct / (correct + wrong));
  - precision and recall at each candidate publish threshold, pooled over the sets;
  - the lowest threshold whose pooled precision reaches the target (default 0.90).
``--update-doc`` writes the Markdown tables into docs/extraction_quality.md between the
``<!-- calibration:start -->`` and ``<!-- calibration:end -->`` markers.
An entry that matches an optional gold entry is neither right nor wrong (as in the scorer) and is
left out of precision. Articles written for the unit tests are never used here: they estimate
nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from warehouse.settings import PUBLISH_MIN_CONFIDENCE, SHARED_DIR  # noqa: E402

DOC = PROJECT_ROOT / "docs" / "extraction_quality.md"
DOC_START, DOC_END = "<!-- calibration:start -->", "<!-- calibration:end -->"
SCORER_PATH = SHARED_DIR / "eval" / "score_extraction.py"
BINS = [
    (0.0, 0.5),
    (0.5, 0.6),
    (0.6, 0.7),
    (0.7, 0.75),
    (0.75, 0.8),
    (0.8, 0.85),
    (0.85, 0.9),
    (0.9, 0.95),
    (0.95, 1.01),
]
WRONG_LOG: list | None = None  # --list-wrong collects every wrong entry here
THRESHOLDS = [0.0, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9]


def _scorer():
    spec = importlib.util.spec_from_file_location("score_extraction", SCORER_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def default_sets() -> dict[str, tuple[Path, Path]]:
    """The real labelled sets this repository can read: shared sets and our own pool batches."""
    gold_dir = SHARED_DIR / "spec" / "gold"
    sets = {name: (gold_dir / f"{name}.jsonl", SHARED_DIR / "corpus" / name) for name in ("seeds", "dev", "dev2")}
    for batch in sorted((PROJECT_ROOT / "eval" / "gold").glob("pool_batch*.jsonl")):
        sets[batch.stem] = (batch, SHARED_DIR / "corpus" / "pool")
    sets.update(realsets_with_text())
    return sets


def realsets_with_text() -> dict[str, tuple[Path, Path]]:
    """Labelled batches of stored public pages whose text is on this machine.

    Their labels and addresses live in ``eval/gold/realsets/`` (see its README); the pages' text is
    third-party and stays outside the repository, in ``$VNICT_REALSETS_DIR/<name>/articles``
    (default ``../realsets`` beside the project). A batch whose text is absent is left out."""
    text_root = Path(os.environ.get("VNICT_REALSETS_DIR", PROJECT_ROOT.parent / "realsets"))
    sets = {}
    for gold in sorted((PROJECT_ROOT / "eval" / "gold" / "realsets").glob("realset*.jsonl")):
        articles = text_root / gold.stem / "articles"
        if articles.is_dir():
            sets[gold.stem] = (gold, articles)
    return sets


def predict(gold_path: Path, article_dir: Path) -> dict[str, dict]:
    docs = [json.loads(line)["doc"] for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    files = [str(article_dir / doc) for doc in docs]
    completed = subprocess.run(
        [sys.executable, "-m", "vnict", "extract", "--format", "jsonl", *files],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return {json.loads(line)["doc"]: json.loads(line) for line in completed.stdout.splitlines() if line.strip()}


def judge(scorer, gold: dict[str, dict], predictions: dict[str, dict]) -> tuple[list[tuple[float, str]], int]:
    """[(confidence, "right" | "wrong" | "optional")] for every predicted entry, and the required gold count.

    The same greedy one-to-one matching as the scorer: required gold entries first, an entry belongs
    to its article's province unless it names its own."""
    known = scorer.taxonomy(str(SHARED_DIR / "spec"))
    matchers = {"facts": scorer.fact_match, "rankings": scorer.ranking_match, "incidents": scorer.incident_match}
    outcomes: list[tuple[float, str]] = []
    required = 0
    for doc, gold_article in gold.items():
        predicted = predictions.get(doc, {})
        for kind, match in matchers.items():
            golds = scorer.expand(gold_article.get(kind, [])) if kind == "facts" else gold_article.get(kind, [])
            required += sum(1 for g in golds if not g.get("optional"))
            used = [False] * len(golds)
            order = sorted(range(len(golds)), key=lambda i: bool(golds[i].get("optional")))
            for entry in predicted.get(kind) or []:
                if not known[kind](entry):
                    continue
                hit = next(
                    (
                        i
                        for i in order
                        if not used[i]
                        and scorer._code(golds[i].get("province_code", gold_article.get("province_code")))
                        == scorer._code(entry.get("province_code", predicted.get("province_code")))
                        and match(golds[i], entry)
                    ),
                    None,
                )
                confidence = float(entry.get("confidence", 1.0))
                if hit is None:
                    outcomes.append((confidence, "wrong"))
                    if WRONG_LOG is not None:
                        WRONG_LOG.append((confidence, doc, kind, entry))
                else:
                    used[hit] = True
                    outcomes.append((confidence, "optional" if golds[hit].get("optional") else "right"))
    return outcomes, required


def _precision(right: int, wrong: int) -> float | None:
    return round(right / (right + wrong), 3) if right + wrong else None


def report(outcomes: list[tuple[float, str]], required: int, target: float) -> dict:
    bins = []
    for low, high in BINS:
        inside = [o for c, o in outcomes if low <= c < high]
        right, wrong = inside.count("right"), inside.count("wrong")
        bins.append(
            {
                "bin": f"{low:.2f}–{min(high, 1.0):.2f}",
                "right": right,
                "wrong": wrong,
                "optional": inside.count("optional"),
                "precision": _precision(right, wrong),
            }
        )
    thresholds = []
    for threshold in THRESHOLDS:
        kept = [o for c, o in outcomes if c >= threshold]
        right, wrong = kept.count("right"), kept.count("wrong")
        thresholds.append(
            {
                "threshold": threshold,
                "right": right,
                "wrong": wrong,
                "precision": _precision(right, wrong),
                "recall": round(right / required, 3) if required else None,
            }
        )
    reaching = [t["threshold"] for t in thresholds if (t["precision"] or 0) >= target]
    return {
        "bins": bins,
        "thresholds": thresholds,
        "required": required,
        "lowest_threshold_reaching_target": min(reaching) if reaching else None,
    }


def markdown(result: dict, sets: list[str], target: float) -> str:
    lines = [
        f"Sets: {', '.join(sets)}; {result['required']} required gold entries.",
        "",
        "| confidence | right | wrong | optional | precision |",
        "|---|---|---|---|---|",
    ]
    for b in result["bins"]:
        precision = "–" if b["precision"] is None else f"{b['precision']:.3f}"
        lines.append(f"| {b['bin']} | {b['right']} | {b['wrong']} | {b['optional']} | {precision} |")
    lines += ["", "| publish threshold | right | wrong | precision | recall |", "|---|---|---|---|---|"]
    for t in result["thresholds"]:
        precision = "–" if t["precision"] is None else f"{t['precision']:.3f}"
        lines.append(f"| ≥ {t['threshold']:.2f} | {t['right']} | {t['wrong']} | {precision} | {t['recall']:.3f} |")
    lines += [
        "",
        f"Lowest threshold with precision ≥ {target:.2f}: {result['lowest_threshold_reaching_target']}; "
        f"configured threshold (warehouse/settings.py PUBLISH_MIN_CONFIDENCE): {PUBLISH_MIN_CONFIDENCE}.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=GOLD:DIR",
        help="an extra labelled set of real articles (e.g. one kept outside the repository)",
    )
    parser.add_argument("--only", action="append", default=[], help="score only these set names")
    parser.add_argument("--target-precision", type=float, default=0.90)
    parser.add_argument("--list-wrong", action="store_true", help="also list every wrong entry, most confident first")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables instead of JSON")
    parser.add_argument("--update-doc", action="store_true", help=f"write the tables into {DOC.name}")
    args = parser.parse_args(argv)
    sets = default_sets()
    for extra in args.set:
        name, _, paths = extra.partition("=")
        gold_path, _, article_dir = paths.partition(":")
        sets[name] = (Path(gold_path), Path(article_dir))
    if args.only:
        sets = {name: value for name, value in sets.items() if name in args.only}
    global WRONG_LOG
    WRONG_LOG = [] if args.list_wrong else None
    scorer = _scorer()
    outcomes, required = [], 0
    for gold_path, article_dir in sets.values():
        gold = scorer.load(str(gold_path))
        found, count = judge(scorer, gold, predict(gold_path, article_dir))
        outcomes += found
        required += count
    result = report(outcomes, required, args.target_precision)
    tables = markdown(result, list(sets), args.target_precision)
    print(tables if args.markdown or args.update_doc else json.dumps(result, indent=1))
    if args.update_doc:
        text = DOC.read_text(encoding="utf-8")
        if DOC_START not in text or DOC_END not in text:
            raise SystemExit(f"{DOC}: the markers {DOC_START} and {DOC_END} are missing; add them where the tables go")
        head, rest = text.split(DOC_START, 1)
        _, tail = rest.split(DOC_END, 1)
        DOC.write_text(f"{head}{DOC_START}\n{tables}\n{DOC_END}{tail}", encoding="utf-8")
    for confidence, doc, kind, entry in sorted(WRONG_LOG or [], key=lambda w: -w[0]):
        what = {
            k: entry.get(k)
            for k in (
                "indicator",
                "ranking",
                "component",
                "incident_type",
                "value",
                "rank",
                "count",
                "kind",
                "year",
                "admin_level",
                "province_code",
            )
            if entry.get(k) is not None
        }
        print(
            f"WRONG {confidence:.2f} {doc} {kind} {json.dumps(what, ensure_ascii=False)} "
            f"[{entry.get('uncertainty') or ''}] {entry.get('sentence', '')[:160]}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
