from __future__ import annotations

import re
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from config.settings import KEYS, SHIPPED_TARGETS, load_settings
from config.targets import load_targets, pick_targets
from flows.cli import app
from tasks.errors import ConfigError, UnknownTarget
from tests.support.settings import count_loads


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


def test_settings_and_their_slices_are_frozen(tmp_path):
    s = load_settings(data_dir=tmp_path / "data")
    with pytest.raises(ValidationError, match="Instance is frozen"):
        s.data_dir = tmp_path  # type: ignore[misc]
    with pytest.raises(ValidationError, match="Instance is frozen"):
        s.smtp.smtp_host = "elsewhere"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="Instance is frozen"):
        s.digest.digest_max_messages = 3  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        s.detect.min_posts = 1  # type: ignore[misc]


def test_each_key_reaches_its_slice_from_file_env_and_parameter(tmp_path, monkeypatch):
    cfg = tmp_path / "tocsin.toml"
    cfg.write_text(
        'smtp_host = "relay.file"\nsmtp_port = 2525\nevidence_tsa_timeout_seconds = 3.5\n'
        "young_account_days = 12\n[detect]\nmin_posts = 4\n[alerts]\nescalate_on = ['threats']\n"
    )
    monkeypatch.setenv("TOCSIN_SMTP_HOST", "relay.env")
    monkeypatch.setenv("TOCSIN_SMTP_PASSWORD", "s3cret")
    monkeypatch.setenv("TOCSIN_DIGEST_MASK_SLURS", "false")
    s = load_settings(cfg, evidence_tsa_url="https://tsa.example/")
    assert (s.smtp.smtp_host, s.smtp.smtp_port) == ("relay.env", 2525)
    assert s.digest.smtp == s.smtp and s.digest.digest_mask_slurs is False
    assert (s.evidence.evidence_tsa_url, s.evidence.evidence_tsa_timeout_seconds) == (
        "https://tsa.example/",
        3.5,
    )
    # [detect] young_account_days defaults to the setting of that name, as before.
    assert (s.detect.min_posts, s.detect.young_account_days, s.young_account_days) == (4, 12, 12)
    assert s.alerts.escalate_on == ("threats",)
    assert s.smtp.smtp_password is not None and "s3cret" not in repr(s) + str(s.model_dump())
    # Every documented key is read: the key space is derived from the slices, one field each.
    assert {"smtp_host", "digest_scorer", "evidence_tsa_url", "detect", "data_dir"} <= set(KEYS)
    assert not {"smtp", "digest", "evidence", "config_file"} & set(KEYS)


