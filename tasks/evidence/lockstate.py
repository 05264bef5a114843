"""What an output says of the lock on the evidence it cites (issue 16, point 3): read from the
store, object by object, never assumed from the settings.

Three cases, one ``LockState``:

- the data root is a local folder and no archive is set: there is no object lock (the vault's
  files are read-only, which their owner can undo), and the words say so;
- the data root is an ``s3://`` root (the vault on an ``EvidenceRoot``): ``HeadObject`` on each
  evidence object the output covers (``covered_keys``: every file of the manifest folders it
  cites, the segments, refs files and media indexes those manifests sealed, and the public key
  copies; the export adds the media files it holds), each object's ``ObjectLockMode`` and
  ``ObjectLockRetainUntilDate`` (S3 servers may fail ``GetObjectRetention``; HeadObject carries
  both, to a caller allowed s3:GetObjectRetention);
- a local data root with ``evidence_archive = s3://...``: the archive copy's lock, as
  ``tocsin verify`` reads it (lockcheck.py, through archive_check.check_archive).

The HeadObject request and the reading of its answer are archive_check's (``head_object``,
``lock_of``), the ones `tocsin verify` uses for the archive and for a vault on S3.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tasks.evidence.archive_check import head_object, lock_of
from tasks.evidence.archive_store import (
    COMPLIANCE,
    Archive,
    ArchiveError,
    Store,
    bucket_locked,
    s3_problem,
)
from tasks.evidence.manifest import Sealed
from tasks.evidence.rawstore import evidence_dir, relative
from tasks.storage import Root, S3Root

LOCAL = "local"  # a local folder: no object lock
VAULT = "vault"  # the evidence objects on the s3:// data root itself
ARCHIVE = "archive"  # the write-once archive copy of a local vault
NONE = "none"  # the mode of an object without Object Lock
HEADS_AT_ONCE = 8  # HeadObject requests in flight (one boto3 client is thread-safe)


WORDS = {
    "en": {
        "local": "no object lock: the evidence is in a local folder, whose files are read-only "
        "but can be made writable again by their owner",
        "not_checked": "the lock of the evidence objects was NOT CHECKED ({why})",
        "none_asked": "no evidence object to check the lock of",
        "all": "{mode} until {until}{least} (all {n} objects{where})",
        "least": " at the earliest",
        "unlocked": "{k} of {n} objects not locked",
        "missing": "{k} of {n} objects missing",
        "expired": "{k} of {n} objects past their retain-until date",
        "rest": "the other {k} {mode} until {until}{least}",
        "rest_undated": "the other {k} {mode}-locked",
        "counted": "{k} of {n} {mode} until {until}{least}",
        "altered": "{k} of {n} objects altered (not the sealed bytes)",
        "none_locked": "NOT locked: none of the {n} objects has an Object Lock",
        "where_vault": ", read with HeadObject on {url}",
        "where_archive": " of the archive copy {url}, read with HeadObject",
        "bucket_unlocked": " (the bucket has no Object Lock)",
        "hidden": " (the bucket has Object Lock; HeadObject shows an object's lock only to a "
        "caller allowed s3:GetObjectRetention)",
    },
    "fr": {
        "local": "aucun verrou objet : les preuves sont dans un dossier local, dont les fichiers "
        "sont en lecture seule mais que leur propriétaire peut rendre modifiables",
        "not_checked": "le verrou des objets de preuve n'a PAS ÉTÉ VÉRIFIÉ ({why})",
        "none_asked": "aucun objet de preuve dont vérifier le verrou",
        "all": "{mode} jusqu'au {until}{least} (les {n} objets{where})",
        "least": " au plus tôt",
        "unlocked": "{k} objets sur {n} non verrouillés",
        "missing": "{k} objets sur {n} absents",
        "expired": "{k} objets sur {n} dont la date de rétention est passée",
        "rest": "les {k} autres {mode} jusqu'au {until}{least}",
        "rest_undated": "les {k} autres verrouillés en {mode}",
        "counted": "{k} sur {n} en {mode} jusqu'au {until}{least}",
        "altered": "{k} objets sur {n} modifiés (pas les octets scellés)",
        "none_locked": "NON verrouillé : aucun des {n} objets n'a de verrou objet (Object Lock)",
        "where_vault": ", lus par HeadObject sur {url}",
        "where_archive": " de la copie d'archive {url}, lus par HeadObject",
        "bucket_unlocked": " (le bucket n'a pas de verrou objet)",
        "hidden": " (le bucket a le verrou objet ; HeadObject ne montre le verrou d'un objet qu'à "
        "qui a le droit s3:GetObjectRetention)",
    },
}


# French typography: a no-break space before the colon.
WORDS["fr"] = {k: v.replace(" :", "\u00a0:") for k, v in WORDS["fr"].items()}


@dataclass
class LockState:
    """The lock of the objects an output covers, as read: how many were asked about, found,
    under which mode, and the earliest and latest retain-until dates of the locked ones."""

    kind: str  # LOCAL, VAULT or ARCHIVE
    url: str
    objects: int = 0  # objects whose lock was asked for
    present: int = 0  # of those, found
    modes: Counter[str] = field(default_factory=Counter)  # mode -> objects (NONE: no lock)
    earliest_until: datetime | None = None
    latest_until: datetime | None = None
    expired: int = 0  # locked, but past their retain-until date at ``now``
    altered: int = 0  # archive copies whose SHA-256 is not the sealed file's (archive_check)
    not_checked: str | None = None  # why nothing could be read
    bucket_locked: bool | None = None  # the bucket's Object Lock setting (None: not known)

    def note(self, found: dict[str, Any] | None, now: datetime) -> None:
        """Count one object's HeadObject answer (None or a delete marker: missing)."""
        if found is None or found.get("DeleteMarker"):
            return
        self.present += 1
        mode, until, past = lock_of(found, now)
        self.modes[mode] += 1
        if mode == NONE or until is None:
            return
        self.expired += past
        if self.earliest_until is None or until < self.earliest_until:
            self.earliest_until = until
        if self.latest_until is None or until > self.latest_until:
            self.latest_until = until

    @property
    def locked(self) -> int:
        return sum(n for m, n in self.modes.items() if m != NONE)

    @property
    def complete(self) -> bool:
        """Every object asked about is there, COMPLIANCE-locked and not past its date."""
        return (
            self.kind != LOCAL
            and not self.not_checked
            and self.objects > 0
            and self.modes.get(COMPLIANCE, 0) == self.objects
            and not self.expired
            and not self.altered
        )

    def words(self, lang: str = "en") -> str:
        """One sentence, derived from the counts: e.g. "COMPLIANCE until 2027-03-01 (all 37
        objects, …)", "12 of 37 objects not locked; the other 25 COMPLIANCE until …"."""
        w = WORDS[lang]
        if self.kind == LOCAL:
            return w["local"]
        if self.not_checked:
            return w["not_checked"].format(why=self.not_checked)
        if not self.objects:
            return w["none_asked"]
        where = w["where_vault" if self.kind == VAULT else "where_archive"].format(url=self.url)
        n, locked = self.objects, self.locked
        until = f"{self.earliest_until:%Y-%m-%d}" if self.earliest_until else "?"
        # "at the earliest" unless every locked object is known to share the day printed.
        same = (
            self.latest_until is not None
            and self.earliest_until is not None
            and self.earliest_until.date() == self.latest_until.date()
        )
        least = "" if same else w["least"]
        mode = "/".join(sorted(m for m in self.modes if m != NONE)) or NONE
        if locked == n and not self.expired and not self.altered:
            return w["all"].format(mode=mode, until=until, least=least, n=n, where=where)
        parts = []
        if self.present < n:
            parts.append(w["missing"].format(k=n - self.present, n=n))
        if self.altered:
            parts.append(w["altered"].format(k=self.altered, n=n))
        if locked == 0 and self.present == n:
            parts.append(w["none_locked"].format(n=n))
        elif self.present - locked:
            parts.append(w["unlocked"].format(k=self.present - locked, n=n))
        if self.expired:
            parts.append(w["expired"].format(k=self.expired, n=n))
        live = locked - self.expired
        if live and self.expired:  # the earliest date read is a past one: not theirs
            parts.append(w["rest_undated"].format(k=live, mode=mode))
        elif live and self.altered:  # altered copies are locked too: not "the other"
            parts.append(w["counted"].format(k=live, n=n, mode=mode, until=until, least=least))
        elif live:
            parts.append(w["rest"].format(k=live, mode=mode, until=until, least=least))
        # Why no lock shows: the bucket has none, or the caller may not see it.
        hint = ""
        if self.bucket_locked is False:
            hint = w["bucket_unlocked"]
        elif self.bucket_locked and self.present > locked:
            hint = w["hidden"]
        return "; ".join(parts) + where + hint

    def as_dict(self) -> dict[str, Any]:
        """The same facts as plain JSON values (the export's object-lock.json)."""
        day = "%Y-%m-%dT%H:%M:%SZ"
        return {
            "where": self.kind,
            "url": self.url,
            "objects": self.objects,
            "present": self.present,
            "modes": dict(sorted(self.modes.items())),
            "retain_until_earliest": self.earliest_until and f"{self.earliest_until:{day}}",
            "retain_until_latest": self.latest_until and f"{self.latest_until:{day}}",
            "expired": self.expired,
            "altered": self.altered,
            "not_checked": self.not_checked,
            "bucket_locked": self.bucket_locked,
            "complete": self.complete,
            "en": self.words("en"),
            "fr": self.words("fr"),
        }


