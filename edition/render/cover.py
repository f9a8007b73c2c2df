"""What a book's covers print besides its title: the authors, the ISBN and its barcode, the spine's width.

    isbn("urn:isbn:9783161484100") → "978-3-16-148410-0"      spine_width(160) → 9.15 (mm)
"""

from __future__ import annotations

import re

import isbnlib

from edition.manifest.load import isbn_digits
from edition.model.nodes import Edition
from edition.units import INCH_MM

#: nothing printed comes nearer a spine's fold than this (mm): the folds wander by a millimetre or two
FOLD_CLEARANCE = 3.0
#: a spine narrower than this (mm) carries no text: the 9 pt small capitals' height (2.1 mm) with room to
#: spare and the clearance at both folds
SPINE_TEXT_MIN = 8.5
#: paper assumed when the manifest gives none: 80 g/m² book wove, about 444 pages per inch
DEFAULT_PPI = 444


def spine_width(pages: int, ppi: int = 0, caliper: float = 0.0) -> float:
    """The spine's width in mm for ``pages`` pages: from pages per inch, or from the caliper of a leaf (mm)."""
    if caliper:
        return round((pages + 1) // 2 * caliper, 2)
    return round(pages / (ppi or DEFAULT_PPI) * INCH_MM, 2)


def isbn(identifier: str) -> str:
    """The ISBN-13 in an identifier ('urn:isbn:978-…', 'isbn:…', '978…'), hyphenated by its registration
    group and publisher as isbnlib's range table gives them ('978-3-16-148410-0'), or '' if it holds none."""
    digits = isbn_digits(identifier)
    return (isbnlib.mask(digits) or digits) if digits else ""


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
    """What the cover templates need: the authors (not the editors, nor those the subtitle names already: a
    pamphlet's subtitle is often its author), the ISBN and its barcode."""
    authors = []
    for text in edition.texts:
        for author in text.authors:
            if author not in authors and author not in edition.meta.editors \
                    and author not in (edition.meta.subtitle or ""):
                authors.append(author)
    given = edition.meta.isbn
    number = "" if given == "none" else isbn(given or edition.meta.identifier)
    return {"meta": edition.meta, "authors": authors, "isbn": number,
            "barcode": ean13_svg(number) if number else ""}


def cover_trim(trim: tuple[float, float], spine: float) -> tuple[float, float]:
    """A bound book's cover sheet, back cover, spine and front cover, in mm (width, height): the page size the
    cover template lays out and the trim the printer cuts to."""
    return round(2 * trim[0] + spine, 2), trim[1]
