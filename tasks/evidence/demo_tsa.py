"""A local RFC 3161 timestamp authority for `tocsin demo` and the tests: ``openssl ts -reply``
behind a stdlib HTTP server on 127.0.0.1, with a throwaway CA made on the spot.

It is a DEMO authority: its certificates say so in their subject, and a manifest stamped by it
says so too (``DEMO_MARKER``). Its tokens prove nothing to anyone else — whoever runs it sets its
clock and holds its key. Production uses a public TSA (docs/chain-of-custody.md names a few).

Debian's ``openssl ts`` quirks (see the project's measurements): the TSA certificate needs
``extendedKeyUsage = critical,timeStamping``; ``default_policy`` is required;
``ess_cert_id_alg = sha256`` gives ESSCertIDv2; ``certs =`` stays out of the TSA section (the
certificate set would be written out of DER order and strict parsers refuse it); a refused
request still exits 0, so callers check the reply's status (tsa.check_token does).
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509

DEMO_MARKER = "DEMO"
TSA_NAME = "Tocsin DEMO timestamp authority - not evidence"
CA_NAME = "Tocsin DEMO CA - not evidence"
NOTE = "demo timestamp authority, not evidence"

_CONF = """
[req]
distinguished_name = dn
prompt = no
[dn]
CN = {ca_name}
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


class NoOpenSSL(RuntimeError):
    """``openssl`` is not installed (Debian package ``openssl``): no local authority."""


def openssl_available() -> bool:
    return shutil.which("openssl") is not None


def _openssl(cwd: Path, *args: str) -> None:
    if not openssl_available():
        raise NoOpenSSL("openssl is not installed (Debian package openssl)")
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_tsa(
    folder: Path, days: int = 3650, ca_name: str = CA_NAME, tsa_name: str = TSA_NAME
) -> Path:
    """A throwaway CA and a TSA certificate in ``folder`` (owner-only: it holds their private
    keys); the CA certificate's path. By default both subjects call them a demo, not evidence."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    (folder / "tsa.cnf").write_text(_CONF.replace("{ca_name}", ca_name))
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes")
    valid = ("-days", str(days))
    ca_ext = ("-config", "tsa.cnf", "-extensions", "v3_ca")
    _openssl(folder, "req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", *valid, *ca_ext)
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
        f"/CN={tsa_name}",
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
        *valid,
        "-extfile",
        "tsa.cnf",
        "-extensions",
        "v3_tsa",
    )
    (folder / "serial").write_text("01\n")
    return folder / "ca.pem"


def is_demo_ca(ca_file: Path | None) -> bool:
    """Whether the TSA CA file is a demo authority's (its subject says DEMO)."""
    if ca_file is None:
        return False
    try:
        certs = x509.load_pem_x509_certificates(Path(ca_file).read_bytes())
    except (OSError, ValueError):
        return False
    return any(DEMO_MARKER in c.subject.rfc4514_string() for c in certs)


class LocalTSA:
    """``openssl ts -reply`` over HTTP on 127.0.0.1; ``url`` to ask, ``ca`` to check replies."""

    def __init__(self, folder: Path, days: int = 3650, demo: bool = True) -> None:
        self.folder = folder
        names = {} if demo else {"ca_name": "Tocsin test CA", "tsa_name": "Tocsin test TSA"}
        self.ca = make_tsa(folder, days, **names)
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
                    pass  # the client gave up waiting

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/tsr"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @staticmethod
    def now() -> datetime:
        """The clock ``openssl ts`` stamps with: the process's own (faked too under faketime).
        A seal timestamped here must be dated by this clock, not a fixed time, or verify rightly
        warns that the token came days after the seal."""
        return datetime.now(UTC)

    def answer(self, query: bytes) -> tuple[int, bytes]:
        """(HTTP status, body) for one timestamp query."""
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
            (self.folder / f"{name}.tsq").unlink()
            (self.folder / f"{name}.tsr").unlink()
        return 200, reply

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
