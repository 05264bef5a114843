"""Connector settings and credentials: where they come from, what is refused, what `tocsin
sources` shows (and never shows)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from config.settings import KEYS, load_settings
from config.targets import load_targets
from flows.cli.sources import register, sources_report
from tasks.errors import ConfigError, SourceUnavailable
from tasks.sources import registry
from tasks.sources.base import Source
from tasks.sources.bluesky import BlueskySource
from tasks.sources.file import FileSource
from tasks.sources.mastodon import MastodonSource
from tasks.sources.registry import make_source
from tasks.sources.x_api import XSource
from tests.conftest import NOW
from tests.support.sources import BSKY_PASSWORD, MASTODON_TOKEN, X_TOKEN

ROOT = Path(__file__).resolve().parents[1]
CREDENTIAL_ENV = (
    "TOCSIN_X_BEARER_TOKEN",
    "TOCSIN_MASTODON_TOKEN",
    "TOCSIN_BLUESKY_HANDLE",
    "TOCSIN_BLUESKY_APP_PASSWORD",
)
TARGETS = """
[[target]]
name = "alice"
sources = ["x", "mastodon", "bluesky"]
handles = { x = "alice_reporter", mastodon = "alice@social.example", bluesky = "alice.example.social" }

[[target]]
name = "bob"
sources = ["synthetic", "x"]
secret_blocks = { x_bearer_token = "bob-x-token" }
"""


@pytest.fixture
def no_credentials(monkeypatch, tmp_path):
    for name in CREDENTIAL_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("TOCSIN_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def targets(tmp_path):
    path = tmp_path / "targets.toml"
    path.write_text(TARGETS)
    return path


def test_credentials_come_from_the_environment_and_never_show(no_credentials, monkeypatch):
    monkeypatch.setenv("TOCSIN_X_BEARER_TOKEN", X_TOKEN)
    monkeypatch.setenv("TOCSIN_X_BASE_URL", "http://127.0.0.1:9")
    settings = load_settings()
    assert settings.sources.x_bearer_token.get_secret_value() == X_TOKEN
    assert settings.sources.x_base_url == "http://127.0.0.1:9"
    assert X_TOKEN not in repr(settings) and X_TOKEN not in str(settings.model_dump())


@pytest.mark.parametrize("key", ["x_bearer_token", "mastodon_token", "bluesky_app_password"])
def test_credentials_are_refused_in_the_config_file(no_credentials, tmp_path, key):
    cfg = tmp_path / "tocsin.toml"
    cfg.write_text(f'{key} = "oops"\n')
    env = f"TOCSIN_{key.upper()}"
    with pytest.raises(ConfigError) as info:
        load_settings(cfg)
    assert str(info.value) == (
        f"config file {cfg}: credentials do not belong in a file ({key}); remove them and set "
        f"{env} in the environment or a Prefect Secret block"
    )
    assert "oops" not in str(info.value)


def test_every_credential_is_in_the_env_example():
    example = (ROOT / ".env.example").read_text()
    for name in (*CREDENTIAL_ENV, "TOCSIN_X_BASE_URL", "TOCSIN_MASTODON_URL", "TOCSIN_BLUESKY_URL"):
        assert f"# {name}=" in example, name


def test_every_connector_setting_is_described():
    for name in (
        "x_base_url",
        "mastodon_url",
        "bluesky_url",
        "x_search_mode",
        "x_monthly_read_cap",
        "request_timeout_seconds",
        "http_max_retries",
        "http_max_wait_seconds",
    ):
        assert KEYS[name].description, name


@pytest.mark.parametrize(
    ("source", "env", "message"),
    [
        pytest.param(
            "x", {}, "set TOCSIN_X_BEARER_TOKEN (X API bearer token) in the environment", id="x"
        ),
        pytest.param(
            "mastodon",
            {},
            "set TOCSIN_MASTODON_TOKEN (Mastodon access token) in the environment",
            id="mastodon",
        ),
        pytest.param(
            "bluesky",
            {"TOCSIN_BLUESKY_HANDLE": "a.example"},
            "set TOCSIN_BLUESKY_APP_PASSWORD (Bluesky app password) in the environment",
            id="bluesky-half",
        ),
    ],
)
def test_a_source_without_credentials_is_unavailable_with_what_to_set(
    no_credentials, monkeypatch, targets, source, env, message
):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    alice = load_targets(targets)["alice"]
    with pytest.raises(SourceUnavailable) as info:
        make_source(source, alice, load_settings(targets_file=targets))
    assert str(info.value) == (
        f"target 'alice': source {source!r} is not configured: {message} or a Prefect Secret "
        "block (docs/sources.md)"
    )


def test_each_source_is_built_when_its_credentials_are_there(
    no_credentials, monkeypatch, targets, tmp_path
):
    monkeypatch.setenv("TOCSIN_X_BEARER_TOKEN", X_TOKEN)
    monkeypatch.setenv("TOCSIN_MASTODON_TOKEN", MASTODON_TOKEN)
    monkeypatch.setenv("TOCSIN_BLUESKY_HANDLE", "alice.example.social")
    monkeypatch.setenv("TOCSIN_BLUESKY_APP_PASSWORD", BSKY_PASSWORD)
    settings = load_settings(targets_file=targets, data_dir=tmp_path / "data")
    alice = load_targets(targets)["alice"]
    built = [make_source(n, alice, settings) for n in alice.sources]
    assert [type(s) for s in built] == [XSource, MastodonSource, BlueskySource]
    assert built[1].instance == "https://social.example"  # from the handle user@instance
    with pytest.raises(
        ConfigError, match=r"unknown source 'tiktok'; known: synthetic, x, mastodon, bluesky"
    ):
        make_source("tiktok", alice, settings)


def test_every_source_satisfies_the_source_protocol_before_its_first_pass(
    no_credentials, monkeypatch, targets, tmp_path
):
    """The flow reads ``problems`` and ``gaps`` and calls ``checkpoint`` on whatever source it
    got: each one has them, empty, and a checkpoint before any pass writes no marks."""
    for env, value in [
        ("TOCSIN_X_BEARER_TOKEN", X_TOKEN),
        ("TOCSIN_MASTODON_TOKEN", MASTODON_TOKEN),
        ("TOCSIN_BLUESKY_HANDLE", "alice.example.social"),
        ("TOCSIN_BLUESKY_APP_PASSWORD", BSKY_PASSWORD),
    ]:
        monkeypatch.setenv(env, value)
    root = tmp_path / "data"
    settings = load_settings(targets_file=targets, data_dir=root)
    known = load_targets(targets)
    lines = tmp_path / "export.jsonl"
    lines.write_text('{"data": [], "meta": {"result_count": 0}}\n')
    sources = [make_source(n, known["alice"], settings) for n in known["alice"].sources]
    sources += [
        make_source("synthetic", known["bob"], settings),
        FileSource([lines], now=NOW),
    ]
    for source in sources:
        assert isinstance(source, Source), source.name
        assert (source.problems, source.gaps) == ([], []), source.name
        source.checkpoint(root)
    assert not (root / "state").exists()


def test_credential_precedence_target_block_then_environment_then_installation_block(
    no_credentials, monkeypatch, targets
):
    loaded: list[str] = []

    def fake_block(name: str, *, required: bool) -> str | None:
        loaded.append(name)
        return {"bob-x-token": "from-bob-block", "tocsin-x-bearer-token": "from-shared-block"}.get(
            name
        )

    monkeypatch.setattr(registry, "_load_block", fake_block)
    people = load_targets(targets)
    monkeypatch.setenv("TOCSIN_X_BEARER_TOKEN", "from-env")
    settings = load_settings(targets_file=targets)
    assert registry.credential(settings, people["bob"], "x_bearer_token") == "from-bob-block"
    assert registry.credential(settings, people["alice"], "x_bearer_token") == "from-env"
    monkeypatch.delenv("TOCSIN_X_BEARER_TOKEN")
    assert (
        registry.credential(load_settings(targets_file=targets), people["alice"], "x_bearer_token")
        is None
    )
    blocks = load_settings(targets_file=targets, prefect_secret_blocks=True)
    assert registry.credential(blocks, people["alice"], "x_bearer_token") == "from-shared-block"
    assert loaded == ["bob-x-token", "tocsin-x-bearer-token"]


def test_sources_report_says_what_is_ready_without_showing_a_secret(
    no_credentials, monkeypatch, targets, tmp_path
):
    monkeypatch.setenv("TOCSIN_X_BEARER_TOKEN", X_TOKEN)
    cfg = tmp_path / "tocsin.toml"
    cfg.write_text(f'targets_file = "{targets}"\n')
    rows = sources_report(cfg)
    assert [(r["target"], r["source"], r["ready"]) for r in rows] == [
        ("alice", "x", "yes"),
        ("alice", "mastodon", "no"),
        ("alice", "bluesky", "no"),
        ("bob", "synthetic", "yes"),
        ("bob", "x", "yes"),
    ]
    assert rows[0]["credentials"] == "TOCSIN_X_BEARER_TOKEN: set"
    assert rows[1]["credentials"] == "TOCSIN_MASTODON_TOKEN: missing"
    assert rows[1]["base_url"] == "https://social.example"
    assert (
        rows[2]["credentials"]
        == "TOCSIN_BLUESKY_HANDLE: missing; TOCSIN_BLUESKY_APP_PASSWORD: missing"
    )
    assert rows[4]["credentials"] == "TOCSIN_X_BEARER_TOKEN: block 'bob-x-token'"

    app = typer.Typer()
    app.command()(lambda: None)  # a second command, so `sources` stays a subcommand
    register(app)
    result = CliRunner().invoke(app, ["sources", "--config", str(cfg)])
    assert result.exit_code == 1, result.output  # some configured source is not ready
    assert "alice" in result.output and "TOCSIN_MASTODON_TOKEN" in result.output
    assert X_TOKEN not in result.output
    bad = CliRunner().invoke(app, ["sources", "--config", str(tmp_path / "nope.toml")])
    assert bad.exit_code == 2 and "config file not found" in bad.output
