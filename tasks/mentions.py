"""Views of the mentions table that every reader shares (scoring, aggregation, detection, the
digest), so they all count a post the same way."""

from __future__ import annotations

import polars as pl


def current_view(mentions: pl.LazyFrame) -> pl.LazyFrame:
    """One row per post: its newest stored version (every version stays in storage)."""
    return mentions.sort("version", descending=True).unique(
        subset=["target", "platform", "post_id"], keep="first", maintain_order=True
    )
