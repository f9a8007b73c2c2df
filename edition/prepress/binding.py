"""Binding: a saddle-stitched pamphlet's outer covers and page count, a bound book's cover sheet.

A saddle-stitched pamphlet is sheets folded once and stapled, so its pages
come in fours: its first page is the front cover, the second left blank
(the inside of the cover), then the book, then as many blank pages as make
the count a multiple of four, and the back cover last.  A perfect-bound
book's cover is one sheet, back cover, spine and front cover, whose spine is
as thick as the pages: pages ÷ pages-per-inch, or leaves × caliper.
"""

from __future__ import annotations

import re

import pikepdf

from edition.model.nodes import Edition

#: a spine narrower than this (mm) carries no text
SPINE_TEXT_MIN = 6.0
#: paper assumed when the manifest gives none: 80 g/m² book wove, about 444 pages per inch
DEFAULT_PPI = 444


#: the office paper a booklet of these pages is printed on (landscape): A5 on A4, A6 on A5, half-letter on letter
SHEETS = {(148.0, 210.0): (210.0, 297.0), (105.0, 148.0): (148.0, 210.0), (139.7, 215.9): (215.9, 279.4)}


def booklet_sheet(trim: tuple[float, float]) -> tuple[float, float] | None:
    """The paper for a booklet of pages of this trim, or None for a sheet exactly twice the page."""
    return SHEETS.get((round(trim[0], 1), round(trim[1], 1)))


def spine_width(pages: int, ppi: int = 0, caliper: float = 0.0) -> float:
    """The spine's width in mm for ``pages`` pages: from pages per inch, or from the caliper of a leaf (mm)."""
    if caliper:
        return round((pages + 1) // 2 * caliper, 2)
    return round(pages / (ppi or DEFAULT_PPI) * 25.4, 2)


def isbn(identifier: str) -> str:
    """The ISBN-13 in an identifier ('urn:isbn:978-…', 'isbn:…', '978…'), or '' if it holds none."""
    digits = re.sub(r"[^0-9Xx]", "", re.sub(r"^(urn:)?isbn:", "", identifier.strip(), flags=re.I))
    if len(digits) == 13 and digits[:3] in ("978", "979") and ean_check_digit(digits[:12]) == digits[12]:
        return f"{digits[:3]}-{digits[3]}-{digits[4:7]}-{digits[7:12]}-{digits[12]}"
    return ""


def ean_check_digit(twelve: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(twelve))
    return str((10 - total % 10) % 10)


# EAN-13: the first digit chooses which of the next six use the L or G code; the last six use R.
PARITY = ["LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL"]
L_CODES = ["0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011", "0110111",
           "0001011"]


def ean13_svg(number: str) -> str:
    """An EAN-13 barcode (the ISBN's digits) as SVG: 95 modules with guard bars, no text."""
    digits = re.sub(r"\D", "", number)
    bits = "101"
    for digit, code in zip(digits[1:7], PARITY[int(digits[0])]):
        left = L_CODES[int(digit)]
        bits += left if code == "L" else "".join("1" if b == "0" else "0" for b in left)[::-1]
    bits += "01010"
    for digit in digits[7:]:
        bits += "".join("1" if b == "0" else "0" for b in L_CODES[int(digit)])
    bits += "101"
    guards = {0, 2, 46, 48, 92, 94}             # where the guard bars start: they run longer
    bars = "".join(f'<rect x="{m.start()}" y="0" width="{len(m.group())}" height="{60 if m.start() in guards else 55}"/>'
                   for m in re.finditer("1+", bits))
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 95 60" preserveAspectRatio="none">{bars}</svg>'


def cover_context(edition: Edition) -> dict:
    """What the cover templates need: the authors (not the editors), the ISBN and its barcode."""
    authors = []
    for text in edition.texts:
        for author in text.authors:
            if author not in authors and author not in edition.meta.editors:
                authors.append(author)
    number = isbn(edition.meta.identifier)
    return {"meta": edition.meta, "authors": authors, "isbn": number,
            "barcode": ean13_svg(number) if number else ""}


def cover_trim(trim: tuple[float, float], spine: float) -> tuple[float, float]:
    """A bound book's cover sheet, back cover, spine and front cover, in mm (width, height): the page size the
    cover template lays out and the trim the printer cuts to."""
    return round(2 * trim[0] + spine, 2), trim[1]


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
    for _ in range(-(len(book.pages) + (1 if outer else 0)) % 4):
        book.pages.append(blank())
    if outer:
        book.pages.append(outer[1])
