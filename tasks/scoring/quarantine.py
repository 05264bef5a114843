"""Quarantined but readable: a record rejected for something other than its text is still read.

A threat whose author id is missing or whose date is malformed is still a threat: validation
quarantines the record (nothing is dropped, the reasons are kept), but it must not disappear
from view. ``score_rejected`` takes the rejected staging rows (``tasks.validate.split``'s second
frame: parsed ``text`` and ``lang`` beside the ``reasons``) and scores those whose text was read
intact, with ``validated`` false: a reader, a digest or an alert shows them as unvalidated.
``score_quarantine`` does the same from storage, into the ``quarantine_scores`` table.

What counts as unreadable: the parser could not read the record at all (``parse: not_json:``,
``unknown_format``, ``unreadable``...), a rule on the text failed (``non_blank: text ...``), a
parse error names the text field, or the text is blank.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from config.targets import Target
from tasks.bounded import date_groups, stored_rows
from tasks.files import locked
from tasks.schema import QUARANTINE
from tasks.scoring.base import OUTPUT_SCHEMA, Scorer
from tasks.scoring.language import unread_language
from tasks.scoring.table import QUARANTINE_SCORES
from tasks.storage import root_of
from tasks.store import merge_partitions, scan

# Reasons that say the text itself cannot be trusted or was not read.
_TEXT_UNREADABLE = (
    r"^(?:parse: (?:not_json|unknown_format|api_error|not_a_post|unreadable|ambiguous):"
    r"|parse: [^:]*text(?:$|[^a-z_])|[a-z_]+: text(?:$|[^a-z_]))"
)


def _text_unreadable() -> pl.Expr:
    """Over rows with ``reasons``: whether one of them says the text was not read intact."""
    bad = pl.col("reasons").list.eval(pl.element().str.contains(_TEXT_UNREADABLE)).list.any()
    return bad.fill_null(True)


def readable() -> pl.Expr:
    """Over rejected staging rows: whether the text can be read and scored."""
    text_ok = pl.col("text").is_not_null() & (pl.col("text").str.strip_chars() != "")
    return text_ok & ~_text_unreadable()


def score_rejected(rejected: pl.DataFrame, scorer: Scorer) -> pl.DataFrame:
    """The readable rows of ``rejected``, scored: their own columns but ``reasons`` (renamed
    ``quarantine_reasons``), the scorer's five columns, and ``validated`` (always false)."""
    rows = rejected.filter(readable())
    if "lang" not in rows.columns:
        rows = rows.with_columns(lang=pl.lit(None, pl.String))
    rows = rows.rename({"reasons": "quarantine_reasons"})
    scored = scorer.score(rows.select("text", "lang")).select(*OUTPUT_SCHEMA)
    return pl.concat([rows, scored], how="horizontal").with_columns(validated=pl.lit(False))


# The quarantine table keeps each raw record, not the page it came in nor its wire format: the
# platform column (when the parser could read it) names the parser to read the record again.
# Each of these parsers reads one record given alone (a status, a notification, a post view).
_FORMAT_OF_PLATFORM = {"mastodon": "mastodon", "bluesky": "bluesky"}
POST_FIELDS = [
    "platform",
    "post_id",
    "version_id",
    "version",
    "created_at",
    "author_id",
    "author_handle",
    "author_created_at",
    "text",
    "lang",
    "kind",
    "in_reply_to_id",
    "quoted_id",
    "watched_post_id",
    "url",
]


def reparse(rows: pl.DataFrame, target: str, at: datetime) -> pl.DataFrame:
    """Quarantine rows (``raw``, ``raw_sha256``, ``platform``, ``reasons``...) read again: their
    own columns, the parsed ``POST_FIELDS`` (``platform`` and ``post_id`` where the quarantine
    row has none), and the parse errors added to ``reasons`` as ``parse: ...``. X records are
    read by shape (``auto``), Mastodon and Bluesky ones by their platform's parser; a record
    neither reads (a CSV row, kept without its header) comes back with a ``parse:`` reason and
    is unreadable to ``readable()``."""
    from tasks.pages import RawPage
    from tasks.parse import parse_pages

    if rows.is_empty():
        return rows
    pages = [
        RawPage(raw.encode(), "quarantine", sha, at, format=_FORMAT_OF_PLATFORM.get(pf, "auto"))
        for raw, sha, pf in rows.select("raw", "raw_sha256", "platform").iter_rows()
    ]
    parsed, _ = parse_pages(pages, Target(name=target, timezone="UTC"))
    fields = parsed.select("raw_sha256", *POST_FIELDS, "parse_errors").rename(
        {"platform": "parsed_platform", "post_id": "parsed_post_id"}
    )
    out = rows.join(fields, on="raw_sha256", how="inner").unique(
        "raw_sha256", keep="first", maintain_order=True
    )
    return out.with_columns(
        platform=pl.coalesce("platform", "parsed_platform"),
        post_id=pl.coalesce("post_id", "parsed_post_id"),
        reasons=pl.concat_list(
            "reasons", pl.col("parse_errors").list.eval(pl.lit("parse: ") + pl.element())
        ),
    ).drop("parsed_platform", "parsed_post_id", "parse_errors")


