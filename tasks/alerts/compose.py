"""One alert, in one language: the words, the numbers, the worst posts, what to do next.

The view is built from the episode row (numbers, signals) and the episode's posts (the worst
messages), then rendered by two templates (reports/alert.txt.j2, reports/alert.html.j2) into a
multipart e-mail. Attacker-controlled text (post text, handles) stays raw in the view and is
made inert by the templates' filters (tasks.textsafe); the HTML template also autoescapes
everything else. The only links are canonical post URLs that pass ``safe_post_url``.
"""

from __future__ import annotations

import email.policy
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
import polars as pl

from tasks import i18n
from tasks.alerts import unread
from tasks.detect.episodes import within
from tasks.evidence.claims import evidence_sentences, screenshots_sentence
from tasks.evidence.state import EvidenceState
from tasks.i18n import ALERT, fmt_datetime, fmt_int, fmt_pct
from tasks.i18n.labels import REASON
from tasks.textsafe import (
    header_value,
    one_line,
    safe_post_url,
    untrusted_html,
    untrusted_text,
)

TEMPLATES = Path(__file__).resolve().parents[2] / "reports"
MAX_POST_CHARS = 600


@dataclass(frozen=True)
class WorstPost:
    when: str
    author: str  # raw handle (attacker-chosen): the templates neutralise it
    text: str  # raw text: the templates neutralise, defang and escape it
    url: str | None  # canonical post URL, already checked
    categories: str


@dataclass(frozen=True)
class AlertView:
    lang: str
    subject: str
    headline: str
    escalation: str | None
    facts: list[str]
    signals_title: str
    signals: list[str]
    next_title: str
    next_steps: list[str]
    contacts: str | None
    cw_title: str
    cw_body: str
    worst_title: str
    open_post: str
    worst: list[WorstPost] = field(default_factory=list)
    footer: str = ""
    colon: str = ":"  # after a title in the text part: French puts a no-break space before it


@dataclass(frozen=True)
class Audience:
    """Who the alert is about and for."""

    target_name: str  # slug, for the export command
    display_name: str
    timezone: str
    lang: str
    contacts: tuple[str, ...] = ()  # "Name (role) <email>" of the others alerted, trusted config


def worst_posts(
    posts: pl.DataFrame, episode: dict[str, Any], n: int, *, since: datetime | None = None
) -> pl.DataFrame:
    """The episode's ``n`` posts an alert quotes: its most severe hostile posts (severity, then
    score, then earliest; at equal severity an unvalidated post, a quarantined record with
    ``validated`` false, comes first: nothing else would show it). For an unread episode, its
    posts no rules read: what the universal rules found first (a weapon emoji, a phone
    number), then the texts posted most often (a campaign's copy), then the earliest.

    Reposts are left out (the original says it once) and so are repeated texts. With ``since``
    (an escalation), the posts that came after the previous message are preferred: the reader
    already saw the earlier ones.
    """
    wave_unread = episode.get("kind") == unread.KIND
    if n <= 0 or posts.is_empty() or (wave_unread and "unread" not in posts.columns):
        return posts.clear()
    chosen = pl.col("unread").is_not_null() if wave_unread else pl.col("stance") == "hostile"
    inside = posts.filter(chosen & within(episode["start"], episode["end"]))
    if "kind" in inside.columns:
        inside = inside.filter(pl.col("kind") != "repost")
    if since is not None and inside.filter(pl.col("created_at") >= since).height:
        inside = inside.filter(pl.col("created_at") >= since)
    keys = [("severity", True), ("validated", False), ("score", True)]
    if wave_unread:
        inside = inside.with_columns(copies=pl.len().over("text"))
        keys = [("severity", True), ("copies", True)]
    order = [(c, desc) for c, desc in keys if c in inside.columns]
    ranked = inside.sort(
        [c for c, _ in order] + ["created_at"],
        descending=[d for _, d in order] + [False],
        nulls_last=wave_unread,
    )
    picked = ranked.unique("text", keep="first", maintain_order=True).head(n)
    return picked.drop("copies") if wave_unread else picked


def unvalidated_hostile(posts: pl.DataFrame, episode: dict[str, Any]) -> int:
    """Hostile posts of the episode that come from quarantined records."""
    if "validated" not in posts.columns or posts.is_empty():
        return 0
    return posts.filter(
        (pl.col("stance") == "hostile")
        & ~pl.col("validated").fill_null(True)
        & within(episode["start"], episode["end"])
    ).height


def unvalidated_note(reasons: list[str] | None, lang: str) -> str:
    """The "unvalidated record (reason: …)" note: the first reason, on one line and inert (a reason can
    quote a value from the record)."""
    reason = untrusted_text(one_line((reasons or ["?"])[0], max_chars=100))
    return ALERT.t(lang, "unvalidated_record", reason=reason)


