"""The review suite: the analysts' decisions hold in what would be published (docs/review.md).

- ``no_rejected_entry_published`` (error): no row of a fact mart in the audit schema is an entry
  whose latest decision in ``raw.review_decisions`` is reject. Computed here from the raw decisions,
  independently of the dbt models that apply them, so a broken model cannot hide its own mistake.
- ``every_decision_reported`` (error): every decision loaded from the file has its row in
  ``mart_review_decisions`` (applied, superseded, orphan or not applied): none silently dropped.
- ``decision_matches_an_entry`` (warning): a correction (or any decision) that names no entry of
  the latest extraction, or could not be applied, is reported with its line, entry and reason, so
  an analyst decides again; the marts are published anyway (the rest of the decisions hold).
"""

from __future__ import annotations

from expectations.checks import Check, LayerPlan, SuiteInputs
from expectations.frames import read_frame
from expectations.severity import ERROR, WARNING

SUITE = "review"
PUBLISHED_ENTRIES_TABLE = "quality.review_published_entries"
DECISIONS_TABLE = "quality.review_decisions_reported"
FACT_MARTS = ("fct_indicator_observations", "fct_ict_rankings", "fct_security_incidents")


def build_plan(inputs: SuiteInputs) -> LayerPlan:
    plan = LayerPlan()
    raw_decisions = f"{inputs.schema('raw')}.review_decisions"
    audit = inputs.schema("audit")
    outcomes = f"{audit}.mart_review_decisions"
    if raw_decisions not in inputs.catalog or outcomes not in inputs.catalog:
        plan.skip(SUITE, raw_decisions, "*", f"{raw_decisions} or {outcomes} does not exist (not loaded or built yet)")
        return plan
    marts = [f"{audit}.{mart}" for mart in FACT_MARTS if "entry_key" in inputs.columns(f"{audit}.{mart}")]
    if marts:
        plan.frames[PUBLISHED_ENTRIES_TABLE] = _published_entries_frame(raw_decisions, marts)
        plan.add(
            Check(
                SUITE,
                PUBLISHED_ENTRIES_TABLE,
                "no_rejected_entry_published",
                "ExpectColumnValuesToNotBeInSet",
                {"column": "latest_action", "value_set": ["reject"]},
                ERROR,
                description="no fact mart publishes an entry an analyst rejected (review/decisions.csv)",
            )
        )
    plan.frames[DECISIONS_TABLE] = _decisions_frame(raw_decisions, outcomes)
    plan.add(
        Check(
            SUITE,
            DECISIONS_TABLE,
            "every_decision_reported",
            "ExpectColumnValuesToNotBeNull",
            {"column": "decision_status"},
            ERROR,
            description="every decision of the file is in mart_review_decisions, none dropped silently",
        )
    )
    plan.add(
        Check(
            SUITE,
            DECISIONS_TABLE,
            "decision_matches_an_entry",
            "ExpectColumnValuesToBeInSet",
            {"column": "decision_status", "value_set": ["applied", "superseded"]},
            WARNING,
            description="every decision (a correction above all) names an entry of the latest extraction "
            "and applies; orphans and unapplied ones are listed in mart_review_decisions",
        )
    )
    return plan


def _published_entries_frame(raw_decisions: str, marts: list[str]):
    """Every published entry with the action of its latest decision (null when none)."""
    published = " union all ".join(
        f"select '{mart.split('.')[-1]}' as mart, entry_key, article_id from {mart}" for mart in marts
    )

    def build(warehouse):
        return read_frame(
            warehouse,
            f"""
            with latest as (
                select entry_key, action, line_number,
                       row_number() over (partition by entry_key order by decided_at desc, line_number desc) as recency
                from {raw_decisions} where entry_key is not null and action <> 'add'
            )
            select published.mart, published.entry_key, published.article_id,
                   latest.action as latest_action, latest.line_number as decision_line
            from ({published}) as published
            left join latest on published.entry_key = latest.entry_key and latest.recency = 1""",
        )

    return build


def _decisions_frame(raw_decisions: str, outcomes: str):
    """Every decision loaded from the file, with its outcome (null when the mart lost it)."""

    def build(warehouse):
        return read_frame(
            warehouse,
            f"""
            select decisions.decision_id, decisions.line_number, decisions.action, decisions.entry_key,
                   decisions.reviewer, decisions.source_file, outcomes.decision_status, outcomes.status_reason,
                   outcomes.article_id, outcomes.article_url
            from {raw_decisions} as decisions
            left join {outcomes} as outcomes on decisions.decision_id = outcomes.decision_id
            order by decisions.line_number""",
        )

    return build
