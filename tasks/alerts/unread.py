"""An alert about a wave of posts in languages no rules read (an ``unread`` episode).

Tocsin's rules read French and English; a raid in German or Arabic is neutral to them, but
for the plainest threats in German, Spanish, Italian and Portuguese (``lexicon_threats_other``),
so detection follows those posts' volume and share as a family of their own (tasks/detect). What
an alert can truthfully say about such a wave: how many posts, in which languages, how far above
the normal, how coordinated — and that Tocsin cannot tell whether they are hostile, so someone
who reads the language must look. The posts it quotes are examples (``compose.worst_posts``:
the most copied first, a campaign's text), after a content warning, made inert by the same
templates as any alert.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import polars as pl

from tasks import i18n
from tasks.detect.episodes import within
from tasks.i18n import ALERT, MISSING, fmt_int
from tasks.scoring.language import count_languages

KIND = "unread"
# A harassment alert names the posts of its hours no rules read from this many on.
FACT_MIN = 10


def _inside(posts: pl.DataFrame, episode: dict[str, Any]) -> pl.DataFrame:
    if "unread" not in posts.columns or posts.is_empty():
        return posts.clear()
    return posts.filter(pl.col("unread").is_not_null() & within(episode["start"], episode["end"]))


def episode_languages(posts: pl.DataFrame, episode: dict[str, Any]) -> list[tuple[str, int]]:
    """(language, posts) of the episode's posts no rules read, most posts first."""
    inside = _inside(posts, episode)
    return count_languages(inside["unread"]) if inside.height else []


def words(
    ep: dict[str, Any],
    languages: list[tuple[str, int]],
    *,
    lang: str,
    name: str,
    why: str,
    level: int,
    when: Callable[[datetime], str],
) -> dict[str, Any]:
    """An unread episode's own sentences (``compose._raid_words`` has a harassment alert's):
    subject, headline, facts, the step that asks for a reader of the language, the content
    warning."""
    t = lambda key, **v: ALERT.t(lang, key, **v)  # noqa: E731 - a local shorthand
    names = ", ".join(i18n.language_name(code, lang) for code, _ in languages) or "?"
    unread = i18n.plural(lang, "posts", ep["unread"] or 0)
    subject = (
        t("u_subject_new", names=names, name=name, unread=unread)
        if level == 0
        else t("u_subject_escalation", why=why, unread=unread, names=names, name=name)
    )
    facts = [
        t(
            "u_since",
            start=when(ep["start"]),
            name=name,
            unread=unread,
            hours=ep["hours"],
            langs=i18n.language_counts(languages, lang) or "?",
            # unknown (null) in a row written before unread posts were counted: said as such
            expected=MISSING
            if ep.get("expected_unread") is None
            else fmt_int(max(1, round(ep["expected_unread"])), lang),
            posts=i18n.plural(lang, "posts", ep["posts"]),
        ),
        t(
            "u_peak",
            peak_count=i18n.plural(lang, "posts", ep["peak_stance_posts"]),
            peak=when(ep["peak"]),
        ),
        ALERT.tn(
            lang, "authors", ep["stance_authors"], authors=fmt_int(ep["stance_authors"], lang)
        ),
        t("u_blind"),
    ]
    return {
        "subject": subject,
        "headline": t(
            "u_headline_open" if ep["status"] == "open" else "u_headline_closed", name=name
        ),
        "facts": facts,
        "after": [],
        "read_step": [t("u_next_read", names=names)],
        "cw_title": t("u_cw_title"),
        "cw_body": lambda count: ALERT.tn(lang, "u_cw_body", count, n=fmt_int(count, lang)),
        "worst_title": t("u_worst_title"),
    }


def fact(ep: dict[str, Any], languages: list[tuple[str, int]], lang: str) -> str:
    """A harassment alert's line about the posts of its hours no rules read (an unread wave
    inside a raid is said here, not in a message of its own)."""
    return ALERT.t(
        lang,
        "unread_fact",
        unread=i18n.plural(lang, "posts", ep["unread"]),
        langs=i18n.language_counts(languages, lang),
    )