def _signal_lines(ep: dict[str, Any], lang: str) -> list[str]:
    t = lambda key, **v: ALERT.t(lang, key, **v)  # noqa: E731 - a local shorthand
    fired, out = set(ep.get("signals") or ()), []
    if "copy_paste" in fired:
        out.append(
            t(
                "sig_copy_paste",
                posts=fmt_int(ep["duplicate_posts"], lang),
                clusters=fmt_int(ep["duplicate_clusters"], lang),
                clusters_authors=fmt_int(ep["largest_cluster_authors"], lang),
            )
        )
    if "young_accounts" in fired:
        out.append(
            t(
                "sig_young_accounts",
                share=fmt_pct(ep["young_account_share"], lang),
                usual=fmt_pct(ep["baseline_young_account_share"], lang),
            )
        )
    if "new_authors" in fired:
        out.append(t("sig_new_authors", share=fmt_pct(ep["new_author_share"], lang)))
    if "pile_on" in fired:
        watched = t("sig_pile_on_watched") if ep.get("pile_on_watched") else ""
        out.append(t("sig_pile_on", count=fmt_int(ep["pile_on_posts"], lang), watched=watched))
    if "minute_bursts" in fired:
        out.append(
            t("sig_minute_bursts", count=ep["burst_minutes"], max=ep["max_posts_per_minute"])
        )
    return out


def export_command(target: str, ep: dict[str, Any]) -> str:
    """The evidence export covering the episode (UTC days, both included)."""
    first, last = ep["start"].date(), ep["end"].date()
    return f"tocsin export --target {target} --from {first} --to {last} --out {target}-{first}.zip"


def _raid_words(
    ep: dict[str, Any],
    languages: list[tuple[str, int]],
    *,
    lang: str,
    name: str,
    why: str,
    level: int,
    when: Callable[[datetime], str],
) -> dict[str, Any]:
    """A harassment alert's own sentences (``unread.words`` has an unread episode's): subject,
    headline, facts, the line about its posts no rules read (``after``, once the threats are
    said), no step of its own, the content warning."""
    t = lambda key, **v: ALERT.t(lang, key, **v)  # noqa: E731 - a local shorthand
    tn = lambda key, count, **v: ALERT.tn(lang, key, count, **v)  # noqa: E731 - a local shorthand
    hostile = i18n.plural(lang, "hostile_posts", ep["hostile"])
    subject = (
        t("subject_new", name=name, hostile=hostile)
        if level == 0
        else t("subject_escalation", name=name, hostile=hostile, why=why)
    )
    facts = [
        t(
            "since",
            start=when(ep["start"]),
            name=name,
            hostile=hostile,
            hours=ep["hours"],
            expected=fmt_int(max(1, round(ep["expected_hostile"])), lang),
            posts=i18n.plural(lang, "posts", ep["posts"]),
        ),
        t(
            "peak",
            peak_count=i18n.plural(lang, "hostile_posts", ep["peak_stance_posts"]),
            peak=when(ep["peak"]),
        ),
        tn("authors", ep["stance_authors"], authors=fmt_int(ep["stance_authors"], lang)),
    ]
    unread_said = languages and (ep.get("unread") or 0) >= unread.FACT_MIN
    return {
        "subject": subject,
        "headline": t("headline_open" if ep["status"] == "open" else "headline_closed", name=name),
        "facts": facts,
        "after": [unread.fact(ep, languages, lang)] if unread_said else [],
        "read_step": [],
        "cw_title": t("cw_title"),
        "cw_body": lambda k: tn("cw_body", k, n=fmt_int(k, lang)),
        "worst_title": t("worst_title"),
    }


