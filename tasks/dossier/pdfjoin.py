"""Join the dossier's separately rendered parts into one PDF/A-3b, and print the running footer.

WeasyPrint spends its time laying out boxes and lines, one process at a time; the dossier's parts
(tasks/dossier/render.py) are laid out in parallel, each into its own PDF, and joined here with
pikepdf (qpdf). The first part carries what makes the file a PDF/A-3b (XMP metadata with its
``pdfaid``, the sRGB output intent) and the attachments; the other parts bring only their pages,
each with its own embedded font subsets.

The footer ("title" left, "page n / N" right) is not laid out by WeasyPrint: a margin box costs
tens of milliseconds a page. WeasyPrint renders the footer's glyphs once, in the dossier's font,
embedded with its ToUnicode map (so ``pdftotext`` reads the footer back); each page then gets a
few text operators that draw them with that font.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tasks.dossier.annex import width_em

FOOTER_PT = 7.0
MARGIN_X_MM = 14.0  # reports/dossier/dossier.css's @page margins
MARGIN_BOTTOM_MM = 16.0
DIGITS = "0123456789 /"
FONT_NAME = "/TocsinFooter"


def _mm(v: float) -> float:
    return v / 25.4 * 72


def footer_glyphs(title: str, folder: Path) -> Path:
    """A one-page PDF whose first two text runs are ``title`` and ``DIGITS`` in the footer's
    font: the glyphs every page's footer reuses."""
    import html

    from weasyprint import HTML

    path = folder / "footer-glyphs.pdf"
    css = (
        "@page { size: A4; margin: 10mm } p { font-family: 'DejaVu Sans'; margin: 0; "
        f"font-size: {FOOTER_PT}pt; color: #666; white-space: nowrap; "
        "font-variant-ligatures: none; font-kerning: none }"
    )
    HTML(
        string=f"<html><head><style>{css}</style></head><body>"
        f"<p>{html.escape(title)}</p><p>{DIGITS}</p></body></html>"
    ).write_pdf(str(path), pdf_variant="pdf/a-3b")
    return path


def _runs(glyphs: Any) -> tuple[Any, Any, dict[str, bytes]]:
    """The footer font, the title's TJ array and each of DIGITS' glyph code."""
    import pikepdf

    page = glyphs.pages[0]
    runs = [i.operands[0] for i in pikepdf.parse_content_stream(page) if str(i.operator) == "TJ"]
    fonts = list(page.Resources.Font.values())
    if len(runs) < 2 or len(fonts) != 1:
        raise RuntimeError("footer glyphs: expected two text runs in one font")
    codes = b"".join(bytes(x) for x in runs[1] if isinstance(x, pikepdf.String))
    if len(codes) != 2 * len(DIGITS):
        raise RuntimeError("footer glyphs: the digits did not map one glyph a character")
    digit = {ch: codes[2 * i : 2 * i + 2] for i, ch in enumerate(DIGITS)}
    return fonts[0], runs[0], digit


def _stamp(pdf: Any, glyph_pdf: Any) -> None:
    import pikepdf
    from pikepdf import Array, Dictionary, Name, Operator, String

    font, title, digit = _runs(glyph_pdf)
    font = pdf.copy_foreign(font)
    total = len(pdf.pages)
    for i, page in enumerate(pdf.pages, start=1):
        res = page.obj.get("/Resources")
        if res is None:
            res = page.obj.Resources = Dictionary()
        if "/Font" not in res:
            res.Font = Dictionary()
        res.Font[FONT_NAME] = font
        width = float(page.mediabox[2]) - float(page.mediabox[0])
        y = _mm(MARGIN_BOTTOM_MM) / 2 - FOOTER_PT * 0.35
        label = f"{i} / {total}"
        x_right = width - _mm(MARGIN_X_MM) - width_em(label) * FOOTER_PT
        ops: list[tuple[list[Any], Operator]] = [
            ([], Operator("Q")),
            ([], Operator("q")),
            ([0.4, 0.4, 0.4], Operator("rg")),
        ]
        if i > 1:  # the cover's footer carries no title
            ops += [
                ([], Operator("BT")),
                ([Name(FONT_NAME), FOOTER_PT], Operator("Tf")),
                ([1, 0, 0, 1, round(_mm(MARGIN_X_MM), 2), round(y, 2)], Operator("Tm")),
                ([Array(title)], Operator("TJ")),
                ([], Operator("ET")),
            ]
        ops += [
            ([], Operator("BT")),
            ([Name(FONT_NAME), FOOTER_PT], Operator("Tf")),
            ([1, 0, 0, 1, round(x_right, 2), round(y, 2)], Operator("Tm")),
            ([String(b"".join(digit[c] for c in label))], Operator("Tj")),
            ([], Operator("ET")),
            ([], Operator("Q")),
        ]
        # WeasyPrint's content flips the coordinates without saving the state: wrap it first.
        page.contents_add(b"q\n", prepend=True)
        page.contents_add(pikepdf.unparse_content_stream(ops))


def _outline_items(src: Any, offset: int) -> list[tuple[str, int, list[Any]]]:
    """(title, page index in the joined file, children) of ``src``'s bookmarks."""
    index = {p.obj.objgen: n for n, p in enumerate(src.pages)}

    def walk(items: list[Any]) -> list[tuple[str, int, list[Any]]]:
        out = []
        for it in items:
            dest = it.destination
            page = None
            if dest is not None and len(dest) and hasattr(dest[0], "objgen"):
                page = index.get(dest[0].objgen)
            out.append((it.title, offset + (page or 0), walk(it.children)))
        return out

    with src.open_outline() as outline:
        return walk(list(outline.root))


def join(parts: list[Path], glyphs: Path, out: Path) -> int:
    """Write ``parts`` (the first one carrying the PDF/A metadata and the attachments) as one
    PDF to ``out``, footers drawn and bookmarks kept; returns the page count."""
    import pikepdf

    opened = [pikepdf.open(p) for p in parts]
    glyph_pdf = pikepdf.open(glyphs)
    try:
        pdf = opened[0]
        marks = _outline_items(pdf, 0)
        for other in opened[1:]:
            offset = len(pdf.pages)
            marks += _outline_items(other, offset)
            pdf.pages.extend(other.pages)
        _stamp(pdf, glyph_pdf)

        def build(items: list[tuple[str, int, list[Any]]]) -> list[Any]:
            out_items = []
            for title, page, children in items:
                item = pikepdf.OutlineItem(title, page)
                item.children.extend(build(children))
                out_items.append(item)
            return out_items

        with pdf.open_outline() as outline:
            outline.root.clear()
            outline.root.extend(build(marks))
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return len(pdf.pages)
    finally:
        glyph_pdf.close()
        for p in opened:
            p.close()
