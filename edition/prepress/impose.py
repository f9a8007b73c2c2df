"""Impose a PDF as a saddle-stitched booklet: two pages side by side on each side of a sheet.

The sheets are printed double-sided, flipped on the short edge, stacked in
order, folded down the middle and stapled: the first sheet's front carries
the last page on the left and page 1 on the right.  Pages are placed by
their trim, so a PDF laid out with bleed and crop marks imposes at its
trim size, the marks cut away.  With a bleed, each page keeps it on its
three outer edges (at the fold the two pages meet): the pair of pages is the
sheet's TrimBox, the bleed around it its BleedBox, and crop marks at its
corners and fold marks at the fold's ends are drawn outside the bleed, on a
sheet with room for them.  Each page is copied whole as a
form XObject, clipped to its half of the sheet: its text stays extractable
and its fonts embedded; its links are dropped (they lead nowhere on paper).
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

from edition.prepress.bleed import MARK_GAP, MARK_LENGTH, MARK_WIDTH, SLUG, crop_marks, trim_box
from edition.units import MM

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


def _sheet_size(pair: tuple[float, float], sheet: tuple[float, float] | None,
                margin: float = 0.0) -> tuple[float, float]:
    """The sheet side (points) for a pair of pages ``pair`` (points); ``sheet`` in mm, turned to lie like
    the pair (landscape for upright pages); without it, the pair with ``margin`` points (bleed and marks)
    around it.  A sheet smaller than the pair is refused (ValueError); one with no room for the margin is
    not: its booklet's BleedBox reaches beyond the sheet, which the preflight fails."""
    if sheet is None:
        return pair[0] + 2 * margin, pair[1] + 2 * margin
    long, short = max(sheet) * MM, min(sheet) * MM
    width, height = (long, short) if pair[0] >= pair[1] else (short, long)
    if pair[0] > width + 0.5 or pair[1] > height + 0.5:
        raise ValueError(f"two pages of {pair[0] / 2 / MM:.1f} × {pair[1] / MM:.1f} mm do not fit on a sheet of "
                         f"{sheet[0]:g} × {sheet[1]:g} mm")
    return max(width, pair[0]), max(height, pair[1])


def room(trim: tuple[float, float], sheet: tuple[float, float], bleed: float, marks: bool) -> bool:
    """Whether a sheet (mm) holds two pages of ``trim`` (mm) side by side with ``bleed`` mm around them, and
    the crop and fold marks when ``marks``."""
    margin = 2 * (bleed + (SLUG if marks else 0.0))
    pair = (2 * trim[0] + margin, trim[1] + margin)
    long, short = max(sheet), min(sheet)
    width, height = (long, short) if pair[0] >= pair[1] else (short, long)
    return pair[0] <= width + 0.01 and pair[1] <= height + 0.01


def fold_marks(fold: float, bottom: float, top: float, bleed: float) -> bytes:
    """The content stream drawing the fold's marks (points) beyond the bleed, at its top and its foot: dashed
    hairlines in black, as long as the crop marks."""
    start = bleed * MM + MARK_GAP * MM
    end = start + MARK_LENGTH * MM
    return (f"q {MARK_WIDTH} w 0 G [2 1] 0 d\n{fold:.3f} {top + start:.3f} m {fold:.3f} {top + end:.3f} l S\n"
            f"{fold:.3f} {bottom - start:.3f} m {fold:.3f} {bottom - end:.3f} l S\nQ").encode("ascii")


def _place(booklet: pikepdf.Pdf, side: pikepdf.Page, page: pikepdf.Page, number: int,
           cell: tuple[float, float, float, float], shift: float, trim: tuple[float, float] | None,
           reach: tuple[float, float, float, float] = (0, 0, 0, 0)) -> str:
    """The operators that draw ``page`` (page ``number`` of the book) on a sheet ``side`` of ``booklet``: its
    trim (``bleed.trim_box``) centred on ``cell`` (left, bottom, right, top, in points), moved ``shift`` points
    to the right, clipped to the cell widened by ``reach`` (points on each side: the bleed the page keeps
    there) and to the page's MediaBox.  The page is copied whole as a form XObject whose bounding box is
    that clip: its content is not parsed and rewritten, fonts and text stay as they were."""
    left, bottom, right, top = trim_box(page, trim)
    dx = (cell[0] + cell[2]) / 2 - (left + right) / 2 + shift
    dy = (cell[1] + cell[3]) / 2 - (bottom + top) / 2
    media = [float(v) for v in page.mediabox]
    media = (min(media[0], media[2]), min(media[1], media[3]), max(media[0], media[2]), max(media[1], media[3]))
    clip = (max(media[0], cell[0] - reach[0] - dx), max(media[1], cell[1] - reach[1] - dy),
            min(media[2], cell[2] + reach[2] - dx), min(media[3], cell[3] + reach[3] - dy))
    form = page.as_form_xobject()
    form.BBox = pikepdf.Array([round(v, 4) for v in clip])
    form.write(form.read_bytes())          # the content as it is now, not read from the page when saved
    form = booklet.copy_foreign(form)
    name = pikepdf.Name(f"/Page{number}")  # (add_overlay would name it at random: not the same bytes twice)
    resources = side.obj.Resources
    if "/XObject" not in resources:
        resources.XObject = pikepdf.Dictionary()
    resources.XObject[name] = form
    # a translation, nothing scaled: written as such (calc_form_xobject_placement, fitting the rounded box
    # to a rectangle, would move the page by a few hundred-thousandths of a point)
    return f"q 1 0 0 1 {dx:.4f} {dy:.4f} cm {name} Do Q\n"


