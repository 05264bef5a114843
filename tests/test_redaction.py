"""Credentials echoed by a server are redacted in every form it may write them: raw, JSON-escaped
(``\\/``, ``\\"``, ``\\u00e9``), URL-encoded (``%2F``, ``+``), or a URL inside a JSON string."""

from __future__ import annotations

import json
import re
from urllib.parse import quote, quote_plus, unquote, unquote_plus

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tasks.sources.http import Client
from tasks.sources.redaction import REDACTED, Redactor


def client(*secrets: str) -> Client:
    c = Client(
        platform="x",
        base_url="http://127.0.0.1:9",
        base_url_setting="x_base_url",
        timeout=1,
        max_retries=0,
        max_wait=0,
    )
    c.add_secrets(*secrets)
    return c


def forms(secret: str) -> dict[str, str]:
    """How servers and their libraries write a string into a response."""
    json_ascii = json.dumps(secret)[1:-1]
    return {
        "raw": secret,
        "json-ascii": json_ascii,
        "json-utf8": json.dumps(secret, ensure_ascii=False)[1:-1],
        "json-slash": json_ascii.replace("/", "\\/"),  # PHP's json_encode, some Java encoders
        "json-upper-hex": re.sub(r"\\u([0-9a-f]{4})", lambda m: "\\u" + m[1].upper(), json_ascii),
        "url": quote(secret, safe=""),
        "url-path": quote(secret),
        "url-plus": quote_plus(secret),
        "url-lower-hex": re.sub(r"%[0-9A-F]{2}", lambda m: m[0].lower(), quote(secret, safe="")),
        "url-in-json": json.dumps(f"https://api.example/next?token={quote(secret, safe='')}")[1:-1],
    }


@pytest.mark.parametrize(
    ("secret", "echo"),
    [
        pytest.param("ab/cd+ef==", '{"token": "ab\\/cd+ef=="}', id="json-slash"),
        pytest.param("ab/cd+ef==", "next=https%3A%2F%2Fx%2F%3Ft%3Dab%2Fcd%2Bef%3D%3D", id="url"),
        pytest.param("ab/cd+ef==", "t=ab%2fcd%2bef%3d%3d", id="url-lower"),
        pytest.param('pa"ss café', '{"p": "pa\\"ss caf\\u00e9"}', id="json-quote-unicode"),
        pytest.param('pa"ss café', '{"p": "pa\\"ss caf\\u00E9"}', id="json-upper-hex"),
        pytest.param('pa"ss café', "p=pa%22ss+caf%C3%A9", id="form"),
        pytest.param("tok😀en", '{"t": "tok\\ud83d\\ude00en"}', id="json-surrogates"),
    ],
)
def test_an_encoded_echo_is_redacted(secret, echo):
    out, count = client(secret).redact(echo.encode())
    assert count == 1 and REDACTED in out, out
    assert secret not in unquote_plus(out.decode()), out


def test_a_plain_echo_is_still_counted_and_other_text_kept():
    out, count = client("s3cr3t-token").redact(b'{"a": "s3cr3t-token", "b": "s3cr3t-token"} ok')
    assert (out, count) == (b'{"a": "[REDACTED]", "b": "[REDACTED]"} ok', 2)


SEP = "\x01"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(secret=st.text(min_size=4, max_size=30).filter(lambda s: SEP not in s))
def test_no_form_of_a_random_secret_survives_redaction(secret):
    assume(secret.lower() not in ("bearer", "basic") and secret not in REDACTED.decode())
    written = forms(secret)
    body = SEP.join(["", *written.values(), ""]).encode("utf-8", "surrogatepass")
    # The client's own redactor (what Client.redact runs, as the tests above go through), alone:
    # a Client costs ~0.1 s to build (its HTTP connection pool's TLS context), 300 examples 30 s.
    redactor = Redactor()
    redactor.add(secret)
    out, count = redactor.redact(body)
    assert count >= len(written)  # each form once in the body, each redacted
    # What is left between the redactions must hold no form of the secret, and decode to none.
    left = out.replace(REDACTED, SEP.encode()).decode("utf-8", "surrogatepass")
    for name, form in written.items():
        assert form not in left, (name, form, left)
    assert secret not in unquote(left) and secret not in unquote_plus(left)
