"""The print-cmyk conversion on a real PDF, through Ghostscript: black text and grey rules on the black
plate alone, colour through the profiles, what Ghostscript drops put back."""

from __future__ import annotations

import shutil
import subprocess

import pikepdf
import pytest
import weasyprint

from edition.prepress import cmyk
from edition.prepress.preflight import Expect, preflight

pytestmark = pytest.mark.skipif(shutil.which("gs") is None, reason="needs Ghostscript (apt-get install ghostscript)")

PAGES = """<html lang="en"><head><style>@page { size: A6; margin: 10mm } body { font-size: 12pt }
hr { border: 0; border-top: 2pt solid #444 } .red { background: #7a1f1b; height: 20mm }</style></head><body>
<p>Black text, on the black plate.</p><hr><p style="break-after: page">A grey rule above.</p>
<p>A coloured block:</p><div class="red"></div></body></html>"""


def inks(path) -> list[list[float]]:
    """Ghostscript's ink coverage of each page: C, M, Y, K (fractions of the page)."""
    done = subprocess.run(["gs", "-q", "-dSAFER", "-o", "-", "-sDEVICE=inkcov", str(path)], capture_output=True,
                          text=True, check=True)
    return [[float(v) for v in line.split()[:4]] for line in done.stdout.splitlines() if "CMYK" in line]


def test_black_and_grey_stay_on_k_colour_goes_through_the_profile(tmp_path):
    path = tmp_path / "book.pdf"
    weasyprint.HTML(string=PAGES).write_pdf(path, pdf_variant="pdf/x-4", output_intent="srgb")
    with pikepdf.open(path) as before:
        before.Root.Lang = pikepdf.String("en")
        before.save(tmp_path / "lang.pdf")
    path = tmp_path / "lang.pdf"
    before_inks = inks(path)
    assert max(before_inks[0][:3]) > 0, f"RGB black prints on C, M and Y unconverted: {before_inks}"   # the trap
    cmyk.convert(path)
    text, colour = inks(path)
    assert text[:3] == [0, 0, 0] and text[3] > 0, f"page 1 (black text, a grey rule) inks C M Y K {text}"
    assert min(colour[:3]) > 0, f"page 2 (a red block) inks C M Y K {colour}"
    colours = [f for f in preflight(path, Expect(cmyk=True)) if f.check == "colour"]
    assert [f.ok for f in colours] == [True], colours
    with pikepdf.open(path) as after:
        assert str(after.Root.Lang) == "en" and str(after.docinfo["/Producer"]).startswith("WeasyPrint")
        assert int(after.Root.OutputIntents[0].DestOutputProfile.N) == 4
        assert b"PDF/X-4" in after.Root.Metadata.read_bytes()
