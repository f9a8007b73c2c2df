"""The print edition laid out in pieces (a text, a part's opening, the front matter, the index), on every
core, reused from the cache, and put together into one PDF whose links, outline and page numbers are
those of a book laid out whole."""

from __future__ import annotations

import shutil

import pikepdf

import pytest

from edition.build.pipeline import build
from tests.helpers import READER, ROOT, page_texts

pytestmark = pytest.mark.slow      # each test builds an edition


def _named_pages(pdf: pikepdf.Pdf) -> dict[str, int]:
    positions = {page.objgen: n for n, page in enumerate(pdf.pages)}
    names = pikepdf.NameTree(pdf.Root.Names.Dests)
    return {name: positions[dest[0].objgen] for name, dest in names.items()}


def test_links_land_on_their_pages_across_pieces(reader, reader_pages):
    """Every link of the book (contents, notes, cross-references, the index) goes to a destination of the
    book, and a text's destination is the page that opens it."""
    _, out = reader
    with pikepdf.open(out / "reader.pdf") as pdf:
        named = _named_pages(pdf)
        targets = [(n, str(annotation.Dest)) for n, page in enumerate(pdf.pages)
                   for annotation in page.obj.get("/Annots", []) if "/Dest" in annotation]
    assert len(targets) > 1500
    assert not [target for _, target in targets if target not in named]
    contents = next(n for n, text in enumerate(reader_pages) if "Contents" in text and "Index" in text)
    linked = {target for n, target in targets if n == contents}
    assert {"trotsky-prospect-of-revolution", "shachtman-kerensky-debate", "index"} <= linked
    assert "The October Revolution Was" in reader_pages[named["shachtman-kerensky-debate"]]
    assert reader_pages[named["index"]].lstrip().startswith("Index")
    # the index's locators: tests/editions/test_index.py


def test_an_erratum_lays_out_its_text_again_and_gives_the_same_book(reader, tmp_path, monkeypatch):
    """With the pieces of the last build in the cache, an erratum to one text lays out that text again
    (and what its pages move), also when it adds an index entry's occurrence (the later texts' marks keep
    their ids); the book is byte for byte the one a build without the cache makes, in one process. The
    book's preflight, which reads what each piece's pages draw as they were walked when written (or in
    the cache), finds what a walk of the whole book finds."""
    from edition.prepress import preflight

    compared = []
    whole = preflight.preflight

    def both_ways(path, expect=preflight.Expect(), walked=None):
        found = whole(path, expect, walked)
        if walked is not None:
            compared.append((len(walked), sum(map(len, walked)), found == whole(path, expect)))
        return found

    monkeypatch.setattr(preflight, "preflight", both_ways)
    _, out = reader
    source = tmp_path / "source"
    shutil.copytree(ROOT / "source", source)
    manifest = source / READER.name
    errata = source / "errata" / "shachtman-kerensky-debate.yaml"
    errata.write_text(errata.read_text(encoding="utf-8")
                      + "\n- before: the Kornilov affair\n  after: the Kornilov putsch against Kerensky\n", encoding="utf-8")
    cached = tmp_path / "cached"
    shutil.copytree(out, cached)                 # the last build, its cache with it
    again = build(manifest, cached)
    assert not again.up_to_date and 1 <= again.laid_out <= 3
    assert any("the Kornilov putsch against Kerensky" in " ".join(page.split())
               for page in page_texts(cached / "reader.pdf"))
    fresh = build(manifest, tmp_path / "fresh", force=True, workers=1)
    assert fresh.laid_out > 10
    for output in fresh.outputs:
        assert output.read_bytes() == (cached / output.name).read_bytes(), f"{output.name} differs"
    assert compared == [(fresh.pieces, fresh.pages, True)] * 2     # every page read from the pieces' walks
