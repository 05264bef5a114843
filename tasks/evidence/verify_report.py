"""What `tocsin verify` prints: what was covered, what the tables and the write-once archive
checks found, on an s3:// data root the lock of the objects checked, every finding, and a
verdict worded from the facts (FAILED, NOTHING VERIFIED, OK with warnings, OK)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tasks.evidence.verify import VerifyReport


def _window(report: VerifyReport) -> str:
    if not (report.start or report.end):
        return "all days"
    if not report.end:
        return f"from {report.start} on (UTC days)"
    return f"{report.start or 'the beginning'} to {report.end} (UTC days)"


def coverage_line(report: VerifyReport) -> str:
    """What was covered, in one line."""
    n = report.manifests_checked
    return (
        f"covered: {n} of {report.manifests_total} manifest(s) (targets "
        f"{', '.join(report.targets) or 'none'}; window {_window(report)}), {report.segments} "
        f"segments, {report.pages:,} pages, {report.records:,} records (hashes, Merkle roots); "
        f"signed {report.signed} of {n}, timestamped {report.timestamped} of {n}"
        + (f"; {report.media:,} media files rehashed" if report.media else "")
        + (
            f" ({report.demo_timestamped} by the DEMO authority: not evidence)"
            if report.demo_timestamped
            else ""
        )
    )


def tables_line(report: VerifyReport) -> str | None:
    t = report.tables
    if t is None:
        return None
    if not t.present:
        return "tables: none under the data root (not compared)"
    line = (
        f"tables: {t.mentions:,} mentions and {t.quarantine:,} quarantine row(s); {t.compared:,} "
        f"re-derived from their sealed records and compared: {t.edited:,} differ, "
        f"{t.deleted:,} sealed record(s) without a row, {t.unsealed:,} row(s) without a sealed "
        "record"
    )
    return line + (f", {t.not_compared:,} not compared" if t.not_compared else "")


def verdict(report: VerifyReport) -> str:
    """The last line, worded from what was found: FAILED, NOTHING VERIFIED, OK with warnings, OK."""
    if report.errors:
        return f"FAILED: {len(report.errors)} problem(s)"
    if not report.manifests_checked:
        what = f"target {', '.join(report.targets)}" if report.targets else "this data root"
        return (
            f"NOTHING VERIFIED: no sealed manifest for {what} in window {_window(report)}, "
            "so nothing could be checked"
        )
    n = report.manifests_checked
    gaps = []
    if report.signed < n:
        gaps.append(f"{n - report.signed} manifest(s) unsigned")
    if report.timestamped < n:
        gaps.append(f"{n - report.timestamped} untimestamped")
    if report.demo_timestamped:
        gaps.append(f"{report.demo_timestamped} timestamped by the DEMO authority only")
    if report.archive is not None:
        gaps += report.archive.gaps()
    if report.locks is not None:
        gaps += report.locks.gaps()
    t = report.tables
    if t is not None and not t.present:
        gaps.append("working tables not compared")
    if t is not None and t.unsealed:
        gaps.append(f"{t.unsealed} row(s) without a sealed record")
    if t is not None and t.not_compared:
        gaps.append(f"{t.not_compared} row(s) not compared")
    others = sum(1 for w in report.warnings if not w.topic)
    if others:
        gaps.append(f"{others} other warning(s)")
    if gaps:
        return "OK with warnings: " + ", ".join(gaps)
    return (
        f"OK: nothing altered, missing or added; {n} manifest(s) signed and timestamped"
        + (f", {t.compared:,} table rows match their sealed records" if t else "")
        + (report.archive.ok_words() if report.archive else "")
        + (report.locks.ok_words() if report.locks else "")
    )


def report_lines(report: VerifyReport, *, full: bool = False) -> list[str]:
    """The short report `tocsin verify` prints."""
    f = report.facts
    lines = [
        f"manifests: {report.manifests_total} in the chain, head {report.head or '-'}",
        coverage_line(report),
    ]
    tables = tables_line(report)
    if tables:
        lines.append(tables)
    if report.archive is not None:
        lines.append(report.archive.line())
    if report.locks is not None:
        lines.append(report.locks.line())
    lines += [
        f"signatures: {f.signed} valid, checked with {f.key_source}"
        if f.signed or f.key_fingerprints
        else "signatures: none (no signing key configured when sealed)",
        f"timestamps: {f.timestamped} valid"
        + (
            f" (latest TSA time {max(f.token_times.values()):%Y-%m-%d %H:%M:%S} UTC)"
            if f.token_times
            else ""
        )
        + (f", {f.pending} pending" if f.pending else "")
        + (f", {f.untimestamped} untimestamped (no TSA configured)" if f.untimestamped else ""),
    ]
    for finding in report.errors + report.warnings:
        lines.append(f"{finding.level.upper()}: {finding.path}: {finding.message}")
        if full and len(finding.records) > 1:
            lines += [f"    record {h}" for h in finding.records]
    lines.append(f"{verdict(report)} ({report.seconds:.1f} s)")
    return lines
