"""What the evidence tests share: a real RFC 3161 TSA on 127.0.0.1 (``openssl ts -reply`` behind
a stdlib HTTP server, with a throwaway CA made here), a signing key, and small vaults.

No tests here; the test_evidence_* modules import these fixtures.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tasks.evidence import keep_pages, seal_report
from tasks.evidence.sign import generate_key
from tasks.sources.base import RawPage
from tests.conftest import page, tweet, user

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)

_TSA_CONF = """
[req]
distinguished_name = dn
prompt = no
[dn]
CN = Tocsin test TSA CA
[v3_ca]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[v3_tsa]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[tsa]
default_tsa = tsa1
[tsa1]
dir = .
serial = ./serial
crypto_device = builtin
signer_cert = ./tsa.pem
signer_key = ./tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def _openssl(cwd: Path, *args: str) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_tsa(folder: Path) -> Path:
    """A throwaway CA and a TSA certificate (extendedKeyUsage critical,timeStamping) in folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tsa.cnf").write_text(_TSA_CONF)
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes")
    _openssl(
        folder,
        "req",
        "-x509",
        *ec,
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "3",
        "-config",
        "tsa.cnf",
        "-extensions",
        "v3_ca",
    )
    _openssl(
        folder,
        "req",
        "-new",
        *ec,
        "-keyout",
        "tsa.key",
        "-out",
        "tsa.csr",
        "-subj",
        "/CN=Tocsin test TSA",
    )
    _openssl(
        folder,
        "x509",
        "-req",
        "-in",
        "tsa.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "tsa.pem",
        "-days",
        "3",
        "-extfile",
        "tsa.cnf",
        "-extensions",
        "v3_tsa",
    )
    (folder / "serial").write_text("01\n")
    return folder / "ca.pem"


class LocalTSA:
    """``openssl ts -reply`` over HTTP. ``mode``: ok, garbage, slow (sleeps past any timeout the
    tests use), http500."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.ca = make_tsa(folder)
        self.mode = "ok"
        self.requests = 0
        self._lock = threading.Lock()
        tsa = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
                query = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                tsa.requests += 1
                status, body = tsa.answer(query)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/timestamp-reply")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the "slow" mode's client gave up waiting, as it should

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/tsr"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @staticmethod
    def now() -> datetime:
        """The clock ``openssl ts`` stamps with: the process's own (faked too under faketime).
        A seal that a test timestamps here must be dated by this clock, not a fixed ``NOW``, or
        verify rightly warns that the token came days after the seal."""
        return datetime.now(UTC)

    def answer(self, query: bytes) -> tuple[int, bytes]:
        if self.mode == "garbage":
            return 200, b"this is not a timestamp reply"
        if self.mode == "http500":
            return 500, b"internal error"
        if self.mode == "slow":
            time.sleep(1.5)
        name = uuid.uuid4().hex
        with self._lock:  # openssl ts updates its serial file
            (self.folder / f"{name}.tsq").write_bytes(query)
            _openssl(
                self.folder,
                "ts",
                "-reply",
                "-config",
                "tsa.cnf",
                "-queryfile",
                f"{name}.tsq",
                "-out",
                f"{name}.tsr",
            )
            reply = (self.folder / f"{name}.tsr").read_bytes()
        return 200, reply

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def tsa_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalTSA]:
    server = LocalTSA(tmp_path_factory.mktemp("tsa"))
    yield server
    server.close()


@pytest.fixture
def tsa(tsa_server: LocalTSA) -> LocalTSA:
    tsa_server.mode = "ok"
    return tsa_server


@pytest.fixture(scope="session")
def signing_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_key(tmp_path_factory.mktemp("keys") / "signing.pem")[0]


def pages_of_run(n: int, *, first_id: int = 100, day: str = "2020-02-01") -> list[RawPage]:
    """A run's pages: tweets pages, plus the odd ones every real collection meets."""
    out = []
    for i in range(n):
        ids = [str(first_id + 10 * i + k) for k in range(3)]
        tweets = [
            tweet(
                t, text=f"@alice_reporter message {t} <b>é</b>", created_at=f"{day}T1{k}:00:00.000Z"
            )
            for k, t in enumerate(ids)
        ]
        out.append(
            RawPage(
                page(tweets, [user()]), "file", f"run.jsonl:{i + 1}", NOW, date.fromisoformat(day)
            )
        )
    out.append(
        RawPage(
            b'{"meta":{"result_count":0}}', "file", "run.jsonl:empty", NOW, date.fromisoformat(day)
        )
    )
    out.append(RawPage(b"not json at all {", "file", "run.jsonl:broken", NOW))
    out.append(
        RawPage(
            b'{"errors":[{"title":"Not Found Error","detail":"gone"}]}',
            "file",
            "run.jsonl:error",
            NOW,
        )
    )
    return out


def kept(pages: list[RawPage], root: Path, run_id: str, target: str = "alice") -> list[RawPage]:
    return list(keep_pages(pages, root, run_id, target))


def build_vault(root: Path, key: Path | None, tsa: LocalTSA | None, runs: int = 2) -> list[Path]:
    """A small installation: ``runs`` runs of a few pages each, every one sealed."""
    manifests = []
    for r in range(runs):
        kept(pages_of_run(4, first_id=1000 * (r + 1)), root, f"run-{r + 1}")
        result = seal_report(
            root,
            f"run-{r + 1}",
            "alice",
            signing_key=key,
            tsa_url=tsa.url if tsa else None,
            tsa_ca_file=tsa.ca if tsa else None,
            now=tsa.now() if tsa else NOW,
        )
        assert result.manifest is not None
        manifests.append(result.manifest)
    return manifests


def copy_vault(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    for p in dest.rglob("*"):
        if p.is_file():
            p.chmod(0o644)  # the vault's files are read-only; tests alter copies on purpose
    return dest


def ingest_and_seal(
    root: Path, pages: list[RawPage], target, run_id: str, key: Path | None, tsa: LocalTSA | None
) -> Path | None:
    """The pipeline's evidence path without Prefect: keep → parse → validate → store → seal."""
    from tasks.ingest import store_batch
    from tasks.parse import parse_batches
    from tasks.validate import split

    for staging, _ in parse_batches(keep_pages(pages, root, run_id, target.name), target, 50_000):
        valid, rejected = split(staging, NOW, timedelta(minutes=5))
        store_batch(root, valid, rejected, run_id)
    return seal_report(
        root,
        run_id,
        target.name,
        signing_key=key,
        tsa_url=tsa.url if tsa else None,
        tsa_ca_file=tsa.ca if tsa else None,
        now=tsa.now() if tsa else NOW,
    ).manifest
