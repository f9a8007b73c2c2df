"""Impose a PDF as a saddle-stitched booklet: two pages side by side on each side of a sheet.

The sheets are printed double-sided, flipped on the short edge, stacked in
order, folded down the middle and stapled: the first sheet's front carries
the last page on the left and page 1 on the right.  Pages are placed by
their TrimBox, so a PDF laid out with bleed and crop marks imposes at its
trim size, the bleed and the marks cut away.  Each page is copied whole as a
form XObject, clipped to its half of the sheet: its text stays extractable
and its fonts embedded; its links are dropped (they lead nowhere on paper).
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pypdf
from pypdf.generic import (ArrayObject, ByteStringObject, ContentStream, DecodedStreamObject, DictionaryObject,
                           FloatObject, NameObject, RectangleObject)

MM = 72 / 25.4
METADATA = ("/Title", "/Author", "/Subject", "/Keywords", "/Creator")   # kept from the source; no dates


def blanks_needed(pages: int) -> int:
    """The blank pages to add to ``pages`` to reach a multiple of 4."""
    return -pages % 4


def booklet_order(pages: int) -> list[tuple[int, int]]:
    """For a page count that is a multiple of 4: the (left, right) page numbers (from 1) of each sheet side
    in printing order: sheet 1 front, sheet 1 back, sheet 2 front, …  e.g. 8 → [(8,1), (2,7), (6,3), (4,5)]."""
    if pages <= 0 or pages % 4:
        raise ValueError(f"a booklet needs a positive multiple of 4 pages, not {pages}")
    order = []
    for sheet in range(pages // 4):
        low, high = 2 * sheet + 1, pages - 2 * sheet
        order += [(high, low), (low + 1, high - 1)]
    return order


def _sheet_size(pair: tuple[float, float], sheet: tuple[float, float] | None) -> tuple[float, float]:
    """The sheet side (points) for a pair of pages ``pair`` (points); ``sheet`` in mm, turned to lie like
    the pair (landscape for upright pages)."""
    if sheet is None:
        return pair
    long, short = max(sheet) * MM, min(sheet) * MM
    width, height = (long, short) if pair[0] >= pair[1] else (short, long)
    if pair[0] > width + 0.5 or pair[1] > height + 0.5:
        raise ValueError(f"two pages of {pair[0] / 2 / MM:.1f} × {pair[1] / MM:.1f} mm do not fit on a sheet of "
                         f"{sheet[0]:g} × {sheet[1]:g} mm")
    return max(width, pair[0]), max(height, pair[1])


def _form(writer: pypdf.PdfWriter, page: pypdf.PageObject, clip: tuple[float, float, float, float]):
    """``page`` added to ``writer`` as a form XObject, clipped to ``clip`` (left, bottom, right, top, in the
    page's own coordinates). Its content is copied, not parsed and rewritten (as ``merge_transformed_page``
    would, a hundred times slower and ten times bigger on a book): fonts and text stay as they were."""
    if page.rotation:
        page.transfer_rotation_to_content()
    contents = page.get_contents()
    form = DecodedStreamObject()
    form.set_data(contents.get_data() if contents is not None else b"")
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): RectangleObject([FloatObject(round(v, 4)) for v in clip]),
        NameObject("/Resources"): page.get("/Resources", DictionaryObject()).clone(writer),
    })
    if "/Group" in page:                 # a transparency group draws the same in a form as on a page
        form[NameObject("/Group")] = page["/Group"].clone(writer)
    return writer._add_object(form.flate_encode())     # pypdf has no public call to add a stream


def _place(writer: pypdf.PdfWriter, page: pypdf.PageObject, name: str, cell: tuple[float, float, float, float],
           shift: float):
    """``page`` as a form, and the operators that draw it under ``name`` on a sheet side: its TrimBox centred
    on ``cell`` (left, bottom, right, top, in points), moved ``shift`` points to the right, clipped to the
    cell."""
    trim = page.trimbox
    left, bottom, right, top = (float(trim.left), float(trim.bottom), float(trim.right), float(trim.top))
    dx = (cell[0] + cell[2]) / 2 - (left + right) / 2 + shift
    dy = (cell[1] + cell[3]) / 2 - (bottom + top) / 2
    clip = (max(left, cell[0] - dx), max(bottom, cell[1] - dy), min(right, cell[2] - dx), min(top, cell[3] - dy))
    return _form(writer, page, clip), f"q 1 0 0 1 {dx:.4f} {dy:.4f} cm {name} Do Q\n"


def impose(source: Path, target: Path, creep_mm: float = 0.0, sheet: tuple[float, float] | None = None) -> int:
    """Write the booklet: each sheet side holds two pages of `source` side by side (landscape, twice the page
    width), in booklet order, printable double-sided (flip on the short edge) on an office printer.

    Pages are placed by their TrimBox (so a PDF with bleed and crop marks imposes at its trim size), at the
    first page's trim size; a page count that is not a multiple of 4 is padded with blank pages at the end
    (the caller decides where blanks go by padding the source first: this is the fallback). Creep: inner
    sheets push outward when folded; each page is shifted toward the fold by creep_mm × (sheet index from
    the outside) / (sheets − 1), the outermost sheet not at all, the innermost by creep_mm, with the page
    content clipped to its half. `sheet` (mm) optionally centres the pair on a larger sheet (A5 pages on an
    A4 sheet is exactly twice; 5.5×8.5 in pages on US Letter likewise). Returns the number of sheet sides
    written. The same source and settings always give the same bytes.
    """
    if creep_mm < 0:
        raise ValueError(f"creep must not be negative, not {creep_mm}")
    data = Path(source).read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(data))
    count = len(reader.pages)
    if count == 0:
        raise ValueError(f"{source}: no pages to impose")
    order = booklet_order(count + blanks_needed(count))
    trim = reader.pages[0].trimbox
    width, height = float(trim.width), float(trim.height)
    sheet_width, sheet_height = _sheet_size((2 * width, height), sheet)
    fold = sheet_width / 2
    bottom, top = (sheet_height - height) / 2, (sheet_height + height) / 2
    sheets = len(order) // 2

    writer = pypdf.PdfWriter()
    writer.pdf_header = reader.pdf_header
    for position, (left_page, right_page) in enumerate(order):
        side = writer.add_blank_page(sheet_width, sheet_height)
        shift = creep_mm * MM * (position // 2) / (sheets - 1) if sheets > 1 else 0.0
        cells = ((left_page, (fold - width, bottom, fold, top), shift),
                 (right_page, (fold, bottom, fold + width, top), -shift))
        forms, drawing = DictionaryObject(), ""
        for number, cell, dx in cells:
            if number <= count:                 # a blank page is left out: its half stays empty
                name = f"/Page{number}"
                forms[NameObject(name)], operators = _place(writer, reader.pages[number - 1], name, cell, dx)
                drawing += operators
        if drawing:
            side[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): forms})
            content = ContentStream(None, writer)
            content.set_data(drawing.encode("ascii"))
            side.replace_contents(content)

    info = reader.metadata or {}
    writer.add_metadata({key: str(info[key]) for key in METADATA if key in info})
    # pypdf writes no /ID unless asked, and then a random one: make it from the input instead.
    settings = f"{creep_mm!r} {sheet!r}".encode("ascii")
    identifier = ByteStringObject(hashlib.md5(data + settings).digest())
    writer._ID = ArrayObject([identifier, identifier])
    with open(target, "wb") as out:
        writer.write(out)
    return len(order)
