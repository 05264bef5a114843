"""The media of the dossier's hostile posts (reports/dossier/media.html.j2), from the sealed media
index the export just verified: type, what became of the file (kept with its SHA-256 and size,
or why not), the original address made inert, the alt text neutralised, and a thumbnail of each
small image.

A thumbnail is the kept file itself, embedded as a data URI, only when its first bytes say it is
a PNG, JPEG, GIF or WebP (never SVG, which could fetch or script) and it is small: the PDF
carries what the vault holds, nothing fetched at render time.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import polars as pl

from tasks.evidence.media_store import KEPT, media_table
from tasks.evidence.rawstore import vault_file
from tasks.textsafe import untrusted_text

THUMB_MAX_BYTES = 1_500_000
THUMB_MAX_COUNT = 300
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)

STRINGS = {
    "fr": {
        "title": "Médias joints aux messages hostiles",
        "intro": "Fichiers joints aux messages hostiles de l'annexe (numéro du message), "
        "récupérés à la collecte, conservés sous leur SHA-256 et scellés avec les pages ; "
        "l'adresse d'origine est rendue inerte. Les fichiers sont dans le lot joint "
        "(media/files/), vérifiés par verify.sh.",
        "kept": "conservé",
        "failed": "non conservé",
        "not_fetched": "non récupéré",
        "bytes": "octets",
        "alt": "texte alternatif :",
        "url": "adresse d'origine :",
        "none": "Aucun média joint aux messages hostiles de cette sélection.",
    },
    "en": {
        "title": "Media attached to the hostile posts",
        "intro": "Files attached to the annex's hostile posts (post number), fetched when "
        "collected, kept under their SHA-256 and sealed with the pages; the original address "
        "is made inert. The files are in the attached bundle (media/files/), checked by "
        "verify.sh.",
        "kept": "kept",
        "failed": "not kept",
        "not_fetched": "not fetched",
        "bytes": "bytes",
        "alt": "alt text:",
        "url": "original address:",
        "none": "No media attached to the hostile posts of this selection.",
    },
}


def _image_type(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _thumb(root: Path, rel: str | None, size: int | None) -> str | None:
    if not rel or not size or size > THUMB_MAX_BYTES:
        return None
    data = vault_file(root, rel).read_bytes()
    kind = _image_type(data)
    return f"data:{kind};base64,{base64.b64encode(data).decode()}" if kind else None


def media_view(root: Path, target: str, annex: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    """``{"s": strings, "items": [...]}`` for the hostile posts of ``annex`` (the dossier's
    annex entries: ``no``, ``hostile``, ``row.post_id``), in annex order."""
    hostile = {a["row"]["post_id"]: a["no"] for a in annex if a.get("hostile")}
    rows = media_table(root, target).filter(pl.col("post_id").is_in(set(hostile)))
    rows = rows.unique(["platform", "post_id", "media_key"], keep="last", maintain_order=True)
    s = STRINGS.get(lang, STRINGS["en"])
    items, thumbs = [], 0
    for r in sorted(
        rows.iter_rows(named=True), key=lambda r: (hostile[r["post_id"]], r["media_key"])
    ):
        thumb = None
        if r["status"] == KEPT and thumbs < THUMB_MAX_COUNT:
            thumb = _thumb(root, r["file"], r["bytes"])
            thumbs += thumb is not None
        items.append(
            {
                "no": hostile[r["post_id"]],
                "type": untrusted_text(r["type"], max_chars=20),
                "status": s.get(r["status"], r["status"]),
                "kept": r["status"] == KEPT,
                "reason": untrusted_text(r["reason"], max_chars=200) if r["reason"] else "",
                "sha256": r["sha256"] or "",
                "bytes": r["bytes"],
                "url": untrusted_text(r["url"], max_chars=300) if r["url"] else "",
                "alt": untrusted_text(r["alt_text"], max_chars=300) if r["alt_text"] else "",
                "thumb": thumb,
            }
        )
    return {"s": s, "items": items}
