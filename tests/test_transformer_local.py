"""Bring your own model: the transformer backend with a model on a local path, never a download.

The end-to-end test builds a tiny BERT classifier itself (a word-level tokenizer of seven words,
one layer of width 8), saves it with ``save_pretrained`` and scores through ``get_scorer`` with
no network. It needs ``transformers`` and ``torch``, which are not Tocsin dependencies: torch's
PyPI wheel pulls about 3 GB of CUDA libraries on Linux, so they are not installed here and the
test skips, saying so. The contract tests below run everywhere.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from config.settings import load_settings
from tasks.scoring import get_scorer
from tasks.scoring.base import ScorerUnavailable
from tasks.scoring.transformer import TransformerScorer, local_only_kwargs


def _fake(_: Path) -> Any:
    def pipe(texts: list[str]) -> list[list[dict[str, Any]]]:
        return [[{"label": "threat", "score": 0.9 if "kill" in t else 0.01}] for t in texts]

    return pipe


def test_the_model_directory_is_a_setting_passed_to_the_scorer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """transformer_model (TOCSIN_TRANSFORMER_MODEL) reaches the scorer through
    ``Settings.scoring.options``, as the flows, the digest and ``tocsin score`` build it; the
    scorer itself reads no environment."""
    (tmp_path / "config.json").write_text('{"model_type": "bert"}')
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TOCSIN_CONFIG", raising=False)
    monkeypatch.setenv("TOCSIN_TRANSFORMER_MODEL", str(tmp_path))
    settings = load_settings()
    assert settings.scoring.transformer_model == tmp_path
    assert settings.digest.scoring == settings.scoring
    options = settings.scoring.options("transformer")
    assert options == {"model": tmp_path} and settings.scoring.options("rules") == {}
    scorer = get_scorer("transformer", pipeline_factory=_fake, **options)
    out = scorer.score(pl.DataFrame({"text": ["I will kill you"], "lang": ["en"]}))
    assert out.row(0, named=True)["reasons"] == ["transformer.threat=0.90"]
    with pytest.raises(ScorerUnavailable, match="needs a model directory"):
        TransformerScorer(pipeline_factory=_fake)


def test_another_checkpoint_is_another_version(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"model_type": "bert"}')
    (tmp_path / "model.safetensors").write_bytes(b"weights one")
    first = TransformerScorer(tmp_path, pipeline_factory=_fake).version
    (tmp_path / "model.safetensors").write_bytes(b"weights two")
    second = TransformerScorer(tmp_path, pipeline_factory=_fake).version
    assert first != second and first.startswith(f"{tmp_path.name}+")


def test_local_files_only_goes_where_the_installed_transformers_takes_it() -> None:
    """transformers 5 refuses the flag in model_kwargs when its pipeline() takes it itself (the
    end-to-end test below failed so on 5.25); 4.x only takes it there."""
    assert local_only_kwargs("5.25.0") == {"local_files_only": True}
    assert local_only_kwargs("6.0.0.dev0") == {"local_files_only": True}
    assert local_only_kwargs("4.46.3") == {"model_kwargs": {"local_files_only": True}}


def _tiny_model(path: Path) -> None:
    """A two-label BERT whose classifier says "threat" for every text (bias only): the test
    checks the wiring, not the model's judgement."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import BertConfig, BertForSequenceClassification, PreTrainedTokenizerFast

    vocab = {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "kill": 4, "you": 5, "hello": 6}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
    )
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=8,
        num_hidden_layers=1,
        num_attention_heads=1,
        intermediate_size=8,
        max_position_embeddings=32,
        id2label={0: "toxic", 1: "threat"},
        label2id={"toxic": 0, "threat": 1},
        problem_type="multi_label_classification",
    )
    torch.manual_seed(0)
    model = BertForSequenceClassification(config)
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.copy_(torch.tensor([-5.0, 5.0]))
    model.save_pretrained(path)
    fast.save_pretrained(path)


def test_a_tiny_model_built_here_scores_with_no_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip(
        "torch", reason="torch is not installed (its PyPI wheel pulls ~3 GB of CUDA libraries)"
    )
    pytest.importorskip("transformers", reason="transformers is not installed")
    model = tmp_path / "tiny-bert"
    _tiny_model(model)
    # No hub, no cache: anything the directory lacks would fail instead of being fetched.
    monkeypatch.setenv("HF_HOME", str(tmp_path / "empty-home"))
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    scorer = get_scorer("transformer", model=model)
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    out = scorer.score(pl.DataFrame({"text": ["kill you", "hello"], "lang": ["en", "en"]}))
    assert out.select("stance", "categories", "severity").rows() == [
        ("hostile", ["threat"], 4),
        ("hostile", ["threat"], 4),
    ]
    assert out["reasons"].to_list()[0] == ["transformer.threat=0.99", "transformer.toxic=0.01"]
    assert scorer.version.startswith("tiny-bert+")
