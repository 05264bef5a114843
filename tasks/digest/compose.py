"""Render a ``Digest`` for one recipient and build the email message.

The message is ``multipart/alternative``: ``text/plain`` first (what a text-only client or a
screen reader shows), then ``multipart/related`` holding the ``text/html`` part and the chart PNG
that the HTML references by Content-ID (``<img src="cid:…">``). An inline attachment is shown by
clients that block remote images; a remote URL or SVG would not be.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

import reports
from tasks import i18n
from tasks.digest.chart import ChartBand, ChartDay, render_chart
from tasks.digest.sections import kind_label
from tasks.digest.summary import Digest
from tasks.digest.view import Audience, build_view, subject
from tasks.i18n import DIGEST
from tasks.textsafe import header_value

TEMPLATES = Path(reports.__file__).resolve().parent


@dataclass(frozen=True)
class Rendered:
    lang: str
    subject: str
    html: str  # the email's HTML part: the chart is cid:<cid>
    html_file: str  # the same page for a browser: the chart is the file named png_name beside it
    png_name: str
    text: str
    png: bytes
    cid: str  # without the angle brackets, as the HTML references it
    summary: bool = False  # the targeted person's short summary (digest.gentle.*.j2)

    @property
    def stem_suffix(self) -> str:
        """How the files of this rendering are told apart: ``fr`` or ``fr-summary``."""
        return f"{self.lang}-summary" if self.summary else self.lang


@cache
def _env(html: bool) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=html,
        undefined=jinja2.StrictUndefined,  # a missing string is a bug, not an empty line
        # Text: block tags sit on their own lines and leave no blank line behind.
        trim_blocks=not html,
        lstrip_blocks=not html,
        keep_trailing_newline=True,
    )


def chart_png(d: Digest, lang: str) -> bytes:
    days = []
    shown = d.chart_days if d.chart_days is not None else d.days
    first_day = shown["day"][0]
    for r in shown.to_dicts():
        scored = sum(r[s] or 0 for s in ("hostile", "supportive", "neutral"))
        days.append(
            ChartDay(
                label=i18n.weekday_short(r["day"], lang),
                sublabel=f"{r['day']:%d/%m}",
                hostile=r["hostile"] or 0,
                supportive=r["supportive"] or 0,
                neutral=r["neutral"] or 0,
                unscored=r["unscored"],
                total_label=i18n.fmt_int(r["posts"], lang),
                share_label=i18n.fmt_pct(r["hostile"] / scored, lang) if scored else None,
            )
        )
    bands = []
    for i, e in enumerate(d.episodes, start=1):
        first = max(0, (e["first_day"] - first_day).days)
        last = min(shown.height - 1, (e["last_day"] - first_day).days)
        kind = str(e.get("kind"))  # harassment, support or unread: each its own shading
        if first <= last:
            bands.append(
                ChartBand(first, last, kind, f"E{i} {kind_label(lang, 'chart_wave_', kind)}")
            )
    legend = {
        s: i18n.label("stance", s, lang) for s in ("hostile", "supportive", "neutral", "unscored")
    }
    return render_chart(
        days,
        bands,
        title=f"{DIGEST.t(lang, 'chart_title')} — {chart_range(shown, lang)}",
        legend=legend,
        number=lambda n: i18n.fmt_int(n, lang),
    )


def _chart(d: Digest, lang: str, charts: dict[str, bytes] | None) -> bytes:
    if charts is None:
        return chart_png(d, lang)
    if lang not in charts:
        charts[lang] = chart_png(d, lang)
    return charts[lang]


def chart_range(shown: Any, lang: str) -> str:
    """The days the chart shows, short: "27 janvier au 2 février 2020" (for a daily digest,
    the week that ends with its day)."""
    first, last = shown["day"][0], shown["day"][-1]
    text = DIGEST.t(
        lang,
        "week_range",
        first=i18n.fmt_date(first, lang, with_weekday=False, with_year=first.year != last.year),
        last=i18n.fmt_date(last, lang, with_weekday=False),
    )
    return text[:1].lower() + text[1:]


def content_id(d: Digest, lang: str, domain: str) -> str:
    return f"chart.{d.target}.{d.week.label}.{lang}@{domain}"


def render(
    d: Digest,
    who: Audience,
    *,
    mask: bool,
    generated_at: datetime,
    domain: str = "localhost",
    charts: dict[str, bytes] | None = None,
) -> Rendered:
    """``charts``: the PNGs already drawn for this digest, by language (filled here): every
    recipient of one language gets the same chart, drawn once."""
    # A language Tocsin has no words for is rendered, and named, as English.
    who = Audience(**{**who.__dict__, "lang": i18n.resolve(who.lang)})
    cid = content_id(d, who.lang, domain)
    png_name = f"{d.target}-{d.week.label}-{who.lang}.png"
    view = build_view(d, who, mask=mask, generated_at=generated_at, img_src=f"cid:{cid}")
    # The targeted person's summary quotes nothing: its own, shorter templates.
    stem = "digest.gentle" if who.gentle else "digest"
    html = _env(True).get_template(f"{stem}.html.j2")
    return Rendered(
        lang=who.lang,
        subject=header_value(subject(d, who, who.lang), max_chars=250),
        html=html.render(view),
        html_file=html.render({**view, "img_src": png_name}),
        png_name=png_name,
        text=_env(False).get_template(f"{stem}.txt.j2").render(view),
        png=_chart(d, who.lang, charts),
        cid=cid,
        summary=who.gentle,
    )


def message_id(target: str, week: str, email: str, domain: str) -> str:
    """The same Message-ID for every attempt at one digest for one recipient: should a crash
    fall between the server's acceptance and the sent-log, the resent copy is a duplicate that
    clients which thread by Message-ID collapse into one."""
    who = hashlib.sha256(email.lower().encode()).hexdigest()[:16]
    return f"<digest.{target}.{week}.{who}@{domain}>"


def build_message(
    r: Rendered,
    *,
    sender: str,
    to_email: str,
    to_name: str | None,
    date: datetime,
    msg_id: str,
    tag: str,
) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = r.subject
    name, addr = parseaddr(sender)
    msg["From"] = Address(display_name=header_value(name), addr_spec=addr)
    msg["To"] = formataddr((header_value(to_name) if to_name else "", to_email))
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = msg_id
    # RFC 3834: out-of-office robots must not answer a machine.
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Tocsin-Digest"] = tag
    msg.set_content(r.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(r.html, subtype="html", charset="utf-8", cte="quoted-printable")
    html_part = msg.get_payload()[1]  # type: ignore[index]
    html_part.add_related(
        r.png,
        maintype="image",
        subtype="png",
        cid=f"<{r.cid}>",
        disposition="inline",
        filename="chart.png",
    )
    # After the parts exist: add_alternative moves the top-level Content-* headers into the
    # first part.
    msg["Content-Language"] = r.lang
    return msg
