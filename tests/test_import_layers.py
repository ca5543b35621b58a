"""The import layering (pyproject.toml, ``[tool.importlinter]``) holds: a backward edge fails the build.

Why a test and not only ``make lint``: the suite is what CI runs, and a layering break is a design
regression as real as a failing assertion. The contracts: stages layered from the command line
down to the warehouse core, crawling independent of parsing, no cycles between sibling modules.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept():
    completed = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-2000:]
    assert "0 broken" in completed.stdout
    assert "3 kept" in completed.stdout, "a contract was dropped from pyproject.toml"
