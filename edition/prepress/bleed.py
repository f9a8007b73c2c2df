"""Bleed, crop marks and page boxes, set on the written PDF for the printer.

WeasyPrint sets the TrimBox at the page box, but caps the BleedBox at 10 pt
from it and draws CSS crop marks inside the bleed, where the guillotine
would cut into them.  So the builder lays pages out at their trim size (or
with the CSS bleed, for a cover whose colour must run off the edge), and
this module then sets the boxes a printer reads: the TrimBox at the trim,
the BleedBox exactly the bleed beyond it, the MediaBox wider still to hold
crop marks, which are drawn in that outer margin (the slug), starting a
little beyond the bleed, so that neither the bleed nor the marks show on
the trimmed page.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
from pypdf.generic import ArrayObject, DecodedStreamObject, FloatObject, NameObject, RectangleObject

MM = 72 / 25.4
SLUG = 12.0          # mm beyond the bleed for the crop marks
MARK_GAP = 2.0       # mm between the bleed's edge and a mark
MARK_LENGTH = 6.0    # mm
MARK_WIDTH = 0.25    # pt


def _box(left: float, bottom: float, right: float, top: float) -> RectangleObject:
    return RectangleObject([FloatObject(round(v, 3)) for v in (left, bottom, right, top)])


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


def set_boxes(path: Path, bleed: float, marks: bool) -> None:
    """Rewrite the PDF at ``path`` with its TrimBox kept, a BleedBox ``bleed`` mm beyond it, the MediaBox
    holding the bleed (and the crop marks' slug when ``marks``), and the marks drawn."""
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    writer = pypdf.PdfWriter(clone_from=reader)
    slug = SLUG if marks else 0.0
    for page in writer.pages:
        trim = page.trimbox
        left, bottom, right, top = (float(trim.left), float(trim.bottom), float(trim.right), float(trim.top))
        b, s = bleed * MM, (bleed + slug) * MM
        page[NameObject("/TrimBox")] = _box(left, bottom, right, top)
        page[NameObject("/BleedBox")] = _box(left - b, bottom - b, right + b, top + b)
        media = _box(left - s, bottom - s, right + s, top + s)
        page[NameObject("/MediaBox")] = media
        page[NameObject("/CropBox")] = media
        if marks:
            stream = DecodedStreamObject()
            stream.set_data(crop_marks((left, bottom, right, top), bleed))
            reference = writer._add_object(stream)
            contents = page.get("/Contents")
            existing = contents.get_object() if contents is not None else None
            if isinstance(existing, ArrayObject):
                existing.append(reference)
            else:
                page[NameObject("/Contents")] = ArrayObject([contents, reference] if contents is not None
                                                            else [reference])
    if reader.trailer.get("/ID") is not None:          # keep the id the builder made from the edition
        writer._ID = reader.trailer["/ID"]
    with open(path, "wb") as out:
        writer.write(out)