def unscored_quarantine(
    root: Path, target: str, scorer: Scorer, dates: list[str] | None, at: datetime
) -> pl.DataFrame:
    """The target's quarantined records (of the quarantine ``dates``, or all) that this scorer
    version has not scored yet and whose text can be read, parsed again: ``target``, ``date``,
    ``platform``, ``post_id``, ``raw_sha256``, ``reasons``, ``text``, ``lang``. What
    ``score_quarantine`` scores; read alone to score several targets' records in one call
    (tasks.scoring.primed)."""
    root = root_of(root)
    columns = ["target", "date", "platform", "post_id", "raw_sha256", "reasons", "text", "lang"]
    none = pl.DataFrame(schema={c: pl.String for c in columns}).with_columns(
        reasons=pl.lit([], pl.List(pl.String))
    )
    if dates is not None and not dates:
        return none
    on_dates = pl.lit(True) if dates is None else pl.col("date").is_in(dates)
    quarantined = scan(
        root,
        QUARANTINE,
        ["target", "date", "raw_sha256", "raw", "reasons", "platform", "post_id"],
        where={"target": target},
    ).filter(on_dates)
    done = (
        scan(
            root,
            QUARANTINE_SCORES,
            ["target", "date", "raw_sha256", "scorer", "scorer_version"],
            where={"target": target},
        )
        .filter(on_dates)
        .filter((pl.col("scorer") == scorer.name) & (pl.col("scorer_version") == scorer.version))
        .select("target", "raw_sha256")
    )
    # A record whose stored reasons already say its text was not read is not parsed again
    # (a 50 MB post refused for its text would cost its parse a second time, for nothing).
    todo = (
        quarantined.join(done, on=["target", "raw_sha256"], how="anti")
        .filter(~_text_unreadable())
        .collect()
    )
    if todo.is_empty():
        return none
    return reparse(todo, target, at).select(*columns)


QUARANTINE_ROWS = 50_000
"""At most about this many stored quarantine rows are read, parsed again and scored at once
(``score_quarantine``, by groups of UTC dates as tasks.scoring.store.SCORE_ROWS): each holds
its raw record whole, so a quarantine of millions (a platform changing a field's shape
quarantines everything until Tocsin reads it) never sits in memory at once."""


def score_quarantine(
    root: Path,
    target: str,
    scorer: Scorer,
    *,
    now: datetime | None = None,
    dates: list[str] | None = None,
    rows: pl.DataFrame | None = None,
    limit: int | None = None,
) -> int:
    """Score the target's quarantined records (of the quarantine ``dates``, or all) that this
    scorer version has not scored yet, into ``quarantine_scores``; returns rows written (0 on a
    second run: a re-run writes nothing).

    The quarantine table keeps each record's raw text, not the parsed fields: the record is
    parsed again (``reparse``). A record it cannot read, or whose text it could not read, stays
    unscored (and in quarantine, counted there). ``rows``: what ``unscored_quarantine``
    returns for the same arguments, when the caller has just read it (tasks.derive).
    Otherwise the dates are read in groups of about ``limit`` stored rows (default
    ``QUARANTINE_ROWS``), each group's scores merged before the next is read."""
    root = root_of(root)
    at = now or datetime.now(UTC)
    if rows is not None:
        return _scored_into(root, rows, scorer, at)
    written = 0
    for group in date_groups(
        stored_rows(root, target, dates, QUARANTINE), limit or QUARANTINE_ROWS
    ):
        written += _scored_into(
            root, unscored_quarantine(root, target, scorer, group, at), scorer, at
        )
    return written


