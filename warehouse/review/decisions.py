"""The analysts' decisions file: its columns, its rules, reading it strictly and appending to it.

One CSV row per decision (``review/decisions.csv`` by default, ``settings.review_decisions_file``):
accept, reject or correct an extracted entry named by its ``entry_key`` (the stable identity
dbt computes, docs/review.md), or add a fact the extractor missed, with its article and evidence
sentence. Every row says who, when and why. Why a CSV in the repository: a team reviews decisions
like code (diffs, blame, pull requests), and the warehouse can be rebuilt from it at any time.

Reading is strict: every problem is reported with the file and line it is on, all at once, and
nothing is loaded from a file with a problem (a half-applied set of decisions would publish facts
nobody decided). Codes are checked against the dbt seeds, the one list of each taxonomy.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from warehouse import settings
from warehouse.records import ReviewDecisionRecord
from warehouse.reference import seed_codes

COLUMNS = (
    "decided_at",
    "reviewer",
    "action",
    "entry_key",
    "reason",
    "fact_type",
    "article_id",
    "code",
    "component",
    "province_code",
    "admin_level",
    "year",
    "kind",
    "value",
    "value_high",
    "unit",
    "out_of",
    "period_start",
    "period_end",
    "sentence",
)
"""The file's header, in this order (a file with other columns is refused)."""

ACTIONS = ("accept", "reject", "correct", "add")
FACT_TYPES = ("indicator", "ranking", "incident")
ENTRY_KEY_PATTERN = re.compile(r"^[0-9a-f]{16}$")
FACT_FIELDS = COLUMNS[5:]
CORRECTABLE = {
    # what a correction may change, per kind of entry (empty = unchanged); see docs/review.md
    "indicator": ("value", "value_high", "year", "admin_level", "province_code", "code"),
    "ranking": ("value", "out_of", "year", "province_code", "code", "component"),
    "incident": ("value", "province_code", "code"),
}
ALL_CORRECTABLE = sorted({name for names in CORRECTABLE.values() for name in names})
MIN_YEAR, MAX_YEAR = 1995, 2050


class DecisionFileError(ValueError):
    """The decisions file cannot be used; ``problems`` are "file:line: what is wrong" lines."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__(
            f"{path}: {len(problems)} problem(s) in the review decisions file:\n  " + "\n  ".join(problems)
        )


@dataclass(frozen=True)
class Decision:
    """One row of the decisions file, typed. ``line_number`` is the row's line in the file."""

    line_number: int
    decided_at: dt.datetime
    reviewer: str
    action: str
    reason: str
    entry_key: str | None = None
    fields: dict = field(default_factory=dict)

    @property
    def decision_id(self) -> str:
        """A stable id: the same decision written again (same who, when, what) has the same id."""
        payload = "|".join(
            [
                self.decided_at.isoformat(),
                self.reviewer,
                self.action,
                self.entry_key or "",
                *(str(self.fields.get(name, "")) for name in FACT_FIELDS),
            ]
        )
        return hashlib.sha1(payload.encode("utf-8")).hexdigest()[:16]

    def record(self, source_file: str) -> ReviewDecisionRecord:
        """The row of ``raw.review_decisions``."""
        return {
            "decision_id": self.decision_id,
            "line_number": self.line_number,
            "decided_at": self.decided_at,
            "reviewer": self.reviewer,
            "action": self.action,
            "entry_key": self.entry_key,
            "reason": self.reason,
            **{name: self.fields.get(name) for name in FACT_FIELDS},
            "source_file": source_file,
        }


def taxonomy() -> dict[str, set[str]]:
    """The codes a decision may name, from the dbt seeds (one source of truth per list)."""
    return {
        "indicator": set(seed_codes("ref_indicators")),
        "ranking": set(seed_codes("ref_rankings")),
        "incident": set(seed_codes("ref_incident_types")),
        "component": set(seed_codes("ref_ranking_components")),
        "province_code": set(seed_codes("ref_provinces") | seed_codes("ref_provinces_2025")),
        "admin_level": set(seed_codes("ref_admin_levels")),
        "kind": set(seed_codes("ref_fact_kinds")),
    }


