"""Write the safety-desk site: ``<data>/site/index.html`` and, per target, one page in each
language (``targets/<name>.fr.html``, ``targets/<name>.en.html``).

Static files, no server: open ``index.html`` in a browser. Each page is self-contained (styles
inline in one ``<style>`` element, the chart a PNG ``data:`` URI) and carries a
Content-Security-Policy that allows nothing else: no script, no remote font or image, no form,
no frame. The policy allows that one style element by its SHA-256, so even markup that slipped
through escaping could neither run nor restyle the page. Files are owner-only (0600, folders
0700): the pages quote threats and name their authors.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

import reports
from config.targets import Target
from tasks import i18n
from tasks.files import private_dir, private_tree, replace_file
from tasks.i18n.site_words import STRINGS
from tasks.site.data import load_site_inputs
from tasks.site.dossiers import dossiers_made
from tasks.site.view import PageWho, index_row, t, target_view
from tasks.storage import ObjectPath, Root, root_of

TEMPLATES = Path(reports.__file__).resolve().parent / "site"
LANGS = tuple(STRINGS)
SITE_DIR = "site"
TARGETS_DIR = "targets"
DAYS = 30
# Newest queue items shown; the page counts the rest (they are in the export and dossiers).
MAX_QUEUE = 100
# Newest queue items of each target repeated on the index.
INDEX_QUEUE = 5


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a missing string is a bug, not an empty line
    )


@cache
def stylesheet() -> tuple[str, str]:
    """The pages' CSS and the CSP source that allows exactly it (``'sha256-…'``)."""
    css = (TEMPLATES / "site.css").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return css, f"'sha256-{digest}'"


def csp() -> str:
    _, style = stylesheet()
    return (
        f"default-src 'none'; img-src data:; style-src {style}; base-uri 'none'; form-action 'none'"
    )


def page_lang(target: Target) -> str:
    """The language of the target's first recipient, as the digest; French without one."""
    return target.recipients[0].lang if target.recipients else "fr"


def site_dir(root: Root | Path | str) -> Path | ObjectPath:
    """``<data>/site``: a folder, or a prefix of an s3:// data root."""
    return root_of(root).location(SITE_DIR)


def write_page(path: Path | ObjectPath, html: str) -> None:
    """One page, whole: a synced rename into an owner-only file locally, one PUT on S3."""
    if isinstance(path, ObjectPath):
        path.write_bytes(html.encode("utf-8"))
    else:
        replace_file(path, html)


def target_page(name: str, lang: str) -> str:
    """Path of a target's page relative to the site folder."""
    return f"{TARGETS_DIR}/{name}.{lang}.html"


@dataclass(frozen=True)
class Site:
    """Where the pages were written (``Path``s, or ``ObjectPath``s on an s3:// data root)."""

    index: Any
    pages: dict[str, dict[str, Any]]  # target -> lang -> page

    @property
    def files(self) -> list[Any]:
        return [self.index] + [p for by_lang in self.pages.values() for p in by_lang.values()]


def _render(template: str, view: dict[str, object]) -> str:
    css, _ = stylesheet()
    return _env().get_template(template).render({**view, "css": css, "csp": csp()})


def build_site(
    data_root: Root | Path | str,
    targets: Iterable[Target],
    now: datetime,
    *,
    days: int = DAYS,
    last_day: date | None = None,
    lang: str | None = None,
    scorer: str = "rules",
    max_queue: int = MAX_QUEUE,
) -> Site:
    """(Re)write the whole site for ``targets`` (every configured target: the index lists only
    these, and pages of targets no longer listed are removed). Each target's page covers the
    ``days`` local days ending with ``last_day`` (default: ``now``'s day in its timezone).
    ``lang`` fixes the index's language (default: the first target's first recipient's).
    ``data_root``: a local folder, or an s3:// data root where each page is one object."""
    targets = list(targets)
    root = root_of(data_root)
    out, pages_dir = site_dir(root), site_dir(root) / TARGETS_DIR
    if not root.remote:
        private_dir(out)
        private_dir(pages_dir)
    index_lang = lang or (page_lang(targets[0]) if targets else "fr")
    rows = []
    pages: dict[str, dict[str, Any]] = {}
    for target in targets:
        inputs = load_site_inputs(
            root, target.name, target.timezone, now, days=days, last_day=last_day, scorer=scorer
        )
        dossiers = dossiers_made(root, target.name)
        name = target.display_name or target.name
        pages[target.name] = {}
        for page_language in LANGS:
            who = PageWho(target.name, name, page_language)
            view = target_view(
                inputs, who, dossiers, n_days=days, max_queue=max_queue, generated_at=now
            )
            view["other"] = [
                (STRINGS[o]["lang_name"], Path(target_page(target.name, o)).name, o)
                for o in LANGS
                if o != page_language
            ]
            path = out / target_page(target.name, page_language)
            write_page(path, _render("target.html.j2", view))
            pages[target.name][page_language] = path
        row = index_row(
            inputs, PageWho(target.name, name, index_lang), index_lang, days, INDEX_QUEUE
        )
        first = page_lang(target)
        row["links"] = [
            (STRINGS[x]["lang_name"], target_page(target.name, x), x)
            for x in (first, *[x for x in LANGS if x != first])
        ]
        rows.append(row)
    keep = {p.name for by_lang in pages.values() for p in by_lang.values()}
    for stale in pages_dir.glob("*.html"):
        if stale.name not in keep:
            stale.unlink()
    index = out / "index.html"
    write_page(
        index,
        _render(
            "index.html.j2",
            {
                "lang": index_lang,
                "s": STRINGS[index_lang],
                "intro": t(index_lang, "index_intro", days=days),
                "col_status": t(index_lang, "col_status", days=days),
                "rows": rows,
                "generated": t(
                    index_lang, "generated", when=i18n.fmt_datetime(now, index_lang, "UTC") + " UTC"
                ),
            },
        ),
    )
    # Folders made by hand, or by an older version, are tightened too.
    if not root.remote:
        private_tree(out)
    return Site(index, pages)
