"""The rendered digest: golden files, attacker text kept inert, and what a browser shows.

Golden files (tests/golden/digest-*) are the HTML and text parts for the hostile dataset of
tests/support/digest.py at a frozen clock. After a deliberate change, rewrite them with
``pytest tests/test_digest_render.py --regen-golden`` and review the diff.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tasks.digest.build import build_digest, prepare
from tasks.digest.settings import DigestSettings
from tasks.textsafe import BIDI_CONTROLS, safe_post_url
from tests.support.digest import IMG, NOW, SCRIPT, TARGET, TARGET_FULL, WEEK

# The local TSA and the signing key the evidence tests use.

GOLDEN = Path(__file__).resolve().parent / "golden"
CHROMIUM = Path("/usr/bin/chromium")
HOSTILE_RED = (198, 40, 40)  # the chart's hostile colour (tasks/digest/chart.py)


def rendered(root: Path, **settings: Any) -> dict[str, Any]:
    """Each rendering by its file suffix: "fr" and "en", the full digest (Alice with
    show_content = true for "fr"), and "fr-summary", the targeted person's summary."""
    cfg = DigestSettings(**settings)
    digest = build_digest(root, TARGET, WEEK, cfg, now=NOW)
    out = {p.rendered.stem_suffix: p.rendered for p in prepare(digest, TARGET, cfg, now=NOW)}
    full = prepare(digest, TARGET_FULL, cfg, now=NOW)
    return {**out, **{p.rendered.stem_suffix: p.rendered for p in full}}


@pytest.mark.parametrize("lang", ["fr", "en", "fr-summary"])
@pytest.mark.parametrize("part", ["html", "txt"])
def test_golden(scored, request, lang, part):
    r = rendered(scored["root"])[lang]
    got = r.html if part == "html" else r.text
    path = GOLDEN / f"digest-alice-2020-W05-{lang}.{part}"
    if request.config.getoption("--regen-golden"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"{path} missing: run pytest with --regen-golden and review it"
    assert got == path.read_text(encoding="utf-8"), f"{path.name} changed (--regen-golden)"


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


ALLOWED_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "body",
    "div",
    "table",
    "tr",
    "td",
    "th",
    "p",
    "h1",
    "h2",
    "span",
    "strong",
    "img",
    "ul",
    "li",
    "a",
    "code",
    "pre",
    "bdi",
    "ol",
    "br",
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_attacker_markup_never_becomes_markup(scored, lang):
    r = rendered(scored["root"])[lang]
    page = Collect()
    page.feed(r.html)
    assert {t for t, _ in page.tags} <= ALLOWED_TAGS  # no script, style, iframe, form...
    for tag, attrs in page.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        if tag == "a":
            assert safe_post_url(attrs["href"]) == attrs["href"], attrs
    images = [a for t, a in page.tags if t == "img"]
    assert [a["src"] for a in images] == [f"cid:{r.cid}"]
    # What the attacker wrote is there, as text a reader sees, not as markup.
    shown = "".join(page.text)
    for hostile in (SCRIPT, IMG):
        assert hostile in shown
    assert "&lt;script&gt;" in r.html and "&lt;img src=x onerror=alert(1)&gt;" in r.html
    assert "<style>" not in r.html and "&lt;style&gt;body{display:none}&lt;/style&gt;" in r.html
    assert 'href="javascript:' not in r.html
    for part in (r.html, r.text, r.subject):
        assert not set(part) & BIDI_CONTROLS
        assert "x.com.evil.example" not in part  # the look-alike link is defanged
    assert "⟦U+202E⟧" in r.text and "hxxps[://]x[.]com[.]evil[.]example" in r.text


def test_only_canonical_post_urls_are_links(scored):
    r = rendered(scored["root"])["en"]
    hrefs = re.findall(r'href="([^"]*)"', r.html)
    assert hrefs and all(re.fullmatch(r"https://x\.com/i/web/status/\d+", h) for h in hrefs)
    # The post whose stored url was tampered with is listed, without a link.
    assert "no canonical link" in r.text


def test_slurs_are_masked_in_the_body_unless_told_otherwise(scored):
    masked = rendered(scored["root"])["fr"]
    assert "salope" not in masked.html + masked.text and "s*****" in masked.text
    assert "Les insultes sont masquées" in masked.text
    plain = rendered(scored["root"], digest_mask_slurs=False)["fr"]
    assert "salope" in plain.html and "salope" in plain.text
    assert "Les messages sont cités tels quels" in plain.text


def test_without_scores_the_digest_says_so_and_still_counts_posts(dataset):
    r = rendered(dataset["root"])["en"]
    assert "stance not available" in r.subject
    assert "Stance of the posts (hostile, supportive, neutral): not available" in r.text
    assert "the scorer has not run" in r.text
    daily = {"Saturday 1 February": 40, "Sunday 2 February": 30}
    for day, posts in daily.items():
        assert re.search(rf"^{day}\s+{posts}\s", r.text, re.M), day


@pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"Chromium not installed at {CHROMIUM} (apt-get install -y chromium)",
)
def test_a_browser_shows_the_page_with_its_chart(scored, tmp_path):
    """Headless Chromium renders the HTML part as a mail client would (the cid: image resolved
    to the attached PNG) and the screenshot holds the chart's colours."""
    from PIL import Image

    r = rendered(scored["root"])["fr"]
    page = tmp_path / "digest.html"
    page.write_text(
        r.html.replace(f"cid:{r.cid}", "data:image/png;base64," + base64.b64encode(r.png).decode()),
        encoding="utf-8",
    )
    shot = tmp_path / "digest.png"
    proc = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--hide-scrollbars",
            "--window-size=700,1400",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=90,
        check=False,
        # Chromium under libfaketime (.ci/run's second pass) stalls until the timeout; the page
        # was rendered for the faked date already, and the screenshot does not read the clock.
        env={k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "FAKETIME")},
    )
    assert shot.exists(), proc.stderr.decode(errors="replace")[-2000:]
    image = Image.open(shot).convert("RGB")
    assert image.size == (700, 1400)
    colours = {c for _, c in image.getcolors(maxcolors=1 << 20) or []}
    assert HOSTILE_RED in colours  # the chart was displayed
    if shutil.which("true"):  # keep a copy next to the test run for a person to look at
        (tmp_path / "kept.png").write_bytes(shot.read_bytes())


