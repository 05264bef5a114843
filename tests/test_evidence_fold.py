"""A manifest's summary of the segments it seals, added up one part at a time (fold.py): the same
whatever the parts, records.txt written aside owner-only and hashed as written, nothing left."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.evidence import merkle
from tasks.evidence.fold import Fold
from tasks.evidence.readback import Part

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def part(records: list[bytes], pages: int, n: int) -> Part:
    """Segment ``n``: ``records`` over ``pages`` pages (their bodies are made up)."""
    bodies = [f"page {n}.{i}".encode() for i in range(pages)]
    return Part(
        {"file": f"seg-{n}", "sha256": "0" * 64, "pages": pages, "records": len(records)},
        run=f"run-{n % 2}",
        pages_jsonl=b"".join(b'{"page":"%s"}\n' % b for b in bodies),
        page_leaves=merkle.leaf_hashes_of(bodies),
        record_sha256=b"".join(hashlib.sha256(r).digest() for r in records),
        record_leaves=b"".join(merkle.leaf_hash(r) for r in records),
        sources={f"source-{n % 3}"},
        retrieved=[T0 + timedelta(hours=n, minutes=i) for i in range(pages)],
        dates=[date(2026, 3, 1) + timedelta(days=(n * 7 + i) % 5) for i in range(pages)],
    )


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(st.binary(max_size=12), max_size=30), max_size=6),
    st.sampled_from([1, 2, 4]),
)
def test_a_fold_says_of_its_parts_what_their_records_and_pages_say(tmp_path_factory, segs, pages):
    root = tmp_path_factory.mktemp("root")
    parts = [part(records, pages, n) for n, records in enumerate(segs)]
    records = [r for rs in segs for r in rs]
    with Fold(root) as fold:
        for n, p in enumerate(parts):
            fold.add(Path(f"seg-{n}"), p)
        s = fold.summary()
        spooled = s["records_txt"]
        text = spooled.path.read_bytes()
        assert spooled.path.stat().st_mode & 0o777 == 0o600
    assert not spooled.path.exists()  # let go with the fold
    assert text == "".join(hashlib.sha256(r).hexdigest() + "\n" for r in records).encode()
    assert spooled.sha256 == hashlib.sha256(text).hexdigest()
    assert s["records"] == len(records)
    assert s["records_root"] == merkle.root([merkle.leaf_hash(r) for r in records]).hex()
    page_leaves = [leaf for p in parts for leaf in p.page_leaves]
    assert s["pages_root"] == merkle.root(page_leaves).hex() and s["pages"] == len(page_leaves)
    assert s["pages_jsonl"] == b"".join(p.pages_jsonl for p in parts)
    assert s["segments"] == [p.entry for p in parts]
    assert s["runs"] == sorted({p.run for p in parts})
    assert s["sources"] == sorted({x for p in parts for x in p.sources})
    times = [t for p in parts for t in p.retrieved]
    days = [d for p in parts for d in p.dates]
    if parts:
        assert s["retrieved"] == [
            t.isoformat().replace("+00:00", "Z") for t in (min(times), max(times))
        ]
        assert s["dates"] == [min(days).isoformat(), max(days).isoformat()]
    else:
        assert s["retrieved"] == s["dates"] == [None, None]


def test_a_restarted_fold_holds_only_what_was_added_after(tmp_path):
    first, second = part([b"a", b"b"], 2, 0), part([b"c"], 1, 1)
    with Fold(tmp_path) as fold:
        fold.add(Path("seg-0"), first)
        old = fold.path
        fold.restart()
        assert not old.exists() and fold.segments == []
        fold.add(Path("seg-1"), second)
        again = fold.summary()
    with Fold(tmp_path) as fresh:
        fresh.add(Path("seg-1"), second)
        alone = fresh.summary()
        assert fresh.path.read_bytes() == hashlib.sha256(b"c").hexdigest().encode() + b"\n"
    assert {k: v for k, v in again.items() if k != "records_txt"} == {
        k: v for k, v in alone.items() if k != "records_txt"
    }
    assert again["records_txt"].sha256 == alone["records_txt"].sha256
    assert list((tmp_path / "evidence" / ".tmp").iterdir()) == []
