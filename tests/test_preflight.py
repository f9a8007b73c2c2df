"""Preflight on real PDFs: made by WeasyPrint from small HTML strings, or written with pikepdf."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
import weasyprint
from PIL import Image

from edition.cli import main
from edition.units import parse_length
from edition.prepress.preflight import Expect, Finding, preflight, report

STYLES = Path(__file__).resolve().parent.parent / "styles"
STYLE = """
@font-face { font-family: Garamond; src: url(fonts/EBGaramond-Regular.ttf) }
@page { size: A5; margin: 20mm; %s }
body { font-family: Garamond; font-size: 12pt; %s }
.next { break-before: page }
"""


def png(pixels: int) -> str:
    """A square red PNG as a data: URL."""
    data = io.BytesIO()
    Image.new("RGB", (pixels, pixels), (200, 30, 30)).save(data, "PNG")
    return "data:image/png;base64," + base64.b64encode(data.getvalue()).decode("ascii")


def weasy(folder: Path, name: str, body: str, page: str = "", text: str = "") -> Path:
    target = folder / name
    html = f"<style>{STYLE % (page, text)}</style>{body}"
    weasyprint.HTML(string=html, base_url=STYLES.as_uri() + "/").write_pdf(target)
    return target


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("preflight")
    made = {
        "good": weasy(folder, "good.pdf", f'<p>Hello, print shop.</p><img src="{png(600)}" '
                                          'style="width: 40mm; height: 40mm">', page="bleed: 3mm"),
        "low": weasy(folder, "low.pdf", f'<p>Text first.</p><p class=next><img src="{png(40)}" '
                                        f'style="width: 50mm; height: 50mm"></p><div class=next style="background: '
                                        f'url({png(40)}); background-size: 10mm; width: 50mm; height: 30mm"></div>'),
        "six": weasy(folder, "six.pdf", "<p>One</p>" + "".join(f"<p class=next>{n}</p>" for n in range(2, 7))),
        "tofu": weasy(folder, "tofu.pdf", "<p>A\U000f0000B and \U000f0001</p>"),
        "fffd": weasy(folder, "fffd.pdf", "<p>Mojibake left in: \ufffd</p>"),
        "wide": weasy(folder, "wide.pdf", "<p>A5</p><p class=next style='page: wide'>A4</p>",
                      page="} @page wide { size: A4"),
        "five": weasy(folder, "five.pdf", "<p>Five millimetres asked for</p>", page="bleed: 5mm"),
        "cmyk": weasy(folder, "cmyk.pdf", "<p>Black ink only</p>", text="color: device-cmyk(0 0 0 1)"),
        "rich": weasy(folder, "rich.pdf", "<p>Four inks</p><p>and more</p>",
                      text="color: device-cmyk(0.72 0.68 0.67 0.88)"),
    }
    made["helvetica"] = unembedded(folder / "helvetica.pdf")
    made["notdef"] = rewritten(made["good"], folder / "notdef.pdf", b"<002d>", b"<0000>")
    return made


def unembedded(target: Path) -> Path:
    """A letter page drawing 'Hello' in the standard Helvetica, not embedded."""
    return drawn(target, b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET", Font=pikepdf.Dictionary(
        F1=pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)))


def drawn(target: Path, content: bytes, **resources) -> Path:
    """A letter page drawing ``content`` with ``resources``."""
    with pikepdf.new() as pdf:
        pdf.add_blank_page(page_size=(612, 792))
        page = pdf.pages[0]
        page.obj.Resources = pikepdf.Dictionary(**{key: pdf.make_indirect(value) for key, value in resources.items()})
        page.obj.Contents = pdf.make_stream(content)
        pdf.save(target)
    return target


def rewritten(source: Path, target: Path, old: bytes, new: bytes) -> Path:
    """A copy of ``source`` with ``old`` replaced by ``new`` in the first page's content."""
    with pikepdf.open(source) as pdf:
        page = pdf.pages[0]
        data = _contents(page)
        assert old in data
        page.obj.Contents = pdf.make_stream(data.replace(old, new, 1))
        pdf.save(target)
    return target


