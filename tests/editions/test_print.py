"""Print production: boxes and bleed read back from the PDF, crop marks, covers with a spine, saddle-stitched
pamphlets with their booklets, PDF profiles; the default reader's pamphlet manifests."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from PIL import Image, ImageChops

from edition.render.cover import spine_width
from edition.build.pipeline import build
from edition.cli import main
from edition.prepress import impose, preflight
from edition.units import MM
from tests.helpers import ROOT, SMALL, page_texts

pytestmark = pytest.mark.slow      # each test builds an edition

A5 = (148 * MM, 210 * MM)


def _small(tmp_path: Path, printing: str, isbn: str | None = "none") -> Path:
    """The small edition with these print settings, and this ``isbn`` (None: no isbn key)."""
    folder = tmp_path / "small"
    shutil.copytree(SMALL.parent, folder)
    manifest = folder / "small.yaml"
    text = manifest.read_text(encoding="utf-8")
    if isbn is not None:
        text = text.replace("  date: 2024-05-01\n", f"  date: 2024-05-01\n  isbn: {isbn}\n")
    manifest.write_text(text + "print:\n" + "".join(f"  {line}\n" for line in printing.strip().splitlines()),
                        encoding="utf-8")
    return manifest


def _box(page: pikepdf.Page, name: str) -> tuple[float, ...]:
    box = page.obj[name]
    return tuple(round(float(v), 1) for v in box)


def _contents(page: pikepdf.Page) -> bytes:
    contents = page.obj.Contents
    return b"".join(stream.read_bytes() for stream in (contents if isinstance(contents, pikepdf.Array) else [contents]))


def test_bleed_crop_marks_and_a_perfect_bound_cover(tmp_path):
    manifest = _small(tmp_path, "trim: A5\nbleed: 3mm\nmarks: true\nbinding: perfect\npaper: {ppi: 400}")
    result = build(manifest, tmp_path / "out")
    book = pikepdf.open(tmp_path / "out" / "small.pdf")
    b, slug = 3 * MM, 15 * MM
    for page in book.pages:
        trim = _box(page, "/TrimBox")
        assert (round(trim[2] - trim[0], 1), round(trim[3] - trim[1], 1)) == (round(A5[0], 1), round(A5[1], 1))
        assert _box(page, "/BleedBox") == tuple(round(v, 1) for v in (trim[0] - b, trim[1] - b, trim[2] + b,
                                                                      trim[3] + b))
        assert _box(page, "/MediaBox") == tuple(round(v, 1) for v in (trim[0] - slug, trim[1] - slug,
                                                                      trim[2] + slug, trim[3] + slug))
    marks = _contents(book.pages[0]).decode("latin-1")
    assert marks.count(" l S") >= 8 and "0.25 w" in marks     # eight marks, hairlines, outside the bleed

    cover = pikepdf.open(tmp_path / "out" / "small-cover.pdf")
    assert len(cover.pages) == 1
    trim = _box(cover.pages[0], "/TrimBox")
    spine = spine_width(result.pages, ppi=400)
    assert spine == pytest.approx(result.pages / 400 * 25.4, abs=0.01)
    assert (trim[2] - trim[0]) / MM == pytest.approx(2 * 148 + spine, abs=0.1)
    assert _box(cover.pages[0], "/BleedBox")[0] == pytest.approx(trim[0] - b, abs=0.1)
    text = re.sub(r"\s", "", page_texts(tmp_path / "out" / "small-cover.pdf")[0])      # letter-spaced
    assert "ASmallTestEdition" in text and "Afixtureforthetests." in text and "TestPress" in text


def test_saddle_stitched_pamphlet_and_its_booklet(tmp_path):
    manifest = _small(tmp_path, "trim: A5\nbinding: saddle-stitch")
    build(manifest, tmp_path / "out")
    pages = page_texts(tmp_path / "out" / "small.pdf")
    assert len(pages) % 4 == 0
    assert "A Small Test Edition" in pages[0] and "A fixture for the tests." in pages[-1]     # the covers
    assert pages[1].strip() == "" and pages[-2].strip() == ""     # inside covers blank
    assert "A Small Test Edition" in pages[2]                      # the title page, no half-title
    booklet = pikepdf.open(tmp_path / "out" / "small-booklet.pdf")
    assert len(booklet.pages) == len(pages) // 2
    sheet = pikepdf.Rectangle(booklet.pages[0].mediabox)
    assert (round(float(sheet.width) / MM), round(float(sheet.height) / MM)) == (297, 210)  # A4
    halves = page_texts(tmp_path / "out" / "small-booklet.pdf")[0]
    assert "A fixture for the tests." in halves and "A Small Test Edition" in halves      # back | front


def test_pdf_profiles_are_tagged_or_pdfx_and_reproducible(tmp_path):
    screen = _small(tmp_path / "a", "profile: screen")
    build(screen, tmp_path / "a" / "out")
    tagged = pikepdf.open(tmp_path / "a" / "out" / "small.pdf")
    assert "/StructTreeRoot" in tagged.Root and tagged.Root["/MarkInfo"]["/Marked"]
    printing = _small(tmp_path / "b", "profile: print\nbleed: 3mm")
    build(printing, tmp_path / "b" / "out")
    build(printing, tmp_path / "b" / "again")
    first = (tmp_path / "b" / "out" / "small.pdf").read_bytes()
    assert first == (tmp_path / "b" / "again" / "small.pdf").read_bytes()
    pdfx = pikepdf.open(tmp_path / "b" / "out" / "small.pdf")
    intent = pdfx.Root["/OutputIntents"][0]
    assert intent["/S"] == "/GTS_PDFX"
    assert b"PDF/X-4" in first


def test_print_settings_checked(tmp_path, capsys):
    manifest = _small(tmp_path, "bleed: 3 furlongs\nbinding: spiral\nmargins: {top: 20mm, inside: x}")
    assert main(["check", str(manifest)]) == 2
    err = capsys.readouterr().err
    assert "m-009 bad value for 'bleed': '3 furlongs' is not a length" in err
    assert "m-009 bad value for 'binding': 'spiral' is not one of perfect, saddle-stitch" in err
    assert "bad value for 'inside': 'x' is not a length" in err


@pytest.mark.parametrize("pamphlet", sorted((ROOT / "source" / "pamphlets").glob("*.yaml")), ids=lambda p: p.stem)
def test_pamphlet_manifests_check(pamphlet, capsys):
    """A pamphlet takes the reader's texts (``root: ..``): it may reach that folder only when the command
    line names it (``--root``), never on the manifest's word alone."""
    assert main(["check", str(pamphlet), "--root", str(ROOT / "source")]) == 0
    out = capsys.readouterr()
    assert "ok —" in out.out and "edition:" not in out.err, out.err
    assert main(["check", str(pamphlet)]) == 2
    assert "m-009 bad value for 'root': '..' leaves" in capsys.readouterr().err


