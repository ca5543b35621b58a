"""dbt build time on DuckDB at growing synthetic warehouse sizes (the benchmark lives beside the
warehouse tests because it reuses their synthetic raw-data generator)."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

if __name__ == "__main__":
    script = Path(__file__).resolve().parents[1] / "tests" / "warehouse" / "bench_dbt.py"
    sys.argv = [str(script), *(sys.argv[1:] or ["1000", "10000"])]
    runpy.run_path(str(script), run_name="__main__")