def _contents(page: pikepdf.Page) -> bytes:
    contents = page.obj.Contents
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    return b"\n".join(stream.read_bytes() for stream in streams)


def by_check(findings: list[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.check, []).append(finding)
    return grouped


def failed(findings: list[Finding], check: str) -> list[str]:
    return [f.detail for f in findings if f.check == check and not f.ok]


def test_good_pdf_passes_everything(pdfs):
    findings = preflight(pdfs["good"], Expect(trim=(148, 210), bleed=3))
    assert [f for f in findings if not f.ok] == []
    checks = by_check(findings)
    assert list(checks) == ["fonts", "boxes", "bleed", "pages", "images", "colour", "glyphs"]
    assert checks["fonts"][0].detail == "1 font embedded"
    # WeasyPrint 70 with bleed: 3mm: the MediaBox and the BleedBox grow 3 mm beyond the page on every side
    # (the MediaBox starts at -8.5 pt), the TrimBox is the A5 page itself
    assert checks["boxes"][0].detail == ("1 page: MediaBox 154×216 mm, BleedBox 154×216 mm, TrimBox 148×210 mm as "
                                         "expected, 3 mm inside the MediaBox on every side")
    assert checks["bleed"][0].detail == "3 mm bleed on every side, within the MediaBox, on every page"
    assert checks["images"][0].detail == "1 image, lowest 381 dpi (page 1), needs 300"
    assert checks["colour"][0].detail == "page content DeviceRGB; images DeviceRGB"
    assert checks["glyphs"][0].detail.startswith("no missing glyphs: 18 glyphs of CID fonts checked")


def test_image_resolution_agrees_with_pdfium(pdfs):
    document = pypdfium2.PdfDocument(str(pdfs["good"]))
    try:
        image = next(iter(document[0].get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE])))
        metadata = image.get_metadata()
        assert (metadata.width, round(metadata.horizontal_dpi), round(metadata.vertical_dpi)) == (600, 381, 381)
    finally:
        document.close()


def test_unembedded_font_is_named(pdfs):
    findings = preflight(pdfs["helvetica"])
    assert failed(findings, "fonts") == ["Helvetica (Type1) not embedded, used on page 1"]
    assert failed(findings, "glyphs") == []
    assert by_check(findings)["boxes"] == [Finding("boxes", True, "1 page: MediaBox 215.9×279.4 mm, BleedBox "
                                                                  "215.9×279.4 mm, TrimBox 215.9×279.4 mm (not set: "
                                                                  "taken from the CropBox or MediaBox)")]


def test_low_resolution_images_name_page_and_dpi(pdfs):
    findings = preflight(pdfs["low"])
    assert failed(findings, "images") == [
        "page 2: image 40×40 px shown at 50×50 mm: 20 dpi, needs 300",
        # a background tile: an image in a tiling pattern in a form XObject, 10 mm a tile
        "page 3: image 40×40 px shown at 10×10 mm: 102 dpi, needs 300",
    ]
    assert failed(preflight(pdfs["low"], Expect(min_dpi=20)), "images") == []


def test_rgb_fails_cmyk(pdfs):
    findings = preflight(pdfs["good"], Expect(cmyk=True))
    assert failed(findings, "colour") == ["page 1: RGB colour in the page content (DeviceRGB)",
                                          "page 1: 1 RGB image (DeviceRGB)"]
    assert failed(preflight(pdfs["low"], Expect(cmyk=True)), "colour") == [
        "page 1: RGB colour in the page content (DeviceRGB)",    # the text on page 1; pages 2 and 3 have none
        "pages 2–3: 2 RGB images (DeviceRGB)",
        "page 3: transparency blends in DeviceRGB",
    ]