def test_a_pamphlet_builds_from_the_readers_sources(tmp_path):
    manifest = ROOT / "source" / "pamphlets" / "james-third-international.yaml"
    result = build(manifest, tmp_path, root=ROOT / "source")
    names = sorted(p.name for p in result.outputs)
    assert names == ["james-third-international-booklet.pdf", "james-third-international.epub",
                     "james-third-international.pdf"]
    pages = page_texts(tmp_path / "james-third-international.pdf")
    assert len(pages) % 4 == 0 and "The Future of the Third International" in " ".join(pages[0].split())
    assert any("Popular Front Government" in " ".join(p.split()) for p in pages[2:-1])
    cover = re.sub(r"\s", "", pages[0])         # letter-spaced; the subtitle names the author already
    assert cover.count("C.L.R.James") == 1, f"the front cover prints the author {cover.count('C.L.R.James')} times"


def _segments(page: pikepdf.Page) -> list[tuple[float, float, float, float]]:
    """The straight lines a page's own content strokes (m … l), in points."""
    found, start = [], None
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "m":
            start = tuple(float(v) for v in operands)
        elif str(operator) == "l" and start is not None:
            found.append((*start, *(float(v) for v in operands)))
    return found


def _pixel(image, page_box: list[float], x: float, y: float, scale: float) -> tuple[int, int, int]:
    """The colour at (x, y) points of a page rendered at ``scale`` from its MediaBox ``page_box``."""
    return image.getpixel((int((x - page_box[0]) * scale), int((page_box[3] - y) * scale)))[:3]


