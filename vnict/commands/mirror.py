"""``python -m vnict mirror``: serve the offline mirror of the seed sources until interrupted.

Writes the endpoints file (``{source_id: base_url}``) that ``VNICT_SOURCE_ENDPOINTS`` points at.
"""

from __future__ import annotations

import signal
import sys
import threading

from warehouse import settings


def add_arguments(parser) -> None:
    parser.add_argument(
        "--endpoints-file",
        default=str(settings.mirror_endpoints_file()),
        help="where to write {source_id: base_url} (default: %(default)s)",
    )
    parser.add_argument(
        "--latency", type=float, default=0.0, metavar="MS", help="delay every response by MS milliseconds (benchmarks)"
    )


def run(args) -> int:
    from mirror.server import start_mirror

    handle = start_mirror(latency_seconds=args.latency / 1000.0, endpoints_file=args.endpoints_file)
    for source_id, url in sorted(handle.endpoints.items()):
        print(f"{source_id}\t{url}", flush=True)
    print(
        f"endpoints written to {args.endpoints_file}; export VNICT_SOURCE_ENDPOINTS={args.endpoints_file}", flush=True
    )
    stopped = threading.Event()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signal_number, lambda *_: stopped.set())
    stopped.wait()
    handle.stop()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(0)
