"""``python -m vnict mirror`` serves until stopped and writes the endpoints file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import requests

from warehouse import settings


def test_mirror_command_serves_and_writes_endpoints(tmp_path):
    endpoints_file = tmp_path / "endpoints.json"
    env = {**os.environ, "PYTHONPATH": str(settings.PROJECT_ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "vnict", "mirror", "--endpoints-file", str(endpoints_file), "--latency", "5"],
        cwd=settings.PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not endpoints_file.exists() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
        endpoints = json.loads(endpoints_file.read_text())
        assert set(endpoints) == {"phutho_mic", "kontum_mic", "daknong_baodaknong", "dienbien_dic", "hatinh_stttt"}
        response = requests.get(endpoints["daknong_baodaknong"] + "/khoa-hoc-cong-nghe", timeout=5)
        assert response.status_code == 200 and "Khoa học - Công nghệ" in response.text
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "dienbien_dic\thttp://127.0.0.1:" in out
