"""Lengths and page sizes, defined once: millimetres are the book's unit, points the PDF's.

    parse_length("0.125in") → 3.175      parse_trim("A5") → (148.0, 210.0)      3 * MM → 8.5 (points)
"""

from __future__ import annotations

import re

#: points in a millimetre (a point is 1/72 in)
MM = 72 / 25.4
INCH_MM = 25.4
#: millimetres in each unit a length may be written in
UNITS_MM = {"mm": 1.0, "cm": 10.0, "in": INCH_MM, "pt": INCH_MM / 72}

#: trim sizes by name, in millimetres (width, height)
TRIM_SIZES = {
    "A4": (210.0, 297.0),
    "A5": (148.0, 210.0),
    "A6": (105.0, 148.0),
    "B5": (176.0, 250.0),
    "letter": (215.9, 279.4),
    "5.5x8.5in": (139.7, 215.9),
    "6x9in": (152.4, 228.6),
}
DEFAULT_TRIM = TRIM_SIZES["A5"]
#: the bleed a printer asks for when the manifest says only `bleed: true`, in millimetres
DEFAULT_BLEED = 3.0


def parse_length(value: str) -> float | None:
    """'3mm' → 3.0; '0.125in', '9pt' → 3.175; '0.3 cm' → 3.0; '0' → 0.0 (millimetres); None if not a length."""
    compact = re.sub(r"\s+", "", str(value))
    if re.fullmatch(r"0+(\.0*)?", compact):
        return 0.0
    match = re.fullmatch(r"(\d+(?:\.\d+)?|\.\d+)(mm|cm|in|pt)", compact)
    return round(float(match[1]) * UNITS_MM[match[2]], 3) if match else None


def parse_trim(value: str) -> tuple[float, float] | None:
    """'A5' → (148, 210); '5.5 x 8.5 in' → (139.7, 215.9); None if not a size."""
    compact = re.sub(r"\s+", "", value)
    for name, size in TRIM_SIZES.items():
        if compact.lower() == name.lower():
            return size
    match = re.fullmatch(r"(\d+(?:\.\d+)?)[x×](\d+(?:\.\d+)?)(mm|cm|in|pt)", compact)
    if not match:
        return None
    factor = UNITS_MM[match[3]]
    return (round(float(match[1]) * factor, 2), round(float(match[2]) * factor, 2))


def page_margins(trim: tuple[float, float], given: dict) -> dict[str, float]:
    """A page's margins in mm: those ``given``, the others in proportion to the trim."""
    width, height = trim
    default = {"top": height * 0.085, "bottom": height * 0.10, "inside": width * 0.125, "outside": width * 0.105}
    return {side: round(given.get(side, value), 1) for side, value in default.items()}