def test_device_cmyk_text_passes_cmyk_and_four_colour_black_text_fails(pdfs):
    findings = preflight(pdfs["cmyk"], Expect(cmyk=True))
    assert by_check(findings)["colour"] == [Finding("colour", True, "no RGB: DeviceCMYK; no text in four-colour black")]
    assert failed(preflight(pdfs["rich"], Expect(cmyk=True)), "colour") == [
        "page 1: 2 text runs in four-colour black (C, M and Y under K): set black text in K only"]


def test_page_count_multiple(pdfs):
    assert failed(preflight(pdfs["six"], Expect(multiple_of=4)), "pages") == [
        "6 pages, not a multiple of 4: add 2 blank pages or remove 2"]
    assert by_check(preflight(pdfs["six"], Expect(multiple_of=2)))["pages"] == [
        Finding("pages", True, "6 pages, a multiple of 2")]


def test_boxes_sizes_and_trim(pdfs):
    assert failed(preflight(pdfs["wide"]), "boxes") == [
        "page sizes differ: 148×210 mm trim on page 1, 210×297 mm trim on page 2",
        "page sizes differ: 148×210 mm MediaBox on page 1, 210×297 mm MediaBox on page 2",
    ]
    assert failed(preflight(pdfs["good"], Expect(trim=(152.4, 228.6))), "boxes") == [
        "page 1: TrimBox is 148×210 mm, expected 152.4×228.6 mm"]


def test_bleed(pdfs):
    assert failed(preflight(pdfs["six"], Expect(bleed=3)), "bleed") == ["pages 1–6: no bleed (BleedBox), needs 3 mm"]
    assert by_check(preflight(pdfs["six"]))["bleed"] == [Finding("bleed", True, "no bleed")]
    # WeasyPrint 70 widens the MediaBox by the whole 5 mm but stops the BleedBox 10 pt (3.5 mm) beyond the trim
    assert failed(preflight(pdfs["five"], Expect(bleed=5)), "bleed") == [
        "page 1: 3.5 mm bleed on every side (BleedBox), needs 5 mm"]
    assert failed(preflight(pdfs["five"], Expect(bleed=3)), "bleed") == []


def test_missing_glyphs(pdfs):
    # WeasyPrint maps characters that no font has to CID 0 through a CMap of its own
    assert failed(preflight(pdfs["tofu"]), "glyphs") == [
        "page 1: 2 glyphs missing from Garamond, drawn as .notdef: U+F0000, U+F0001"]
    assert failed(preflight(pdfs["notdef"]), "glyphs") == [
        "page 1: 1 glyph missing from Garamond, drawn as .notdef: code 0000"]
    # EB Garamond has a glyph for U+FFFD: nothing is missing, but the text lost a character before typesetting
    assert failed(preflight(pdfs["fffd"]), "glyphs") == [
        "page 1: 1 U+FFFD (replacement character) in the text, where a character was lost"]


def test_report_lines():
    findings = [Finding("fonts", True, "all 4 fonts embedded"), Finding("images", False, "page 2: too coarse")]
    assert report(findings) == "ok    fonts   all 4 fonts embedded\nFAIL  images  page 2: too coarse"


def test_parse_length():
    assert parse_length("3mm") == 3.0
    assert parse_length("0.125in") == 3.175
    assert parse_length("9pt") == 3.175
    assert parse_length(" 0.3 cm") == 3.0
    assert parse_length("0") == 0.0
    assert parse_length("3") is None
    assert parse_length("three mm") is None