def _parse_time(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def _typed(name: str, text: str, codes: dict, fact_type: str | None):
    """One fact field, typed and checked; raises ValueError with a message for the analyst."""
    if name in ("year", "out_of"):
        if not re.fullmatch(r"\d+", text):
            raise ValueError(f"{name} {text!r} is not a whole number")
        number = int(text)
        if name == "year" and not MIN_YEAR <= number <= MAX_YEAR:
            raise ValueError(f"year {number} is outside {MIN_YEAR}..{MAX_YEAR}")
        if name == "out_of" and not 1 <= number <= 63:
            raise ValueError(f"out_of {number} is outside 1..63")
        return number
    if name in ("value", "value_high"):
        if not re.fullmatch(r"-?\d+([.,]\d+)?", text):
            raise ValueError(f"{name} {text!r} is not a number (write 85.5 or 85,5)")
        number = float(text.replace(",", "."))
        if number < 0:
            raise ValueError(f"{name} {text} is negative")
        return number
    if name in ("period_start", "period_end"):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(f"{name} {text!r} is not a date (YYYY-MM-DD)")
        return dt.date.fromisoformat(text)
    if name == "code" and fact_type in FACT_TYPES and text not in codes[fact_type]:
        raise ValueError(f"{fact_type} code {text!r} is not in the {fact_type} seed (dbt_project/seeds)")
    if name == "code" and fact_type not in FACT_TYPES and not any(text in codes[kind] for kind in FACT_TYPES):
        raise ValueError(f"code {text!r} is no indicator, ranking or incident type code (dbt_project/seeds)")
    if name in ("component", "province_code", "admin_level", "kind") and text not in codes[name]:
        raise ValueError(f"{name} {text!r} is not a known {name} (dbt_project/seeds)")
    if name == "fact_type" and text not in FACT_TYPES:
        raise ValueError(f"fact_type {text!r} is not one of {', '.join(FACT_TYPES)}")
    return text


def parse_row(row: dict, line_number: int, codes: dict) -> tuple[Decision | None, list[str]]:
    """A decision from one CSV row, or the list of what is wrong with it."""
    problems: list[str] = []
    values = {name: (row.get(name) or "").strip() for name in COLUMNS}
    action = values["action"].lower()
    if action not in ACTIONS:
        return None, [f"action {values['action']!r} is not one of {', '.join(ACTIONS)}"]
    for required in ("decided_at", "reviewer", "reason"):
        if not values[required]:
            problems.append(f"{required} is empty (every decision says when, who and why)")
    decided_at = None
    if values["decided_at"]:
        try:
            decided_at = _parse_time(values["decided_at"])
        except ValueError:
            problems.append(f"decided_at {values['decided_at']!r} is not an ISO-8601 time (e.g. 2026-12-04T09:30:00Z)")
    entry_key = values["entry_key"].lower() or None
    fact_type = values["fact_type"] or None
    fields: dict = {}
    for name in FACT_FIELDS:
        if values[name]:
            try:
                fields[name] = _typed(name, values[name], codes, fact_type)
            except ValueError as error:
                problems.append(str(error))
    if action in ("accept", "reject", "correct"):
        if not entry_key or not ENTRY_KEY_PATTERN.match(entry_key):
            problems.append(
                f"{action} needs the entry_key of an entry (16 hex characters, from "
                f"`python -m vnict review list`), got {values['entry_key']!r}"
            )
    extra = sorted(set(fields) - {"fact_type"})  # the kind may be noted (the command line does), nothing else
    if action in ("accept", "reject") and extra:
        problems.append(f"{action} takes no fact fields (found {', '.join(extra)}); to change values use correct")
    if action == "correct":
        changed = [name for name in fields if name != "fact_type"]
        wrong = [name for name in changed if name not in ALL_CORRECTABLE]
        if wrong:
            problems.append(
                f"a correction cannot change {', '.join(wrong)} (it may change {', '.join(ALL_CORRECTABLE)})"
            )
        elif not changed:
            problems.append("a correction changes nothing: give at least one of " + ", ".join(ALL_CORRECTABLE))
        if fact_type and not wrong:
            refused = [name for name in changed if name not in CORRECTABLE[fact_type]]
            if refused:
                problems.append(
                    f"a {fact_type} correction cannot change {', '.join(refused)} "
                    f"(it may change {', '.join(CORRECTABLE[fact_type])}); reject the entry and add the right fact"
                )
    if action == "add":
        if entry_key:
            problems.append("add takes no entry_key (an added fact gets its own identity)")
        problems += _add_problems(fields, {name for name in FACT_FIELDS if values[name]})
    if problems:
        return None, problems
    return Decision(line_number, decided_at, values["reviewer"], action, values["reason"], entry_key, fields), []


def _add_problems(fields: dict, given: set[str]) -> list[str]:
    fact_type = fields.get("fact_type")
    needed = ["fact_type", "article_id", "code", "value", "sentence"]
    needed += {"indicator": ["kind", "year"], "ranking": ["year"], "incident": ["period_start", "period_end"]}.get(
        fact_type, []
    )
    missing = [name for name in needed if name not in given]
    problems = [f"add needs {', '.join(missing)}"] if missing else []
    if fact_type == "indicator" and fields.get("unit", "pct") == "pct" and fields.get("value", 0) > 100:
        problems.append(f"value {fields['value']} is above 100 for a percentage (unit pct)")
    if (
        fact_type == "ranking"
        and "value" in fields
        and (fields["value"] < 1 or fields["value"] > fields.get("out_of", 63))
    ):
        problems.append(f"rank {fields['value']} is outside 1..{fields.get('out_of', 63)}")
    if fact_type != "ranking" and "component" in fields:
        problems.append("component is for rankings only")
    if "period_start" in fields and "period_end" in fields and fields["period_end"] < fields["period_start"]:
        problems.append("period_end is before period_start")
    return problems


def read_decisions(path: Path | None = None) -> list[Decision]:
    """Every decision of the file, in file order; DecisionFileError naming each bad line.

    A missing file means no decisions (a fresh checkout); an empty file or a header alone too."""
    path = Path(path or settings.review_decisions_file())
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8-sig")
    return parse_text(text, path)


def parse_text(text: str, path: Path) -> list[Decision]:
    if not text.strip():
        return []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in (reader.fieldnames or [])]
    if tuple(header) != COLUMNS:
        unknown = [name for name in header if name not in COLUMNS]
        missing = [name for name in COLUMNS if name not in header]
        detail = "; ".join(
            part
            for part in (
                f"unknown column(s) {', '.join(unknown)}" if unknown else "",
                f"missing column(s) {', '.join(missing)}" if missing else "",
                "columns out of order" if not unknown and not missing else "",
            )
            if part
        )
        raise DecisionFileError(path, [f"{path}:1: the header must be {','.join(COLUMNS)} ({detail})"])
    codes = taxonomy()
    decisions, problems, seen = [], [], {}
    line_number = 1
    for row in reader:
        line_number = reader.line_num  # the line the row ends on (a quoted sentence may span lines)
        if None in row:
            problems.append(
                f"{path}:{line_number}: {len(row[None])} value(s) more than the {len(COLUMNS)} columns "
                "(quote a reason or sentence that contains a comma)"
            )
            continue
        if not any((value or "").strip() for value in row.values()):
            continue
        decision, row_problems = parse_row(row, line_number, codes)
        problems += [f"{path}:{line_number}: {problem}" for problem in row_problems]
        if decision is None:
            continue
        if decision.decision_id in seen:
            problems.append(f"{path}:{line_number}: repeats line {seen[decision.decision_id]} exactly")
            continue
        seen[decision.decision_id] = line_number
        decisions.append(decision)
    if problems:
        raise DecisionFileError(path, problems)
    return decisions


def format_row(values: dict) -> str:
    """One CSV line (with its newline) in the file's column order."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([_cell(values.get(name)) for name in COLUMNS])
    return buffer.getvalue()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat() + ("Z" if value.tzinfo is None else "")
    return str(value)


def append_decision(values: dict, path: Path | None = None) -> Decision:
    """Check one decision with the rest of the file and append it; the file is replaced atomically,
    so a reader never sees half a line. Returns the decision as read back."""
    path = Path(path or settings.review_decisions_file())
    existing = path.read_text(encoding="utf-8-sig") if path.exists() else ""
    if not existing.strip():
        existing = ",".join(COLUMNS) + "\n"
    elif not existing.endswith("\n"):
        existing += "\n"
    updated = existing + format_row(values)
    decisions = parse_text(updated, path)  # the whole file must stay valid, not only the new line
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(updated, encoding="utf-8")
    temporary.replace(path)
    return decisions[-1]
