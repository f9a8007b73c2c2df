"""Print production: boxes and bleed read back from the PDF, crop marks, covers with a spine, saddle-stitched
pamphlets with their booklets, PDF profiles; the default reader's pamphlet manifests."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pytest

from edition.render.cover import spine_width
from edition.build.pipeline import build
from edition.cli import main
from edition.units import MM
from tests.helpers import ROOT, SMALL, page_texts

pytestmark = pytest.mark.slow      # each test builds an edition

A5 = (148 * MM, 210 * MM)


def _small(tmp_path: Path, printing: str) -> Path:
    folder = tmp_path / "small"
    shutil.copytree(SMALL.parent, folder)
    manifest = folder / "small.yaml"
    text = manifest.read_text(encoding="utf-8")
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