def test_a_pamphlet_whose_cover_bleeds_is_imposed_with_its_bleed_and_marks(tmp_path):
    manifest = _small(tmp_path, "trim: A5\nbinding: saddle-stitch\nbleed: 3mm")
    build(manifest, tmp_path / "out")           # (the build's preflight wants the sheets' trim and bleed)
    b, gap = 3 * MM, 2 * MM
    path = tmp_path / "out" / "small-booklet.pdf"
    with pikepdf.open(path) as booklet:
        for number, side in enumerate(booklet.pages, 1):
            trim, bleed, media = ([float(v) for v in side.obj[key]] for key in ("/TrimBox", "/BleedBox", "/MediaBox"))
            size = ((trim[2] - trim[0]) / MM, (trim[3] - trim[1]) / MM)
            assert size == pytest.approx((296, 210), abs=0.1), f"sheet side {number}: TrimBox {size} mm"
            beyond = [trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]]
            assert beyond == pytest.approx([b] * 4, abs=0.1), f"side {number}: bleed {[v / MM for v in beyond]} mm"
            room = [bleed[0] - media[0], bleed[1] - media[1], media[2] - bleed[2], media[3] - bleed[3]]
            assert min(room) >= gap + 6 * MM, f"side {number}: {[round(v / MM, 1) for v in room]} mm for the marks"
            lines = _segments(side)
            fold = (trim[0] + trim[2]) / 2
            folds = [s for s in lines if abs(s[0] - fold) < 0.01 and abs(s[2] - fold) < 0.01]
            crops = [s for s in lines if s not in folds]
            assert len(crops) == 8 and len(folds) == 2, f"side {number}: {len(crops)} crop marks, {len(folds)} fold"
            for x0, y0, x1, y1 in lines:            # every mark outside the bleed, none inside it
                outside = max(bleed[0] - max(x0, x1), min(x0, x1) - bleed[2], bleed[1] - max(y0, y1),
                              min(y0, y1) - bleed[3])
                assert outside >= gap - 0.1, f"side {number}: mark {x0:.1f},{y0:.1f}–{x1:.1f},{y1:.1f} is " \
                                             f"{outside / MM:.1f} mm beyond the bleed"
        first = booklet.pages[0]
        trim, media = [float(v) for v in first.obj.TrimBox], [float(v) for v in first.obj.MediaBox]
    document = pypdfium2.PdfDocument(str(path))
    try:
        scale = 100 / 72
        image = document[0].render(scale=scale).to_pil()
    finally:
        document.close()
    middle, fold, half = (trim[1] + trim[3]) / 2, (trim[0] + trim[2]) / 2, b / 2
    cover = {"in the back cover's outer bleed": _pixel(image, media, trim[0] - half, middle, scale),
             "in the front cover's outer bleed": _pixel(image, media, trim[2] + half, middle, scale),
             "in the bleed above the fold": _pixel(image, media, fold, trim[3] + half, scale),
             "in the bleed below the front": _pixel(image, media, fold + 50 * MM, trim[1] - half, scale)}
    red = _pixel(image, media, trim[0] + 5 * MM, middle, scale)
    assert all(colour == red for colour in cover.values()), f"the cover's colour {red}: {cover}"
    assert _pixel(image, media, trim[0] - b - half, middle, scale) == (255, 255, 255), "colour beyond the bleed"

    # the same pages on A4, which has no room for their bleed: the preflight fails the booklet
    cramped = tmp_path / "a4.pdf"
    impose.impose(tmp_path / "out" / "small.pdf", cramped, sheet=(210, 297), trim=(148, 210), bleed=3, marks=True)
    failed = [f.detail for f in preflight.preflight(cramped) if f.check == "bleed" and not f.ok]
    assert failed and "no room for the bleed" in failed[0] and "0.5, 0, 0.5, 0 mm" in failed[0], failed
    failed = [f.detail for f in preflight.preflight(cramped, preflight.Expect(bleed=3)) if f.check == "bleed"]
    assert failed and "too little for the 3 mm bleed" in failed[0], failed


