"""``python -m vnict review``: the analysts' review loop from the command line (docs/review.md).

    python -m vnict review list                       # the queue, most important first
    python -m vnict review list --published --province 25 --code lan_coverage   # find a published number's entry
    python -m vnict review list --decisions           # what became of each decision (orphans first to read)
    python -m vnict review accept KEY --reason "checked against the article"
    python -m vnict review reject KEY --reason "the 85% is the national figure"
    python -m vnict review correct KEY --value 58.5 --reason "the article says 58,5%"
    python -m vnict review add --type indicator --article ID --code lan_coverage --kind actual --year 2020 \\
        --value 85 --sentence "Năm 2020, 85% cơ quan ... có mạng LAN." --reason "missed by the extractor"
    python -m vnict review check                      # validate the decisions file
    python -m vnict review sync                       # load it into the warehouse (the pipeline does this)

Decisions are appended to the decisions file (``VNICT_REVIEW_DECISIONS``, default
``review/decisions.csv``), the record a team reviews and commits; the next pipeline run (or
``mode=rebuild``) applies them. Who decided: ``--by``, else ``VNICT_REVIEWER``, else the login name.
Exit status: 0 done, 1 the decisions file or the decision is invalid (the message names the line),
2 bad arguments.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import sys
import unicodedata

HELP = "list the review queue; accept, reject, correct or add facts (decisions survive re-extraction)"
CORRECT_OPTIONS = {
    "value": "value",
    "value_high": "value_high",
    "year": "year",
    "level": "admin_level",
    "province": "province_code",
    "code": "code",
    "component": "component",
    "out_of": "out_of",
}


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="the review queue (default), published entries, or decisions' outcomes")
    shown = listing.add_mutually_exclusive_group()
    shown.add_argument(
        "--published", action="store_true", help="published facts with their entry_key and review status"
    )
    shown.add_argument("--decisions", action="store_true", help="every decision and its status (applied, orphan...)")
    listing.add_argument("--attention", action="store_true", help="with --decisions: only orphan and not applied ones")
    listing.add_argument("--province", help="province code, e.g. 25")
    listing.add_argument("--code", help="indicator, ranking or incident type code")
    listing.add_argument("--article", help="article id")
    listing.add_argument("--year", type=int)
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--schema", default="marts", help="marts (published, default) or audit (last build)")
    listing.add_argument("--format", choices=("table", "jsonl"), default="table")
    for name, what in (
        ("accept", "the entry is right: publish it whatever its confidence"),
        ("reject", "the entry is wrong: never publish it"),
    ):
        action = sub.add_parser(name, help=what)
        action.add_argument("entry_key", help="the entry's key, from `review list`")
        _who_and_why(action)
    correct = sub.add_parser("correct", help="publish the entry with corrected fields (the original value is kept)")
    correct.add_argument("entry_key")
    correct.add_argument("--value", help="the right value (rank for a ranking, count for incidents)")
    correct.add_argument("--value-high", dest="value_high", help="upper bound of a range")
    correct.add_argument("--year")
    correct.add_argument("--level", help="admin level: province, district, commune, all")
    correct.add_argument("--province", help="province code")
    correct.add_argument("--code", help="indicator, ranking or incident type code")
    correct.add_argument("--component", help="ranking component code")
    correct.add_argument("--out-of", dest="out_of")
    _who_and_why(correct)
    add = sub.add_parser("add", help="a fact the extractor missed, with its article and evidence sentence")
    add.add_argument("--type", dest="fact_type", required=True, choices=("indicator", "ranking", "incident"))
    add.add_argument("--article", required=True, help="article id (as in marts.dim_article)")
    add.add_argument("--code", required=True)
    add.add_argument("--value", required=True, help="value, rank or count")
    add.add_argument("--sentence", required=True, help="the evidence sentence, copied from the article")
    add.add_argument("--province", help="province code (default: the article's)")
    add.add_argument("--year")
    add.add_argument("--kind", help="indicators: actual or target")
    add.add_argument("--level", help="indicators: admin level")
    add.add_argument("--unit", help="indicators: pct (default) or count; incidents: the unit counted")
    add.add_argument("--value-high", dest="value_high")
    add.add_argument("--component", help="rankings: component (default overall)")
    add.add_argument("--out-of", dest="out_of")
    add.add_argument("--period-start", dest="period_start", help="incidents: YYYY-MM-DD")
    add.add_argument("--period-end", dest="period_end", help="incidents: YYYY-MM-DD")
    _who_and_why(add)
    sub.add_parser("check", help="validate the decisions file; each problem with its line")
    sub.add_parser("sync", help="load the decisions file into the warehouse (raw.review_decisions)")


def _who_and_why(parser) -> None:
    parser.add_argument("--reason", required=True, help="why, in a few words (kept with the decision)")
    parser.add_argument("--by", help="who decides (default: VNICT_REVIEWER, else the login name)")


def _reviewer(args) -> str:
    from warehouse.settings import REVIEWER_VARIABLE

    return args.by or os.environ.get(REVIEWER_VARIABLE) or getpass.getuser()


def run(args) -> int:
    from warehouse.review.decisions import DecisionFileError

    try:
        if args.action == "list":
            return _list(args)
        if args.action == "check":
            return _check()
        if args.action == "sync":
            from warehouse.review.store import sync_decisions

            print(json.dumps({"decisions_loaded": sync_decisions()}))
            return 0
        return _decide(args)
    except DecisionFileError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def _check() -> int:
    from warehouse import settings
    from warehouse.review.decisions import read_decisions

    decisions = read_decisions()
    counts: dict[str, int] = {}
    for decision in decisions:
        counts[decision.action] = counts.get(decision.action, 0) + 1
    print(json.dumps({"file": str(settings.review_decisions_file()), "decisions": len(decisions), **counts}))
    return 0


def _list(args) -> int:
    from warehouse import database
    from warehouse.review import queue

    filters = {"province": args.province, "code": args.code, "article": args.article, "year": args.year}
    try:
        with database.connect(read_only=True) as connection:
            if args.published:
                rows = queue.published_entries(connection, args.schema, filters, args.limit)
            elif args.decisions:
                rows = queue.decision_outcomes(connection, args.schema, args.attention, args.limit)
            else:
                rows = queue.review_queue(connection, args.schema, filters, args.limit)
    except Exception as error:  # noqa: BLE001 - no warehouse yet, or not built: say so plainly
        print(
            f"error: cannot read the review tables ({type(error).__name__}: {error}); run the pipeline first "
            "(`make run`) so that the marts exist",
            file=sys.stderr,
        )
        return 1
    if args.format == "jsonl":
        for row in rows:
            print(json.dumps(row, ensure_ascii=False, default=str))
        return 0
    _print_table(rows)
    return 0


def _print_table(rows: list[dict]) -> None:
    if not rows:
        print("(nothing)")
        return
    for row in rows:
        head = "  ".join(
            f"{key}={_short(value)}"
            for key, value in row.items()
            if key not in ("sentence", "article_url", "uncertainty", "status_reason") and value is not None
        )
        print(head)
        for key in ("article_url", "uncertainty", "status_reason", "sentence"):
            if row.get(key):
                print(f"    {key}: {row[key]}")


def _short(value) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _decide(args) -> int:
    from warehouse.review.decisions import append_decision

    values = {
        "decided_at": dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0),
        "reviewer": _reviewer(args),
        "action": args.action,
        "reason": args.reason,
    }
    if args.action == "add":
        values.update(
            {
                "fact_type": args.fact_type,
                "article_id": args.article,
                "code": args.code,
                "value": args.value,
                "sentence": args.sentence,
                "province_code": args.province,
                "year": args.year,
                "kind": args.kind,
                "admin_level": args.level,
                "unit": args.unit,
                "value_high": args.value_high,
                "component": args.component,
                "out_of": args.out_of,
                "period_start": args.period_start,
                "period_end": args.period_end,
            }
        )
        _warn_about_evidence(args.article, args.sentence)
    else:
        values["entry_key"] = args.entry_key.strip().lower()
        entry = _lookup(values["entry_key"])
        if entry is not None:
            values["fact_type"] = entry["fact_type"]
        if args.action == "correct":
            for option, column in CORRECT_OPTIONS.items():
                values[column] = getattr(args, option)
    decision = append_decision(values)
    from warehouse import settings

    print(
        json.dumps(
            {
                "recorded": decision.action,
                "entry_key": decision.entry_key,
                "line": decision.line_number,
                "file": str(settings.review_decisions_file()),
                "next": "commit the file; the next pipeline run (or mode=rebuild) applies it",
            },
            ensure_ascii=False,
        )
    )
    return 0


def _lookup(entry_key: str) -> dict | None:
    """The entry in the published marts, to name its kind in the decision; warns when absent."""
    from warehouse import database
    from warehouse.review import queue

    try:
        with database.connect(read_only=True) as connection:
            entry = queue.find_entry(connection, "marts", entry_key)
    except Exception as error:  # noqa: BLE001 - deciding must not need a warehouse
        print(
            f"note: could not look the entry up in the warehouse ({type(error).__name__}); recording it anyway",
            file=sys.stderr,
        )
        return None
    if entry is None:
        print(
            f"warning: no published or queued entry has the key {entry_key}; the decision is recorded, and "
            "reported as an orphan (marts.mart_review_decisions) if no entry matches it at the next build",
            file=sys.stderr,
        )
    return entry


def _warn_about_evidence(article_id: str, sentence: str) -> None:
    from warehouse import database
    from warehouse.review import queue

    try:
        with database.connect(read_only=True) as connection:
            body = queue.article_body(connection, article_id)
    except Exception:  # noqa: BLE001 - deciding must not need a warehouse
        return
    if body is None:
        print(
            f"warning: article {article_id} is not in the warehouse; the added fact will not be published "
            "until it is (see marts.mart_review_decisions)",
            file=sys.stderr,
        )
    elif unicodedata.normalize("NFC", sentence) not in unicodedata.normalize("NFC", body):
        print(
            "warning: the sentence is not found verbatim in the article's text; copy it exactly, or the added fact "
            "will not be published (see marts.mart_review_decisions)",
            file=sys.stderr,
        )
