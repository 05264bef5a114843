"""One target's digest for one week: read, summarise, render per recipient, write to disk.

The functions the flow (flows/digest.py), the ``tocsin digest`` command and the demo call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from config.targets import Recipient, Target
from tasks.digest.compose import Rendered, build_message, message_id, render
from tasks.digest.data import load_inputs
from tasks.digest.errors import DigestError
from tasks.digest.send import Outgoing, write_atomic_text
from tasks.digest.settings import DigestSettings
from tasks.digest.summary import Digest, summarize
from tasks.digest.view import Audience
from tasks.digest.week import IsoWeek
from tasks.files import private_dir
from tasks.i18n import LANGS
from tasks.schema import PLATFORMS

# Which platforms each source collects ("synthetic" writes X API pages).
SOURCE_PLATFORMS = {"synthetic": "x", "x": "x", "mastodon": "mastodon", "bluesky": "bluesky"}


@dataclass(frozen=True)
class Prepared:
    """The digest for one recipient (or, for a target with none, one language to preview)."""

    target: str
    week: str
    rendered: Rendered
    email: str | None = None
    message: EmailMessage | None = None

    @property
    def outgoing(self) -> Outgoing:
        if self.email is None or self.message is None:
            raise DigestError(f"digest {self.target}/{self.week}: no recipient to send to")
        return Outgoing(self.target, self.week, self.email, self.message)


def digest_recipients(target: Target) -> list[Recipient]:
    return [r for r in target.recipients if r.digest]


def unwatched_platforms(target: Target) -> tuple[str, ...]:
    watched = {SOURCE_PLATFORMS.get(s) for s in target.sources}
    return tuple(p for p in PLATFORMS if p not in watched)


def build_digest(
    root: Path, target: Target, week: IsoWeek, settings: DigestSettings, *, now: datetime
) -> Digest:
    inputs = load_inputs(
        root, target.name, target.timezone, week, now=now, scorer=settings.digest_scorer
    )
    return summarize(
        inputs,
        max_messages=settings.digest_max_messages,
        max_accounts=settings.digest_max_accounts,
    )


def prepare(
    digest: Digest, target: Target, settings: DigestSettings, *, now: datetime
) -> list[Prepared]:
    """One rendered digest and message per recipient (rendered once per language); for a target
    without recipients, one preview per language and no message."""
    domain = settings.smtp.mail_domain
    by_lang: dict[str, Rendered] = {}
    base = Audience(
        lang="fr",
        target=target.name,
        display_name=target.display_name or target.name,
        unwatched_platforms=unwatched_platforms(target),
    )

    def rendered(who: Audience) -> Rendered:
        return render(digest, who, mask=settings.digest_mask_slurs, generated_at=now, domain=domain)

    out = []
    recipients = digest_recipients(target)
    for r in recipients:
        who = Audience(**{**base.__dict__, "lang": r.lang, "email": r.email, "role": r.role})
        # The footer names the recipient, so each recipient gets their own rendering.
        page = rendered(who)
        by_lang.setdefault(r.lang, page)
        msg = build_message(
            page,
            sender=settings.smtp.smtp_from,
            to_email=r.email,
            to_name=r.name,
            date=now,
            msg_id=message_id(target.name, digest.week.label, r.email, domain),
            tag=f"{target.name}/{digest.week.label}",
        )
        out.append(Prepared(target.name, digest.week.label, page, r.email, msg))
    if not recipients:
        for lang in LANGS:
            who = Audience(**{**base.__dict__, "lang": lang})
            out.append(Prepared(target.name, digest.week.label, rendered(who)))
    return out


def _slug(email: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", email.lower()).strip("-")


def write_files(prepared: list[Prepared], out_dir: Path) -> list[Path]:
    """Per language: <target>-<week>-<lang>.html (+ its .png beside it) and .txt; per recipient:
    <target>-<week>-<email>.eml, the exact message that is (or would be) sent."""
    private_dir(out_dir)
    written: list[Path] = []
    seen: set[str] = set()
    for p in prepared:
        r = p.rendered
        stem = f"{p.target}-{p.week}-{r.lang}"
        if r.lang not in seen:
            seen.add(r.lang)
            for name, data in (
                (f"{stem}.html", r.html_file),
                (f"{stem}.txt", r.text),
                (r.png_name, r.png),
            ):
                write_atomic_text(out_dir / name, data)
                written.append(out_dir / name)
        if p.message is not None and p.email is not None:
            eml = out_dir / f"{p.target}-{p.week}-{_slug(p.email)}.eml"
            write_atomic_text(eml, bytes(p.message))
            written.append(eml)
    return written


def default_out_dir(root: Path, target: str, settings: DigestSettings) -> Path:
    return (settings.digest_out_dir or Path(root) / "digests") / target


def write_digest(
    root: Path,
    target: Target,
    week: IsoWeek,
    settings: DigestSettings,
    *,
    out_dir: Path | None = None,
    now: datetime | None = None,
) -> tuple[list[Prepared], list[Path]]:
    """Build, render and write one target's digest of ``week``, sending nothing (the preview
    of ``tocsin digest`` without --send, and the demo)."""
    now = now or datetime.now(UTC)
    digest = build_digest(root, target, week, settings, now=now)
    prepared = prepare(digest, target, settings, now=now)
    paths = write_files(prepared, out_dir or default_out_dir(root, target.name, settings))
    return prepared, paths


def html_path(prepared: list[Prepared], out_dir: Path) -> Path:
    """The .html of the first recipient's language (what to open in a browser)."""
    first = prepared[0]
    return out_dir / f"{first.target}-{first.week}-{first.rendered.lang}.html"


def write_demo_digest(root: Path, target: Target, week: str, out_dir: Path) -> Path:
    """The digest of ``week`` for the demo: files only, nothing sent. Returns the HTML of the
    first recipient's language (open it in a browser); the .eml files sit beside it."""
    prepared, _ = write_digest(root, target, IsoWeek.parse(week), DigestSettings(), out_dir=out_dir)
    return html_path(prepared, out_dir)
