"""The export's README (French and English, text and HTML) and verify.sh, from reports/ templates.

The commands a reader runs are written once: verify.sh comes from its template, and the READMEs
quote it and list the same one-line checks with this bundle's real file names, so the test that
runs the README's commands runs what an investigator would.
"""

from __future__ import annotations

from datetime import date, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import jinja2

import reports
from tasks import i18n
from tasks.evidence.lockstate import LockState
from tasks.evidence.manifest import MANIFEST, SIGNATURE, TOKEN, Sealed
from tasks.evidence.summary import Summary
from tasks.textsafe import neutralise, one_line

TEMPLATES = Path(reports.__file__).resolve().parent
DOCS = {
    "README.txt": "export_readme.en.txt.j2",
    "LISEZMOI.txt": "export_readme.fr.txt.j2",
    "README.html": "export_readme.en.html.j2",
    "LISEZMOI.html": "export_readme.fr.html.j2",
}


def _env(html: bool) -> jinja2.Environment:
    # Post text is written by the harassers: every HTML page escapes everything it prints, and
    # every page shows it through ``inert`` (bidi overrides, invisible characters, NUL and other
    # controls become a visible marker, as in the digest).
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["inert"] = lambda v: neutralise(None if v is None else str(v))
    env.filters["inert_line"] = lambda v: one_line(None if v is None else str(v))
    env.globals["label"] = i18n.label_and_code  # the words shared with alerts and digest
    return env


def _version() -> str:
    try:
        return version("tocsin")
    except PackageNotFoundError:
        return "unknown"


def commands(manifests: list[Sealed], has_keys: bool, has_ca: bool) -> list[str]:
    """The one-line checks, with this bundle's own file names, in the order a reader runs them."""
    out = ["sha256sum -c --quiet SHA256SUMS"]
    for m in manifests:
        path = f"manifests/{m.name}/{MANIFEST}"
        if has_keys and (m.path / SIGNATURE).exists():
            out.append(
                f"openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in {path} "
                f"-sigfile manifests/{m.name}/{SIGNATURE}"
            )
        if has_ca and (m.path / TOKEN).exists():
            out.append(
                f"openssl ts -verify -data {path} -in manifests/{m.name}/{TOKEN} -CAfile tsa-ca.pem"
            )
    out.append("sh verify.sh")
    return out


def render_docs(
    *,
    target: str,
    start: date,
    end: date,
    now: datetime,
    timezone: str,
    summary: Summary,
    manifests: list[Sealed],
    records: int,
    pages: int,
    unsealed: int,
    has_keys: bool,
    has_ca: bool,
    changes: int,
    lock: LockState,
    media: int = 0,
) -> dict[str, bytes]:
    info = [
        {
            "name": m.name,
            "sealed_at": (m.manifest or {}).get("sealed_at"),
            "records": ((m.manifest or {}).get("counts") or {}).get("records"),
            "signed": (m.path / SIGNATURE).exists(),
            "timestamped": (m.path / TOKEN).exists(),
            "tsa": ((m.manifest or {}).get("timestamp") or {}).get("tsa"),
            "demo": bool(((m.manifest or {}).get("timestamp") or {}).get("demo")),
        }
        for m in manifests
    ]
    # Every claim of the README and verify.sh comes from these counts, not from what a
    # well-configured installation would have.
    signed = sum(1 for i in info if i["signed"])
    # A token of the demo's local authority checks, but proves nothing to anyone else: those
    # manifests are not counted as timestamped, and the README says why.
    timestamped = sum(1 for i in info if i["timestamped"] and not i["demo"])
    demo_timestamped = sum(1 for i in info if i["timestamped"] and i["demo"])
    verify_sh = _env(False).get_template("export_readme.verify.sh.j2").render(manifests=info)
    ctx: dict[str, Any] = {
        "target": target,
        "start": start,
        "end": end,
        "timezone": timezone,
        "now": now.strftime("%Y-%m-%d %H:%M:%S UTC"),
        "version": _version(),
        "s": summary,
        "manifests": info,
        "signed": signed,
        "timestamped": timestamped,
        "demo_timestamped": demo_timestamped,
        "all_signed": bool(info) and signed == len(info),
        "all_timestamped": bool(info) and timestamped == len(info),
        "records": records,
        "pages": pages,
        "unsealed": unsealed,
        "has_keys": has_keys,
        "has_ca": has_ca,
        "changes": changes,
        "media": media,  # media files in the bundle (media_export.py)
        # lockstate.py: read from the store for this bundle's manifests, in both languages
        "lock": {lang: lock.words(lang) for lang in ("en", "fr")},
        "commands": commands(manifests, has_keys, has_ca),
        "verify_sh": verify_sh,
    }
    out = {"verify.sh": verify_sh.encode()}
    for name, template in DOCS.items():
        out[name] = _env(name.endswith(".html")).get_template(template).render(**ctx).encode()
    return out
