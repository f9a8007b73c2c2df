"""Binding: a saddle-stitched pamphlet's outer covers, page count and the paper of its booklet.

A saddle-stitched pamphlet is sheets folded once and stapled, so its pages
come in fours: its first page is the front cover, the second left blank
(the inside of the cover), then the book, then as many blank pages as make
the count a multiple of four, and the back cover last.  (What a bound
book's cover sheet prints, and how wide its spine is, is ``render.cover``'s.)
"""

from __future__ import annotations

import pikepdf

#: the office paper a booklet of these pages is printed on (landscape): A5 on A4, A6 on A5, half-letter on letter
SHEETS = {(148.0, 210.0): (210.0, 297.0), (105.0, 148.0): (148.0, 210.0), (139.7, 215.9): (215.9, 279.4)}


def booklet_sheet(trim: tuple[float, float]) -> tuple[float, float] | None:
    """The paper for a booklet of pages of this trim, or None for a sheet exactly twice the page."""
    return SHEETS.get((round(trim[0], 1), round(trim[1], 1)))


def saddle_stitch(book: pikepdf.Pdf, covers: pikepdf.Pdf | None) -> None:
    """Make ``book`` the pamphlet: front cover, a blank, the book, blanks to a multiple of four, the back cover.

    ``covers`` holds the front and back cover pages (None: no covers, blanks at the end). The book's
    outline and links are kept.  The blanks are the size of the book's first page.
    """
    x0, y0, x1, y1 = (float(v) for v in book.pages[0].mediabox)
    size = pikepdf.Rectangle(0, 0, abs(x1 - x0), abs(y1 - y0)).as_array()

    def blank() -> pikepdf.Page:
        return pikepdf.Page(book.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=size,
                                                                  Resources=pikepdf.Dictionary())))

    outer = list(covers.pages) if covers is not None else []
    if outer:
        book.pages.insert(0, outer[0])
        book.pages.insert(1, blank())
        _shift_labels(book, 2)
    for _ in range(-(len(book.pages) + (1 if outer else 0)) % 4):
        book.pages.append(blank())
    if outer:
        book.pages.append(outer[1])
        if "/PageLabels" in book.Root:
            book.Root.PageLabels.Nums.extend([len(book.pages) - 1, pikepdf.Dictionary(P=pikepdf.String("Back cover"))])


def _shift_labels(book: pikepdf.Pdf, pages: int) -> None:
    """The book's page labels moved on past ``pages`` cover pages put before it, which are labelled 'Cover'."""
    if "/PageLabels" not in book.Root:
        return
    nums = list(book.Root.PageLabels.Nums)
    moved = [value if n % 2 else int(value) + pages for n, value in enumerate(nums)]
    book.Root.PageLabels.Nums = pikepdf.Array([0, pikepdf.Dictionary(P=pikepdf.String("Cover"))] + moved)