def test_cli_exit_codes_and_report(pdfs, capsys, tmp_path):
    assert main(["preflight", str(pdfs["good"]), "--trim", "A5", "--bleed", "3mm"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "ok    fonts   1 font embedded"
    assert len(out) == 7 and all(line.startswith("ok    ") for line in out)

    assert main(["preflight", str(pdfs["low"]), "--min-dpi", "300"]) == 1
    assert "FAIL  images  page 2: image 40×40 px shown at 50×50 mm: 20 dpi, needs 300" in capsys.readouterr().out

    assert main(["preflight", str(pdfs["six"]), "--multiple-of", "4", "--cmyk"]) == 1
    out = capsys.readouterr().out
    assert "FAIL  pages   6 pages, not a multiple of 4" in out and "FAIL  colour  " in out

    missing = tmp_path / "absent.pdf"
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_text("just text\n")
    for argv in (["preflight", str(missing)], ["preflight", str(not_pdf)],
                 ["preflight", str(pdfs["good"]), "--trim", "A9"], ["preflight", str(pdfs["good"]), "--bleed", "3"]):
        assert main(argv) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert len(captured.err.splitlines()) == 1 and captured.err.startswith("edition: ")
        assert "Traceback" not in captured.err
    assert main(["preflight", str(missing)]) == 2
    assert str(missing) in capsys.readouterr().err


def test_content_streams_read_as_pdf_writes_them(tmp_path):
    """Comments, nested and escaped literal strings, dictionaries, a name with #20 in it, inline images whose
    data holds ' EI ' (binary data follows it; ASCII85 data ends at ~>): every image is found where drawn."""
    target = tmp_path / "odd.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page(page_size=(612, 792))
        page = pdf.pages[0]
        image = pdf.make_stream(bytes(64), Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=8,
                                Height=2, ColorSpace=pikepdf.Name.DeviceCMYK, BitsPerComponent=8)
        page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary({"/Im 1": image}))
        page.obj.Contents = pdf.make_stream(
            b"% a comment ( [ <\nq 1 0 0 1 -.5 +3. cm %another\r(a (nested (deep)) b\\) c) Tj (x\\(y) Tj"
            b" [(A) -120 <00 41> 3.5 (B)] TJ /P <</MCID 0 /Lang (en) /K [1 true null <<>>]>> BDC EMC Q"
            b" q 72 0 0 72 100 100 cm BI /W 4 /H 1 /CS /G /BPC 8 /D [1 0] /IM false ID \x01 EI\x02\x03 EI Q"
            b" q 144 0 0 36 0 0 cm /Im#201 Do Q q BI /W 1 /H 1 /CS /RGB /BPC 8 /F /A85 ID ab EI cd~> EI Q 0.2 g")
        pdf.save(target)
    findings = preflight(target, Expect(cmyk=True))
    assert failed(findings, "images") == ["page 1: image 4×1 px shown at 25.4×25.4 mm: 4×1 dpi, needs 300",
                                          "page 1: image 8×2 px shown at 50.8×12.7 mm: 4 dpi, needs 300",
                                          "page 1: image 1×1 px shown at 0.4×0.4 mm: 72 dpi, needs 300"]
    assert failed(findings, "colour") == ["page 1: 1 RGB image (DeviceRGB)"]


@pytest.mark.parametrize("code", [b"<00 0\n0>", b"<000>", b"(\\000\\0)", b"(\\000\\000)"])
def test_codes_from_hex_and_literal_strings(pdfs, tmp_path, code):
    """A glyph's code written with white space in hex, an odd last hex digit (a 0 follows), octal escapes."""
    notdef = rewritten(pdfs["good"], tmp_path / "notdef.pdf", b"<002d>", code)
    assert failed(preflight(notdef), "glyphs") == [
        "page 1: 1 glyph missing from Garamond, drawn as .notdef: code 0000"]


def test_inline_image(tmp_path):
    """An image inside the page content (BI … ID … EI), not an XObject: 10 px over an inch."""
    drawn(tmp_path / "inline.pdf", b"q 72 0 0 72 100 100 cm BI /W 10 /H 10 /CS /RGB /BPC 8 ID "
          + bytes(range(44, 144)) * 3 + b" EI Q 0 0 1 rg")
    findings = preflight(tmp_path / "inline.pdf", Expect(cmyk=True))
    assert failed(findings, "images") == ["page 1: image 10×10 px shown at 25.4×25.4 mm: 10 dpi, needs 300"]
    assert failed(findings, "colour") == ["page 1: RGB colour in the page content (DeviceRGB)",
                                          "page 1: 1 RGB image (DeviceRGB)"]
