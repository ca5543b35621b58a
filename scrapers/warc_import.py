"""Import a source's pages from a WARC file (an own crawl, an archive's export), read with ``warcio``.

Each ``response`` record of the source's domains whose URL looks like an article becomes one fetch
record (``page_kind: capture``, the WARC-Target-URI as original URL, the WARC-Date as capture time,
``warc:<file name>#<WARC-Record-ID>`` as where it came from) and, when it is a readable 200 HTML
page, lands its HTTP payload unchanged; then the live pipeline's parse, extraction and load follow
(``scrapers.captures.finish_run``). Idempotent: a capture settled by an earlier run (same page,
same time) or whose bytes already landed is not landed again, so importing a file twice, or two
files that overlap, adds nothing the second time.

Redirects (3xx) are recorded with their target (the target's own response record, when the file
holds it, is imported on its own); other statuses are recorded as failures; ``revisit`` records
(WARC's "same payload as before") land nothing; error pages are recorded, not landed.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from scrapers import captures
from scrapers.fetch import HTML_CONTENT_TYPES, utc_now_iso
from scrapers.urls import page_identity
from warehouse import archive
from warehouse.records import FetchRecord

log = logging.getLogger(__name__)


class WarcError(ValueError):
    """A file that is not a readable WARC; the message names the file and what was wrong."""


@dataclass
class WarcImportReport:
    source_id: str
    run_id: str
    warc_file: str
    records_read: int = 0
    responses: int = 0
    other_sites: int = 0
    not_articles: int = 0
    already_settled: int = 0
    revisits: int = 0
    outcomes: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)
    duration_seconds: float = 0.0
    parsed: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["outcomes"] = dict(self.outcomes)
        return data


def _record(
    run_id: str,
    source_id: str,
    *,
    original: str,
    timestamp: str,
    capture_url: str,
    status: int | None,
    outcome: str,
    content_type: str | None,
    size: int,
    content_sha256: str | None = None,
    reason: str | None = None,
    failure_kind: str | None = None,
    digest: str | None = None,
) -> FetchRecord:
    return {
        # one record per WARC record and run: the capture URL names the record
        "fetch_id": hashlib.sha1(f"{run_id}{capture_url}".encode()).hexdigest(),
        "run_id": run_id,
        "source_id": source_id,
        "url": original,
        "canonical_url": page_identity(original),
        "final_url": None,
        "page_kind": captures.PAGE_KIND,
        "status_code": status,
        "outcome": outcome,
        "reason": reason,
        "bytes": size,
        "duration_ms": 0,
        "content_sha256": content_sha256,
        "content_type": content_type,
        "etag": None,
        "last_modified": None,
        "requested_at": utc_now_iso(),
        "attempts": [],
        "failure_kind": failure_kind,
        "original_url": original,
        "capture_timestamp": captures.timestamp_iso(timestamp),
        "capture_url": capture_url,
        "capture_digest": digest,
        "capture_keys": [captures.capture_key(original, timestamp)],
    }


def _is_html(content_type: str | None) -> bool:
    return not content_type or content_type.split(";", 1)[0].strip().lower() in HTML_CONTENT_TYPES


def import_warc(path, source, run_id: str, *, load: bool = True, landing=None) -> WarcImportReport:
    """Land the source's article captures from the WARC file at ``path`` as run ``run_id``, then parse,
    extract and (unless ``load`` is false) load them. Raises WarcError for an unreadable file before
    anything is written; a file damaged midway keeps what was read before the damage."""
    path = Path(path)
    if not path.is_file():
        raise WarcError(f"{path}: no such WARC file")
    with captures.source_lock(source.id, landing):
        captures.finish_interrupted_runs(source, load=load, landing=landing)
        return _import(path, source, run_id, load=load, landing=landing)


def _import(path: Path, source, run_id: str, *, load: bool, landing) -> WarcImportReport:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    started = time.monotonic()
    report = WarcImportReport(source.id, run_id, path.name)
    state = captures.CaptureState.of_source(source.id, landing)
    is_article = captures.article_filter(source)
    max_bytes = source.politeness.max_bytes
    records: list[dict] = []
    try:
        with path.open("rb") as stream:
            for warc_record in ArchiveIterator(stream):
                report.records_read += 1
                if warc_record.rec_type not in ("response", "revisit"):
                    continue
                headers = warc_record.rec_headers
                original = headers.get_header("WARC-Target-URI")
                warc_date = headers.get_header("WARC-Date")
                if not original or not warc_date:
                    report.errors.append(f"record {headers.get_header('WARC-Record-ID')}: no target URI or date")
                    continue
                original = original.strip("<> ")
                report.responses += 1
                if not source.allows_url(original):
                    report.other_sites += 1
                    continue
                if not is_article(original):
                    report.not_articles += 1
                    continue
                timestamp = captures.timestamp_of_iso(warc_date)
                key = captures.capture_key(original, timestamp)
                if state.seen(key):
                    report.already_settled += 1
                    continue
                digest = captures.normalize_digest(headers.get_header("WARC-Payload-Digest"))
                if warc_record.rec_type == "revisit":
                    report.revisits += 1  # "same payload as an earlier capture": nothing new to read
                    continue
                capture_url = f"warc:{path.name}#{headers.get_header('WARC-Record-ID')}"
                http = warc_record.http_headers
                status = http.get_statuscode() if http is not None else None
                status = int(status) if status and str(status).isdigit() else None
                content_type = http.get_header("Content-Type") if http is not None else None
                common = dict(
                    original=original,
                    timestamp=timestamp,
                    capture_url=capture_url,
                    status=status,
                    content_type=content_type,
                    digest=digest,
                )
                if status is None or status >= 300:
                    if status is not None and 300 <= status < 400:
                        location = http.get_header("Location")
                        record = _record(
                            run_id,
                            source.id,
                            outcome="failed",
                            failure_kind="redirect_capture",
                            reason=f"redirect capture (HTTP {status}) to {location}",
                            size=0,
                            **common,
                        )
                    else:
                        # the archive kept an error answer: it will not change, so it is settled, not retried
                        record = _record(
                            run_id,
                            source.id,
                            outcome="failed",
                            failure_kind="error_page",
                            reason=f"HTTP {status} captured",
                            size=0,
                            **common,
                        )
                elif not _is_html(content_type):
                    record = _record(
                        run_id,
                        source.id,
                        outcome="skipped_non_html",
                        failure_kind="not_html",
                        reason=f"content type {content_type}",
                        size=0,
                        **common,
                    )
                else:
                    body = warc_record.content_stream().read(max_bytes + 1)
                    record = _landed_record(run_id, source, body, max_bytes, state, common, landing)
                report.outcomes[
                    record["outcome"]
                    if not record.get("failure_kind")
                    else f"{record['outcome']}:{record['failure_kind']}"
                ] += 1
                state.add(record)
                records.append(record)
    except ArchiveLoadFailed as exc:
        if not records and not report.records_read:
            raise WarcError(f"{path}: not a WARC file warcio can read: {exc}") from exc
        report.errors.append(f"{path}: reading stopped at a damaged record: {exc}")
    archive.write_records(run_id, source.id, "fetches", records, landing)
    report.parsed = captures.finish_run(source, run_id, records, load=load, landing=landing)
    report.duration_seconds = round(time.monotonic() - started, 3)
    return report


def _landed_record(run_id, source, body: bytes, max_bytes: int, state, common: dict, landing) -> dict:
    from scrapers.textnorm import decode_page

    if len(body) > max_bytes:
        return _record(
            run_id,
            source.id,
            outcome="too_large",
            failure_kind="too_large",
            reason=f"payload exceeds the limit of {max_bytes} bytes",
            size=len(body),
            **common,
        )
    error = captures.error_page_reason(decode_page(body, common["content_type"]))
    if error:
        return _record(
            run_id, source.id, outcome="failed", failure_kind="error_page", reason=error, size=len(body), **common
        )
    digest = common["digest"] or captures.payload_digest(body)
    content_sha256 = archive.store(body, landing)
    twin = state.contents.get(content_sha256)
    if twin is not None or digest in state.digests:
        return _record(
            run_id,
            source.id,
            outcome="duplicate",
            content_sha256=content_sha256,
            size=len(body),
            reason=f"same bytes as the capture {twin or digest} already landed: parsed once",
            **{**common, "digest": digest},
        )
    return _record(
        run_id, source.id, outcome="new", content_sha256=content_sha256, size=len(body), **{**common, "digest": digest}
    )
