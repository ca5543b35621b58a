"""Run every benchmark module in ``bench/`` in turn, each in its own process, and collect the JSON lines.

Why separate processes: one benchmark's imports, threads or servers must not skew another's timing.
The collected figures are written to ``data/bench/latest.jsonl`` and printed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from warehouse import settings


def main() -> int:
    output = settings.data_dir() / "bench" / "latest.jsonl"
    output.parent.mkdir(parents=True, exist_ok=True)
    failures = 0
    lines = []
    for module in sorted(Path(__file__).parent.glob("bench_*.py")):
        completed = subprocess.run([sys.executable, "-m", f"bench.{module.stem}"], capture_output=True, text=True)
        if completed.returncode != 0:
            failures += 1
            print(f"{module.stem} failed:\n{completed.stderr[-2000:]}", file=sys.stderr)
            continue
        for line in completed.stdout.splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            record.setdefault("benchmark", module.stem)
            lines.append(json.dumps(record, ensure_ascii=False))
            print(lines[-1])
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"figures written to {output}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
