"""The EPUB's page list follows the printed edition: each marker stands where that PDF page begins."""

from __future__ import annotations

import re
import unicodedata

import pytest

from edition.check import epubcheck as validate
from tests.helpers import epub_files, folio, page_body, running_heads

pytestmark = pytest.mark.slow      # each test builds an edition


def _words(text: str, count: int = 4) -> list[str]:
    text = unicodedata.normalize("NFKC", text).replace("\u2010\n", "").replace("-\n", "-")
    return [w.casefold() for w in re.findall(r"\w+", text)][:count]


def _folio_pages(reader_pages: list[str], heads: set[str]) -> dict[str, int]:
    found = {}
    for position, text in enumerate(reader_pages):
        printed = folio(text, heads)
        if printed:
            found.setdefault(printed, position)
    return found


def test_page_list_markers_stand_where_the_printed_pages_begin(reader, reader_pages):
    _, out = reader
    files = epub_files(out / "reader.epub")
    nav = files["EPUB/nav.xhtml"]
    page_list = re.search(r'<nav epub:type="page-list".*?</nav>', nav, re.S)[0]
    entries = re.findall(r'<a href="([^"#]+)#page-([^"]+)">([^<]+)</a>', page_list)
    assert len(entries) > 130
    assert [label for *_, label in entries[:5]] == ["vi", "vii", "viii", "ix", "x"]
    assert [label for *_, label in entries].count("1") == 1
    assert 'property="source-of">pagination</meta>' in files["EPUB/content.opf"]

    heads = running_heads()
    where = _folio_pages(reader_pages, heads)
    checked = 0
    for file_name, label, shown in entries:
        assert label == shown
        body = files["EPUB/" + file_name]
        marker = body.index(f'id="page-{label}"')
        after = re.sub(r"<[^>]+>", " ", body[body.index("</span>", marker):])
        printed = page_body(reader_pages[where[label]], heads) if label in where else ""
        if not _words(printed):
            continue                 # a blank page: its marker stands with the next page's
        previous = re.findall(r"\w+", re.sub(r"<[^>]+>", " ", body[:body.rfind("<span", 0, marker)]))[-1:]
        first = _words(printed, 1)
        if previous and first and previous[0].casefold().endswith(first[0]) and previous[0].casefold() != first[0]:
            printed = printed.split(None, 1)[1]   # the page goes on with a word hyphenated over from the page before
        assert _words(after) == _words(printed), f"page {label}: EPUB {after[:60]!r}, PDF {printed[:60]!r}"
        checked += 1
    assert checked > 120, checked


def test_accessibility_and_store_metadata(reader):
    _, out = reader
    opf = epub_files(out / "reader.epub")["EPUB/content.opf"]
    for prop, value in [("schema:accessMode", "textual"), ("schema:accessModeSufficient", "textual"),
                        ("schema:accessibilityFeature", "pageNavigation"), ("schema:accessibilityFeature", "index"),
                        ("schema:accessibilityFeature", "tableOfContents"), ("schema:accessibilityHazard", "none"),
                        ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA")]:
        assert f'<meta property="{prop}">{value}</meta>' in opf, (prop, value)
    assert 'property="schema:accessibilitySummary"' in opf
    for element in ("dc:publisher", "dc:rights", "dc:description", "dc:subject"):
        assert f"<{element}" in opf


def test_kepub_wraps_sentences_for_kobo(tmp_path):
    from edition.build.pipeline import build
    from edition.epub.kepub import kobo_spans, sentences
    from tests.helpers import SMALL

    assert sentences("C. L. R. James wrote it. Then it was 1936. And") == [
        "C. L. R. James wrote it. ", "Then it was 1936. ", "And"]
    page = (b'<html xmlns="http://www.w3.org/1999/xhtml"><body><p id="x">One. Two <i>three.</i> Four '
            b'<a href="#n">1</a> five.</p><nav><ol><li>Contents</li></ol></nav></body></html>')
    spanned = kobo_spans(page).decode()
    assert '<span class="koboSpan" id="kobo.1.1">One. </span><span class="koboSpan" id="kobo.1.2">Two </span>' \
           in spanned
    assert '<i><span class="koboSpan" id="kobo.1.3">three.</span></i>' in spanned
    assert '<a href="#n">1</a><span class="koboSpan" id="kobo.1.5"> five.</span>' in spanned
    assert "<li>Contents</li>" in spanned                         # the navigation stays as it is

    result = build(SMALL, tmp_path, ("kepub",))
    assert [p.name for p in result.outputs] == ["small.kepub.epub"]
    files = epub_files(result.outputs[0])
    assert files["EPUB/first-text-more.xhtml"].count('class="koboSpan"') > 5
    assert "mimetype" in __import__("zipfile").ZipFile(result.outputs[0]).namelist()[0]


@pytest.mark.skipif(validate.ace_command() is None, reason="Ace by DAISY is not installed: npm install --ignore-scripts @daisy/ace, and apt-get install chromium")
def test_ace_finds_nothing(reader, tmp_path):
    _, out = reader
    assert validate.ace(out / "reader.epub", tmp_path / "ace") == []


@pytest.mark.skipif(__import__("shutil").which("ebook-convert") is None, reason="Calibre is not installed: apt-get install calibre (for ebook-convert)")
def test_azw3_through_calibre(tmp_path):
    from edition.build.pipeline import build
    from tests.helpers import SMALL

    result = build(SMALL, tmp_path, ("azw3",))
    assert [p.name for p in result.outputs] == ["small.azw3"] and result.outputs[0].stat().st_size > 10_000


def test_azw3_without_calibre_says_so(tmp_path, capsys, monkeypatch):
    from edition.cli import main
    from tests.helpers import SMALL

    monkeypatch.setattr(__import__("shutil"), "which", lambda name: None)
    assert main(["build", str(SMALL), "-o", str(tmp_path), "--format", "azw3"]) == 1
    assert "b-002 could not make the AZW3: Calibre's ebook-convert is not installed" in capsys.readouterr().err
    assert not list(tmp_path.glob("small.*"))
