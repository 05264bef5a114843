"""Ed25519 signatures of the manifests, checkable with ``openssl pkeyutl -verify -rawin``.

The private key lives outside the data root (whoever can write the data root must not be able to
re-sign altered evidence); only the public key is copied into ``evidence/keys/`` and into exports.
A key is named by the SHA-256 of its DER SubjectPublicKeyInfo, which each signed manifest records.
"""

from __future__ import annotations

import hashlib
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from tasks.errors import ConfigError, TocsinError
from tasks.evidence.vaultstore import read_bytes
from tasks.storage import is_s3

log = logging.getLogger("tocsin.evidence")


class SignatureProblem(TocsinError):
    """A public key that cannot be read, or a signature that does not verify."""


@dataclass(frozen=True)
class KeyInUse:
    path: Path
    fingerprint: str
    """SHA-256 of the public key's DER SubjectPublicKeyInfo, as manifests record it."""
    created: bool


def public_key_path(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(".pem") + ".pub.pem")


def _private_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _key_folder(folder: Path) -> None:
    """The key's folder, created owner-only (700); an existing folder is left as its owner set it."""
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700, exist_ok=True)
        folder.chmod(0o700)  # mkdir's mode is filtered by the umask


def _write_public(pub: Path, key: Ed25519PrivateKey) -> None:
    """The public half beside the key, owner-only like every key file whatever the umask (it is
    handed out on purpose, not left readable by every account of the machine)."""
    pub.write_bytes(public_pem(key.public_key()))
    os.chmod(pub, 0o600)


def generate_key(path: Path, data_root: Path | None = None) -> tuple[Path, Path]:
    """A new Ed25519 private key at ``path`` (mode 600) and its public key beside it (.pub.pem)."""
    path = Path(path)
    outside_data_root(path, data_root)
    if path.exists():
        raise ConfigError(f"{path} already exists; refusing to overwrite a signing key")
    key = Ed25519PrivateKey.generate()
    _key_folder(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(_private_pem(key))
    pub = public_key_path(path)
    _write_public(pub, key)
    return path, pub


def ensure_key(path: Path, data_root: Path | None = None) -> KeyInUse:
    """The key at ``path``, created first if there is none (mode 600 in a 700 folder).

    Two processes sealing at once on a first run both end up with the same key: the new key is
    written aside and linked into place, so whoever links second reads the first one's key whole.
    Creating a key is said loudly (where, and its fingerprint): it must be backed up, and whoever
    verifies exports needs its public half.
    """
    path = Path(path)
    outside_data_root(path, data_root)
    if path.exists():
        return KeyInUse(path, fingerprint(load_private_key(path).public_key()), False)
    key = Ed25519PrivateKey.generate()
    _key_folder(path.parent)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(_private_pem(key))
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            return KeyInUse(path, fingerprint(load_private_key(path).public_key()), False)
    finally:
        tmp.unlink(missing_ok=True)
    pub = public_key_path(path)
    _write_public(pub, key)
    fp = fingerprint(key.public_key())
    log.warning(
        "created the signing key %s (Ed25519, fingerprint sha256:%s; public key %s): "
        "every manifest is signed with it from now on; back it up, never into the data root",
        path,
        fp,
        pub,
    )
    return KeyInUse(path, fp, True)


def outside_data_root(key_path: Path, data_root: Any) -> None:
    """Refuse a key inside the data root. The key is always a local file: an s3:// data root
    never holds it (signing reads it here; only the public key is copied into the vault)."""
    if data_root is None or is_s3(data_root):
        return
    key, root = Path(key_path).resolve(), Path(data_root).resolve()
    if key == root or root in key.parents:
        raise ConfigError(
            f"signing key {key_path} is inside the data root {data_root}: keep it elsewhere "
            "(whoever can change the data must not be able to re-sign it)"
        )


def load_private_key(path: Path, data_root: Any = None) -> Ed25519PrivateKey:
    outside_data_root(path, data_root)
    try:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    except FileNotFoundError:
        raise ConfigError(
            f"signing key not found: {path} (create one with `tocsin keygen`)"
        ) from None
    except (ValueError, TypeError) as exc:
        raise ConfigError(
            f"signing key {path} is not an unencrypted PEM private key: {exc}"
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigError(
            f"signing key {path} is not an Ed25519 key (create one with `tocsin keygen`)"
        )
    return key


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def fingerprint(key: Ed25519PublicKey) -> str:
    der = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).hexdigest()


def load_public_key(path: Any) -> Ed25519PublicKey:
    """The public key at ``path``: a local file, or the vault's copy on an s3:// root."""
    try:
        key = serialization.load_pem_public_key(read_bytes(path))
    except FileNotFoundError:
        raise SignatureProblem(f"public key not found: {path}") from None
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise SignatureProblem(f"{path}: not a PEM public key ({exc})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise SignatureProblem(f"{path}: not an Ed25519 public key")
    return key


def sign(key: Ed25519PrivateKey, data: bytes) -> bytes:
    return key.sign(data)


def verify_signature(key: Ed25519PublicKey, data: bytes, signature: bytes) -> bool:
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return False
    return True
