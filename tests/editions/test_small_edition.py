"""A small fixture edition: escaping, ranges, omitted lines, headings, lists, a flat edition without parts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import epub_files, page_texts

pytestmark = pytest.mark.slow      # each test builds an edition


def test_special_characters_are_text_never_markup(small):
    _, out = small
    files = epub_files(out / "small.epub")
    first = files["EPUB/first-text-more.xhtml"]
    assert '<h1 data-title="First &lt;Text&gt; &amp; More">First &lt;Text&gt; &amp; More</h1>' in first
    assert "A tag &lt;b&gt;not bold&lt;/b&gt; &amp; an entity &amp;amp; stay text." in first
    assert "<b>not bold</b>" not in first
    title = files["EPUB/titlepage.xhtml"]
    assert "Markup, &lt;tags&gt; &amp; ampersands" in title
    pages = " ".join(" ".join(page_texts(out / "small.pdf")).replace("-\n", "").split())
    assert "A tag <b>not bold</b> & an entity &amp; stay text." in pages


def test_reading_the_source_format(small):
    _, out = small
    first = epub_files(out / "small.epub")["EPUB/first-text-more.xhtml"]
    # a hard-wrapped paragraph is one paragraph, with its italic and bold
    assert re.search(r'<p id="[^"]+">This paragraph is hard-wrapped over three lines, with <i>italic words</i> and '
                     r"<b>bold words</b> in it, and “quotes” that ‘curl’—and a range 1923–28.</p>", first)
    assert '<h2 id="first-text-more-s1">1. A numbered section</h2>' in first
    assert re.search(r'<li id="[^"]+">the first item;</li>', first)
    assert re.search(r'<li id="[^"]+">the second item, with <i>emphasis</i>.</li>', first)
    assert "A closing paragraph… with an ellipsis." in first
    assert '<span class="lead-in">The opening</span> words are in capitals, as in the Soviet press' in first
    # the omitted title line does not reappear as a paragraph
    assert first.count("First &lt;Text&gt; &amp; More") == 4   # <title>, running head, the <h1>, its data-title


def test_ranges_omissions_and_manifest_headings(small):
    _, out = small
    second = epub_files(out / "small.epub")["EPUB/second.xhtml"]
    assert "Lines before" not in second and "never read" not in second and "START HERE" not in second
    assert "omitted by number" not in second
    assert '<h2 id="second-s1">An unnumbered heading</h2>' in second
    assert re.search(r'<p id="[^"]+">Its paragraph goes on after the heading.</p>', second)


def test_flat_edition_metadata(small):
    result, out = small
    files = epub_files(out / "small.epub")
    assert 'lang="en-GB"' in files["EPUB/second.xhtml"]
    opf = files["EPUB/content.opf"]
    assert opf.count("<dc:creator") == 2 and "Tom Translator" in opf
    assert result.pages >= 7
    texts = page_texts(out / "small.pdf")
    contents = next(t for t in texts if t.lstrip().startswith("Contents"))
    assert "First <Text> & More" in contents and "The Second Text" in contents


def test_endnotes_and_source_note(tmp_path):
    """`notes: endnotes` sets each text's notes after it, in both formats; `source_note: first` makes the
    text's source its first note, called from its title."""
    import shutil

    from edition.build.pipeline import build
    from tests.helpers import SMALL

    folder = tmp_path / "ed"
    shutil.copytree(SMALL.parent, folder)
    (folder / "texts" / "second.txt").write_text(
        "START HERE\nThe second text begins here.[1] It goes on.[2]\n\nAn unnumbered heading\nOmitted.\n"
        "Its paragraph goes on after the heading.\n\nNotes\n\n[1] The first note.\n\n[2] The second, "
        "*with italics*.\nEND HERE\n", encoding="utf-8")
    manifest = folder / "small.yaml"
    manifest.write_text(SMALL.read_text(encoding="utf-8").replace('omit: ["START HERE", "END HERE", 7]',
                        'omit: ["START HERE", "END HERE", 5]\n    source_note: first\n    published: "*The Review*"')
                        + "notes: endnotes\n", encoding="utf-8")
    result = build(manifest, tmp_path / "out")
    second = epub_files(tmp_path / "out" / "small.epub")["EPUB/second.xhtml"]
    assert '<section class="endnotes" epub:type="endnotes" role="doc-endnotes" id="second-notes">' in second
    items = re.findall(r'<li class="by-(\w+)" epub:type="endnote" id="([^"]+)">'
                       r'<p><a class="note-label" href="#ref-[^"]+" role="doc-backlink">(\d)\.</a> (.*?)</p>', second)
    assert [(owner, label) for owner, _, label, _ in items] == [("source", "1"), ("author", "2"), ("author", "3")]
    assert items[0][3] == "First published in <i>The Review</i>."
    assert "The second, <i>with italics</i>." in items[2][3]
    assert re.search(r'<h1 data-title="The Second Text">The Second Text<a class="noteref"[^>]*>1</a></h1>', second)
    pages = page_texts(tmp_path / "out" / "small.pdf")
    notes_page = next(p for p in pages if "The first note." in p)
    assert "Notes" in notes_page and "First published in The Review." in notes_page
    assert result.pages >= 7


