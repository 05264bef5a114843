"""What Tocsin writes for people, on an s3:// data root (issue 16, point 1): the digests' sent-log
(compare-and-swap, a lease per target instead of an flock), the digest files, the safety-desk
site and `tocsin status`'s overview, against a real S3 server (moto[server] on 127.0.0.1)."""

from __future__ import annotations

import json
import re
import threading
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest

from tasks.digest import send, write_digest
from tasks.digest.settings import DigestSettings
from tasks.site import build_site
from tasks.site.dossiers import Dossiers, dossiers_made
from tasks.status import table_overview
from tasks.storage import S3Root
from tests.support.digest import NOW, TARGET, WEEK, make_dataset, write_scores
from tests.support.s3server import s3_client

boto3 = pytest.importorskip("boto3")
AT = datetime(2020, 2, 3, 7, tzinfo=UTC)


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    with s3_client(tmp_path_factory.mktemp("moto")) as client:
        yield client


@pytest.fixture
def s3_root(s3) -> S3Root:
    name = f"data-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    return S3Root(f"s3://{name}/desk")


def keys(s3, root: S3Root) -> list[str]:
    listed = s3.list_objects_v2(Bucket=root.bucket, Prefix="desk/").get("Contents") or []
    return sorted(o["Key"].removeprefix("desk/") for o in listed)


def outgoing(email: str, week: str = "2020-W05") -> send.Outgoing:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "tocsin@tocsin.example", email, "digest"
    msg["Message-ID"] = f"<digest.alice.{week}.{uuid.uuid4().hex[:8]}@tocsin.example>"
    msg.set_content("the week")
    return send.Outgoing("alice", week, email, msg)


def test_the_sent_log_on_s3_sends_once_and_is_one_object(s3, s3_root, relay):
    server, smtp = relay
    out = outgoing("Desk@Example.org")
    assert send.deliver(s3_root, out, smtp) == "sent"
    assert send.deliver(s3_root, out, smtp) == "already sent"
    assert [r["rcpt"] for r in server.received] == [["Desk@Example.org"]]
    # The log is one object, the same JSON as the local file; the lease was released.
    assert keys(s3, s3_root) == ["state/digest/alice.json"]
    body = s3.get_object(Bucket=s3_root.bucket, Key="desk/state/digest/alice.json")["Body"].read()
    log = json.loads(body)
    assert list(log["2020-W05"]) == ["desk@example.org"]
    assert log["2020-W05"]["desk@example.org"]["message_id"] == out.message["Message-ID"]
    assert body.endswith(b"}\n")
    assert send.already_sent(s3_root, "alice", "2020-W05", "desk@example.org")
    assert not send.already_sent(s3_root, "alice", "2020-W06", "desk@example.org")


def test_four_senders_of_one_digest_on_s3_send_it_once(s3_root, relay):
    """The check, the send and the record run under the target's lease: without it, each
    thread would see "not sent" while the others' SMTP conversations run."""
    server, smtp = relay
    out = outgoing("desk@example.org")
    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(send.deliver(s3_root, out, smtp)))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["already sent"] * 3 + ["sent"]
    assert len(server.received) == 1


def test_concurrent_records_on_s3_lose_no_delivery(s3_root):
    """record_sent on S3 is a compare-and-swap: six recorders at once, none holding a lock,
    and every delivery is in the log."""
    emails = [f"reader{i}@example.org" for i in range(6)]
    threads = [
        threading.Thread(
            target=send.record_sent, args=(s3_root, "alice", "2020-W05", e, f"<m{e}>", AT)
        )
        for e in emails
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(send.read_sent(s3_root, "alice")["2020-W05"]) == emails


@pytest.fixture
def both(s3, s3_root, tmp_path):
    """The digest's scored dataset in a local folder, and the same files under an S3 prefix (each
    file one object at the same relative key), as a run on either root would leave them."""
    ds = write_scores(make_dataset(tmp_path))
    local = ds["root"]
    for path in sorted(p for p in local.rglob("*") if p.is_file()):
        rel = path.relative_to(local).as_posix()
        s3.put_object(Bucket=s3_root.bucket, Key=f"desk/{rel}", Body=path.read_bytes())
    return local, s3_root


def object_bytes(s3, root: S3Root, prefix: str) -> dict[str, bytes]:
    return {
        k.removeprefix(prefix): s3.get_object(Bucket=root.bucket, Key=f"desk/{k}")["Body"].read()
        for k in keys(s3, root)
        if k.startswith(prefix)
    }


def file_bytes(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_the_digest_files_on_s3_are_the_local_files(s3, both):
    local, remote = both
    _, paths = write_digest(local, TARGET, WEEK, DigestSettings(), now=NOW)
    _, objects = write_digest(remote, TARGET, WEEK, DigestSettings(), now=NOW)
    assert [str(o) for o in objects] == [f"{remote.url}/digests/alice/{p.name}" for p in paths]
    written = file_bytes(local / "digests" / "alice")
    assert [n for n in sorted(written) if n.endswith(".eml")] == [
        "alice-2020-W05-alice-example-org.eml",
        "alice-2020-W05-desk-example-org.eml",
    ]
    stored = object_bytes(s3, remote, "digests/alice/")
    assert {n: unbound(b) for n, b in stored.items()} == {n: unbound(b) for n, b in written.items()}


def unbound(data: bytes) -> bytes:
    """A file with its MIME boundaries (random, a message each) made equal."""
    return re.sub(rb"={15}\d+", b"=BOUNDARY", data)


def test_the_site_on_s3_is_the_local_site_and_drops_stale_pages(s3, both):
    local, remote = both
    s3.put_object(Bucket=remote.bucket, Key="desk/site/targets/gone.fr.html", Body=b"old")
    build_site(local, [TARGET], NOW)
    site = build_site(remote, [TARGET], NOW)
    assert str(site.index) == f"{remote.url}/site/index.html"
    pages = file_bytes(local / "site")
    assert sorted(pages) == ["index.html", "targets/alice.en.html", "targets/alice.fr.html"]
    assert object_bytes(s3, remote, "site/") == pages


def test_status_overview_on_s3_counts_what_the_folder_holds(both):
    local, remote = both
    overview = table_overview(remote)
    assert not overview.is_empty()
    assert overview.sort("table", "target").equals(table_overview(local).sort("table", "target"))


def test_dossiers_on_s3_are_listed_with_size_newest_first(s3, s3_root):
    put = s3_root.location("dossiers/alice")
    (put / "episode-1.pdf").write_bytes(b"%PDF-1 first")
    (put / "bundle.zip").write_bytes(b"PK second")
    (put / "notes.txt").write_bytes(b"not a dossier")
    (put / "old" / "nested.pdf").write_bytes(b"%PDF below")
    assert dossiers_made(s3_root, "bob") == Dossiers(available=False)
    made = dossiers_made(s3_root, "alice")
    assert made.available
    assert [(d.name, d.size) for d in made.items] == [("bundle.zip", 9), ("episode-1.pdf", 12)]
    assert made.items[0].made_at >= made.items[1].made_at
