"""Perspective API backend — **Perspective stops serving at the end of 2026.**

Kept to compare the local scorer with a known reference while it lasts. It sends every post to
Google (a third party): never the default, and only with an API key the operator provides.
One request per post (the API has no batch endpoint), paced to the project's quota (1 query per
second by default), retried on 429 and 5xx with bounded backoff that honours ``Retry-After``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import httpx
import polars as pl

from tasks.scoring.base import (
    OUTPUT_SCHEMA,
    ScorerUnavailable,
    check_input,
    order_categories,
    severity_of,
)

log = logging.getLogger("tocsin.scoring")

NAME = "perspective"
# The API version is part of the recorded scorer version, with the sunset, so a score read in
# 2027 says where it came from and that the service is gone.
VERSION = "v1alpha1 (service ends 2026-12-31)"
DEFAULT_URL = "https://commentanalyzer.googleapis.com/v1alpha1/comments:analyze"
ATTRIBUTES: dict[str, str | None] = {
    "TOXICITY": None,
    "SEVERE_TOXICITY": None,
    "INSULT": "insult",
    "THREAT": "threat",
    "IDENTITY_ATTACK": "identity_hate",
    "PROFANITY": None,
}
# Perspective serves these attributes in these languages; other posts get no request (and the
# neutral stance the other scorers give languages they do not read).
LANGUAGES = ("fr", "en", "de", "es", "it", "pt", "ru")
THRESHOLD = 0.5
MAX_ATTEMPTS = 5


class PerspectiveScorer:
    """Scores with Perspective; see the module docstring (and mind the 2026 sunset)."""

    name = NAME
    version = VERSION

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str = DEFAULT_URL,
        qps: float = 1.0,
        timeout: float = 20.0,
        client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not api_key:
            raise ScorerUnavailable(
                "the perspective scorer needs an API key: set TOCSIN_PERSPECTIVE_API_KEY "
                "(note: Perspective stops serving at the end of 2026)"
            )
        self.api_key, self.base_url, self.sleep = api_key, base_url, sleep
        self.interval = 1.0 / qps if qps > 0 else 0.0
        self.client = client or httpx.Client(timeout=timeout)
        self._last = 0.0

    def score(self, df: pl.DataFrame) -> pl.DataFrame:
        df = check_input(df)
        rows = [self._one(t or "", lang) for t, lang in df.select("text", "lang").iter_rows()]
        out = pl.DataFrame(rows, schema=OUTPUT_SCHEMA, orient="row")
        return pl.concat([df, out], how="horizontal")

    def _one(self, text: str, lang: str | None) -> tuple[Any, ...]:
        base = (lang or "").lower().split("-")[0]
        if base and base not in LANGUAGES and base not in ("und", "zxx", "qme"):
            return ("neutral", [], 0, 0.0, [f"perspective: language {lang!r} not served"])
        body: dict[str, Any] = {
            "comment": {"text": text},
            "requestedAttributes": {a: {} for a in ATTRIBUTES},
            "doNotStore": True,
        }
        if base in LANGUAGES:
            body["languages"] = [base]
        values = self._attributes(self._post(body))
        return _decide(values)

    def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            wait = self._last + self.interval - time.monotonic()
            if wait > 0:  # pace requests to the quota instead of collecting 429s
                self.sleep(wait)
            self._last = time.monotonic()
            try:
                resp = self.client.post(self.base_url, params={"key": self.api_key}, json=body)
            except httpx.TransportError as exc:
                if attempt == MAX_ATTEMPTS:
                    raise ScorerUnavailable(
                        f"perspective: {self.base_url} unreachable: {exc}"
                    ) from exc
                self._backoff(attempt, None, f"transport error {exc!r}")
                continue
            if resp.status_code == 200:
                return resp.json()
            if resp.status_code in (429, 500, 502, 503, 504) and attempt < MAX_ATTEMPTS:
                self._backoff(attempt, resp.headers.get("Retry-After"), f"HTTP {resp.status_code}")
                continue
            raise ScorerUnavailable(
                f"perspective: HTTP {resp.status_code} from {self.base_url}: {resp.text[:200]}"
            )
        raise AssertionError("unreachable")

    def _backoff(self, attempt: int, retry_after: str | None, why: str) -> None:
        try:
            delay = float(retry_after) if retry_after is not None else 2.0**attempt
        except ValueError:
            delay = 2.0**attempt
        delay = min(delay, 60.0)
        log.warning("perspective: %s; retrying in %.1f s (attempt %d)", why, delay, attempt)
        self.sleep(delay)

    @staticmethod
    def _attributes(payload: dict[str, Any]) -> dict[str, float]:
        scores = payload.get("attributeScores", {})
        return {
            name: float(v.get("summaryScore", {}).get("value", 0.0))
            for name, v in scores.items()
            if name in ATTRIBUTES
        }


def _decide(values: dict[str, float]) -> tuple[Any, ...]:
    found = {ATTRIBUTES[a] for a, v in values.items() if v >= THRESHOLD and ATTRIBUTES[a]}
    top = max(values.values(), default=0.0)
    hostile = top >= THRESHOLD
    if hostile and not found:
        found = {"other_abuse"}
    categories = order_categories({c for c in found if c}) if hostile else []
    reasons = [f"perspective.{a}={v:.2f}" for a, v in sorted(values.items(), key=lambda kv: -kv[1])]
    return (
        "hostile" if hostile else "neutral",
        categories,
        severity_of(categories),
        round(top, 4),
        reasons,
    )
