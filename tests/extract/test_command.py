"""``python -m vnict extract --format jsonl`` on text and HTML files."""

import json
import subprocess
import sys

from warehouse.settings import PROJECT_ROOT


def _run(*files):
    completed = subprocess.run(
        [sys.executable, "-m", "vnict", "extract", "--format", "jsonl", *map(str, files)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return completed.returncode, [json.loads(line) for line in completed.stdout.splitlines()], completed.stderr


def test_text_file_with_header_lines(tmp_path):
    article = tmp_path / "hn.txt"
    article.write_text(
        "URL: http://example.vn/a.html\nTITLE: Hà Nội: 391 dịch vụ công\n\n"
        "Thành phố hiện có 391 dịch vụ công trực tuyến mức độ 3, 4.\n",
        encoding="utf-8",
    )
    code, (record,), _ = _run(article)
    assert code == 0 and record["doc"] == "hn.txt" and record["province_code"] == "01"
    assert [(f["indicator"], f["value"]) for f in record["facts"]] == [("online_services_l34", 391)]


def test_html_file_is_parsed_first(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Điện Biên: ứng dụng CNTT</title></head><body><article>"
        "<h1>Điện Biên: ứng dụng CNTT</h1><p>Đến nay, 100% các cơ quan Nhà nước cấp tỉnh của tỉnh "
        "Điện Biên đã có mạng LAN, được kết nối Internet tốc độ cao và phục vụ tốt công tác chỉ đạo, "
        "điều hành của tỉnh trong suốt thời gian qua.</p></article></body></html>",
        encoding="utf-8",
    )
    code, (record,), _ = _run(page)
    assert code == 0 and record["province_code"] == "11"
    assert {f["indicator"] for f in record["facts"]} == {"lan_coverage", "internet_coverage"}


def test_missing_file_is_reported(tmp_path):
    code, records, stderr = _run(tmp_path / "missing.txt")
    assert code == 1 and records == [] and "missing.txt" in stderr
