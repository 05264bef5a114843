from __future__ import annotations

import atexit
import os
import select
import shutil
import tempfile
import time

# Under libfaketime (`.ci/run` runs the time-sensitive tests with the clock 400 days ahead) only
# the wall clock may be faked: a faked CLOCK_MONOTONIC makes every absolute-deadline wait (Rust's
# park_timeout inside Polars' streaming engine, Python's timed locks) sleep on the kernel's real
# monotonic clock until a deadline 400 days away, so runs hang at random. With
# FAKETIME_DONT_FAKE_MONOTONIC=1 those waits are right, but libfaketime 0.9.10 shifts
# clock_nanosleep's absolute monotonic deadline anyway and time.sleep fails with EINVAL: sleep
# through select() instead, which it leaves alone. Installed before anything binds time.sleep.
if "faketime" in os.environ.get("LD_PRELOAD", ""):

    def _sleep(seconds: float) -> None:
        deadline = time.monotonic() + max(0.0, seconds)
        while (left := deadline - time.monotonic()) > 0:
            select.select([], [], [], left)

    time.sleep = _sleep
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

# No property test asserts time: Hypothesis's default 200 ms deadline per example failed
# test_evidence_merkle on a loaded machine (292 ms for one example, 0.25 ms when replayed).
# A test may still set its own settings; this is only the default.
hypothesis_settings.register_profile("tocsin", deadline=None)
hypothesis_settings.load_profile("tocsin")

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
# Sealing signs by default with a key it creates on first use: never in the real home from tests.
_KEY_HOME = tempfile.mkdtemp(prefix="tocsin-test-key-")
atexit.register(shutil.rmtree, _KEY_HOME, ignore_errors=True)
os.environ["TOCSIN_EVIDENCE_KEY_FILE"] = str(Path(_KEY_HOME) / "tocsin" / "signing-key.pem")
# The scorer's cache of its prefilter (tasks/scoring/scancache.py) likewise: not the real one.
os.environ["TOCSIN_CACHE_DIR"] = str(Path(_KEY_HOME) / "cache")
# The fixtures' payloads name media on the real platforms' hosts: runs in tests never fetch them
# (tests/test_media*.py turn it on, against media served on 127.0.0.1).
os.environ.setdefault("TOCSIN_EVIDENCE_MEDIA", "false")

# Before any test module imports Prefect: Tocsin's loggers in Prefect's extra loggers (flows/__init__).
import flows  # noqa: E402, F401
from config.settings import load_settings  # noqa: E402
from config.targets import Target  # noqa: E402

# Re-exported: the test modules that import them from here (tests/support/wire.py holds them, so
# that tests/support/ never imports this module, which imports tests/support/).
from tests.support.wire import NOW, SKEW, page, tweet, user  # noqa: E402, F401

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FIXTURES = SHARED / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen-golden", action="store_true", help="Rewrite golden files.")


def pytest_configure(config: pytest.Config) -> None:
    """Under libfaketime, every process that runs tests (each xdist worker included) checks that
    its wall clock really is moved from the real one, read by a child without the preload: a pass
    "400 days ahead" whose clock was not moved would prove nothing."""
    preload = os.environ.get("LD_PRELOAD", "")
    if "faketime" not in preload:
        return
    import subprocess

    env = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "FAKETIME")}
    real = int(subprocess.run(["date", "+%s"], env=env, capture_output=True, text=True).stdout)
    ahead = (time.time() - real) / 86400
    if abs(ahead) < 1:
        raise pytest.UsageError(
            f"libfaketime is preloaded but the clock is moved by {ahead:.1f} days"
        )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that starts Prefect is marked ``prefect``: `.ci/run` leaves them out of the
    run with a faked clock, whose waits Prefect's server does not survive (MEASURED.md)."""
    for item in items:
        if "prefect_harness" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.prefect)


