"""Tocsin's checks on its own work fail with ``SelfCheckFailed`` and a message that says what is
wrong, not a bare ``AssertionError``."""

from __future__ import annotations

import pytest

from tasks.errors import SelfCheckFailed, TocsinError
from tasks.sources.synthetic.accounts import context
from tasks.validation_rules import Rule
from tests.conftest import NOW, SKEW


def test_a_scenario_without_a_designator_says_so_when_asked_for_one():
    ctx = context("quiet", 1, "cible", "123")
    with pytest.raises(SelfCheckFailed) as err:
        ctx.designating_account()
    assert str(err.value) == (
        "scenario 'quiet' has no designating account: only seed-wave declares one, so only its "
        "plan may ask for replies to or quotes of it"
    )
    assert context("seed-wave", 1, "cible", "123").designating_account().username


def test_a_rule_with_a_check_no_engine_implements_names_it():
    rule = Rule("odd", "text", "bogus", "a check nothing implements")  # type: ignore[arg-type]
    for build in (
        lambda: rule.failing(NOW, SKEW),
        rule.reason,
        lambda: rule.expectation_kwargs(NOW, SKEW),
    ):
        with pytest.raises(SelfCheckFailed, match=r"^rule odd: check 'bogus' is not implemented$"):
            build()


def test_a_self_check_is_a_bug_not_a_user_error():
    # The CLI prints a TocsinError as one line; a bug keeps its traceback.
    assert not issubclass(SelfCheckFailed, TocsinError)
