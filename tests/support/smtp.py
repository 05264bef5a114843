"""A real SMTP relay on 127.0.0.1 for the digest and alert tests (aiosmtpd: STARTTLS required,
AUTH required) and a port that hangs up before any greeting. No tests here; the ``tls_files`` and
``relay`` fixtures built on them are in tests/conftest.py."""

from __future__ import annotations

import email
import email.policy
import ipaddress
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from pydantic import SecretStr

from tasks.alerts.smtp import SmtpSettings

USER, PASSWORD = "tocsin", "correct horse battery staple"


def make_tls_files(folder: Path) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for 127.0.0.1 (and the key), made by the test."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    crt, pem = folder / "relay.crt", folder / "relay.key"
    crt.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return crt, pem


@dataclass
class Relay:
    """What the relay received; ``replies`` are answers to DATA to give before accepting."""

    received: list[dict[str, Any]] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)
    attempts: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.attempts += 1
        if self.replies:
            return self.replies.pop(0)
        self.received.append(
            {
                "rcpt": list(envelope.rcpt_tos),
                "tls": session.ssl is not None,
                "login": session.auth_data.login if session.authenticated else None,
                "message": email.message_from_bytes(envelope.content, policy=email.policy.default),
            }
        )
        return "250 OK"

    def messages(self) -> list[EmailMessage]:
        return [r["message"] for r in self.received]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    # A failed result must carry no auth_data (aiosmtpd then answers 535 at once).
    return (
        AuthResult(success=True, auth_data=data) if ok else AuthResult(success=False, handled=False)
    )


@contextmanager
def running_relay(tls_files: tuple[Path, Path]) -> Iterator[tuple[Relay, SmtpSettings]]:
    """A relay on 127.0.0.1 that requires STARTTLS then AUTH, and the settings to reach it."""
    crt, pem = tls_files
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(crt, pem)
    handler = Relay()
    port = free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        auth_required=True,
        authenticator=authenticate,
    )
    controller.start()
    cfg = SmtpSettings(
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_user=USER,
        smtp_password=SecretStr(PASSWORD),
        smtp_ca_file=crt,
        smtp_timeout_seconds=10,
        smtp_from="Tocsin <tocsin@tocsin.example>",
    )
    try:
        yield handler, cfg
    finally:
        controller.stop()


@contextmanager
def hang_up_relay() -> Iterator[tuple[list[int], int]]:
    """A port on 127.0.0.1 that accepts each connection and closes it at once, before any SMTP
    greeting; yields (a list that grows by one per connection, the port)."""
    import threading

    accepted: list[int] = []
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            accepted.append(1)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield accepted, listener.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        listener.close()
