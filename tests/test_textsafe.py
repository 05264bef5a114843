"""Attacker-controlled text is shown inert: escaped, neutralised, defanged; links allow-listed."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tasks.textsafe import (
    BIDI_CONTROLS,
    defang,
    header_value,
    neutralise,
    safe_post_url,
    untrusted_html,
    untrusted_text,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("plain text", "plain text", id="plain"),
        pytest.param("a\u202egnp.exe", "a⟦U+202E⟧gnp.exe", id="rlo-override"),
        pytest.param("\u2066x\u2069", "⟦U+2066⟧x⟦U+2069⟧", id="isolates"),
        pytest.param("sa\u200blope", "sa⟦U+200B⟧lope", id="zero-width-space"),
        pytest.param("bell\x07esc\x1b[2J", "bell⟦U+0007⟧esc⟦U+001B⟧[2J", id="c0-controls"),
        pytest.param("a\r\nb\rc\u2028d", "a\nb\nc\nd", id="line-breaks"),
        pytest.param("tag\U000e0041", "tag⟦U+E0041⟧", id="tag-character"),
        pytest.param("👩\u200d💻", "👩\u200d💻", id="emoji-zwj-kept"),
        pytest.param("e\u0301", "é", id="nfc"),
        pytest.param("z" + "\u0301" * 12, "ź" + "\u0301" * 4, id="zalgo-capped"),
    ],
)
def test_neutralise(raw: str, expected: str) -> None:
    assert neutralise(raw) == expected


def test_neutralise_truncates_with_an_ellipsis() -> None:
    assert neutralise("abcdefghij", max_chars=5) == "abcd…"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            "go to https://evil.example/a?b=1 now",
            "go to hxxps[://]evil[.]example/a?b=1 now",
            id="https",
        ),
        pytest.param("www.evil.example/x", "www[.]evil[.]example/x", id="www"),
        pytest.param("mail a.b@evil.example", "mail a[.]b[@]evil[.]example", id="email"),
        pytest.param("visit evil.com today", "visit evil[.]com today", id="bare-domain"),
        pytest.param("ftp://x.example", "ftp[://]x[.]example", id="other-scheme"),
        pytest.param("3.14 and v1.2", "3.14 and v1.2", id="numbers-untouched"),
    ],
)
def test_defang(raw: str, expected: str) -> None:
    assert defang(raw) == expected


def test_untrusted_html_escapes_markup_and_tricks() -> None:
    hostile = (
        '<script>alert(1)</script><img src=x onerror="alert(2)"> '
        "\u202etxt.exe \"quoted\" 'single' & https://evil.example/phish\nline2"
    )
    out = str(untrusted_html(hostile))
    assert out.startswith("<bdi>") and out.endswith("</bdi>")
    inner = out.removeprefix("<bdi>").removesuffix("</bdi>")
    # The only tags left are the line breaks the function itself adds.
    assert re.findall(r"<[^>]*>", inner) == ["<br>"]
    assert "&lt;script&gt;" in inner and "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in inner
    assert "&#x27;single&#x27;" in inner and "&amp;" in inner
    assert "\u202e" not in out and "⟦U+202E⟧" in out
    assert "https://" not in out and "hxxps[://]evil[.]example/phish" in out


def test_untrusted_text_is_plain_and_defanged() -> None:
    assert untrusted_text("<b>hi</b> \u202eevil.com") == "<b>hi</b> ⟦U+202E⟧evil[.]com"


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("https://x.com/i/web/status/1452702488573137599", id="x-canonical"),
        pytest.param("https://x.com/demo_journalist/status/123", id="x-handle"),
        pytest.param("https://twitter.com/a/status/1", id="twitter"),
        pytest.param("https://mastodon.social/@alice/110000000000000000", id="mastodon"),
        pytest.param("https://bsky.app/profile/alice.bsky.social/post/3kabcdefghij2", id="bluesky"),
    ],
)
def test_canonical_post_urls_pass(url: str) -> None:
    assert safe_post_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("javascript:alert(1)", id="javascript"),
        pytest.param("http://x.com/i/web/status/1", id="not-https"),
        pytest.param("https://x.com@evil.example/i/web/status/1", id="userinfo"),
        pytest.param("https://x.com.evil.example/i/web/status/1", id="lookalike-host"),
        pytest.param("https://x.com/i/web/status/1?next=https://evil", id="query"),
        pytest.param("https://x.com/i/web/status/1#frag", id="fragment"),
        pytest.param("https://x.com:8443/i/web/status/1", id="port"),
        pytest.param("https://evil.example/login", id="other-site"),
        pytest.param("https://x.com/i/web/status/1\n<script>", id="newline"),
        pytest.param("https://xn--x-ooa.com/i/web/status/1", id="punycode-lookalike"),
        pytest.param("", id="empty"),
        pytest.param(None, id="none"),
    ],
)
def test_other_urls_are_refused(url: str | None) -> None:
    assert safe_post_url(url) is None


def test_header_value_cannot_inject_headers() -> None:
    assert header_value("Camille\r\nBcc: everyone@example.org") == (
        "Camille⟦U+000D⟧ Bcc: everyone@example.org".replace("⟦U+000D⟧", "")
    )
    assert "\n" not in header_value("a\nb\rc") and "\r" not in header_value("a\nb\rc")


@given(st.text())
def test_html_output_never_carries_markup_or_bidi(text: str) -> None:
    out = str(untrusted_html(text)).removeprefix("<bdi>").removesuffix("</bdi>")
    assert set(re.findall(r"<[^>]*>", out)) <= {"<br>"}
    assert not (set(out) & BIDI_CONTROLS)
    assert '"' not in out and "'" not in out


@given(st.text())
def test_header_value_is_one_clean_line(text: str) -> None:
    out = header_value(text)
    assert "\n" not in out and "\r" not in out and len(out) <= 200
