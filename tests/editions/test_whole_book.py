"""A whole book in one Project Gutenberg file, cut into chapters by ``split: chapters``, built for real.

The book (tests/books.py) is made at test time from three essays of the shared corpus: a title page, a
contents list and a preface, then CHAPTER I. to CHAPTER III., each with its name on the next line and its
notes numbered from 1 as ``[Footnote 1: …]``.
"""

from __future__ import annotations

import re

import pytest

from edition.build import pipeline
from edition.build.pipeline import build
from edition.cli import main
from tests.books import CORPUS, write_book
from tests.helpers import epub_files, folio, page_texts

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the project")]

TITLES = ["Three Essays", "Chapter I: The Spirit of Revolt", "Chapter II: The Wage System",
          "Chapter III: Wars and Capitalism"]
IDS = ["three-essays", "three-essays-ch1", "three-essays-ch2", "three-essays-ch3"]
MANIFEST = """\
edition:
  title: Three Essays
  date: 2026-12-01
  description: {description}
index: index.yaml
texts:
  - file: three-essays.txt
    title: Three Essays
    author: Peter Kropotkin
    split: chapters
"""


def write_manifest(folder, description="Three essays by Kropotkin."):
    (folder / "book.yaml").write_text(MANIFEST.format(description=description), encoding="utf-8")
    return folder / "book.yaml"


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("whole-book")
    write_book(folder)
    (folder / "index.yaml").write_text("entries:\n  England: [England]\n  \"Hyndman, H. M.\": [Hyndman]\n",
                                       encoding="utf-8")
    result = build(write_manifest(folder), folder / "out")
    return result, folder


def test_each_chapter_is_a_document_of_the_epub_and_an_entry_of_its_contents(book):
    _, folder = book
    files = epub_files(folder / "out" / "book.epub")
    opf = files["EPUB/content.opf"]
    spine = re.findall(r'<itemref idref="([^"]+)"', opf)
    assert [name for name in spine if name.startswith("doc-three-essays")] == [f"doc-{name}" for name in IDS]
    nav = files["EPUB/nav.xhtml"]
    toc = nav[nav.index('epub:type="toc"'):nav.index("</nav>")]
    assert re.findall(r'<a href="([^"]+)\.xhtml"><span class="contents-title-text">([^<]+)</span>', toc) == \
        list(zip(IDS, TITLES))
    assert toc.count("Peter Kropotkin") == 1                 # the book's author, not every chapter's
    opening, first, second, third = (files[f"EPUB/{name}.xhtml"] for name in IDS)
    # the matter before the first chapter stays one text: the title page and the preface
    assert "essays of this little volume were written" in opening and "periods in the life" not in opening
    assert "CONTENTS" not in opening and "CHAPTER" not in opening     # its own contents list: the edition has one
    assert '<h2 id="three-essays-s1">Preface</h2>' in opening            # 'PREFACE' before a paragraph
    for document, title in zip((first, second, third), TITLES[1:]):
        assert f'<h1 data-title="{title}">{title}</h1>' in document
        assert "CHAPTER" not in document and "Peter Kropotkin" not in document
        body = document[document.index("</header>"):]
        assert re.search(r'<span class="lead-in">[^<]+</span>', body)       # every chapter opens with one
    assert "periods in the life of human society" in first and "periods in the life" not in second
    assert "Project Gutenberg" not in "".join(files.values())
    # the sources list the book once
    assert files["EPUB/colophon.xhtml"].count("<li>") == 1


def test_notes_are_numbered_and_linked_in_their_chapter(book):
    _, folder = book
    files = epub_files(folder / "out" / "book.epub")
    for name, count in [("three-essays-ch1", 0), ("three-essays-ch2", 1), ("three-essays-ch3", 3)]:
        document = files[f"EPUB/{name}.xhtml"]
        notes = re.findall(r'<aside class="footnote[^"]*"[^>]* id="([^"]+)"', document)
        assert notes == [f"{name}-note-{n}" for n in range(1, count + 1)]
        for note in notes:                          # called from this document, and back
            assert f'href="#{note}"' in document and f'id="ref-{note}"' in document
    third = files["EPUB/three-essays-ch3.xhtml"]
    assert "At the time of the Egyptian “war,” in 1882" in third and "[Footnote" not in third


def test_each_chapter_opens_a_right_hand_page_with_its_title_and_running_head(book):
    result, folder = book
    pages = page_texts(folder / "out" / "book.pdf")
    assert result.pages == len(pages)
    openings = {}
    for index, page in enumerate(pages):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if lines and lines[0] in TITLES[1:]:
            openings[lines[0]] = index
    assert list(openings) == TITLES[1:]
    contents = next(page for page in pages if page.startswith("Contents"))
    for title, index in openings.items():
        number = pages[index].split()[-1]
        assert int(number) % 2 == 1                   # a right-hand page
        assert re.search(rf"{re.escape(title)}[ .]*{number}\b", " ".join(contents.split()))
    # running heads: the chapter's name on its right-hand pages
    second_pages = pages[openings[TITLES[2]] + 1:openings[TITLES[3]]]
    assert any(page.rstrip().splitlines()[-1].strip() == f"The Wage System {number}"
               for page in second_pages for number in [page.split()[-1]])
    # the index points into the chapters: England in the second and third, Hyndman in the third's note
    index_page = "\n".join(pages[-3:])
    england = re.search(r"England,? ([\d, –]+)", index_page)[1]
    numbers = [int(n) for n in re.findall(r"\d+", england)]
    heads = {"Three Essays", "The Spirit of Revolt", "The Wage System", "Wars and Capitalism", "Index"}
    second = [int(folio(pages[i], heads)) for i in range(openings[TITLES[2]], openings[TITLES[3]])]
    assert any(n in second for n in numbers) and any(n > max(second) for n in numbers)


def test_the_cache_gives_the_same_chapters_and_clean_lists_them(book, capsys, monkeypatch):
    _, folder = book
    before = epub_files(folder / "out" / "book.epub")

    def not_again(*args):
        raise AssertionError("the book was cleaned again: its chapters should come from the cache")

    monkeypatch.setattr(pipeline, "run_passes", not_again)
    build(write_manifest(folder, "Three essays."), folder / "out")          # another description: a build
    after = epub_files(folder / "out" / "book.epub")
    assert after["EPUB/content.opf"] != before["EPUB/content.opf"]
    assert [after[f"EPUB/{name}.xhtml"] for name in IDS] == [before[f"EPUB/{name}.xhtml"] for name in IDS]
    assert main(["clean", str(folder / "three-essays.txt"), "--chapters"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [re.split(r"\s{2,}", line.strip())[2].rsplit("  (", 1)[0] for line in listed] == \
        ["three-essays"] + TITLES[1:]
