"""The landing zone: content-addressed raw pages and per-run JSONL record files.

Pages land as ``landing/pages/<sha256[:2]>/<sha256>.html.gz`` -- the bytes exactly as received,
gzip-compressed -- so a newer parser can rebuild everything without refetching. Storing is
idempotent (same bytes, same path, written once) and atomic (temp file + rename), so concurrent
crawlers and crashed runs never leave a half-written page. Run records are JSON lines, one file
per (run, source, kind), also written atomically.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from warehouse import settings

log = logging.getLogger(__name__)

RECORD_KINDS = ("fetches", "articles", "facts", "parse_errors", "listings", "quarantine")


def pages_dir(landing: Path | None = None) -> Path:
    return (landing or settings.landing_dir()) / "pages"


def runs_dir(landing: Path | None = None) -> Path:
    return (landing or settings.landing_dir()) / "runs"


def page_path(sha256: str, landing: Path | None = None) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError(f"not a sha256 hex digest: {sha256!r}")
    return pages_dir(landing) / sha256[:2] / f"{sha256}.html.gz"


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store(data: bytes, landing: Path | None = None) -> str:
    """Land ``data`` unchanged (gzip) under its sha256 and return the digest. Idempotent."""
    digest = sha256_hex(data)
    path = page_path(digest, landing)
    if not path.exists():
        # mtime=0: the same page always compresses to the same file.
        _atomic_write(path, gzip.compress(data, compresslevel=6, mtime=0))
    return digest


def exists(sha256: str, landing: Path | None = None) -> bool:
    return page_path(sha256, landing).exists()


def load(sha256: str, landing: Path | None = None) -> bytes:
    """The landed bytes for ``sha256``; raises FileNotFoundError if never stored."""
    path = page_path(sha256, landing)
    try:
        data = gzip.decompress(path.read_bytes())
    except FileNotFoundError:
        raise FileNotFoundError(f"page {sha256} is not in the archive ({path})") from None
    if sha256_hex(data) != sha256:
        raise ValueError(f"archived page {path} is corrupt: its content does not hash to {sha256}")
    return data


def records_path(run_id: str, source_id: str, kind: str, landing: Path | None = None) -> Path:
    if kind not in RECORD_KINDS:
        raise ValueError(f"unknown record kind {kind!r}; choose one of {RECORD_KINDS}")
    if not run_id or "/" in run_id or run_id.startswith("."):
        raise ValueError(f"run_id must be a plain name, got {run_id!r}")
    return runs_dir(landing) / run_id / f"{source_id}.{kind}.jsonl"


def write_records(run_id: str, source_id: str, kind: str, records: Iterable[dict], landing: Path | None = None) -> Path:
    """Write one run's records of one kind for one source, atomically (whole file or nothing)."""
    path = records_path(run_id, source_id, kind, landing)
    lines = [json.dumps(record, ensure_ascii=False, sort_keys=True, default=str) for record in records]
    _atomic_write(path, ("\n".join(lines) + "\n" if lines else "").encode("utf-8"))
    return path


def list_runs(landing: Path | None = None) -> list[str]:
    """Run ids with a directory in the landing zone, oldest first (run ids sort by time)."""
    root = runs_dir(landing)
    if not root.exists():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def iter_records(
    run_id: str | None = None, kind: str = "fetches", source_id: str | None = None, landing: Path | None = None
) -> Iterator[dict]:
    """Records of ``kind`` from one run (or every run, oldest first), optionally of one source."""
    if kind not in RECORD_KINDS:
        raise ValueError(f"unknown record kind {kind!r}; choose one of {RECORD_KINDS}")
    runs = [run_id] if run_id is not None else list_runs(landing)
    for run in runs:
        run_path = runs_dir(landing) / run
        pattern = f"{source_id}.{kind}.jsonl" if source_id else f"*.{kind}.jsonl"
        for path in sorted(run_path.glob(pattern)):
            with path.open(encoding="utf-8") as handle:
                for line_number, line in enumerate(handle, 1):
                    if not line.strip():
                        continue
                    try:
                        record = json.loads(line)
                    except ValueError as exc:
                        # Files are written atomically, so this is damage from outside: report it and
                        # keep the rest of the evidence usable (reparse must not stop on one bad line).
                        log.error("%s:%d: not a JSON record, skipped: %s", path, line_number, exc)
                        continue
                    yield record


def read_records(
    run_id: str | None = None, kind: str = "fetches", source_id: str | None = None, landing: Path | None = None
) -> list[dict]:
    return list(iter_records(run_id, kind=kind, source_id=source_id, landing=landing))
