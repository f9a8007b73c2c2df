"""The EPUB's page list follows the printed edition: each marker stands where that PDF page begins."""

from __future__ import annotations

import re
import unicodedata

from tests.conftest import epub_files
from tests.editions.test_index import BOOK_TITLE, _body, _texts


def _words(text: str, count: int = 4) -> list[str]:
    text = unicodedata.normalize("NFKC", text).replace("\u2010\n", "").replace("-\n", "-")
    return [w.casefold() for w in re.findall(r"\w+", text)][:count]


def _folio_pages(reader_pages: list[str], heads: set[str]) -> dict[str, int]:
    from tests.editions.test_index import _folio

    found = {}
    for position, text in enumerate(reader_pages):
        folio = _folio(text, heads)
        if folio:
            found.setdefault(folio, position)
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

    heads = {BOOK_TITLE, "Index"} | {t.short_title or t.title for t in _texts()}
    where = _folio_pages(reader_pages, heads)
    checked = 0
    for file_name, label, shown in entries:
        assert label == shown
        body = files["EPUB/" + file_name]
        marker = body.index(f'id="page-{label}"')
        after = re.sub(r"<[^>]+>", " ", body[body.index("</span>", marker):])
        printed = _body(reader_pages[where[label]], heads) if label in where else ""
        if not _words(printed):
            continue                 # a blank page: its marker stands with the next page's
        previous = re.findall(r"\w+", re.sub(r"<[^>]+>", " ", body[:body.rfind("<span", 0, marker)]))[-1:]
        first = _words(printed, 1)
        if previous and first and previous[0].casefold().endswith(first[0]) and previous[0].casefold() != first[0]:
            printed = printed.split(None, 1)[1]   # the page goes on with a word hyphenated over from the page before
        assert _words(after) == _words(printed), f"page {label}: EPUB {after[:60]!r}, PDF {printed[:60]!r}"
        checked += 1
    assert checked > 120, checked
