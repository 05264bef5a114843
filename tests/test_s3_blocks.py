"""S3 credentials from Prefect Secret blocks (issue 16, point 1): when boto3 finds no keys in the
environment or ~/.aws and prefect_secret_blocks is on, an s3:// data root and the evidence
archive take the key id and secret from the blocks; the environment wins; with neither, one
error naming both; the secret is never in a pickled root, a repr, a settings dump or an error.
A real S3 server (moto_server on 127.0.0.1) and a real Prefect API (the session's test server)."""

from __future__ import annotations

import pickle
import uuid

import pytest

from config.settings import Settings
from config.slices import EvidenceSettings
from tasks.evidence import keep_pages, seal_report
from tasks.evidence.archive_store import Archive, ArchiveError, open_store
from tasks.evidence.config import sealing
from tasks.evidence.vaultstore import EvidenceRoot
from tasks.storage import S3Root
from tasks.storage.credentials import NoCredentials, forget_loaded
from tests.support.evidence import NOW, pages_of_run
from tests.support.s3server import aws_variables, moto_server

boto3 = pytest.importorskip("boto3")

KEY_ID = "AKIABLOCKKEY7Q2W"
SECRET = "block-secret-9f3b1c7e-never-shown"
TOKEN = "block-session-token-5d1a"
ENV_KEY_ID, ENV_SECRET = "AKIAENVKEY0000", "env-secret-0000"
BLOCK_NAMES = (
    "tocsin-aws-access-key-id",
    "tocsin-aws-secret-access-key",
    "tocsin-aws-session-token",
)
NONE_NO_BLOCKS = (
    "data root {url}: no S3 credentials: boto3 found none in the environment (AWS_ACCESS_KEY_ID "
    "and AWS_SECRET_ACCESS_KEY) nor in ~/.aws (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE); "
    "set them there, or set prefect_secret_blocks = true and create the Prefect Secret blocks "
    "'tocsin-aws-access-key-id' and 'tocsin-aws-secret-access-key'"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("moto")
    with moto_server(folder) as url:
        yield url, folder


@pytest.fixture
def no_env_keys(server, monkeypatch):
    """The AWS variables point at the server, but hold no keys (nor does any ~/.aws file)."""
    url, folder = server
    for name, value in aws_variables(url, folder).items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    forget_loaded()
    yield url
    forget_loaded()


@pytest.fixture
def bucket(server):
    """A new bucket with Object Lock (made with keys of its own: moto accepts any)."""
    s3 = boto3.client(
        "s3",
        endpoint_url=server[0],
        region_name="us-east-1",
        aws_access_key_id="maker",
        aws_secret_access_key="maker",
    )
    name = f"blocks-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name, ObjectLockEnabledForBucket=True)
    return name


def save_blocks(**values: str) -> None:
    from prefect.blocks.system import Secret

    for name in BLOCK_NAMES:
        try:
            Secret.delete(name)
        except Exception:  # noqa: BLE001 - absent already
            pass
    for name, value in values.items():
        Secret(value=value).save(name, overwrite=True)


@pytest.fixture
def blocks(prefect_harness):
    save_blocks(
        **{BLOCK_NAMES[0]: KEY_ID, BLOCK_NAMES[1]: SECRET},
    )
    yield
    save_blocks()


def frozen(session):
    return session.get_credentials().get_frozen_credentials()


def test_without_env_keys_a_root_reads_and_writes_with_the_blocks(no_env_keys, blocks, bucket):
    root = S3Root(f"s3://{bucket}/tocsin", secret_blocks=True)
    root.write("a/one.txt", b"written with the blocks' keys")
    assert root.read("a/one.txt") == b"written with the blocks' keys"
    assert root.list("a") == ["a/one.txt"]
    creds = frozen(root.session)
    assert (creds.access_key, creds.secret_key, creds.token) == (KEY_ID, SECRET, None)
    # PyArrow and Polars are handed the same keys.
    options = root.reader_options()
    assert (options["aws_access_key_id"], options["aws_secret_access_key"]) == (KEY_ID, SECRET)
    filesystem, base = root.arrow()
    with filesystem.open_input_stream(f"{base}/a/one.txt") as f:
        assert f.read() == b"written with the blocks' keys"
    # The pickle carries the flag, never a key; the copy loads the blocks again by itself.
    data = pickle.dumps(root)
    assert SECRET.encode() not in data and KEY_ID.encode() not in data
    assert SECRET not in repr(root) and KEY_ID not in repr(root)
    forget_loaded()
    again = pickle.loads(data)
    assert again.secret_blocks is True and again.read("a/one.txt") is not None
    assert frozen(again.session).secret_key == SECRET


def test_the_optional_session_token_block_is_used(no_env_keys, prefect_harness, bucket):
    save_blocks(**{BLOCK_NAMES[0]: KEY_ID, BLOCK_NAMES[1]: SECRET, BLOCK_NAMES[2]: TOKEN})
    try:
        root = S3Root(f"s3://{bucket}", secret_blocks=True)
        assert frozen(root.session).token == TOKEN
        root.write("t", b"x")
    finally:
        save_blocks()


def test_settings_give_the_evidence_root_the_flag_and_no_secret(no_env_keys, blocks, bucket):
    settings = Settings(
        data_dir=f"s3://{bucket}/data",
        evidence_archive_retention_days=1,
        prefect_secret_blocks=True,
    )
    root = settings.data_dir
    assert isinstance(root, EvidenceRoot) and root.secret_blocks is True
    root.write("probe", b"ok")
    assert frozen(root.session).access_key == KEY_ID
    assert root.opened().locked is True  # Object Lock read with the blocks' keys
    for text in (settings.model_dump_json(), repr(settings), repr(root)):
        assert SECRET not in text and KEY_ID not in text
    data = pickle.dumps(settings)
    assert SECRET.encode() not in data and KEY_ID.encode() not in data
    assert pickle.loads(data).data_dir.secret_blocks is True
    off = Settings(data_dir=f"s3://{bucket}/data", evidence_archive_retention_days=1)
    assert off.data_dir.secret_blocks is False


def test_the_environment_wins_over_the_blocks(no_env_keys, blocks, bucket, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ENV_KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", ENV_SECRET)
    root = S3Root(f"s3://{bucket}", secret_blocks=True)
    root.write("env", b"env keys")
    creds = frozen(root.session)
    assert (creds.access_key, creds.secret_key) == (ENV_KEY_ID, ENV_SECRET)


def test_with_neither_one_error_names_the_variables_and_the_blocks(no_env_keys, bucket):
    root = S3Root(f"s3://{bucket}/p")
    with pytest.raises(NoCredentials) as caught:
        root.read("anything")
    assert str(caught.value) == NONE_NO_BLOCKS.format(url=root.url)


def test_a_missing_block_is_named_and_no_value_shown(no_env_keys, prefect_harness, bucket):
    save_blocks(**{BLOCK_NAMES[0]: KEY_ID})  # the key id alone: the secret's block is missing
    try:
        root = S3Root(f"s3://{bucket}/p", secret_blocks=True)
        with pytest.raises(NoCredentials) as caught:
            root.write("anything", b"x")
    finally:
        save_blocks()
    message = str(caught.value)
    assert message == (
        f"data root {root.url}: no S3 credentials: boto3 found none in the environment "
        "(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) nor in ~/.aws "
        "(AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE); set them there, or create the Prefect "
        "Secret blocks 'tocsin-aws-access-key-id' and 'tocsin-aws-secret-access-key' "
        "(prefect block create secret): 'tocsin-aws-secret-access-key' missing or empty"
    )
    assert KEY_ID not in message


def test_the_evidence_archive_takes_the_blocks_too(no_env_keys, blocks, bucket):
    archive = Archive(f"s3://{bucket}/archive", bucket, "archive", 1, secret_blocks=True)
    store = open_store(archive)
    assert store.locked is True
    creds = store.s3._request_signer._credentials.get_frozen_credentials()
    assert (creds.access_key, creds.secret_key) == (KEY_ID, SECRET)
    with pytest.raises(ArchiveError) as caught:
        open_store(Archive(archive.url, bucket, "archive", 1))  # blocks not enabled
    assert str(caught.value).startswith(f"evidence archive {archive.url}: no S3 credentials: ")
    assert "prefect_secret_blocks = true" in str(caught.value)
    assert SECRET not in str(caught.value)


def test_a_sealed_vault_is_archived_with_the_blocks_keys(
    no_env_keys, blocks, bucket, tmp_path, signing_key
):
    evidence = EvidenceSettings(
        evidence_archive=f"s3://{bucket}/vault",
        evidence_archive_retention_days=3650,  # past the server's (real) clock, faketime or not
        evidence_signing_key=signing_key,
    )
    root = tmp_path / "data"
    list(keep_pages(pages_of_run(2), root, "run-1", "alice"))
    keys = sealing(evidence, root, secret_blocks=True)  # what the flows pass from the settings
    assert keys["archive"].secret_blocks is True
    sealed = seal_report(root, "run-1", "alice", now=NOW, **keys)
    assert sealed.archive is not None and sealed.archive.locked is True
    assert sealed.archive.uploaded > 0 and sealed.archive.present == 0


def test_an_unreachable_prefect_api_is_named_in_one_error(tmp_path):
    """In its own process: PREFECT_API_URL at a closed port, no AWS keys anywhere."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PREFECT_"))}
    env.update(
        AWS_EC2_METADATA_DISABLED="true",
        AWS_CONFIG_FILE=str(tmp_path / "none"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"),
        PREFECT_HOME=str(tmp_path / "prefect"),
        PREFECT_API_URL="http://127.0.0.1:9/api",  # discard: nothing listens there
    )
    code = (
        "from tasks.storage import S3Root\n"
        "try:\n"
        "    S3Root('s3://bucket/p', secret_blocks=True).read('x')\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__, exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.stdout.strip() == (
        "NoCredentials data root s3://bucket/p: no S3 credentials in the environment, and cannot "
        "load the Prefect Secret block 'tocsin-aws-access-key-id' (ConnectError): check "
        "PREFECT_API_URL and that the Prefect server is up"
    ), done.stderr[-2000:]
