"""Booklet imposition, on real PDFs: pages in booklet order on each half of each sheet side, read back."""

from __future__ import annotations

import pikepdf
import pypdfium2
import pytest
import weasyprint

from edition.prepress.impose import blanks_needed, booklet_order, impose
from edition.prepress.preflight import preflight
from edition.units import MM

A5 = (148 * MM, 210 * MM)


def numbered(path, pages, page_css=""):
    """An A5 PDF of ``pages`` pages, each showing its number, big and centred."""
    sections = "".join(f'<section style="break-after: page"><p>{n}</p></section>' for n in range(1, pages + 1))
    html = (f"<html><head><style>@page {{ size: A5; margin: 0; {page_css} }} body {{ margin: 0 }}"
            "section { height: 210mm; display: flex; align-items: center; justify-content: center }"
            f"p {{ font-size: 100pt; margin: 0 }}</style></head><body>{sections}</body></html>")
    weasyprint.HTML(string=html).write_pdf(path)
    return path


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    folder = tmp_path_factory.mktemp("impose")
    return {pages: numbered(folder / f"{pages}.pdf", pages) for pages in (1, 8, 13, 16)}


def halves(pdf):
    """Each sheet side's size, and the text on its left and right halves."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        found = []
        for page in document:
            width, height = page.get_size()
            text = page.get_textpage()
            found.append(((width, height), text.get_text_bounded(0, 0, width / 2, height).strip(),
                          text.get_text_bounded(width / 2, 0, width, height).strip()))
        return found
    finally:
        document.close()


def number_boxes(pdf):
    """Each sheet side's numbers: {number: its characters' box (left, bottom, right, top) in points}."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        sides = []
        for page in document:
            text = page.get_textpage()
            boxes: dict[str, list] = {}
            words: list[list] = [[]]
            for index in range(text.count_chars()):
                if text.get_text_range(index, 1).isdigit():
                    words[-1].append(text.get_charbox(index))
                elif words[-1]:
                    words.append([])
            for chars in filter(None, words):
                left, right = min(c[0] for c in chars), max(c[2] for c in chars)
                bottom, top = min(c[1] for c in chars), max(c[3] for c in chars)
                number = text.get_text_bounded(left, bottom, right, top).strip()
                boxes[number] = (left, bottom, right, top)
            sides.append(boxes)
        return sides
    finally:
        document.close()


def test_booklet_order_by_hand():
    assert booklet_order(4) == [(4, 1), (2, 3)]
    assert booklet_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert booklet_order(12) == [(12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7)]
    sixteen = booklet_order(16)
    assert len(sixteen) == 8
    assert sixteen[:2] == [(16, 1), (2, 15)]
    assert sixteen[-1] == (8, 9)
    assert sorted(n for pair in sixteen for n in pair) == list(range(1, 17))
    for left, right in sixteen:            # facing pages on one side add up to pages + 1
        assert left + right == 17


def test_blanks_and_bad_counts():
    assert [blanks_needed(n) for n in (1, 2, 3, 4, 5, 13, 16)] == [3, 2, 1, 0, 3, 3, 0]
    for bad in (0, 6, 13, -4):
        with pytest.raises(ValueError):
            booklet_order(bad)


@pytest.mark.parametrize("pages, expected", [
    (8, "8 1, 2 7, 6 3, 4 5"),
    (13, "- 1, 2 -, - 3, 4 13, 12 5, 6 11, 10 7, 8 9"),        # padded to 16: pages 14 to 16 blank
])
def test_pages_land_in_booklet_order(sources, tmp_path, pages, expected):
    target = tmp_path / "booklet.pdf"
    assert impose(sources[pages], target) == len(expected.split(","))
    read = halves(target)
    assert ", ".join(f"{left or '-'} {right or '-'}" for _, left, right in read) == expected
    for (width, height), _, _ in read:      # two A5 pages side by side: 296 × 210 mm
        assert width == pytest.approx(2 * A5[0], abs=0.5)
        assert height == pytest.approx(A5[1], abs=0.5)
    assert next(f for f in preflight(target) if f.check == "fonts").ok


def test_pages_keep_their_size_and_place(sources, tmp_path):
    """Each number stands where it stood on its page, moved by whole page widths: not scaled, not turned."""
    target = tmp_path / "booklet.pdf"
    impose(sources[8], target)
    alone = {str(n): boxes[str(n)] for n, boxes in enumerate(number_boxes(sources[8]), start=1)}
    for (left, right), boxes in zip(booklet_order(8), number_boxes(target)):
        for number, offset in ((left, 0.0), (right, A5[0])):
            placed, original = boxes[str(number)], alone[str(number)]
            assert placed == pytest.approx((original[0] + offset, original[1], original[2] + offset, original[3]),
                                           abs=0.05)


