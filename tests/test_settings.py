from __future__ import annotations

from pathlib import Path

import pytest

from config.settings import SHIPPED_TARGETS, load_settings
from config.targets import load_targets, pick_targets
from tasks.errors import ConfigError, UnknownTarget


def test_precedence_parameter_env_file_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TOCSIN_DATA_DIR", raising=False)
    monkeypatch.delenv("TOCSIN_CONFIG", raising=False)
    assert load_settings().data_dir == Path("data")
    Path("tocsin.toml").write_text('data_dir = "from-file"\nbatch_size = 10\n')
    s = load_settings()
    assert (s.data_dir, s.batch_size, s.config_file) == (Path("from-file"), 10, Path("tocsin.toml"))
    monkeypatch.setenv("TOCSIN_DATA_DIR", "from-env")
    assert load_settings().data_dir == Path("from-env")
    assert load_settings(data_dir="from-param").data_dir == Path("from-param")
    # An unset option falls through to the next level.
    assert load_settings(data_dir=None).data_dir == Path("from-env")


def test_unknown_key_in_config_file_is_rejected(tmp_path):
    cfg = tmp_path / "tocsin.toml"
    cfg.write_text('data_dir = "x"\nbatchsize = 3\n')
    with pytest.raises(
        ConfigError,
        match=r"invalid settings \(config file .*tocsin.toml\): batchsize: Extra inputs are not permitted",
    ):
        load_settings(cfg)


def test_missing_config_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match="config file not found: .*nope.toml"):
        load_settings(tmp_path / "nope.toml")


def test_shipped_targets_hold_the_demo():
    demo = load_targets(SHIPPED_TARGETS)["demo"]
    assert demo.timezone == "Europe/Paris"
    assert demo.synthetic.scenario == "seed-wave"
    assert demo.watched_ids("x")


def test_unknown_target_lists_the_configured_ones(targets_file):
    with pytest.raises(UnknownTarget, match=r"^unknown target 'bob'; configured: alice, demo$"):
        pick_targets(load_targets(targets_file), ["bob"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            "[[target]]\nname = 'Bad Name'\n",
            "target.0.name: String should match pattern",
            id="bad-name",
        ),
        pytest.param(
            "[[target]]\nname = 'a'\ntimezone = 'Mars/Olympus'\n",
            "unknown timezone 'Mars/Olympus'",
            id="bad-tz",
        ),
        pytest.param(
            "[[target]]\nname = 'a'\n[[target]]\nname = 'a'\n",
            "target 'a' is declared twice",
            id="twice",
        ),
        pytest.param("[[target]\n", r"t.toml, line 1, column 9: not valid TOML: ", id="toml"),
    ],
)
def test_bad_targets_file(tmp_path, text, message):
    path = tmp_path / "t.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_targets(path)
