"""`make help` lists every target a person can call (each .PHONY target of the Makefile)."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_make_help_lists_every_phony_target():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = {name for line in re.findall(r"^\.PHONY:(.*)$", makefile, re.MULTILINE) for name in line.split()}
    assert {"run", "test", "airflow", "bi", "test-bi", "test-distributed", "clean", "bench"} <= targets
    shown = subprocess.run(
        ["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    ).stdout
    listed = {line.split()[1] for line in shown.splitlines() if line.startswith("make ")}
    assert targets - {"help"} <= listed, f"missing from make help: {sorted(targets - {'help'} - listed)}"