def test_a4_sheet_and_trim_box(tmp_path):
    """A5 pages laid out with bleed and crop marks impose at their trim size, centred on an A4 sheet."""
    source = numbered(tmp_path / "bleed.pdf", 8, "bleed: 3mm; marks: crop")
    with pikepdf.open(source) as pdf:
        assert pikepdf.Rectangle(pdf.pages[0].mediabox).width > A5[0] + 10     # the marks lie outside
    impose(source, tmp_path / "plain.pdf")
    impose(source, tmp_path / "a4.pdf", sheet=(210, 297))
    for (width, height), _, _ in halves(tmp_path / "plain.pdf"):
        assert (width, height) == pytest.approx((2 * A5[0], A5[1]), abs=0.5)
    for (width, height), _, _ in halves(tmp_path / "a4.pdf"):
        assert (width, height) == pytest.approx((297 * MM, 210 * MM), abs=0.5)
    margin = (297 - 2 * 148) / 2 * MM
    plain, a4 = number_boxes(tmp_path / "plain.pdf"), number_boxes(tmp_path / "a4.pdf")
    assert [(left, right) for _, left, right in halves(tmp_path / "a4.pdf")] == \
        [(str(left), str(right)) for left, right in booklet_order(8)]
    for here, there in zip(plain, a4):
        for number, box in here.items():
            assert there[number] == pytest.approx((box[0] + margin, box[1], box[2] + margin, box[3]), abs=0.05)
    with pytest.raises(ValueError):
        impose(source, tmp_path / "small.pdf", sheet=(148, 210))


def test_trim_box_away_from_the_origin(sources, tmp_path):
    """Pages whose TrimBox does not start at (0, 0), inside a larger MediaBox, land as if it did."""
    with pikepdf.open(sources[8]) as pdf:
        for page in pdf.pages:
            page.contents_add(pdf.make_stream(b"1 0 0 1 50 40 cm"), prepend=True)
            page.mediabox = pikepdf.Array([0, 0, A5[0] + 100, A5[1] + 80])
            page.trimbox = pikepdf.Array([50, 40, A5[0] + 50, A5[1] + 40])
        pdf.save(tmp_path / "moved.pdf")
    impose(sources[8], tmp_path / "plain.pdf")
    impose(tmp_path / "moved.pdf", tmp_path / "booklet.pdf")
    assert halves(tmp_path / "booklet.pdf") == halves(tmp_path / "plain.pdf")
    for here, there in zip(number_boxes(tmp_path / "plain.pdf"), number_boxes(tmp_path / "booklet.pdf")):
        assert there.keys() == here.keys()
        for number, box in here.items():
            assert there[number] == pytest.approx(box, abs=0.05)


def test_creep_moves_inner_sheets_toward_the_fold(sources, tmp_path):
    impose(sources[16], tmp_path / "flat.pdf")
    impose(sources[16], tmp_path / "creep.pdf", creep_mm=2)
    flat, crept = number_boxes(tmp_path / "flat.pdf"), number_boxes(tmp_path / "creep.pdf")
    moved = []
    for position, (left, right) in enumerate(booklet_order(16)):
        toward_fold = 2 * MM * (position // 2) / 3
        left_shift = crept[position][str(left)][0] - flat[position][str(left)][0]
        right_shift = crept[position][str(right)][0] - flat[position][str(right)][0]
        assert left_shift == pytest.approx(toward_fold, abs=0.05)
        assert right_shift == pytest.approx(-toward_fold, abs=0.05)
        moved.append((left_shift, right_shift))
    assert moved[0] == moved[1] == pytest.approx((0, 0), abs=0.05)          # the outermost sheet stays
    assert moved[-1] == pytest.approx((2 * MM, -2 * MM), abs=0.05)         # the innermost moves 2 mm


def test_creep_is_clipped_to_each_half(tmp_path):
    """Full-bleed pages, even ones blue and odd ones red: with creep, no colour crosses the fold, and the
    innermost sheet's outer edges are left white."""
    source = tmp_path / "colours.pdf"
    sections = "".join(f'<section class="{"even" if n % 2 == 0 else "odd"}">{n}</section>' for n in range(1, 9))
    weasyprint.HTML(string="<style>@page { size: A5; margin: 0; bleed: 3mm } body { margin: 0 }"
                           "section { height: 210mm; break-after: page } .even { background: blue }"
                           ".odd { background: red }</style>" + sections).write_pdf(source)
    impose(source, tmp_path / "creep.pdf", creep_mm=4)
    document = pypdfium2.PdfDocument(str(tmp_path / "creep.pdf"))
    try:
        scale = 2                                  # 2 pixels a point
        image = document[len(document) - 1].render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()
    width, height = image.size
    middle, fold, creep = height // 2, width // 2, round(4 * MM * scale)
    assert image.getpixel((fold - 2, middle)) == (0, 0, 255)
    assert image.getpixel((fold + 2, middle)) == (255, 0, 0)
    assert image.getpixel((creep - 3, middle)) == (255, 255, 255)
    assert image.getpixel((creep + 3, middle)) == (0, 0, 255)
    assert image.getpixel((width - creep + 3, middle)) == (255, 255, 255)
    assert image.getpixel((width - creep - 3, middle)) == (255, 0, 0)


def test_padding_pages_are_empty(sources, tmp_path):
    target = tmp_path / "one.pdf"
    assert impose(sources[1], target) == 2
    assert [(left, right) for _, left, right in halves(target)] == [("", "1"), ("", "")]
    with pikepdf.open(target) as pdf:
        assert "/Contents" not in pdf.pages[1].obj


def test_same_input_same_bytes(sources, tmp_path):
    impose(sources[13], tmp_path / "a.pdf", creep_mm=1.5, sheet=(210, 297))
    impose(sources[13], tmp_path / "b.pdf", creep_mm=1.5, sheet=(210, 297))
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    with pikepdf.open(tmp_path / "a.pdf") as pdf:
        assert bytes(pdf.trailer["/ID"][0]) != b""
