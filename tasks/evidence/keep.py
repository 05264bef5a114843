"""Keeping received pages: each page goes into the evidence copy before it goes downstream, and a
page already in the vault is referenced (refs.py), not copied again (issue 15, point 7)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from tasks.evidence import rawstore
from tasks.evidence.rawstore import check_name, relative, write_segment_seq
from tasks.evidence.refs import known_pages, write_refs
from tasks.pages import RawPage


def keep_pages(pages: Iterable[RawPage], root: Any, run_id: str, target: str) -> Iterator[RawPage]:
    """Write each page into the evidence copy, then yield it unchanged. ``root``: a local folder,
    or an s3:// root opened with vaultstore.vault_root (each segment one COMPLIANCE-locked PUT).

    Pages go downstream only after their segment is safely on disk. If the source fails midway,
    the pages it had already delivered are still kept before the error propagates: they were
    received, so they are evidence, even though this run will not parse them.
    """
    check_name(run_id, "run id")
    check_name(target, "target")
    known = known_pages(root, target)
    buf: list[RawPage] = []
    size = 0
    it = iter(pages)
    while True:
        try:
            page = next(it)
        except StopIteration:
            break
        except BaseException:
            if buf:
                _keep(root, target, run_id, buf, known)
            raise
        buf.append(page)
        size += len(page.body)
        if len(buf) >= rawstore.MAX_SEGMENT_PAGES or size >= rawstore.MAX_SEGMENT_BYTES:
            _keep(root, target, run_id, buf, known)
            yield from buf
            buf, size = [], 0
    if buf:
        _keep(root, target, run_id, buf, known)
        yield from buf


def _keep(
    root: Any, target: str, run_id: str, pages: list[RawPage], known: dict[str, tuple[str, int]]
) -> None:
    """A segment for the pages not yet in the vault, a refs file for those already there (a page
    twice in ``pages`` is kept once): no page's bytes are copied twice (see refs.py)."""
    new: list[RawPage] = []
    again: list[RawPage] = []
    seen: set[str] = set()
    for p in pages:
        h = p.sha256
        if h in known or h in seen:
            again.append(p)
        else:
            seen.add(h)
            new.append(p)
    if new:
        seg, first = write_segment_seq(root, target, run_id, new)
        rel = relative(root, seg)
        for i, p in enumerate(new):
            known.setdefault(p.sha256, (rel, first + i))
    if again:
        write_refs(root, target, run_id, again, known)
