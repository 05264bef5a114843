"""HTML from reports/dossier/*.j2 (autoescape on), then a PDF/A-3b by WeasyPrint carrying the
evidence bundle as an embedded file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

import reports

TEMPLATES = Path(reports.__file__).resolve().parent / "dossier"


def env() -> jinja2.Environment:
    # Post text, handles and names are written by the harassers: autoescape everything; the view
    # model has already neutralised them (tasks/textsafe.py) and marks only its own HTML safe.
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(view: dict[str, Any]) -> str:
    return env().get_template("dossier.html.j2").render(**view)


def render_pdf(view: dict[str, Any], out: Path, *, attachments: list[Path], lang: str) -> int:
    """Write the PDF/A-3b to ``out``; returns its page count."""
    from weasyprint import HTML, Attachment

    html = render_html(view)
    doc = HTML(string=html, base_url=str(TEMPLATES)).render()
    files = [
        Attachment(
            filename=str(p),
            name=p.name,
            description="Tocsin evidence bundle: records, proofs, manifests, signatures, "
            "timestamp tokens, public key, verify.sh",
            relationship="Source",
        )
        for p in attachments
    ]
    doc.write_pdf(
        str(out),
        pdf_variant="pdf/a-3b",
        attachments=files,
        pdf_identifier=view["bundle_sha256"][:32].encode(),
    )
    return len(doc.pages)
