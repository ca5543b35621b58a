"""Turn a reading's confidence into a calibrated one: how often such an entry was right on unseen text.

The readers (indicators, rankings, incidents) each start from a base and lower it for every doubt they
can name. Measured on real articles the grammar had never seen, whole classes of entries were right
less often than their readers believed (counts against shares, targets against achievements, undated
incidents against dated ones). The factors live in ``data/calibration.yaml`` with what was measured.
They are applied once, to the finished entries, after the extractor's floor: calibration decides
what waits for review, never what is extracted.
"""

from __future__ import annotations

from .dictionaries import calibration_rules


def _applies(rule: dict, entry: dict) -> bool:
    return all(entry.get(field) == value for field, value in (rule.get("when") or {}).items())


def calibrate(entries: list[dict], kind: str) -> None:
    """Apply every matching rule to each entry of one kind ("facts", "rankings", "incidents"), in place."""
    rules = [rule for rule in calibration_rules() if rule["kind"] == kind]
    for entry in entries:
        for rule in rules:
            if _applies(rule, entry):
                entry["confidence"] = round(entry["confidence"] * rule["factor"], 2)
                reasons = [entry["uncertainty"]] if entry.get("uncertainty") else []
                entry["uncertainty"] = "; ".join([*reasons, rule["reason"]])