def impose(source: Path, target: Path, creep_mm: float = 0.0, sheet: tuple[float, float] | None = None,
           trim: tuple[float, float] | None = None, bleed: float = 0.0, marks: bool = False) -> int:
    """Write the booklet of the PDF at ``source`` to ``target`` (see ``booklet``); returns the number of sheet
    sides written.  The same source and settings always give the same bytes."""
    with pikepdf.open(source) as book:
        made = booklet(book, creep_mm, sheet, trim, bleed, marks)
        try:
            save(made, target, book.pdf_version)
            return len(made.pages)
        finally:
            made.close()


def save(booklet: pikepdf.Pdf, target: Path, version: str = "1.7") -> None:
    """Write the booklet, its id made from its content (the same booklet, the same bytes)."""
    booklet.save(target, deterministic_id=True, min_version=version,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)


def booklet(book: pikepdf.Pdf, creep_mm: float = 0.0, sheet: tuple[float, float] | None = None,
            trim: tuple[float, float] | None = None, bleed: float = 0.0, marks: bool = False) -> pikepdf.Pdf:
    """The booklet, a new PDF (the caller saves it, then closes it, before closing ``book``, which it draws
    from): each sheet side holds two pages of ``book`` side by side (landscape, twice the page width), in
    booklet order, printable double-sided (flip on the short edge) on an office printer.

    Pages are placed by their trim: ``trim`` mm (width, height) centred on each page as laid out, or
    without it each page's TrimBox (so a PDF with bleed and crop marks imposes at its trim size) at the
    first page's trim size; a page count that is not a multiple of 4 is padded with blank pages at the end
    (the caller decides where blanks go by padding the book first: this is the fallback). Creep: inner
    sheets push outward when folded; each page is shifted toward the fold by creep_mm × (sheet index from
    the outside) / (sheets − 1), the outermost sheet not at all, the innermost by creep_mm, with the page
    content clipped to its half. `sheet` (mm) optionally centres the pair on a larger sheet (A5 pages on an
    A4 sheet is exactly twice; 5.5×8.5 in pages on US Letter likewise). Links are dropped (they lead
    nowhere on paper).

    ``bleed`` (mm): each page keeps that much of what it draws beyond its trim at its top, foot and outer
    edge; the sheet's TrimBox is the pair of pages, its BleedBox the bleed around it.  ``marks``: crop
    marks at the pair's corners and fold marks at the fold, outside the bleed.  Without ``sheet`` the sheet
    is the pair with the bleed and the marks' slug around it.
    """
    if creep_mm < 0:
        raise ValueError(f"creep must not be negative, not {creep_mm}")
    count = len(book.pages)
    if count == 0:
        raise ValueError(f"{book.filename}: no pages to impose")
    order = booklet_order(count + blanks_needed(count))
    first = trim_box(book.pages[0], trim)
    width, height = first[2] - first[0], first[3] - first[1]
    b = bleed * MM
    sheet_width, sheet_height = _sheet_size((2 * width, height), sheet, b + (SLUG * MM if marks else 0.0))
    fold = sheet_width / 2
    bottom, top = (sheet_height - height) / 2, (sheet_height + height) / 2
    sheets = len(order) // 2
    spread = (fold - width, bottom, fold + width, top)
    boxes = {"/TrimBox": spread, "/BleedBox": (spread[0] - b, bottom - b, spread[2] + b, top + b)}

    made = pikepdf.new()
    for position, (left_page, right_page) in enumerate(order):
        side = pikepdf.Page(made.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=pikepdf.Rectangle(0, 0, sheet_width, sheet_height).as_array(),
            Resources=pikepdf.Dictionary())))
        for key, box in boxes.items():
            side.obj[key] = pikepdf.Array([round(v, 3) for v in box])
        made.pages.append(side)
        side = made.pages[-1]
        shift = creep_mm * MM * (position // 2) / (sheets - 1) if sheets > 1 else 0.0
        cells = ((left_page, (fold - width, bottom, fold, top), shift, (b, b, 0, b)),
                 (right_page, (fold, bottom, fold + width, top), -shift, (0, b, b, b)))
        drawing = "".join(_place(made, side, book.pages[number - 1], number, cell, dx, trim, reach)
                          for number, cell, dx, reach in cells if number <= count)   # a blank page's half stays empty
        if marks:
            marking = crop_marks(spread, bleed) + b"\n" + fold_marks(fold, bottom, top, bleed) + b"\n"
            drawing += marking.decode("ascii")
        if drawing:
            side.obj.Contents = made.make_stream(drawing.encode("ascii"))
    info = book.docinfo
    for key in METADATA:
        if key in info:
            made.docinfo[key] = pikepdf.String(str(info[key]))
    return made
