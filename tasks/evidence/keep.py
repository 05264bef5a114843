"""Keeping received pages: each page goes into the evidence copy before it goes downstream, and a
page already in the vault is referenced (refs.py), not copied again (issue 15, point 7). With
``media``, the media the new pages name are found while they are in memory and held for the
media stage (media_refs.hold), which then need not read the segments back."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from tasks.evidence import rawstore, sealahead
from tasks.evidence.media_refs import hold, pages_refs
from tasks.evidence.rawstore import check_name, relative, segment_identity, write_segment_seq
from tasks.evidence.refs import known_pages, write_refs
from tasks.pages import RawPage


def keep_pages(
    pages: Iterable[RawPage],
    root: Any,
    run_id: str,
    target: str,
    *,
    media: bool = False,
    seal_ahead: bool = False,
) -> Iterator[RawPage]:
    """Write each page into the evidence copy, then yield it unchanged. ``root``: a local folder,
    or an s3:// root opened with vaultstore.vault_root (each segment one COMPLIANCE-locked PUT).
    ``media``: the media stage (media.fetch_media) follows in this process; each new segment's
    media references are held for it, from the very bytes just written. ``seal_ahead``: the seal
    follows in this process; each new segment is read back for it in a helper process
    (sealahead.py), once the run has filled a first segment.

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
                _keep(root, target, run_id, buf, known, media)
            raise
        buf.append(page)
        size += len(page.body)
        if len(buf) >= rawstore.MAX_SEGMENT_PAGES or size >= rawstore.MAX_SEGMENT_BYTES:
            seg = _keep(root, target, run_id, buf, known, media)
            if seal_ahead and seg is not None:
                sealahead.start(root, seg, target, full=True)
            yield from buf
            buf, size = [], 0
    if buf:
        seg = _keep(root, target, run_id, buf, known, media)
        if seal_ahead and seg is not None:
            sealahead.start(root, seg, target, full=False)
        yield from buf


def _keep(
    root: Any,
    target: str,
    run_id: str,
    pages: list[RawPage],
    known: dict[str, tuple[str, int]],
    media: bool = False,
) -> Any:
    """A segment for the pages not yet in the vault, a refs file for those already there (a page
    twice in ``pages`` is kept once): no page's bytes are copied twice (see refs.py). Only the
    segment's pages are held for the media stage, which looks at segments only (a refs file's
    pages are in an earlier segment). Returns the segment written, or None."""
    new: list[RawPage] = []
    again: list[RawPage] = []
    seg = None
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
        if media:  # held only once the segment is on disk: the refs of the bytes it holds
            hold(segment_identity(seg), pages_refs((p.body, p.format, p.sha256) for p in new))
        rel = relative(root, seg)
        for i, p in enumerate(new):
            known.setdefault(p.sha256, (rel, first + i))
    if again:
        write_refs(root, target, run_id, again, known)
    return seg
