from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

from tasks.gx_suite import gx_counts, gx_validate
from tasks.pages import RawPage
from tasks.parse import parse_pages
from tasks.validate import rule_counts, split, split_counted
from tasks.validation_rules import MENTION_RULES
from tests.conftest import NOW, SKEW, page, tweet
from tests.support.batches import mixed_batch


def test_gx_and_row_rules_flag_the_same_rows(target):
    staging = mixed_batch(target)
    result = gx_validate(staging, NOW, SKEW, result_format="COMPLETE")
    by_rule = {
        r["expectation_config"]["meta"]["rule"]: sorted(
            r["result"].get("unexpected_index_list") or []
        )
        for r in result["results"]
    }
    for rule in MENTION_RULES:
        ours = (
            staging.with_row_index()
            .filter(rule.failing(NOW, SKEW).fill_null(False))["index"]
            .to_list()
        )
        assert by_rule[rule.name] == ours, rule.name
    assert gx_counts(result) == rule_counts(staging, NOW, SKEW)
    assert result["success"] is False


def test_split_keeps_every_row(target):
    staging = mixed_batch(target)
    valid, rejected = split(staging, NOW, SKEW)
    assert valid.height + rejected.height == staging.height
    assert valid["version_id"].to_list() == ["1"]
    assert rejected.height == 6
    assert rejected.filter(pl.col("reasons").list.len() == 0).is_empty()


def test_split_counted_counts_what_each_rule_rejects(target):
    staging = mixed_batch(target)
    valid, rejected, counts = split_counted(staging, NOW, SKEW)
    assert valid["version_id"].to_list() == ["1"]
    assert rejected.height == 6
    assert set(counts) == {r.name for r in MENTION_RULES}
    assert {k: n for k, n in counts.items() if n} == {
        "parses": 3,
        "platform_required": 1,
        "post_id_required": 2,
        "version_id_required": 2,
        "author_id_required": 2,
        "created_at_required": 2,
        "created_at_not_future": 1,
        "text_required": 1,
        "text_non_blank": 1,
        "kind_required": 1,
    }
    assert counts == rule_counts(staging, NOW, SKEW)


@pytest.mark.parametrize(
    ("text", "blank"),
    [
        pytest.param(" \t\n", True, id="ascii-whitespace"),
        pytest.param("\u00a0\u2003\u3000", True, id="unicode-spaces"),
        pytest.param("\x1c\x1f", False, id="separators-are-not-white-space"),
        pytest.param("\u200b", True, id="zero-width-space-shows-nothing"),
        pytest.param("\u200c\u200d\u2060\ufeff", True, id="joiners-and-bom-show-nothing"),
        pytest.param("\u202e\u2066\u200e \u200f\u061c", True, id="bidi-controls-show-nothing"),
        pytest.param("\u00ad\u180e\u2061\n", True, id="soft-hyphen-and-invisible-operators"),
        pytest.param("\u200bx\u200b", False, id="a-letter-between-zero-widths"),
        pytest.param("\u202e\u05d0", False, id="a-hebrew-letter-after-an-override"),
        pytest.param(" x ", False, id="text"),
    ],
)
def test_gx_and_row_rules_agree_on_what_is_blank(target, text, blank):
    pages = [
        RawPage(page([tweet("1", text=text)]), "file", "f:0", datetime(2020, 2, 2, tzinfo=UTC))
    ]
    staging = parse_pages(pages, target)[0]
    result = gx_validate(staging, NOW, SKEW)
    assert rule_counts(staging, NOW, SKEW)["text_non_blank"] == int(blank)
    assert gx_counts(result) == rule_counts(staging, NOW, SKEW)
