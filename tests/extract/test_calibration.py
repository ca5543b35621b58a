"""The confidence calibration moves entries to review; it never drops or changes what was read."""

from extraction import extract_article
from extraction.calibration import calibrate
from extraction.dictionaries import calibration_rules


def test_every_rule_names_its_kind_factor_reason_and_measurement():
    for rule in calibration_rules():
        assert rule["kind"] in ("facts", "rankings", "incidents")
        assert 0 < rule["factor"] <= 1, rule
        assert rule["reason"] and rule["measured"], rule


def test_a_count_and_a_target_are_less_sure_than_a_share_and_an_achievement():
    text = (
        "Năm 2018, toàn tỉnh có 5.000 máy tính; 95% cơ quan có mạng LAN. "
        "Mục tiêu đến năm 2020, 100% cơ quan sử dụng chữ ký số."
    )
    facts = {
        f["indicator"]: f for f in extract_article(text, source_province_code="25", published="2018-12-01")["facts"]
    }
    assert set(facts) == {"computers", "lan_coverage", "digital_signature_usage"}
    assert facts["computers"]["confidence"] < facts["lan_coverage"]["confidence"]
    assert facts["digital_signature_usage"]["confidence"] < facts["lan_coverage"]["confidence"]
    assert "a count" in facts["computers"]["uncertainty"]
    assert "a target" in facts["digital_signature_usage"]["uncertainty"]


def test_calibration_only_lowers_confidence_and_adds_its_reason():
    entries = [{"unit": "count", "kind": "actual", "confidence": 0.9, "uncertainty": None, "value": 7}]
    calibrate(entries, "facts")
    assert entries == [
        {
            "unit": "count",
            "kind": "actual",
            "confidence": 0.72,
            "uncertainty": "a count: what is counted is easily misread",
            "value": 7,
        }
    ]
