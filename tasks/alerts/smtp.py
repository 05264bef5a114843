"""Sending mail through the installation's SMTP relay: STARTTLS, then login, then the message.

Shared by the wave alerts and the weekly digest: both take the settings' one ``smtp`` slice
(``SmtpSettings``, declared in config/slices.py and importable from here). The password is a
``SecretStr``: it comes from the environment (``TOCSIN_SMTP_PASSWORD``) or the Prefect Secret
block ``tocsin-smtp-password``, never from a file, and never appears in a repr or a log line.

With ``smtp_starttls`` (the default) the session is upgraded before any credential is sent, and
a server that does not offer STARTTLS is an error, never a silent fall-back to clear text.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
import time
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

from pydantic import SecretStr

from config.slices import SmtpSettings
from tasks.errors import ConfigError, TocsinError

__all__ = [
    "CONNECT_TIMEOUT",
    "PASSWORD_BLOCK",
    "PASSWORD_ENV",
    "DeliveryError",
    "SmtpSettings",
    "check_relay",
    "connect",
    "resolve_password",
    "send_message",
    "write_outbox",
]

PASSWORD_ENV = "TOCSIN_SMTP_PASSWORD"
PASSWORD_BLOCK = "tocsin-smtp-password"
# Seconds to open a connection to the relay: one that is up answers in milliseconds, and a
# firewall that drops packets would otherwise hold every attempt for smtp_timeout_seconds.
CONNECT_TIMEOUT = 10.0


class DeliveryError(TocsinError):
    """A message could not be delivered (refused, unreachable, bad credentials)."""


def resolve_password(cfg: SmtpSettings, *, secret_blocks: bool = False) -> SmtpSettings:
    """Fill the password from the Prefect Secret block when the environment had none and blocks
    are enabled (``secret_blocks``: the ``prefect_secret_blocks`` setting). A user without a
    password is an error before anything is sent."""
    if cfg.smtp_user and cfg.smtp_password is None and secret_blocks:
        from prefect.blocks.system import Secret

        try:
            value = Secret.load(PASSWORD_BLOCK).get()
        except ValueError:
            value = None
        if value:
            cfg = cfg.model_copy(update={"smtp_password": SecretStr(str(value))})
    if cfg.smtp_user and cfg.smtp_password is None:
        raise ConfigError(
            f"smtp_user is set but no SMTP password: set {PASSWORD_ENV} in the environment "
            f"(or enable prefect_secret_blocks and create the Secret block {PASSWORD_BLOCK!r})"
        )
    return cfg


class _SMTP(smtplib.SMTP):
    """smtplib.SMTP with its own, shorter, timeout for opening the connection."""

    def __init__(self, host: str, port: int, *, timeout: float, connect_timeout: float) -> None:
        self._connect_timeout = connect_timeout
        super().__init__(host, port, timeout=timeout)

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        sock = socket.create_connection((host, port), self._connect_timeout, self.source_address)
        sock.settimeout(timeout)
        return sock


def _reason(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def connect(cfg: SmtpSettings) -> smtplib.SMTP:
    """An open session with the relay, its greeting read. A relay that does not accept the
    connection within CONNECT_TIMEOUT (or the smaller smtp_timeout_seconds) or does not greet
    is a DeliveryError "cannot reach SMTP relay host:port: why" (transient: see digest/send)."""
    if not cfg.smtp_host:
        raise ConfigError("no SMTP relay configured: set smtp_host (TOCSIN_SMTP_HOST)")
    timeout = cfg.smtp_timeout_seconds
    try:
        return _SMTP(
            cfg.smtp_host,
            cfg.smtp_port,
            timeout=timeout,
            connect_timeout=min(timeout, CONNECT_TIMEOUT),
        )
    except OSError as exc:  # refused, timed out, no such host, closed before its greeting
        raise DeliveryError(
            f"cannot reach SMTP relay {cfg.smtp_host}:{cfg.smtp_port}: {_reason(exc)}"
        ) from None


def check_relay(
    cfg: SmtpSettings,
    *,
    attempts: int = 2,
    delay: float = 5.0,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Open a session and quit, up to ``attempts`` times ``delay`` seconds apart: for a person
    waiting at the command line, an unreachable relay is an answer within seconds (at most
    attempts × CONNECT_TIMEOUT + the delays), not after the scheduled run's hour of retries."""
    for attempt in range(1, attempts + 1):
        try:
            smtp = connect(cfg)
        except DeliveryError as exc:
            if attempt == attempts:
                raise DeliveryError(f"{exc} ({attempts} attempts, {delay:g} s apart)") from None
            sleep(delay)
        else:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()
            return


def send_message(cfg: SmtpSettings, msg: EmailMessage) -> None:
    """Deliver ``msg`` to its To/Cc recipients; raises DeliveryError with the server's answer."""
    where = f"{cfg.smtp_host}:{cfg.smtp_port}"
    try:
        with connect(cfg) as smtp:
            smtp.ehlo()
            if cfg.smtp_starttls:
                if not smtp.has_extn("starttls"):
                    raise DeliveryError(
                        f"SMTP relay {where} does not offer STARTTLS; refusing to send "
                        "credentials and messages in clear (set smtp_starttls=false only for a "
                        "relay on the same host)"
                    )
                context = ssl.create_default_context(
                    cafile=str(cfg.smtp_ca_file) if cfg.smtp_ca_file else None
                )
                smtp.starttls(context=context)
                smtp.ehlo()
            if cfg.smtp_user:
                if cfg.smtp_password is None:
                    raise ConfigError("smtp_user is set but no SMTP password")
                smtp.login(cfg.smtp_user, cfg.smtp_password.get_secret_value())
            refused = smtp.send_message(msg)
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(
            f"SMTP relay {where} refused the login of {cfg.smtp_user!r}: {exc.smtp_code}"
        ) from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(
            f"SMTP relay {where} refused every recipient: {sorted(exc.recipients)}"
        ) from None
    except (smtplib.SMTPException, ssl.SSLError) as exc:
        raise DeliveryError(f"SMTP relay {where}: {exc}") from None
    except OSError as exc:
        raise DeliveryError(f"SMTP relay {where} dropped the connection: {_reason(exc)}") from None
    if refused:
        raise DeliveryError(f"SMTP relay {where} refused {sorted(refused)}")


def write_outbox(outbox: Path, msg: EmailMessage, name: str) -> Path:
    """A dry run: the message as an .eml file (open it with any mail client) instead of sent;
    owner-only, like everything else holding the posts (tasks/store.py)."""
    from tasks.files import replace_file

    dest = outbox / f"{name}.eml"
    replace_file(dest, bytes(msg))
    return dest