def _fold_clearance(pdf: Path, trim_width: float) -> list[float]:
    """How near (mm) anything but the background comes to each spine fold of a cover sheet, on either side,
    inside the trim, on the sheet rendered at 150 dpi."""
    with pikepdf.open(pdf) as document:
        media = [float(v) for v in document.pages[0].mediabox]
        trim = [float(v) for v in document.pages[0].trimbox]
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        scale = 150 / 72
        image = document[0].render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()
    left, right = (trim[0] - media[0]) * scale, (trim[2] - media[0]) * scale
    top, bottom = (media[3] - trim[3]) * scale, (media[3] - trim[1]) * scale
    background = image.getpixel((int(left) + 4, int(top) + 4))
    plain = Image.new("RGB", (1, int(bottom - top) - 4), background)
    spine = (trim[2] - trim[0]) / MM - 2 * trim_width
    found = []
    for fold in (trim_width, trim_width + spine):
        x = left + fold * MM * scale
        nearest = float("inf")
        for column in range(int(left) + 2, int(right) - 2):
            strip = image.crop((column, int(top) + 2, column + 1, int(bottom) - 2))
            if max(ImageChops.difference(strip, plain).convert("L").getextrema()) > 24:
                nearest = min(nearest, abs(column + 0.5 - x))
        found.append(round(nearest / scale / MM, 2))
    return found


def test_a_cover_sheet_keeps_clear_of_its_folds_and_prints_its_isbn_or_says_none(tmp_path, reader, capsys):
    manifest = _small(tmp_path / "isbn", "trim: A5\nbinding: perfect\npaper: {caliper: 2.5mm}",
                      isbn="978-3-16-148410-0")
    result = build(manifest, tmp_path / "isbn" / "out")
    cover = tmp_path / "isbn" / "out" / "small-cover.pdf"
    spine = spine_width(result.pages, caliper=2.5)
    assert spine >= 10, f"a spine of {spine} mm carries no text: the test wants one that does"
    text = " ".join(page_texts(cover)[0].split())
    assert "ISBN 978-3-16-148410-0" in text, text
    clearance = _fold_clearance(cover, 148)
    assert min(clearance) >= 3, f"the spine's folds ({spine} mm apart) have print {clearance} mm from them"
    _, out = reader                                  # the reader's own cover: a spine of its page count
    clearance = _fold_clearance(out / "reader-cover.pdf", 148)
    assert min(clearance) >= 3, f"the reader's cover has print {clearance} mm from its folds"
    assert "ISBN" not in page_texts(out / "reader-cover.pdf")[0]       # isbn: none

    unsaid = _small(tmp_path / "unsaid", "binding: saddle-stitch", isbn=None)
    assert main(["check", str(unsaid)]) == 2
    err = capsys.readouterr().err
    assert "small.yaml:29:12: m-013 binding: saddle-stitch prints a back cover" in err and "isbn: none" in err, err
    wrong = _small(tmp_path / "wrong", "binding: perfect", isbn="978-3-16-148410-1")
    assert main(["check", str(wrong)]) == 2
    assert "'978-3-16-148410-1' is not an ISBN-13" in capsys.readouterr().err


