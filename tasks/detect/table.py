"""The table detection writes, declared with tasks.tablekit's Table/Column.

Registered in ``tasks.dictionary.all_tables`` (so the data dictionary lists it).
"""

from __future__ import annotations

import pyarrow as pa

from tasks.tablekit import UTC_TS, Column, Table

# Each kind of episode and the hourly count it is about (tasks/detect/series.py): its volume
# and share are what departed, its peak is that count's, its alert escalates on its growth.
EPISODE_FOCUS = {"harassment": "hostile", "support": "supportive", "unread": "unread"}
EPISODE_KINDS = tuple(EPISODE_FOCUS)
# The kinds that alert (tasks/alerts/policy.py) and make a day worth a daily digest: a hostile
# wave, and a wave of posts no rules read (someone must read them). Support is recorded only.
ALERT_KINDS = ("harassment", "unread")
EPISODE_STATUSES = ("open", "closed")


def _c(name: str, type_: pa.DataType, description: str, **kw: object) -> Column:
    return Column(name, type_, description, **kw)  # type: ignore[arg-type]


def _n(name: str, description: str) -> Column:
    return Column(name, pa.int64(), description, nullable=False, min_value=0)


EPISODES = Table(
    name="episodes",
    path="episodes",
    description=(
        "One row per wave of posts about a target that departed from its normal: a harassment "
        "episode (hostile volume and share up), a support episode (supportive volume and share "
        "up) or an unread episode (volume and share up of posts in languages no rules read). "
        "Rewritten as an open episode grows; the episode_id never changes."
    ),
    key=("target", "episode_id"),
    partition_by=("target",),
    columns=(
        _c("target", pa.string(), "Target.", nullable=False),
        _c(
            "episode_id",
            pa.string(),
            "target:kind:start hour (UTC), e.g. demo:harassment:20200131T18Z.",
            nullable=False,
        ),
        _c(
            "kind",
            pa.string(),
            "harassment, support or unread.",
            nullable=False,
            allowed=EPISODE_KINDS,
        ),
        _c(
            "status",
            pa.string(),
            "open (still above normal when computed) or closed.",
            nullable=False,
            allowed=EPISODE_STATUSES,
        ),
        _c("start", UTC_TS, "First hour of the departure (UTC hour start).", nullable=False),
        _c("peak", UTC_TS, "Hour with the most posts of the episode's stance.", nullable=False),
        _c(
            "end",
            UTC_TS,
            "End of the last hour still above normal (so far, if open).",
            nullable=False,
        ),
        _c(
            "detected_at",
            UTC_TS,
            "End of the hour at which the departure test went into alarm: the earliest a watch "
            "run could know.",
            nullable=False,
        ),
        _n("hours", "Hours from start to end."),
        _n("posts", "Posts (current versions) created within the episode."),
        _n("hostile", "Of which scored hostile."),
        _n("supportive", "Of which scored supportive."),
        _n("neutral", "Of which scored neutral."),
        _n("threats", "Hostile posts the scorer put in the threat category."),
        _n("doxxing", "Hostile posts in the doxxing category."),
        _c(
            "unread",
            pa.int64(),
            "Posts in a language no rules read (any stance; null in rows written before it was "
            "counted).",
            min_value=0,
        ),
        _c(
            "expected_posts",
            pa.float64(),
            "Posts the target's normal predicts over the same hours.",
            nullable=False,
        ),
        _c("expected_hostile", pa.float64(), "Hostile posts the normal predicts.", nullable=False),
        _c(
            "expected_supportive",
            pa.float64(),
            "Supportive posts the normal predicts.",
            nullable=False,
        ),
        _c(
            "expected_unread",
            pa.float64(),
            "Posts in languages no rules read the normal predicts (null before it was counted).",
        ),
        _n("peak_posts", "All posts in the peak hour."),
        _n(
            "peak_stance_posts",
            "Posts of the episode's stance (for unread: unread posts) in the peak hour.",
        ),
        _c(
            "baseline_hostile_share",
            pa.float64(),
            "Usual share of hostile posts among the posts the rules read, in the weeks before.",
            nullable=False,
        ),
        _n("authors", "Distinct authors of the episode's posts."),
        _n("stance_authors", "Distinct authors of its hostile (or supportive) posts."),
        _c(
            "young_account_share",
            pa.float64(),
            "Share of those authors whose account was under 30 days old when they posted.",
        ),
        _c(
            "baseline_young_account_share",
            pa.float64(),
            "The same share among the authors of the weeks before.",
        ),
        _c(
            "new_author_share",
            pa.float64(),
            "Share of those authors who had never posted about the target before the episode.",
        ),
        _n(
            "duplicate_clusters",
            "Copy-paste clusters: one normalised text, new in the episode, from 3+ distinct accounts.",
        ),
        _n("duplicate_posts", "Posts in those clusters."),
        _n("largest_cluster_authors", "Distinct accounts in the largest cluster."),
        _c("largest_cluster_post_id", pa.string(), "Earliest post of the largest cluster."),
        _c(
            "pile_on_post_id",
            pa.string(),
            "The post most of the episode's replies and quotes point at.",
        ),
        _n("pile_on_posts", "Replies and quotes pointing at it."),
        _c(
            "pile_on_watched",
            pa.bool_(),
            "Whether that post is one of the target's watched (designating) posts.",
        ),
        _n("burst_minutes", "Minutes holding improbably many posts for their hour's rate."),
        _n("max_posts_per_minute", "Most posts of the episode's stance in one minute."),
        _c(
            "signals",
            pa.list_(pa.string()),
            "Coordination signals that fired: copy_paste, young_accounts, new_authors, pile_on, "
            "minute_bursts, threats.",
            nullable=False,
        ),
        _c("method", pa.string(), "Departure test and its version, e.g. cusum/1.", nullable=False),
        _c(
            "scorer",
            pa.string(),
            "Scorer (name/version) whose stances were counted.",
            nullable=False,
        ),
        _c("computed_at", UTC_TS, "Stream time of the run that wrote this row.", nullable=False),
    ),
)
