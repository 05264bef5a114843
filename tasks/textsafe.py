"""Showing attacker-controlled text to the people it targets, without letting it act.

Everything a harasser writes (post text, display name, handle, links) reaches alerts and digests.
It must reach them as inert text: no markup (``<script>``, ``<img onerror=…>``), no reordering
tricks (U+202E RIGHT-TO-LEFT OVERRIDE turns ``gnp.exe`` into ``exe.png`` on screen), no invisible
characters hiding a word from a reader, no header injection, and no link a mail client would make
clickable (a "report here" phishing link in a hostile post is a classic). The only links Tocsin
ever renders are canonical post URLs it built itself, checked against an allow-list.

Neutralised characters are replaced by a visible marker such as ``⟦U+202E⟧`` rather than
deleted: the reader sees that the text carried a trick, and nothing is silently changed in what
is, after all, a piece of evidence (the stored copy stays byte-exact; this is only for display).
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import urlsplit

from markupsafe import Markup

# Bidirectional formatting characters: embeddings, overrides, isolates, marks. Trojan Source
# (CVE-2021-42574) is the well-known abuse; in a post they fake file names and hide words.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Invisible characters that split or hide words without a visible trace.
INVISIBLE = frozenset("\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff")
_KEEP = frozenset("\n\t")
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x85\x0b\x0c]")

# Something a mail client would turn into a link: a scheme URL, www.-prefixed, an e-mail
# address, or a bare domain ending in a letters-only TLD (Gmail links "evil.com").
_URL = re.compile(r"(?i)\b(?:[a-z][a-z0-9+.-]{1,15}://|www\.)[^\s<>\"]+")
_EMAIL = re.compile(r"(?i)\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DOMAIN = re.compile(r"(?i)\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}\b")

# Canonical post URLs, as Tocsin builds them (tasks/formats): nothing else is ever a link.
_CANONICAL = (
    re.compile(r"https://(?:x|twitter)\.com/(?:i/web|[A-Za-z0-9_]{1,15})/status/[0-9]{1,20}"),
    re.compile(r"https://[a-z0-9.-]{1,253}\.[a-z]{2,24}/@[A-Za-z0-9_]{1,30}/[0-9]{1,20}"),
    re.compile(
        r"https://bsky\.app/profile/(?:did:plc:[a-z2-7]{24}|[a-z0-9.-]{1,253})/post/[a-z2-7]{13}"
    ),
)


_MAX_MARKS = 4


def _joins_emoji(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    symbol = ("So", "Sk")
    return (
        bool(before)
        and bool(after)
        and (unicodedata.category(before) in symbol or before == "\ufe0f")
        and unicodedata.category(after) in symbol
    )


def _marker(ch: str) -> str:
    return f"⟦U+{ord(ch):04X}⟧"


def neutralise(text: str | None, *, max_chars: int | None = None) -> str:
    """Plain text safe to display: line breaks normalised to ``\\n``, bidi controls, invisible
    characters and other control characters replaced by a visible ``⟦U+XXXX⟧`` marker, and the
    result cut at ``max_chars`` (with an ellipsis) when given.

    Unicode is NFC-normalised first so that a marker never lands between a letter and its accent.
    """
    if not text:
        return ""
    text = _LINE_BREAKS.sub("\n", unicodedata.normalize("NFC", text))
    out: list[str] = []
    marks = 0
    for i, ch in enumerate(text):
        cat = unicodedata.category(ch)
        marks = marks + 1 if cat in ("Mn", "Me") else 0
        if ch in _KEEP:
            out.append(ch)
        elif ch == "\u200d" and _joins_emoji(text, i):
            out.append(ch)  # 👩‍💻 keeps its joiner: between two symbols it hides nothing
        elif ch in BIDI_CONTROLS or ch in INVISIBLE:
            out.append(_marker(ch))
        elif cat in ("Cc", "Cf", "Cs", "Co", "Cn"):
            # Cc: C0/C1 controls (ESC sequences repaint a terminal); Cf: other format chars
            # (tag characters smuggle hidden ASCII); Cs/Co/Cn: surrogates, private use, unassigned.
            out.append(_marker(ch))
        elif marks > _MAX_MARKS:
            continue  # "Zalgo" stacks of combining marks spill over the lines around them
        else:
            out.append(ch)
    clean = "".join(out)
    if max_chars is not None and len(clean) > max_chars:
        clean = clean[: max(0, max_chars - 1)].rstrip() + "…"
    return clean


def one_line(text: str | None, *, max_chars: int | None = None) -> str:
    """Neutralised and on one line: for names and handles, and anything near a mail header."""
    return " ".join(neutralise(text, max_chars=max_chars).split())


def defang(text: str) -> str:
    """Make URLs, e-mail addresses and bare domains unclickable yet readable.

    ``https://evil.example/x`` becomes ``hxxps[://]evil[.]example/x``; ``a@b.com`` becomes
    ``a[@]b[.]com``. The convention is the one incident responders use for hostile indicators.
    """

    def dots(s: str) -> str:
        return s.replace(".", "[.]")

    def url(m: re.Match[str]) -> str:
        s = m.group(0)
        scheme, sep, rest = s.partition("://")
        if sep:
            scheme = re.sub(r"(?i)^(h)tt(ps?)$", r"\1xx\2", scheme)
            host, slash, path = rest.partition("/")
            return f"{scheme}[://]{dots(host)}{slash}{path}"
        return dots(s)

    text = _URL.sub(url, text)
    text = _EMAIL.sub(lambda m: dots(m.group(0).replace("@", "[@]")), text)
    # Bare domains left over (the URL pass already bracketed its dots, so it cannot match twice).
    return _DOMAIN.sub(lambda m: dots(m.group(0)), text)


def untrusted_text(text: str | None, *, max_chars: int | None = None) -> str:
    """Attacker text for a plain-text medium (text/plain mail, terminal, JSON for a chat)."""
    return defang(neutralise(text, max_chars=max_chars))


def untrusted_html(text: str | None, *, max_chars: int | None = None) -> Markup:
    """Attacker text as an HTML fragment: neutralised, defanged, escaped (quotes included, so it
    is safe inside an attribute too), line breaks as ``<br>``, isolated with ``<bdi>`` so that
    right-to-left text cannot reorder the sentence around it."""
    body = html.escape(untrusted_text(text, max_chars=max_chars), quote=True)
    return Markup("<bdi>" + body.replace("\n", "<br>\n") + "</bdi>")


def safe_post_url(url: str | None) -> str | None:
    """``url`` when it is a canonical post URL of a known platform, else None.

    Matched whole (no userinfo, port, query or fragment can ride along) and re-checked after
    parsing, so ``https://x.com@evil.example/…`` or an IDN look-alike never passes.
    """
    if not url or len(url) > 400:
        return None
    if not any(p.fullmatch(url) for p in _CANONICAL):
        return None
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.username or parts.password or parts.port:
        return None
    if parts.query or parts.fragment or not parts.hostname or not parts.hostname.isascii():
        return None
    return url


def header_value(text: str | None, *, max_chars: int = 200) -> str:
    """A value for a mail header or a subject: one line, no control characters (no CRLF
    injection), neutralised. Only Tocsin's own strings and configured names should go there."""
    return one_line(text, max_chars=max_chars)