def _text_colours(pdf: pikepdf.Pdf) -> dict[str, int]:
    """How many text runs each fill colour draws ('0 g', '0 0 0 1 k', …), on every page and in its forms."""
    found: dict[str, int] = {}

    def read(owner, resources, colour):
        for operands, operator in pikepdf.parse_content_stream(owner):
            name = str(operator)
            if name in ("g", "rg", "k", "sc", "scn"):
                colour = " ".join(f"{float(v):g}" for v in operands) + " " + name
            elif name in ("Tj", "TJ", "'", '"'):
                found[colour] = found.get(colour, 0) + 1
            elif name == "Do":
                form = resources.get("/XObject", {}).get(operands[0])
                if form is not None and form.get("/Subtype") == "/Form":
                    read(form, form.get("/Resources", resources), colour)

    for page in pdf.pages:
        read(page, page.obj.get("/Resources", {}), "0 g")
    return found


@pytest.mark.skipif(shutil.which("gs") is None, reason="needs Ghostscript (apt-get install ghostscript)")
def test_print_cmyk_converts_to_cmyk_with_black_text_on_the_black_plate(tmp_path, capsys):
    manifest = _small(tmp_path, "trim: A5\nprofile: print-cmyk\nbinding: perfect\nbleed: 3mm",
                      isbn="978-3-16-148410-0")
    result = build(manifest, tmp_path / "out")        # its preflight runs as with --cmyk
    build(manifest, tmp_path / "again")
    for name in ("small.pdf", "small-cover.pdf"):
        path = tmp_path / "out" / name
        assert main(["preflight", "--cmyk", str(path)]) == 0, capsys.readouterr().out
        capsys.readouterr()
        assert path.read_bytes() == (tmp_path / "again" / name).read_bytes(), f"{name}: two builds differ"
        with pikepdf.open(path) as pdf:
            intent = pdf.Root.OutputIntents[0]
            assert intent.S == "/GTS_PDFX" and int(intent.DestOutputProfile.N) == 4, f"{name}: {intent}"
            assert b"<pdfxid:GTS_PDFXVersion>PDF/X-4" in pdf.Root.Metadata.read_bytes()
            colours = _text_colours(pdf)
            rich = {colour: n for colour, n in colours.items() if colour.endswith(" k")
                    and min(float(v) for v in colour.split()[:3]) > 0 and float(colour.split()[3]) > 0.5}
            assert not rich and "0 g" in colours, f"{name}: text colours {colours}"
            if name == "small.pdf":
                assert "/PageLabels" in pdf.Root and pdf.docinfo["/Title"] == "A Small Test Edition"
                trim = [float(v) for v in pdf.pages[2].trimbox]
                assert ((trim[2] - trim[0]) / MM, (trim[3] - trim[1]) / MM) == pytest.approx((148, 210), abs=0.1)
    book = tmp_path / "out" / "small.pdf"
    inks = subprocess.run(["gs", "-q", "-dSAFER", "-o", "-", "-sDEVICE=inkcov", str(book)], capture_output=True,
                          text=True, check=True).stdout
    rows = [[float(v) for v in line.split()[:4]] for line in inks.splitlines() if "CMYK" in line]
    coloured = [(number, row) for number, row in enumerate(rows, 1) if max(row[:3]) > 0]
    assert len(rows) == result.pages and not coloured, f"pages printing C, M or Y (coverage C M Y K): {coloured}"
    assert sum(1 for row in rows if row[3] > 0) >= result.pages - 3, f"black ink by page: {rows}"
    assert "A Small Test Edition" in page_texts(book)[2]


def test_print_cmyk_without_ghostscript_says_what_to_install(tmp_path, monkeypatch, capsys):
    manifest = _small(tmp_path, "profile: print-cmyk")
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))              # no gs there
    assert main(["build", str(manifest), "-o", str(tmp_path / "out"), "--format", "pdf"]) == 1
    err = capsys.readouterr().err
    assert "b-008 the profile print-cmyk converts the PDFs to CMYK with Ghostscript" in err, err
    assert "apt-get install ghostscript" in err
    assert not (tmp_path / "out" / "small.pdf").exists()
