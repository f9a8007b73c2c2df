"""What the covers print: the ISBN hyphenated by its registration group, its barcode, the spine's width."""

from __future__ import annotations

import pytest

from edition.render.cover import ean13_svg, isbn, spine_width


def test_spine_width_from_paper():
    assert spine_width(160, ppi=400) == pytest.approx(10.16)
    assert spine_width(160, caliper=0.1) == pytest.approx(8.0)
    assert spine_width(161, caliper=0.1) == pytest.approx(8.1)     # 81 leaves
    assert spine_width(444) == pytest.approx(25.4)                  # the default paper


@pytest.mark.parametrize("given, printed", [
    ("urn:isbn:9783161484100", "978-3-16-148410-0"),        # German-speaking group 3: was printed 978-3-161-48410-0
    ("9780306406157", "978-0-306-40615-7"),                 # English group 0
    ("isbn:978-92-95055-12-4", "978-92-95055-12-4"),        # international organisations, group 92
    ("9791090636071", "979-10-90636-07-1"),                 # France in the 979 prefix, group 10
    ("urn:isbn:9784101010014", "978-4-10-101001-4"),        # Japan, group 4
])
def test_isbn_hyphenated_by_its_group(given, printed):
    assert isbn(given) == printed


def test_not_an_isbn():
    assert isbn("urn:isbn:978-0-306-40615-8") == ""                 # a wrong check digit
    assert isbn("urn:uuid:6f1c7d2e-4b1a-5c3e-9a8d-2f7e1b0c9d41") == ""


def test_barcode():
    svg = ean13_svg("9780306406157")
    assert svg.count("<rect") == 30 and 'viewBox="0 0 95 60"' in svg       # 95 modules, 30 bars
