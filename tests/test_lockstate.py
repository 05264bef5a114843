"""The words the export and the dossier say of the evidence's lock (tasks/evidence/lockstate.py),
from HeadObject answers as S3 gives them: every case counted, none templated. The answers the
store really gives are read in tests/test_dossier_s3.py."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tasks.evidence.lockstate import ARCHIVE, LOCAL, VAULT, LockState

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
URL = "s3://bucket/data"
A, B = datetime(2036, 11, 21, 9, tzinfo=UTC), datetime(2036, 11, 22, 9, tzinfo=UTC)
PAST = datetime(2026, 1, 1, tzinfo=UTC)
WHERE = ", read with HeadObject on s3://bucket/data"


def locked(until: datetime) -> dict:
    return {"ObjectLockMode": "COMPLIANCE", "ObjectLockRetainUntilDate": until}


def state(answers: list[dict | None], kind: str = VAULT) -> LockState:
    s = LockState(kind, URL, objects=len(answers))
    for a in answers:
        s.note(a, NOW)
    return s


@pytest.mark.parametrize(
    ("answers", "words", "complete"),
    [
        pytest.param(
            [locked(A)] * 3, f"COMPLIANCE until 2036-11-21 (all 3 objects{WHERE})", True, id="same"
        ),
        pytest.param(
            [locked(B), locked(A)],
            f"COMPLIANCE until 2036-11-21 at the earliest (all 2 objects{WHERE})",
            True,
            id="earliest",
        ),
        pytest.param(
            [locked(A), {}, locked(B)],
            f"1 of 3 objects not locked; the other 2 COMPLIANCE until 2036-11-21 at the "
            f"earliest{WHERE}",
            False,
            id="partial",
        ),
        pytest.param(
            [{}, {}],
            f"NOT locked: none of the 2 objects has an Object Lock{WHERE}",
            False,
            id="unlocked",
        ),
        pytest.param(
            [None, {"DeleteMarker": True}, locked(A)],
            f"2 of 3 objects missing; the other 1 COMPLIANCE until 2036-11-21{WHERE}",
            False,
            id="missing",
        ),
        pytest.param([None, None], f"2 of 2 objects missing{WHERE}", False, id="all-missing"),
        pytest.param(
            [locked(PAST), locked(A)],
            f"1 of 2 objects past their retain-until date; the other 1 COMPLIANCE-locked{WHERE}",
            False,
            id="expired",
        ),
    ],
)
def test_the_words_say_what_was_read(answers, words, complete):
    s = state(answers)
    assert s.words("en") == words
    assert s.complete is complete
    assert s.as_dict()["en"] == words and s.as_dict()["complete"] is complete


def test_french_says_the_same_counts():
    s = state([locked(A), {}, locked(B)])
    assert s.words("fr") == (
        "1 objets sur 3 non verrouillés; les 2 autres COMPLIANCE jusqu'au 2036-11-21 au plus "
        "tôt, lus par HeadObject sur s3://bucket/data"
    )


def test_an_archive_with_an_altered_copy_is_not_called_locked_whole():
    s = LockState(ARCHIVE, URL, objects=2, present=2, altered=1)
    s.modes["COMPLIANCE"] = 2
    s.earliest_until = A
    assert s.words("en") == (
        "1 of 2 objects altered (not the sealed bytes); 2 of 2 COMPLIANCE until 2036-11-21 "
        "at the earliest of the archive copy s3://bucket/data, read with HeadObject"
    )
    assert not s.complete


def test_a_local_folder_and_a_store_not_read_say_so():
    assert LockState(LOCAL, "/data").words("en").startswith("no object lock: ")
    assert not LockState(LOCAL, "/data").complete
    unread = LockState(VAULT, URL, objects=3, not_checked="AccessDenied: no")
    assert unread.words("en") == (
        "the lock of the evidence objects was NOT CHECKED (AccessDenied: no)"
    )
    assert not unread.complete


def test_why_no_lock_shows_is_said_when_the_bucket_setting_was_read():
    bare = state([{}, {}])
    bare.bucket_locked = False
    assert bare.words("en").endswith(f"{WHERE} (the bucket has no Object Lock)")
    hidden = state([{}, locked(A)])
    hidden.bucket_locked = True
    assert hidden.words("en") == (
        f"1 of 2 objects not locked; the other 1 COMPLIANCE until 2036-11-21{WHERE} (the bucket "
        "has Object Lock; HeadObject shows an object's lock only to a caller allowed "
        "s3:GetObjectRetention)"
    )
    whole = state([locked(A)])
    whole.bucket_locked = True
    assert whole.words("en") == f"COMPLIANCE until 2036-11-21 (all 1 objects{WHERE})"
