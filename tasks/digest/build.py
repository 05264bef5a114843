"""One target's digest for one week: read, summarise, render per recipient, write to disk.

The functions the flow (flows/digest.py), the ``tocsin digest`` command and the demo call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from config.targets import Recipient, Target
from tasks.digest.compose import Rendered, build_message, message_id, render
from tasks.digest.data import load_inputs
from tasks.digest.errors import DigestError
from tasks.digest.send import Outgoing, write_atomic_text
from tasks.digest.settings import DigestSettings
from tasks.digest.summary import Digest, summarize
from tasks.digest.view import Audience
from tasks.digest.week import IsoWeek, LocalDay, Period
from tasks.files import private_dir
from tasks.i18n import LANGS
from tasks.schema import PLATFORMS
from tasks.storage import ObjectPath, Root, root_of

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


def daily_recipients(target: Target) -> list[Recipient]:
    """Who receives the daily digest while an episode is open (Recipient.daily)."""
    return [r for r in target.recipients if r.daily]


def open_episodes(root: Path, target: Target, day: LocalDay, *, now: datetime) -> list[str]:
    """The episodes that make ``day`` worth a daily digest (harassment, or a wave of posts no
    rules read): those overlapping the local day, or still open at ``now``. Their ids; empty
    when wave detection has no table."""
    from tasks.detect.table import ALERT_KINDS
    from tasks.digest.data import load_episodes

    rows = load_episodes(root, target.name, day, target.timezone)
    if rows is None or rows.is_empty():
        return []
    start, _ = day.utc_bounds(target.timezone)
    return [
        e["episode_id"]
        for e in rows.to_dicts()
        if e.get("kind") in ALERT_KINDS and (e["end"] or now) >= start
    ]


def unwatched_platforms(target: Target) -> tuple[str, ...]:
    watched = {SOURCE_PLATFORMS.get(s) for s in target.sources}
    return tuple(p for p in PLATFORMS if p not in watched)


def build_digest(
    root: Path, target: Target, week: Period, settings: DigestSettings, *, now: datetime
) -> Digest:
    inputs = load_inputs(
        root,
        target.name,
        target.timezone,
        week,
        now=now,
        scorer=settings.digest_scorer,
        scorer_options=settings.scoring.options(settings.digest_scorer),
    )
    return summarize(
        inputs,
        max_messages=settings.digest_max_messages,
        max_accounts=settings.digest_max_accounts,
    )


def _dossiers(root: Path | None, target: Target) -> tuple[tuple[Any, ...], str | None]:
    """The dossiers already made for the target and their folder, when they exist under the
    data root (tasks.site.dossiers: what the safety-desk page lists, the digest lists too)."""
    if root is None:
        return (), None
    from tasks.site.dossiers import DOSSIER_DIR, dossiers_made

    folder = root_of(root).location(f"{DOSSIER_DIR}/{target.name}")
    return dossiers_made(root, target.name).items, str(folder) if folder.is_dir() else None


def _site_page(root: Path | None, target: Target, lang: str) -> str | None:
    """The target's safety-desk page in ``lang``, when one has been written."""
    if root is None:
        return None
    from tasks.site.build import SITE_DIR, target_page

    store = root_of(root)
    rel = f"{SITE_DIR}/{target_page(target.name, lang)}"
    return str(store.location(rel)) if store.exists(rel) else None


