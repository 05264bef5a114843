"""Optional backends behind the same interface: Perspective against a local HTTP server, and
the transformer hook without weights (clear errors; label mapping through a fake pipeline)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tasks.scoring import ScorerUnavailable, get_scorer
from tasks.scoring.perspective import PerspectiveScorer
from tasks.scoring.transformer import TransformerScorer


def _attrs(**values: float) -> dict[str, Any]:
    return {"attributeScores": {k: {"summaryScore": {"value": v}} for k, v in values.items()}}


def test_perspective_maps_attributes(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request(
        "/analyze", method="POST", query_string="key=k"
    ).respond_with_json(_attrs(TOXICITY=0.93, THREAT=0.88, INSULT=0.2))
    httpserver.expect_ordered_request("/analyze", method="POST").respond_with_json(
        _attrs(TOXICITY=0.05, THREAT=0.01)
    )
    scorer = PerspectiveScorer(api_key="k", base_url=httpserver.url_for("/analyze"), qps=0)
    out = scorer.score(pl.DataFrame({"text": ["je vais te tuer", "merci"], "lang": ["fr", None]}))
    assert out.select("stance", "categories", "severity", "score").rows() == [
        ("hostile", ["threat"], 4, 0.93),
        ("neutral", [], 0, 0.05),
    ]
    assert out["reasons"][0].to_list() == [
        "perspective.TOXICITY=0.93",
        "perspective.THREAT=0.88",
        "perspective.INSULT=0.20",
    ]
    sent = json.loads(httpserver.log[0][0].get_data())
    assert sent["comment"] == {"text": "je vais te tuer"} and sent["languages"] == ["fr"]
    assert sent["doNotStore"] is True
    assert "languages" not in json.loads(httpserver.log[1][0].get_data())
    assert scorer.name == "perspective" and "2026" in scorer.version


def test_perspective_retries_429_honouring_retry_after(httpserver: HTTPServer) -> None:
    calls: list[int] = []

    def handler(request: Request) -> Response:
        calls.append(1)
        if len(calls) == 1:
            return Response("slow down", status=429, headers={"Retry-After": "7"})
        return Response(json.dumps(_attrs(TOXICITY=0.1)), content_type="application/json")

    httpserver.expect_request("/analyze").respond_with_handler(handler)
    slept: list[float] = []
    scorer = PerspectiveScorer(
        api_key="k", base_url=httpserver.url_for("/analyze"), qps=0, sleep=slept.append
    )
    out = scorer.score(pl.DataFrame({"text": ["hello"], "lang": ["en"]}))
    assert out["stance"].to_list() == ["neutral"] and slept == [7.0] and len(calls) == 2


def test_perspective_gives_up_on_client_errors(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/analyze").respond_with_data("bad key", status=403)
    scorer = PerspectiveScorer(api_key="k", base_url=httpserver.url_for("/analyze"), qps=0)
    with pytest.raises(ScorerUnavailable, match=r"perspective: HTTP 403 from .*: bad key"):
        scorer.score(pl.DataFrame({"text": ["x"], "lang": ["en"]}))


def test_perspective_skips_languages_it_does_not_serve(httpserver: HTTPServer) -> None:
    scorer = PerspectiveScorer(api_key="k", base_url=httpserver.url_for("/analyze"), qps=0)
    out = scorer.score(pl.DataFrame({"text": ["أنتِ كاذبة"], "lang": ["ar"]}))
    assert out.row(0, named=True)["reasons"] == ["perspective: language 'ar' not served"]
    assert httpserver.log == []


def test_perspective_needs_a_key() -> None:
    with pytest.raises(ScorerUnavailable, match="needs an API key"):
        get_scorer("perspective")


def test_transformer_needs_a_model() -> None:
    with pytest.raises(ScorerUnavailable, match="needs a model directory: install transformers"):
        get_scorer("transformer")


def test_transformer_refuses_a_directory_that_is_not_a_model(tmp_path: Path) -> None:
    with pytest.raises(ScorerUnavailable, match="is not a saved model"):
        TransformerScorer(tmp_path)


def test_transformer_not_installed_is_a_clear_error(tmp_path: Path) -> None:
    try:
        import transformers  # noqa: F401

        pytest.skip("transformers is installed here")
    except ImportError:
        pass
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(ScorerUnavailable, match="not installed: install transformers and torch"):
        TransformerScorer(tmp_path)


def test_transformer_maps_labels(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"model_type": "fake"}')

    def fake(_: Path) -> Any:
        def pipe(texts: list[str]) -> list[list[dict[str, Any]]]:
            return [
                [
                    {"label": "threat", "score": 0.9 if "kill" in t else 0.01},
                    {"label": "toxic", "score": 0.95 if "kill" in t else 0.02},
                ]
                for t in texts
            ]

        return pipe

    scorer = TransformerScorer(tmp_path, pipeline_factory=fake, batch_size=1)
    out = scorer.score(pl.DataFrame({"text": ["I will kill you", "hello"], "lang": ["en", "en"]}))
    assert out.select("stance", "categories", "severity", "score").rows() == [
        ("hostile", ["threat", "other_abuse"], 4, 0.95),
        ("neutral", [], 0, 0.02),
    ]
    assert scorer.name == "transformer" and scorer.version.startswith(tmp_path.name + "+")