def test_notes_at_the_end_of_the_book(tmp_path):
    """`notes: book` collects every text's notes at the end, in a notes document of the EPUB and a Notes
    section of the PDF whose headings give the pages of the text they belong to."""
    import shutil

    from edition.build.pipeline import build
    from tests.helpers import SMALL

    folder = tmp_path / "ed"
    shutil.copytree(SMALL.parent, folder)
    (folder / "texts" / "second.txt").write_text(
        "START HERE\nThe second text begins here.[1]\n\nAn unnumbered heading\nOmitted.\n"
        "It goes on.\n\n[1] The only note.\nEND HERE\n", encoding="utf-8")
    (folder / "index.yaml").write_text("entries:\n  only note:\n  beginning: [begins]\n", encoding="utf-8")
    manifest = folder / "small.yaml"
    manifest.write_text(SMALL.read_text(encoding="utf-8").replace('omit: ["START HERE", "END HERE", 7]',
                        'omit: ["START HERE", "END HERE", 5]') + "notes: book\nindex: index.yaml\n",
                        encoding="utf-8")
    build(manifest, tmp_path / "out")
    files = epub_files(tmp_path / "out" / "small.epub")
    assert 'href="notes.xhtml#second-note-1">1</a>' in files["EPUB/second.xhtml"]
    notes = files["EPUB/notes.xhtml"]
    assert 'epub:type="endnotes"' in notes and 'href="second.xhtml#ref-second-note-1"' in notes
    assert "The only note." in re.sub(r"<[^>]+>", "", notes)
    assert "only note" not in re.sub(r"<[^>]+>", "", files["EPUB/second.xhtml"])
    pages = page_texts(tmp_path / "out" / "small.pdf")
    text_page = next(i for i, p in enumerate(pages) if "The second text begins here" in p)
    notes_page = next(p for p in pages if "The only note." in p)
    folio = pages[text_page].strip().splitlines()[-1]
    assert re.search(rf"The Second Text \((?:pages {folio}–\d+|page {folio})\)", " ".join(notes_page.split()))
    # the index: a note at the end of the book is indexed at its page there, marked n
    notes_folio = notes_page.strip().splitlines()[-1].split()[-1]
    index_page = " ".join(pages[-1].split())
    assert f"only note, {notes_folio}n" in index_page and f"beginning, {folio}" in index_page, index_page
    assert re.search(r'href="notes.xhtml#[\w-]+-ix\d+">' + notes_folio + "n</a>", files["EPUB/index.xhtml"])


def _broken(epub: Path, broken: Path) -> Path:
    """A copy of the EPUB with an element left unclosed in second.xhtml."""
    import zipfile

    with zipfile.ZipFile(epub) as good, zipfile.ZipFile(broken, "w") as bad:
        for item in good.infolist():
            data = good.read(item)
            bad.writestr(item, data.replace(b"</body>", b"<p>unclosed</body>") if item.filename.endswith(
                "second.xhtml") else data)
    return broken


def test_epubcheck_runs_warm_or_on_its_own(tmp_path, monkeypatch):
    """EPUBCheck is started before the EPUB exists and handed it when it is written; where that program
    cannot run (here: it is missing), EPUBCheck runs on its own. Either way it finds a broken EPUB."""
    from edition.check import epubcheck as validate
    from edition.build.pipeline import build
    from tests.helpers import SMALL

    assert build(SMALL, tmp_path / "warm", ("epub",)).outputs
    broken = _broken(tmp_path / "warm" / "small.epub", tmp_path / "broken.epub")
    warm = validate.WarmEpubCheck()
    try:
        found = validate.finish_epubcheck(validate.start_epubcheck(broken, tmp_path / "warm.json", warm))
    finally:
        warm.close()
    assert found and all(m.code == "e-001" for m in found) and "second.xhtml" in str(found[0])
    monkeypatch.setattr(validate, "WARM_PROGRAM", tmp_path / "missing.java")
    assert build(SMALL, tmp_path / "cold", ("epub",)).outputs
    cold = validate.WarmEpubCheck()
    try:
        assert validate.finish_epubcheck(validate.start_epubcheck(broken, tmp_path / "cold.json", cold)) == found
    finally:
        cold.close()