# -- credentials in what a server sent back ----------------------------------------------------

# JSON's two-character escapes; any character may also be written \uXXXX.
_JSON_SHORT = {
    '"': '\\"',
    "\\": "\\\\",
    "/": "\\/",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}


def _hex(digits: str) -> bytes:
    """A regex for hex ``digits`` in either case (``%2f`` and ``%2F``, ``\\u00e9`` and ``\\u00E9``)."""
    return b"".join(
        f"[{d.lower()}{d.upper()}]".encode() if d.isalpha() else d.encode() for d in digits
    )


def _char_forms(ch: str) -> bytes:
    """A regex for one character of a secret as a server may echo it: as is (UTF-8), JSON-escaped
    (``\\/``, ``\\"``, ``\\u00e9``, a surrogate pair beyond the BMP), percent-encoded (``%2F``,
    ``%C3%A9``), or ``+`` for a space (forms)."""
    utf8 = ch.encode("utf-8", "surrogateescape")
    forms = [re.escape(utf8)]
    if ch in _JSON_SHORT:
        forms.append(re.escape(_JSON_SHORT[ch].encode()))
    units = ch.encode("utf-16-be", "surrogatepass")
    forms.append(b"".join(rb"\\u" + _hex(units[i : i + 2].hex()) for i in range(0, len(units), 2)))
    forms.append(b"".join(b"%" + _hex(f"{b:02x}") for b in utf8))
    if ch == " ":
        forms.append(rb"\+")
    return b"(?:" + b"|".join(forms) + b")"


def credential_pattern(secrets: list[str]) -> re.Pattern[bytes] | None:
    """One regex matching each of ``secrets`` in every form a response may carry it: raw,
    JSON-escaped, URL-encoded, or a mix (a JSON string holding a URL that holds the token), so
    an echo is redacted however the server wrote it. Longest first: a token inside a longer
    secret (``Bearer <token>``) does not leave the rest behind. None when there is none."""
    if not secrets:
        return None
    ordered = sorted(set(secrets), key=len, reverse=True)
    return re.compile(b"|".join(b"".join(_char_forms(c) for c in s) for s in ordered))
