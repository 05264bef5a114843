"""HTML from reports/dossier/*.j2 (autoescape on), then a PDF/A-3b by WeasyPrint carrying the
evidence bundle (and the annex in full) as embedded files.

An 11,000-post dossier is ~300 pages: WeasyPrint lays them out at tens of milliseconds a page, in
one process. So the dossier is cut into parts at item boundaries (a threat, an account, an annex
line: never inside one), each part is laid out into its own PDF by a pool of processes, and
tasks/dossier/pdfjoin.py joins them and draws the footers. A part that continues a section starts
on a new page, without the section's heading again.
"""

from __future__ import annotations

import os
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import jinja2

import reports

TEMPLATES = Path(reports.__file__).resolve().parent / "dossier"
DESCRIPTIONS = {
    ".zip": "Tocsin evidence bundle: records, proofs, manifests, signatures, timestamp tokens, "
    "public key, verify.sh",
    ".jsonl": "The annex in full: one JSON object a post (number, whole text as printed, URL, "
    "SHA-256, manifest and leaf of every version)",
}
# A part's size in annex lines (the unit): a threat is a block of ~8 lines in a table, an account
# a header and a line a post (some wrap). ~2,500 units lay out in a few seconds.
PART_UNITS = 2500
FRONT_UNITS = 150
ITEMS = ("threats", "accounts", "annex")


@lru_cache(maxsize=1)
def env() -> jinja2.Environment:
    # Post text, handles and names are written by the harassers: autoescape everything; the view
    # model has already neutralised them (tasks/textsafe.py) and marks only its own HTML safe.
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _units(section: str, item: dict[str, Any], author_mode: bool) -> float:
    if section == "threats":
        return 8 + 3 * len(item["versions"])
    if section == "accounts":
        per_post = 4 if author_mode else 1.3
        if len(item["posts"]) == 1 and not author_mode:
            return 2  # one paragraph, header and post, of about two lines
        return 1.3 + per_post * len(item["posts"])
    return 1


def plan(view: dict[str, Any], part_units: float = PART_UNITS) -> list[dict[str, Any]]:
    """The parts, in page order: each names its sections, the ones it continues, and its items."""
    parts: list[dict[str, Any]] = []

    def new(cont: set[str]) -> dict[str, Any]:
        return {"sections": [], "cont": cont} | {k: [] for k in ITEMS}

    cur = new(set())
    cur["sections"].append("front")
    size: float = FRONT_UNITS
    for section in ITEMS:
        started = False
        for item in view[section]:
            if size >= part_units:
                parts.append(cur)
                cur, size = new({section} if started else set()), 0
            if section not in cur["sections"]:
                cur["sections"].append(section)
            cur[section].append(item)
            size += _units(section, item, view["author_mode"])
            started = True
        if not started:  # an empty section still says so ("no threat")
            cur["sections"].append(section)
    cur["sections"].append("custody")
    parts.append(cur)
    return parts


def render_html(view: dict[str, Any], part: dict[str, Any] | None = None) -> str:
    """The HTML of ``part`` of the dossier (the whole dossier when None)."""
    whole = {"sections": ["front", *ITEMS, "custody"], "cont": set()}
    chosen = part or {**whole, **{k: view[k] for k in ITEMS}}
    full = {**view, "threats_total": len(view["threats"]), **chosen}
    return env().get_template("dossier.html.j2").render(**full)


def _write_part(html: str, out: str, attachments: list[str], identifier: bytes) -> int:
    """Lay out one part and write it as a PDF/A-3b (in a worker process)."""
    from weasyprint import HTML, Attachment

    doc = HTML(string=html, base_url=str(TEMPLATES)).render()
    files = [
        Attachment(
            filename=p,
            name=Path(p).name,
            description=DESCRIPTIONS.get(Path(p).suffix, DESCRIPTIONS[".zip"]),
            relationship="Source" if p.endswith(".zip") else "Supplement",
        )
        for p in attachments
    ]
    doc.write_pdf(out, pdf_variant="pdf/a-3b", attachments=files, pdf_identifier=identifier)
    return len(doc.pages)


def _cpu() -> float:
    """CPU seconds of the layout so far: this process's, and its ended children's (the pool)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def workers() -> int:
    """Processes laying out parts: the CPUs this process may use (2 on the project's machine)."""
    return max(1, len(os.sched_getaffinity(0)))


def render_pdf(
    view: dict[str, Any],
    out: Path,
    *,
    attachments: list[Path],
    lang: str,
    processes: int | None = None,
    part_units: float | None = None,
    timings: dict[str, float] | None = None,
) -> int:
    """Write the PDF/A-3b to ``out``; returns its page count. ``attachments`` go into the first
    part, which also carries the PDF/A metadata the joined file keeps."""
    from tasks.dossier.pdfjoin import footer_glyphs, join

    t0 = time.perf_counter()
    folder = Path(out).parent
    parts = plan(view, part_units or PART_UNITS)
    htmls = [render_html(view, p) for p in parts]
    identifier = view["bundle_sha256"][:32].encode()
    paths = [folder / f"part-{i:03d}.pdf" for i in range(len(parts))]
    files = [[str(p) for p in attachments]] + [[] for _ in parts[1:]]
    t1 = time.perf_counter()
    cpu0 = _cpu()
    n = min(processes or workers(), len(parts))
    if n <= 1:
        for html, path, att in zip(htmls, paths, files, strict=True):
            _write_part(html, str(path), att, identifier)
        glyphs = footer_glyphs(view["title"], folder)
    else:
        # spawn: the parent holds Polars' thread pool, which a fork would copy mid-flight.
        with ProcessPoolExecutor(max_workers=n, mp_context=get_context("spawn")) as pool:
            jobs = [
                pool.submit(_write_part, html, str(path), att, identifier)
                for html, path, att in zip(htmls, paths, files, strict=True)
            ]
            glyphs = footer_glyphs(view["title"], folder)
            for job in jobs:
                job.result()
    t2 = time.perf_counter()
    layout_cpu = _cpu() - cpu0
    pages = join(paths, glyphs, Path(out))
    if timings is not None:
        timings |= {"html": t1 - t0, "layout": t2 - t1, "join": time.perf_counter() - t2}
        timings |= {"parts": float(len(parts)), "processes": float(n), "cpu": layout_cpu}
    return pages