def build_view(
    ep: dict[str, Any],
    worst: pl.DataFrame,
    *,
    audience: Audience,
    level: int,
    reasons: tuple[str, ...],
    evidence: EvidenceState | None = None,
    unvalidated: int = 0,
    languages: list[tuple[str, int]] | None = None,
) -> AlertView:
    """The alert's words. ``evidence``: what the vault holds for the episode; unknown (None)
    reads as nothing sealed, so an alert never claims more than was checked. ``unvalidated``:
    how many of its hostile posts come from quarantined records (said among the facts; each
    one quoted is marked). ``languages``: (language, posts) of an unread episode's posts
    (``unread.episode_languages``)."""
    lang = i18n.resolve(audience.lang)
    evidence = evidence or EvidenceState()
    zone = ZoneInfo(audience.timezone)
    name = one_line(audience.display_name, max_chars=80)
    n = lambda v: fmt_int(v, lang)  # noqa: E731 - a local shorthand
    t = lambda key, **v: ALERT.t(lang, key, **v)  # noqa: E731 - a local shorthand
    tn = lambda key, count, **v: ALERT.tn(lang, key, count, **v)  # noqa: E731 - a local shorthand

    def when(ts: datetime) -> str:
        return fmt_datetime(ts, lang, zone, with_weekday=True, with_zone=True)

    # "new" is no reason to say: only escalations name theirs.
    why = ", ".join(REASON[lang][r] for r in reasons if r in REASON[lang])
    # An unread episode (posts no rules read) says what is known and asks for a reader.
    words = unread.words if ep.get("kind") == unread.KIND else _raid_words
    w = words(ep, languages or [], lang=lang, name=name, why=why, level=level, when=when)
    extra = []  # said of every alerting kind: a knife emoji in a German post is a threat too
    if ep.get("threats"):
        extra.append(tn("threats", ep["threats"], threats=n(ep["threats"])))
    if ep.get("doxxing"):
        extra.append(tn("doxxing", ep["doxxing"], doxxing=n(ep["doxxing"])))
    if unvalidated:
        extra.append(tn("unvalidated", unvalidated, n=n(unvalidated)))
    facts = [*w["facts"], *extra, *w["after"]]
    steps = [*w["read_step"], t("next_dont"), t("next_report"), t("next_complaint"), t("next_call")]

    def labels(row: dict[str, Any]) -> str:
        out = i18n.categories(row.get("categories"), lang)
        if row.get("unread"):  # the language no rules read: what the reader needs to know first
            said = i18n.language_name(row["unread"], lang)
            out = f"{said} — {out}" if out else said
        if row.get("validated") is False:
            note = unvalidated_note(row.get("quarantine_reasons"), lang)
            out = f"{out} — {note}" if out else note
        return out

    posts = [
        WorstPost(
            when=when(row["created_at"]),
            author=row.get("author_handle") or row.get("author_id") or "?",
            text=row["text"],
            url=safe_post_url(row.get("url")),
            categories=labels(row),
        )
        for row in worst.iter_rows(named=True)
    ]
    return AlertView(
        lang=lang,
        subject=header_value(w["subject"]),
        headline=w["headline"],
        escalation=t("escalation_intro", why=why) if level > 0 else None,
        facts=facts,
        signals_title=t("signals_title"),
        signals=_signal_lines(ep, lang),
        next_title=t("next_title"),
        next_steps=[
            t(
                "next_evidence",
                evidence=" ".join(evidence_sentences(evidence, lang)),
                screenshots=screenshots_sentence(evidence, lang),
                export=export_command(audience.target_name, ep),
            ),
            *steps,
        ],
        contacts=t("contacts", contacts=", ".join(audience.contacts))
        if audience.contacts
        else None,
        cw_title=w["cw_title"],
        cw_body=w["cw_body"](len(posts)),
        worst_title=w["worst_title"],
        open_post=t("open_post"),
        worst=posts,
        footer=t("footer", episode_id=ep["episode_id"]),
        colon=t("colon"),
    )


def _env(autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["untrusted"] = lambda v: untrusted_html(v, max_chars=MAX_POST_CHARS)
    env.filters["untrusted_line"] = lambda v: untrusted_html(one_line(v, max_chars=60))
    env.filters["untrusted_text"] = lambda v: untrusted_text(v, max_chars=MAX_POST_CHARS)
    env.filters["untrusted_text_line"] = lambda v: untrusted_text(one_line(v, max_chars=60))
    return env


_TEXT, _HTML = _env(False), _env(True)


def render(view: AlertView) -> tuple[str, str]:
    """(text/plain body, text/html body)."""
    text = _TEXT.get_template("alert.txt.j2").render(v=view)
    html = _HTML.get_template("alert.html.j2").render(v=view)
    return text, html


def message_id(episode_id: str, level: int, recipient: str, domain: str) -> str:
    """Stable per (episode, level, recipient): a re-sent copy carries the same id."""
    digest = hashlib.sha256(f"{episode_id}|{level}|{recipient}".encode()).hexdigest()[:32]
    return f"<tocsin.{digest}@{domain}>"


def email_message(
    view: AlertView,
    *,
    sender: str,
    recipient: str,
    recipient_name: str | None,
    msg_id: str,
    thread_root: str | None,
    episode_id: str,
    date: datetime,
) -> EmailMessage:
    text, html = render(view)
    # No header folding at 78 columns: Python folds a long Subject right after "Subject:", and
    # the unfolded value then starts with a space. 998 is the RFC 5322 hard limit.
    msg = EmailMessage(policy=email.policy.default.clone(max_line_length=998))
    msg["Subject"] = view.subject
    msg["From"] = sender
    msg["To"] = formataddr((header_value(recipient_name or "", max_chars=80), recipient))
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = msg_id
    if thread_root and thread_root != msg_id:
        # Escalations thread under the first alert in every mail client.
        msg["In-Reply-To"] = thread_root
        msg["References"] = thread_root
    msg["X-Tocsin-Episode"] = header_value(episode_id)
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to this
    # Quoted-printable keeps the body 7-bit clean for any relay, whatever the line lengths.
    msg.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    return msg
