"""The generator's answer key: what each emitted tweet object really is (for evaluation only)."""

from __future__ import annotations

import polars as pl

from .accounts import context
from .plan import scenario_hours
from .posts import hour_posts

GROUND_TRUTH_SCHEMA: dict[str, pl.DataType] = {
    "post_id": pl.String(),
    "version_id": pl.String(),
    "created_at": pl.Datetime("us", "UTC"),
    "stance": pl.String(),
    "category": pl.String(),
    "episode": pl.String(),
    "kind": pl.String(),
    "defect": pl.String(),
    "deleted_at": pl.Datetime("us", "UTC"),
    "suspended_at": pl.Datetime("us", "UTC"),
    "lang": pl.String(),
    "author_id": pl.String(),
    "mentions_target": pl.Boolean(),
}
_KIND = {"reply_d": "reply", "quote_d": "quote"}


def ground_truth(
    scenario: str,
    *,
    seed: int = 0,
    handle: str = "demo_journalist",
    user_id: str = "1000000000000000001",
) -> pl.DataFrame:
    """One row per distinct tweet object emitted (post_id, version_id), for evaluation only.

    Besides the labels: author_id, and mentions_target (the text carries the target's @handle;
    replies and quotes around the designating post do not). Malformed records keep their intended
    id and time here, whatever the page shows.
    """
    ctx = context(scenario, seed, handle, user_id)
    at = "@" + handle.lower()
    rows: list[tuple[object, ...]] = []
    for hour in scenario_hours(scenario, None, None):
        for p in hour_posts(ctx, hour):
            rows.append(
                (
                    str(p.edit_of or p.id),
                    str(p.id),
                    p.ms,
                    p.stance,
                    p.category,
                    p.episode,
                    _KIND.get(p.kind, p.kind),
                    p.defect,
                    p.deleted_ms,
                    p.author.suspended_ms,
                    p.lang,
                    p.author.id,
                    at in str(p.obj["text"]).lower(),
                )
            )
    ints = {name: pl.Int64 for name in ("created_at", "deleted_at", "suspended_at")}
    frame = pl.DataFrame(
        rows, schema={k: ints.get(k, v) for k, v in GROUND_TRUTH_SCHEMA.items()}, orient="row"
    )
    return frame.with_columns(
        pl.col(c).cast(pl.Datetime("ms")).dt.cast_time_unit("us").dt.replace_time_zone("UTC")
        for c in ints
    ).sort("created_at", "version_id", maintain_order=True)