def covered_keys(root: Root, manifests: list[Sealed]) -> list[str]:
    """The vault objects behind ``manifests``: every file of each manifest folder, the segments,
    refs files and media index files it sealed, and the public key copies."""
    keys = {relative(root, p) for p in evidence_dir(root).glob("keys/*.pem")}
    for m in manifests:
        keys |= {relative(root, p) for p in m.path.glob("*")}
        body = m.manifest or {}
        for part in ("segments", "references", "media"):
            keys |= {str(e["file"]) for e in body.get(part) or [] if e.get("file")}
    return sorted(keys)


def vault_lock_state(
    root: S3Root, manifests: list[Sealed], now: datetime, also: list[str] | None = None
) -> LockState:
    """HeadObject on each object ``covered_keys`` names, and those ``also`` names, on the s3://
    data root itself."""
    from botocore.exceptions import BotoCoreError, ClientError

    keys = sorted(set(covered_keys(root, manifests)) | set(also or ()))
    state = LockState(VAULT, root.url, objects=len(keys))
    store = Store(Archive(root.url, root.bucket, root.prefix, 0), root.client, False)
    try:
        with ThreadPoolExecutor(HEADS_AT_ONCE) as pool:
            heads = list(pool.map(lambda rel: head_object(store, rel), keys))
    except (BotoCoreError, ClientError) as exc:
        state.not_checked = s3_problem(exc)
        return state
    for found in heads:
        state.note(found, now)
    try:
        state.bucket_locked = bucket_locked(store.archive, store.s3)
    except ArchiveError:  # not allowed to read the bucket's setting: left unknown, not guessed
        state.bucket_locked = None
    return state
