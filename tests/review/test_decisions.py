"""The decisions file: read strictly (every problem with its file and line), appended by the
command line, loaded whole into the warehouse or not at all (scrapers.review, docs/review.md)."""

from __future__ import annotations

import duckdb
import pytest

from vnict.__main__ import main as scrapers_cli
from warehouse.review import decisions as decisions_module
from warehouse.review.decisions import COLUMNS, DecisionFileError, read_decisions
from warehouse.review.store import sync_decisions

HEADER = ",".join(COLUMNS)
KEY = "0123456789abcdef"


def _row(**values) -> str:
    return decisions_module.format_row(values).rstrip("\n")


@pytest.fixture
def decisions_file(tmp_path, monkeypatch):
    path = tmp_path / "review" / "decisions.csv"
    monkeypatch.setenv("VNICT_REVIEW_DECISIONS", str(path))
    monkeypatch.setenv("VNICT_TARGET", "duckdb")
    monkeypatch.setenv("VNICT_WAREHOUSE", str(tmp_path / "warehouse.duckdb"))
    monkeypatch.setenv("VNICT_REVIEWER", "analyst")
    return path


def test_a_valid_file_reads_typed_decisions(decisions_file):
    decisions_file.parent.mkdir()
    decisions_file.write_text(
        "\n".join(
            [
                HEADER,
                _row(
                    decided_at="2026-12-01T09:00:00+07:00",
                    reviewer="lan",
                    action="correct",
                    entry_key=KEY.upper(),
                    reason="the article says 58,5%",
                    value="58,5",
                    year="2020",
                ),
                "",
                _row(
                    decided_at="2026-12-02T10:00:00Z",
                    reviewer="minh",
                    action="add",
                    reason="missed",
                    fact_type="incident",
                    article_id="a1",
                    code="malware",
                    value="42",
                    period_start="2019-01-01",
                    period_end="2019-12-31",
                    sentence="Năm 2019, phát hiện 42 máy nhiễm mã độc, trong đó có máy chủ.",
                ),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    correct, add = read_decisions()
    assert (correct.line_number, correct.entry_key, correct.fields, correct.decided_at.isoformat()) == (
        2,
        KEY,
        {"value": 58.5, "year": 2020},
        "2026-12-01T02:00:00",
    )
    assert (add.line_number, add.action, add.fields["code"], str(add.fields["period_end"])) == (
        4,
        "add",
        "malware",
        "2019-12-31",
    )
    assert correct.decision_id != add.decision_id and len(correct.decision_id) == 16


def test_every_problem_is_reported_with_its_file_and_line(decisions_file):
    decisions_file.parent.mkdir()
    decisions_file.write_text(
        "\n".join(
            [
                HEADER,
                _row(decided_at="2026-12-01T09:00:00Z", reviewer="lan", action="accept", entry_key=KEY, reason="ok"),
                _row(decided_at="yesterday", reviewer="lan", action="reject", entry_key="abc", reason="wrong"),
                _row(
                    decided_at="2026-12-01T09:00:00Z",
                    reviewer="",
                    action="correct",
                    entry_key=KEY,
                    reason="x",
                    code="quantum_coverage",
                ),
                _row(
                    decided_at="2026-12-01T09:00:00Z",
                    reviewer="lan",
                    action="add",
                    reason="x",
                    fact_type="indicator",
                    article_id="a1",
                    code="lan_coverage",
                    kind="actual",
                    year="2020",
                    value="185",
                    sentence="s",
                ),
                _row(decided_at="2026-12-01T09:00:00Z", reviewer="lan", action="approve", entry_key=KEY, reason="x"),
                _row(decided_at="2026-12-01T09:00:00Z", reviewer="lan", action="accept", entry_key=KEY, reason="ok"),
                HEADER.replace("decided_at,", "2026-12-01,lan,accept,x,y,") + ",extra",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(DecisionFileError) as raised:
        read_decisions()
    where = str(decisions_file)
    problems = raised.value.problems
    assert any(p.startswith(f"{where}:3: decided_at 'yesterday'") for p in problems)
    assert any(p.startswith(f"{where}:3: reject needs the entry_key") for p in problems)
    assert any(p.startswith(f"{where}:4: reviewer is empty") for p in problems)
    assert any(p.startswith(f"{where}:4: code 'quantum_coverage' is no indicator") for p in problems)
    assert any(p.startswith(f"{where}:5: value 185.0 is above 100") for p in problems)
    assert any(p.startswith(f"{where}:6: action 'approve'") for p in problems)
    assert any(p.startswith(f"{where}:7: repeats line 2") for p in problems)
    assert any(p.startswith(f"{where}:8: ") and "more than the" in p for p in problems)
    assert not any(":2:" in p for p in problems)
    assert str(raised.value).startswith(f"{where}: {len(problems)} problem(s)")


def test_a_wrong_header_names_the_columns(decisions_file):
    decisions_file.parent.mkdir()
    decisions_file.write_text("when,who,action\n", encoding="utf-8")
    with pytest.raises(DecisionFileError, match=r"decisions.csv:1: the header must be .*unknown column\(s\) when, who"):
        read_decisions()


def test_the_command_line_appends_checked_decisions(decisions_file, capsys):
    assert scrapers_cli(["review", "reject", KEY, "--reason", "the national figure, not the province's"]) == 0
    assert (
        scrapers_cli(
            [
                "review",
                "correct",
                KEY,
                "--value",
                "58.5",
                "--level",
                "province",
                "--by",
                "minh",
                "--reason",
                "58,5% in the article",
            ]
        )
        == 0
    )
    # refused: the file stays as it was
    assert scrapers_cli(["review", "correct", KEY, "--reason", "changes nothing"]) == 1
    assert "a correction changes nothing" in capsys.readouterr().err
    lines = decisions_file.read_text(encoding="utf-8").splitlines()
    assert lines[0] == HEADER and len(lines) == 3
    reject, correct = read_decisions()
    assert (reject.action, reject.reviewer, reject.reason) == (
        "reject",
        "analyst",
        "the national figure, not the province's",
    )
    assert (correct.reviewer, correct.fields) == ("minh", {"value": 58.5, "admin_level": "province"})
    assert scrapers_cli(["review", "check"]) == 0
    assert '"decisions": 2' in capsys.readouterr().out


def test_a_malformed_file_loads_nothing_and_the_previous_decisions_stay(decisions_file):
    assert scrapers_cli(["review", "accept", KEY, "--reason", "checked"]) == 0
    assert sync_decisions() == 1
    with decisions_file.open("a", encoding="utf-8") as handle:
        handle.write("2026-12-01T09:00:00Z,lan,reject,not-a-key,wrong" + "," * (len(COLUMNS) - 5) + "\n")
    with pytest.raises(DecisionFileError, match=r"decisions.csv:3: reject needs the entry_key"):
        sync_decisions()
    assert scrapers_cli(["review", "sync"]) == 1
    with duckdb.connect(str(decisions_file.parents[1] / "warehouse.duckdb"), read_only=True) as connection:
        assert connection.execute("select action, entry_key, line_number from raw.review_decisions").fetchall() == [
            ("accept", KEY, 2)
        ]
