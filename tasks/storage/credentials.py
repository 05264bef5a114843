"""Where an s3:// root's credentials come from (issue 16, point 1): boto3's own chain first (the
AWS variables, ~/.aws, a role), then, only when that found none and ``prefect_secret_blocks`` is
on, the Prefect Secret blocks below, as tasks/sources/registry.py and tasks/alerts/smtp.py do.

The values live only in the boto3 session this returns, in the process that asked: a root that
may use the blocks carries the boolean ``secret_blocks``, never a key, so a pickled root (Dask)
holds no secret and each process loads the blocks itself on first use. Errors name the variables
and the blocks, never a value. Endpoint and region stay boto3's (AWS_ENDPOINT_URL, AWS_REGION).
"""

from __future__ import annotations

from typing import Any

from tasks.storage.base import StorageError

# Each credential: boto3's keyword, its environment variable, its Prefect Secret block.
KEY_ID = ("aws_access_key_id", "AWS_ACCESS_KEY_ID", "tocsin-aws-access-key-id")
SECRET = ("aws_secret_access_key", "AWS_SECRET_ACCESS_KEY", "tocsin-aws-secret-access-key")
TOKEN = ("aws_session_token", "AWS_SESSION_TOKEN", "tocsin-aws-session-token")  # optional
BLOCKS = tuple(block for _, _, block in (KEY_ID, SECRET, TOKEN))

# What the blocks held, per process: loaded once (one Prefect API call per block, not per root).
_loaded: dict[str, str] = {}


class NoCredentials(StorageError):
    """Neither boto3's chain nor (when enabled) the Prefect Secret blocks gave S3 credentials."""


def block_value(name: str) -> str | None:
    """A Prefect Secret block's value, or None when it does not exist or is empty (needs a
    Prefect API: only called with prefect_secret_blocks)."""
    if name in _loaded:
        return _loaded[name]
    from prefect.blocks.system import Secret

    try:
        value = Secret.load(name).get()
    except ValueError:  # Prefect's "no such block"
        return None
    except Exception as exc:  # noqa: BLE001 - unreachable API, refused, malformed block...
        # Only the exception's type: a validation error's text may quote the block's data.
        raise NoCredentials(
            f"cannot load the Prefect Secret block {name!r} ({type(exc).__name__}): check "
            "PREFECT_API_URL and that the Prefect server is up"
        ) from None
    if not value:
        return None
    _loaded[name] = str(value)
    return _loaded[name]


def missing_message(where: str, secret_blocks: bool, absent: list[str]) -> str:
    env = f"{KEY_ID[1]} and {SECRET[1]}"
    blocks = f"{KEY_ID[2]!r} and {SECRET[2]!r}"
    text = (
        f"{where}: no S3 credentials: boto3 found none in the environment ({env}) nor in "
        "~/.aws (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE); set them there"
    )
    if not secret_blocks:
        return (
            f"{text}, or set prefect_secret_blocks = true and create the Prefect Secret "
            f"blocks {blocks}"
        )
    missing = " and ".join(repr(b) for b in absent)
    return (
        f"{text}, or create the Prefect Secret blocks {blocks} (prefect block create secret): "
        f"{missing} missing or empty"
    )


def s3_session(secret_blocks: bool = False, where: str = "s3") -> Any:
    """A boto3 session with credentials: boto3's chain when it finds some (the environment wins
    over the blocks), else the Prefect Secret blocks when ``secret_blocks``; else NoCredentials
    naming the variables and the blocks (``where``: the root or archive, for the message)."""
    import boto3

    session = boto3.session.Session()
    if session.get_credentials() is not None:
        return session
    absent = [KEY_ID[2], SECRET[2]]
    if secret_blocks:
        try:
            got = {kw: block_value(block) for kw, _, block in (KEY_ID, SECRET, TOKEN)}
        except NoCredentials as exc:
            raise NoCredentials(
                f"{where}: no S3 credentials in the environment, and {exc}"
            ) from None
        absent = [b for kw, _, b in (KEY_ID, SECRET) if not got[kw]]
        if not absent:
            return boto3.session.Session(**{kw: v for kw, v in got.items() if v})
    raise NoCredentials(missing_message(where, secret_blocks, absent))


def forget_loaded() -> None:
    """Drop the block values this process loaded (a test, or a rotated key)."""
    _loaded.clear()