@pytest.mark.parametrize(
    ("env", "value", "message"),
    [
        pytest.param(
            "TOCSIN_SMTP_PORT", "0", "smtp_port: Input should be greater than 0", id="smtp"
        ),
        pytest.param(
            "TOCSIN_DIGEST_MAX_ACCOUNTS",
            "-1",
            "digest_max_accounts: Input should be greater than or equal to 0",
            id="digest",
        ),
        pytest.param(
            "TOCSIN_EVIDENCE_TSA_TIMEOUT_SECONDS",
            "soon",
            "evidence_tsa_timeout_seconds: Input should be a valid number, unable to parse "
            "string as a number",
            id="evidence",
        ),
        pytest.param(
            "TOCSIN_DETECT",
            '{"min_postz": 3}',
            "detect.min_postz: Unexpected keyword argument",
            id="detect",
        ),
    ],
)
def test_a_bad_value_is_one_line_naming_its_key_and_exit_2(
    tmp_path, monkeypatch, env, value, message
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TOCSIN_CONFIG", raising=False)
    monkeypatch.setenv(env, value)
    with pytest.raises(ConfigError, match=rf"^invalid settings: {re.escape(message)}$"):
        load_settings()
    result = CliRunner().invoke(app, ["digest", "--target", "demo"])
    assert result.exit_code == 2
    assert result.output.strip() == f"error: invalid settings: {message}"


def test_a_command_builds_its_settings_once(tmp_path, monkeypatch, targets_file):
    """`digest --send`: the settings checked before Prefect starts are the ones the relay check
    reads (a missing relay is said at once); the flow gets them too (tests/test_flows.py)."""
    loads = count_loads(monkeypatch)
    monkeypatch.setenv("TOCSIN_TARGETS_FILE", str(targets_file))
    monkeypatch.delenv("TOCSIN_SMTP_HOST", raising=False)
    args = ["digest", "--target", "alice", "--send", "--data-dir", str(tmp_path / "data")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert result.output.strip() == (
        "error: --send needs an SMTP relay: set smtp_host (TOCSIN_SMTP_HOST)"
    )
    assert len(loads) == 1


def test_nothing_under_tasks_reads_the_environment():
    """Settings come from config/ and travel as objects: no task reads os.environ. The two
    exceptions set or read a variable that is no setting (but one), each saying why in its docstring."""
    allowed = {
        "tasks/crashpoint.py": "the crash-matrix test hook TOCSIN_TEST_KILL_AFTER",
        "tasks/gx_suite.py": "GX_ANALYTICS_ENABLED, read by great-expectations at import",
        # HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE set before transformers is imported (no download,
        # ever); the model directory is a setting (transformer_model), passed down.
        "tasks/scoring/transformer.py": "the Hugging Face offline switches (set, never read)",
    }
    root = Path(__file__).resolve().parents[1]
    found = {
        str(p.relative_to(root))
        for p in (root / "tasks").rglob("*.py")
        if re.search(r"\bos\.environ\b|\bgetenv\(|\benviron\[", p.read_text(encoding="utf-8"))
    }
    assert found <= set(allowed), sorted(found - set(allowed))
    flows = {
        str(p.relative_to(root))
        for p in (root / "flows").rglob("*.py")
        if re.search(r"\bos\.environ\b|\bgetenv\(", p.read_text(encoding="utf-8"))
    }
    # Prefect's own variables: set before Prefect is imported (the CLI; flows/__init__.py for
    # the tocsin loggers in flow-run logs, which Prefect reads once at import), and in each
    # worker process so that it reports to the flow's API (flows/workers.py); and read, to know
    # whether anything could name a Prefect API before importing Prefect (flows/cli/ingest.py:
    # `tocsin import` runs its steps as plain functions when nothing does).
    allowed_flows = {
        "flows/__init__.py",
        "flows/cli/common.py",
        "flows/cli/ingest.py",
        "flows/workers.py",
    }
    assert flows <= allowed_flows, sorted(flows - allowed_flows)


def test_the_documented_keys_are_the_ones_read_before_the_slices():
    """README and tocsin.example.toml document these names (TOCSIN_<KEY> in the environment):
    splitting the settings into slices renamed none of them."""
    assert sorted(KEYS) == [
        *("alert_outbox_dir", "alerts", "batch_size", "bluesky_app_password", "bluesky_handle"),
        *("bluesky_url", "clock_skew_seconds", "dask_address", "data_dir", "data_docs"),
        "detect",
        *("digest_mask_slurs", "digest_max_accounts", "digest_max_messages", "digest_out_dir"),
        *("digest_scorer", "evidence_archive", "evidence_archive_accept_unlocked"),
        *("evidence_archive_retention_days", "evidence_key_file", "evidence_media"),
        *("evidence_media_max_bytes", "evidence_media_private_hosts", "evidence_signing_key"),
        *("evidence_tsa_ca_file",),
        *("evidence_tsa_timeout_seconds", "evidence_tsa_url", "first_run_days"),
        *("http_max_retries", "http_max_wait_seconds", "mastodon_token", "mastodon_url"),
        *("perspective_api_key", "prefect_secret_blocks", "request_timeout_seconds", "scorer"),
        *("smtp_ca_file", "smtp_from", "smtp_host", "smtp_password", "smtp_port"),
        *("smtp_starttls", "smtp_timeout_seconds", "smtp_user", "targets_file", "task_runner"),
        "transformer_model",
        "workers",
        *("x_base_url", "x_bearer_token", "x_monthly_read_cap", "x_own_posts", "x_page_size"),
        *("x_quote_search", "x_search_mode", "x_target_floor", "young_account_days"),
    ]