@pytest.fixture
def derivations(monkeypatch) -> list[list[str]]:
    """The targets of each derivation of several at once a flow makes (its Prefect task,
    ``flows.steps.derive_many``, replaced by the plain function, its calls recorded)."""
    from flows import steps
    from tasks.derive import derive_many

    seen: list[list[str]] = []

    def recorded(root, targets, **kwargs):
        seen.append([name for name, _ in targets])
        return derive_many(root, targets, **kwargs)

    monkeypatch.setattr(steps, "derive_many", recorded)
    return seen


@pytest.fixture(scope="session")
def prefect_harness():
    """One Prefect test server for the whole session (it costs ~9 s to start)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def fixtures_dir() -> Path:
    if not FIXTURES.is_dir():
        pytest.skip(f"shared fixtures not present at {FIXTURES} (they are not shipped in the repo)")
    return FIXTURES


@pytest.fixture
def target() -> Target:
    return Target(
        name="alice",
        timezone="Europe/Paris",
        handles={"x": "alice_reporter", "x_user_id": "42"},
        watched_posts=[{"platform": "x", "id": "900", "note": "designating post"}],
    )


@pytest.fixture
def targets_file(tmp_path: Path) -> Path:
    path = tmp_path / "targets.toml"
    path.write_text(
        """
[[target]]
name = "alice"
timezone = "Europe/Paris"
handles = { x = "alice_reporter", x_user_id = "42" }
[[target.watched_posts]]
platform = "x"
id = "900"

[[target]]
name = "demo"
timezone = "Europe/Paris"
handles = { x = "demo_journalist", x_user_id = "1000000000000000001" }
synthetic = { scenario = "seed-wave", seed = 0 }
"""
    )
    return path


@pytest.fixture
def settings(tmp_path: Path, targets_file: Path):
    return load_settings(data_dir=tmp_path / "data", targets_file=targets_file)


@pytest.fixture
def write_jsonl(tmp_path: Path):
    def _write(name: str, lines: list[bytes]) -> Path:
        path = tmp_path / name
        path.write_bytes(b"\n".join(lines) + b"\n")
        return path

    return _write


# --- real servers on 127.0.0.1, shared by the test modules -------------------------------------


@pytest.fixture(scope="module")
def server():
    """A real HTTP server on 127.0.0.1, one per test module: its own, so no other module's
    handlers leak in."""
    from pytest_httpserver import HTTPServer

    srv = HTTPServer(host="127.0.0.1", port=0)
    srv.start()
    yield srv
    srv.clear()
    if srv.is_running():
        srv.stop()


@pytest.fixture
def srv(server):
    """The module's server with no handler left from the previous test."""
    server.clear()
    yield server
    server.clear()


@pytest.fixture(scope="session")
def tsa_server(tmp_path_factory: pytest.TempPathFactory):
    """A real RFC 3161 TSA on 127.0.0.1 (tests/support/evidence.py), with failure modes."""
    from tests.support.evidence import LocalTSA

    authority = LocalTSA(tmp_path_factory.mktemp("tsa"))
    yield authority
    authority.close()


@pytest.fixture
def tsa(tsa_server):
    tsa_server.mode = "ok"
    return tsa_server


@pytest.fixture(scope="session")
def signing_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tasks.evidence.sign import generate_key

    return generate_key(tmp_path_factory.mktemp("keys") / "signing.pem")[0]


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for 127.0.0.1 and localhost (and its key)."""
    from tests.support.smtp import make_tls_files

    return make_tls_files(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def relay(tls_files: tuple[Path, Path]):
    """A real SMTP relay on 127.0.0.1 (STARTTLS then AUTH) and the settings to reach it."""
    from tests.support.smtp import running_relay

    with running_relay(tls_files) as r:
        yield r


# --- the digest's small hostile dataset (tests/support/digest.py) ------------------------------


@pytest.fixture
def dataset(tmp_path: Path) -> dict[str, Any]:
    from tests.support.digest import make_dataset

    return make_dataset(tmp_path)


@pytest.fixture
def scored(dataset: dict[str, Any]) -> dict[str, Any]:
    from tests.support.digest import write_scores

    return write_scores(dataset)
