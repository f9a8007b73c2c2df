"""Binding: a saddle-stitched pamphlet's outer covers and page count (the cover sheet's content is
``render.cover``'s).

A saddle-stitched pamphlet is sheets folded once and stapled, so its pages
come in fours: its first page is the front cover, the second left blank
(the inside of the cover), then the book, then as many blank pages as make
the count a multiple of four, and the back cover last.  A perfect-bound
book's cover is one sheet, back cover, spine and front cover, whose spine is
as thick as the pages: pages ÷ pages-per-inch, or leaves × caliper.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdf


#: the office paper a booklet of these pages is printed on (landscape): A5 on A4, A6 on A5, half-letter on letter
SHEETS = {(148.0, 210.0): (210.0, 297.0), (105.0, 148.0): (148.0, 210.0), (139.7, 215.9): (215.9, 279.4)}


def booklet_sheet(trim: tuple[float, float]) -> tuple[float, float] | None:
    """The paper for a booklet of pages of this trim, or None for a sheet exactly twice the page."""
    return SHEETS.get((round(trim[0], 1), round(trim[1], 1)))


def saddle_stitch(book: Path, covers: Path | None, target: Path) -> None:
    """The pamphlet: front cover, a blank, the book, blanks to a multiple of four, the back cover.

    ``covers`` holds the front and back cover pages (None: no covers, blanks at the end). The book's
    outline and links are kept.
    """
    original = pypdf.PdfReader(io.BytesIO(book.read_bytes()))      # target may be the book itself
    writer = pypdf.PdfWriter(clone_from=original)
    first = writer.pages[0]
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    outer = pypdf.PdfReader(covers).pages if covers else []
    if outer:
        writer.insert_page(outer[0], 0)
        writer.insert_blank_page(width, height, 1)
    blanks = (-(len(writer.pages) + (1 if outer else 0))) % 4
    for _ in range(blanks):
        writer.add_blank_page(width, height)
    if outer:
        writer.add_page(outer[1])
    ids = original.trailer.get("/ID")
    if ids is not None:
        writer._ID = ids
    with open(target, "wb") as out:
        writer.write(out)
