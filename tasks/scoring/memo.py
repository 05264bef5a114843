"""What scoring learns about spans, kept between calls and shared by every scorer of one rule
set in a process (``RulesScorer`` reads and fills it)."""

from __future__ import annotations

import itertools
import os
import threading
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tasks.scoring.ruleset import RuleSet


@dataclass
class Memo:
    """What scoring learns about spans, whatever the posts: the rule each (category, span) came
    from (``RulesScorer._name_spans``), the reason each neutralized span gives, if any
    (``_ignored_reasons``), and a number for each reason. It depends on the rule set alone, so
    every scorer of one rule set shares it (``memo_of``): a nightly run builds a scorer per
    target, and naming a target's spans afresh cost ~0.3 s of its ~1 s on 24k posts (the
    synthetic raid, measured), although most spans are the other targets' (the same insults,
    the same threats)."""

    names: dict[tuple[str, str], tuple[object, ...] | None] = field(default_factory=dict)
    # (category, span, the post's language bits) -> its rule among that post's languages, where
    # the first rule named for the span is of another (``naming.in_post_langs``)
    relang: dict[tuple[str, str, int], tuple[object, ...] | None] = field(default_factory=dict)
    ignored: dict[str, str | None] = field(default_factory=dict)
    reasons: dict[str, int] = field(default_factory=dict)
    _next: Iterator[int] = field(default_factory=itertools.count)

    def reason_id(self, reason: str) -> int:
        """A number of its own for each reason (a post's reasons are kept once each by it).
        Safe from several threads: ``setdefault`` keeps the first number given, and no two
        calls draw the same one."""
        found = self.reasons.get(reason)
        return found if found is not None else self.reasons.setdefault(reason, next(self._next))

    def size(self) -> int:
        return len(self.names) + len(self.ignored) + len(self.relang)


# Entries a memo holds before the next call starts a new one (a long-running process meets
# ever new spans): ~370 bytes an entry (measured: 14,741 entries after the real sets, ~5.5
# MB), so at most ~20 MB; a target of the raid brings ~650 new spans. A call keeps the memo
# it started with.
MAX_ENTRIES = 50_000
MEMOS: weakref.WeakKeyDictionary[RuleSet, Memo] = weakref.WeakKeyDictionary()
LOCK = threading.Lock()


def memo_of(rs: RuleSet) -> Memo:
    """The memo of the scorers of ``rs`` (the object: two rule sets never share one)."""
    with LOCK:
        memo = MEMOS.get(rs)
        if memo is None or memo.size() >= MAX_ENTRIES:
            memo = MEMOS[rs] = Memo()
        return memo


def forget() -> None:
    """Every memo dropped: the next call of each scorer starts afresh."""
    with LOCK:
        MEMOS.clear()


def _new_lock() -> None:
    # A forked child keeps its parent's memos (still true of the same rule sets) but not a
    # lock another thread of the parent may have held at the fork.
    global LOCK
    LOCK = threading.Lock()


os.register_at_fork(after_in_child=_new_lock)
