"""Draw the cover: the cover template laid out by WeasyPrint, rasterised to a 1600 × 2560 PNG."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2

from edition.pdf import weasy as pdf

WIDTH, HEIGHT = 1600, 2560


def draw(html: str, styles: Path) -> bytes:
    """The cover as PNG bytes."""
    rendered = pdf.render(html, styles, [styles])
    # Whole fonts: this PDF is only rasterised, and subsetting would cost more than the rest together.
    document = pypdfium2.PdfDocument(pdf.pdf_bytes(rendered, full_fonts=True))
    try:
        page = document[0]
        scale = WIDTH / page.get_width()
        image = page.render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()
    if image.size != (WIDTH, HEIGHT):
        image = image.resize((WIDTH, HEIGHT))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
