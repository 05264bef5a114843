"""What scoring learns about spans (the rule each span came from, the reason a neutralized span
gives) is shared by every scorer of one rule set in a process: a nightly run builds a scorer
per target. Sharing must change no score, name each span once, keep two rule sets apart, give
distinct reasons distinct numbers from any number of threads, and start afresh past its bound.
"""

from __future__ import annotations

import threading

import polars as pl
import pytest

from tasks.scoring import memo, naming, rules
from tasks.scoring.memo import Memo, memo_of
from tasks.scoring.rules import RulesScorer
from tasks.scoring.ruleset import RuleSet

POSTS = pl.DataFrame(
    {
        "text": [
            "je vais te tuer sale conne",
            "you stupid idiot, I will find you",
            "il a dit « je vais te tuer » au procès",
            "merci pour ton travail, courage",
            "on va te faire la peau @cible",
            "tu n'es pas une idiote",
        ],
        "lang": ["fr", "en", "fr", "fr", "fr", "fr"],
    }
)


@pytest.fixture
def named_spans(monkeypatch: pytest.MonkeyPatch) -> list[list[tuple[str, str]]]:
    """The (category, span) pairs each call asked ``first_rules`` to name."""
    calls: list[list[tuple[str, str]]] = []
    real = naming.first_rules

    def spy(rs: RuleSet, pairs: list[tuple[str, str]]) -> list[object]:
        calls.append(list(pairs))
        return real(rs, pairs)

    monkeypatch.setattr(rules, "first_rules", spy)
    return calls


def test_a_second_scorer_of_the_same_rules_names_no_span_again_and_scores_the_same(
    named_spans: list[list[tuple[str, str]]],
) -> None:
    memo.forget()
    first = RulesScorer().score(POSTS)
    assert named_spans and named_spans[0], "the first scorer named the posts' spans"
    second = RulesScorer().score(POSTS)
    assert named_spans[1:] == [[]]
    assert second.equals(first)
    assert "hostile" in first["stance"].to_list()


def test_scores_with_a_shared_memo_equal_scores_with_a_fresh_one() -> None:
    memo.forget()
    warm = RulesScorer()
    other = pl.DataFrame({"text": ["espèce de connasse", "t'es mort ce soir"], "lang": ["fr"] * 2})
    warm.score(other)  # the memo now holds another call's spans and reason numbers
    shared = warm.score(POSTS)
    memo.forget()
    fresh = RulesScorer().score(POSTS)
    assert shared.equals(fresh)


def test_two_rule_sets_never_share_a_memo() -> None:
    default = RulesScorer()
    mine = RuleSet(rules=[("fr.insult.patate", 0.9, "patate")])
    assert memo_of(mine) is not memo_of(default.rs)
    row = RulesScorer(ruleset=mine, model=False).score(POSTS.head(1)).row(0, named=True)
    assert row["stance"] == "neutral", "the default lexicon's names did not leak into it"


def test_distinct_reasons_get_distinct_numbers_from_many_threads() -> None:
    shared = Memo()
    reasons = [f"fr.threat.r{i}: «span {i}»" for i in range(2_000)]
    got: list[dict[str, int]] = [{} for _ in range(4)]
    start = threading.Barrier(4)

    def work(k: int) -> None:
        start.wait()
        for reason in reasons[k::2] + reasons:  # overlapping, in different orders
            got[k][reason] = shared.reason_id(reason)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(g == got[0] for g in got), "one reason, one number, whichever thread asked"
    assert len(set(got[0].values())) == len(reasons)


def test_a_full_memo_is_replaced_at_the_next_call_and_scores_stay_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    memo.forget()
    scorer = RulesScorer()
    before = scorer.score(POSTS)
    full = memo_of(scorer.rs)
    assert full.size() > 2
    monkeypatch.setattr(memo, "MAX_ENTRIES", 2)
    after = scorer.score(POSTS)
    assert memo_of(scorer.rs) is not full
    assert after.equals(before)


def test_a_forked_child_gets_the_memo_although_a_thread_held_its_lock_at_the_fork() -> None:
    import os

    scorer = RulesScorer()
    scorer.score(POSTS)
    names = dict(memo_of(scorer.rs).names)
    with memo.LOCK:  # as another thread of the parent might hold it at the fork
        pid = os.fork()
        if pid == 0:  # the child (no Polars here: its pool is not fork-safe)
            try:
                code = 0 if memo_of(scorer.rs).names == names else 1
            except BaseException:
                code = 2
            os._exit(code)
    assert _exit_code(pid, within=60.0) == 0, "the child got its parent's memo"


def _exit_code(pid: int, within: float) -> int | None:
    """The child's exit code; None (the child killed) if it has not ended ``within`` seconds: a
    deadlocked child must fail the test, not hang it. A bound on a hang, never on speed."""
    import os
    import signal
    import time

    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        threading.Event().wait(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None