@pytest.mark.parametrize(
    ("how", "en", "fr"),
    [
        pytest.param(
            "unsigned",
            "in sealed manifests. But: they are not signed",
            "dans des manifestes scellés. Mais : ils ne sont pas signés",
            id="unsigned",
        ),
        pytest.param(
            "signed",
            "in sealed and signed manifests. But: they are not timestamped",
            "dans des manifestes scellés et signés. Mais : ils ne sont pas horodatés",
            id="signed",
        ),
        pytest.param(
            "demo",
            "in sealed and signed manifests. But: they are timestamped only by the demo "
            "authority, which is not evidence.",
            "ne sont horodatés que par l'autorité de démonstration, qui ne vaut pas preuve.",
            id="demo-authority",
        ),
        pytest.param(
            "complete",
            "in sealed, signed and timestamped manifests.",
            "dans des manifestes scellés, signés et horodatés.",
            id="complete",
        ),
    ],
)
def test_the_digest_says_signed_and_timestamped_only_for_what_is(
    dataset, tmp_path_factory, signing_key, tsa, how, en, fr
):
    """The week's evidence sealed for real (keep + seal), in each state it can be in."""
    from tasks.evidence import demo_tsa, seal_report
    from tests.support.evidence import kept, pages_of_run

    root = dataset["root"]
    authority = tsa
    if how == "demo":
        authority = demo_tsa.LocalTSA(tmp_path_factory.mktemp("demo-tsa"), days=3)
    try:
        kept(pages_of_run(2, day="2020-02-01"), root, "run-1")
        stamped = how in ("demo", "complete")
        seal_report(
            root,
            "run-1",
            "alice",
            signing_key=None if how == "unsigned" else signing_key,
            tsa_url=authority.url if stamped else None,
            tsa_ca_file=authority.ca if stamped else None,
            now=authority.now(),
        )
    finally:
        if authority is not tsa:
            authority.close()
    r = rendered(root)
    flat = {lang: " ".join(r[lang].text.split()) for lang in ("en", "fr")}
    assert en in flat["en"] and fr in flat["fr"]
    assert ("signed and timestamped manifests" in flat["en"]) is (how == "complete")