def _scored_into(root: Path, rows: pl.DataFrame, scorer: Scorer, at: datetime) -> int:
    """``rows`` (``unscored_quarantine``'s) scored and merged into ``quarantine_scores``."""
    if rows.is_empty():
        return 0
    scored = score_rejected(rows, scorer)
    if scored.is_empty():
        return 0
    out = scored.with_columns(
        scorer=pl.lit(scorer.name),
        scorer_version=pl.lit(scorer.version),
        scored_at=pl.lit(at).cast(pl.Datetime("us", "UTC")),
    )
    with locked(root):
        written, _ = merge_partitions(
            root,
            QUARANTINE_SCORES,
            QUARANTINE_SCORES.conform(out),
            sort_by=["raw_sha256", "scorer"],
        )
    return written


def quarantine_posts(
    root: Path, target: str, start: datetime, end: datetime, scorer: Scorer
) -> pl.DataFrame:
    """The target's scored quarantined records (this scorer version) placed in [start, end), as
    posts for detection and alerts: ``target``, ``POST_FIELDS``, the scores, ``validated``
    (false) and ``quarantine_reasons``.

    ``quarantine_scores`` keeps no text nor time: they are read again from the raw record. A
    record's place in time is its ``created_at``, or when Tocsin received it if its date is
    missing, unreadable or later than that (a bad date is often why it is here). A record with
    no post id is known by its raw SHA-256."""
    root = root_of(root)
    first = start.strftime("%Y-%m-%d")  # quarantined on the day received, never before created
    scores = (
        scan(root, QUARANTINE_SCORES, where={"target": target})
        .filter(
            (pl.col("date") >= first)
            & (pl.col("scorer") == scorer.name)
            & (pl.col("scorer_version") == scorer.version)
        )
        .select(
            "raw_sha256",
            "quarantine_reasons",
            "stance",
            "categories",
            "severity",
            "score",
            unread_language(pl.col("reasons")).alias("unread"),
        )
        .unique("raw_sha256")
        .collect()
    )
    empty = _post_frame(pl.DataFrame(schema={"target": pl.String}), target).clear()
    if scores.is_empty():
        return empty
    raws = (
        scan(
            root,
            QUARANTINE,
            [
                "target",
                "date",
                "raw_sha256",
                "raw",
                "reasons",
                "platform",
                "post_id",
                "retrieved_at",
            ],
            where={"target": target},
        )
        .filter(pl.col("date") >= first)
        .join(scores.lazy().select("raw_sha256"), on="raw_sha256", how="semi")
        .collect()
    )
    if raws.is_empty():
        return empty
    read = reparse(raws.unique("raw_sha256"), target, start).join(scores, on="raw_sha256")
    placed = read.with_columns(
        created_at=pl.when(
            pl.col("created_at").is_null() | (pl.col("created_at") > pl.col("retrieved_at"))
        )
        .then(pl.col("retrieved_at"))
        .otherwise(pl.col("created_at")),
    ).filter(pl.col("created_at").is_between(start, end, closed="left"))
    return _post_frame(placed, target)


def _post_frame(rows: pl.DataFrame, target: str) -> pl.DataFrame:
    """``rows`` as detection's posts: every post field (null where not read), the scores."""
    from tasks.schema import MENTIONS

    schema = MENTIONS.polars_schema()
    extra = {
        "raw_sha256": pl.String,
        "stance": pl.String,
        "categories": pl.List(pl.String),
        "severity": pl.Int8,
        "score": pl.Float64,
        "unread": pl.String,
        "quarantine_reasons": pl.List(pl.String),
    }
    types = {**{n: schema[n] for n in POST_FIELDS}, **extra}
    rows = rows.with_columns(
        [pl.lit(None, t).alias(n) for n, t in types.items() if n not in rows.columns]
    ).with_columns([pl.col(n).cast(t) for n, t in types.items()])
    sha = pl.col("raw_sha256")
    return rows.select(
        pl.lit(target, pl.String).alias("target"),
        *[c for c in POST_FIELDS if c not in ("post_id", "version_id", "version")],
        pl.coalesce("post_id", sha).alias("post_id"),
        pl.coalesce("version_id", sha).alias("version_id"),
        pl.col("version").fill_null(0),
        "stance",
        "categories",
        "severity",
        "score",
        "unread",
        pl.lit(False).alias("validated"),
        "quarantine_reasons",
    )
