"""Bleed, crop marks and page boxes, set on the book for the printer.

WeasyPrint sets the TrimBox at the page box, but caps the BleedBox at 10 pt
from it and draws CSS crop marks inside the bleed, where the guillotine
would cut into them.  So the builder lays pages out at their trim size (or
with the CSS bleed, for a cover whose colour must run off the edge), and
this module then sets the boxes a printer reads: the TrimBox at the trim,
the BleedBox exactly the bleed beyond it, the MediaBox wider still to hold
crop marks, which are drawn in that outer margin (the slug), starting a
little beyond the bleed, so that neither the bleed nor the marks show on
the trimmed page.  The PDF is edited in memory (a ``pikepdf.Pdf``); the
caller saves it.
"""

from __future__ import annotations

import pikepdf

from edition.units import MM

SLUG = 12.0          # mm beyond the bleed for the crop marks
MARK_GAP = 2.0       # mm between the bleed's edge and a mark
MARK_LENGTH = 6.0    # mm
MARK_WIDTH = 0.25    # pt


def trim_box(page: pikepdf.Page, trim: tuple[float, float] | None) -> tuple[float, float, float, float]:
    """Where the trim lies on ``page`` (left, bottom, right, top, in points): a trim of ``trim`` mm (width,
    height) centred on the page as laid out (its MediaBox: the page box, with the CSS bleed around it when
    there is one); without ``trim``, the page's own TrimBox."""
    if trim is None:
        left, bottom, right, top = (float(v) for v in page.trimbox)
    else:
        x0, y0, x1, y1 = (float(v) for v in page.mediabox)
        across, up = (x0 + x1) / 2, (y0 + y1) / 2
        half_width, half_height = trim[0] * MM / 2, trim[1] * MM / 2
        left, bottom, right, top = across - half_width, up - half_height, across + half_width, up + half_height
    return min(left, right), min(bottom, top), max(left, right), max(bottom, top)


def _box(left: float, bottom: float, right: float, top: float) -> pikepdf.Array:
    return pikepdf.Rectangle(*(round(v, 3) for v in (left, bottom, right, top))).as_array()


def crop_marks(trim: tuple[float, float, float, float], bleed: float) -> bytes:
    """The content stream drawing the eight crop marks of a trim box (points), in black."""
    left, bottom, right, top = trim
    start = bleed * MM + MARK_GAP * MM
    end = start + MARK_LENGTH * MM
    lines = [f"q {MARK_WIDTH} w 0 G [] 0 d"]
    for x, y, dx, dy in ((left, bottom, -1, -1), (right, bottom, 1, -1), (left, top, -1, 1), (right, top, 1, 1)):
        lines.append(f"{x + dx * start:.3f} {y:.3f} m {x + dx * end:.3f} {y:.3f} l S")   # horizontal, on the trim line
        lines.append(f"{x:.3f} {y + dy * start:.3f} m {x:.3f} {y + dy * end:.3f} l S")   # vertical
    lines.append("Q")
    return "\n".join(lines).encode("ascii")


def set_boxes(pdf: pikepdf.Pdf, trim: tuple[float, float] | None, bleed: float, marks: bool) -> None:
    """Give every page of ``pdf`` its TrimBox (``trim`` mm, see ``trim_box``), a BleedBox ``bleed`` mm beyond
    it, the MediaBox holding the bleed (and the crop marks' slug when ``marks``), and draw the marks."""
    slug = SLUG if marks else 0.0
    b, s = bleed * MM, (bleed + slug) * MM
    for page in pdf.pages:
        left, bottom, right, top = trim_box(page, trim)
        page.obj.TrimBox = _box(left, bottom, right, top)
        page.obj.BleedBox = _box(left - b, bottom - b, right + b, top + b)
        page.obj.MediaBox = _box(left - s, bottom - s, right + s, top + s)
        page.obj.CropBox = _box(left - s, bottom - s, right + s, top + s)
        if marks:
            page.contents_add(pdf.make_stream(crop_marks((left, bottom, right, top), bleed)), prepend=False)