def prepare(
    digest: Digest,
    target: Target,
    settings: DigestSettings,
    *,
    now: datetime,
    root: Path | None = None,
    recipients: list[Recipient] | None = None,
) -> list[Prepared]:
    """One rendered digest and message per recipient (``recipients``, default those with
    ``digest = true``): the targeted person's short summary or the full digest (Recipient.gentle);
    for a target without recipients, one preview per language and no message. ``root``: the data
    root, where the dossiers already made are found (the full digest lists them)."""
    domain = settings.smtp.mail_domain
    dossiers, folder = _dossiers(root, target)
    everyone = [r for r in target.recipients if r.digest or r.alerts or r.daily]
    base = Audience(
        lang="fr",
        target=target.name,
        display_name=target.display_name or target.name,
        unwatched_platforms=unwatched_platforms(target),
        watched_urls={p.id: p.url for p in target.watched_posts if p.url},
        dossiers=dossiers,
        dossiers_folder=folder,
    )

    charts: dict[str, bytes] = {}

    def rendered(who: Audience) -> Rendered:
        return render(
            digest,
            who,
            mask=settings.digest_mask_slurs,
            generated_at=now,
            domain=domain,
            charts=charts,
        )

    out = []
    recipients = digest_recipients(target) if recipients is None else recipients
    for r in recipients:
        who = Audience(
            **{
                **base.__dict__,
                "lang": r.lang,
                "email": r.email,
                "role": r.role,
                "gentle": r.gentle,
                "site_page": _site_page(root, target, r.lang),
                # Who else receives the details and acts (roles only, never their addresses).
                "acting_roles": tuple(x.role for x in everyone if x.email != r.email),
            }
        )
        # The footer names the recipient, so each recipient gets their own rendering.
        page = rendered(who)
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
    # On disk, the full digest in every language someone reads (the targeted person's too, for
    # the people who run Tocsin); for a target without recipients, in every language.
    langs = {r.lang for r in recipients} if recipients else set(LANGS)
    full = {p.rendered.lang for p in out if not p.rendered.summary}
    for lang in sorted(langs - full):
        who = Audience(**{**base.__dict__, "lang": lang})
        out.append(Prepared(target.name, digest.week.label, rendered(who)))
    return out


def _slug(email: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", email.lower()).strip("-")


def write_files(prepared: list[Prepared], out_dir: Path | ObjectPath) -> list[Any]:
    """Per language and version: <target>-<period>-<lang>[-summary].html (+ its .png beside it)
    and .txt; per recipient: <target>-<period>-<email>.eml, the exact message that is (or would
    be) sent. ``out_dir``: a folder (owner-only), or a prefix of an s3:// data root, where each
    file is one whole object (one PUT)."""
    if not isinstance(out_dir, ObjectPath):
        private_dir(out_dir)
    written: list[Any] = []
    seen: set[str] = set()
    for p in prepared:
        r = p.rendered
        stem = f"{p.target}-{p.week}-{r.stem_suffix}"
        if stem not in seen:
            seen.add(stem)
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


def default_out_dir(
    root: Root | Path | str, target: str, settings: DigestSettings
) -> Path | ObjectPath:
    """``digest_out_dir`` (a local folder) when set, else ``<data>/digests``, for each target."""
    return (settings.digest_out_dir or root_of(root).location("digests")) / target


def write_digest(
    root: Path,
    target: Target,
    week: Period,
    settings: DigestSettings,
    *,
    out_dir: Path | None = None,
    now: datetime | None = None,
    recipients: list[Recipient] | None = None,
) -> tuple[list[Prepared], list[Path]]:
    """Build, render and write one target's digest of ``week``, sending nothing (the preview
    of ``tocsin digest`` without --send, and the demo). ``recipients``: default, those of the
    weekly digest."""
    now = now or datetime.now(UTC)
    digest = build_digest(root, target, week, settings, now=now)
    prepared = prepare(digest, target, settings, now=now, root=root, recipients=recipients)
    paths = write_files(prepared, out_dir or default_out_dir(root, target.name, settings))
    return prepared, paths


def html_path(prepared: list[Prepared], out_dir: Path | ObjectPath) -> Any:
    """The full digest's .html in the first recipient's language (what to open in a browser)."""
    lang = prepared[0].rendered.lang
    first = next(p for p in prepared if not p.rendered.summary and p.rendered.lang == lang)
    return out_dir / f"{first.target}-{first.week}-{first.rendered.stem_suffix}.html"


def write_demo_digest(root: Path, target: Target, week: str, out_dir: Path) -> Path:
    """The digest of ``week`` for the demo: files only, nothing sent. Returns the HTML of the
    first recipient's language (open it in a browser); the .eml files sit beside it."""
    prepared, _ = write_digest(root, target, IsoWeek.parse(week), DigestSettings(), out_dir=out_dir)
    return html_path(prepared, out_dir)
