"""Texts in the shapes scans and whole-book files come in: a note cut by a page break, a book with no chapters.

The scan (tests/books.py) is an essay of the shared corpus laid out as the Internet Archive's OCR gives it:
pages of hard-wrapped lines with a running head and a page number, the notes at the end, one of them cut
by a page break with a word hyphenated over it.
"""

from __future__ import annotations

import re

import pytest

from edition.build.pipeline import prepare
from edition.clean.passes import Context, lexicon_for, run_text
from edition.messages import BadInput
from edition.model.walk import plain
from edition.read.texts import read_file
from tests.books import CORPUS, corpus_essay, write_scan


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the project")
@pytest.mark.parametrize("heading", [True, False], ids=["under a Notes heading", "without a heading"])
def test_a_note_cut_by_a_page_break_is_one_note(tmp_path, heading):
    path = write_scan(tmp_path, heading=heading)
    raw = path.read_text(encoding="utf-8")
    assert "PETER KROPOTKIN" in raw and re.search(r"[a-z]-\n\n\d+\n", raw)      # the damage is there
    text, _ = read_file(path)
    changes = run_text(text, Context(lexicon_for([text])))
    _, notes = corpus_essay("wars_and_capitalism.txt")
    assert [(note.label, [" ".join(plain(p.inlines).split()) for p in note.blocks]) for note in text.notes] == \
        [(label, [body]) for label, body in notes.items()]
    assert text.problems == []
    assert [c.rule for c in changes if c.rule == "note split by a page break"] == ["note split by a page break"]
    body = " ".join(plain(b.inlines) for b in text.blocks)
    assert "KROPOTKIN" not in body and body.count("WARS AND CAPITALISM") == 1      # the title, kept


def _refused(folder, texts: str) -> list[str]:
    """The messages a book of ``texts`` (the manifest's texts: list, as YAML) is refused with."""
    (folder / "book.yaml").write_text("edition:\n  title: A Book\n  date: 2026-01-01\ntexts:\n" + texts,
                                      encoding="utf-8")
    with pytest.raises(BadInput) as raised:
        prepare(folder / "book.yaml")
    return [str(m) for m in raised.value.messages]


def test_split_chapters_on_a_text_without_headings_names_the_manifest_line(tmp_path):
    (tmp_path / "essay.txt").write_text("An Essay\n\nIt has paragraphs and no chapter at all.\n\n"
                                        "Another paragraph ends it.\n", encoding="utf-8")
    assert _refused(tmp_path, "  - file: essay.txt\n    title: An Essay\n    split: chapters\n") == [
        f"{tmp_path / 'book.yaml'}:7:12: c-002 split: chapters, but essay.txt has no heading to cut it at "
        "('CHAPTER I', 'BOOK ONE', 'IV', '1. A title'); name its chapters' first lines with headings:, or "
        "remove split"]


def test_a_chapter_id_another_text_has_is_refused(tmp_path):
    (tmp_path / "book.txt").write_text("CHAPTER I.\n\nThe first chapter has a sentence.\n\nCHAPTER II.\n\n"
                                       "The second chapter has another.\n", encoding="utf-8")
    (tmp_path / "other.txt").write_text("Another text, with its own sentence.\n", encoding="utf-8")
    assert _refused(tmp_path, "  - file: book.txt\n    title: The Book\n    id: book\n    split: chapters\n"
                              "  - file: other.txt\n    title: Other\n    id: book-ch2\n") == [
        f"{tmp_path / 'book.yaml'}:8:12: c-003 the chapter cut from 'The Book' has the id 'book-ch2', which another "
        "text has; give that text another id"]


def test_notes_at_the_foot_of_a_scanned_books_pages():
    """A book's OCR page by page, its notes at each page's foot: called by marks glued to their words
    ('local.1', 'lost.*'), numbered anew on a page, run into the page's text without a blank line, and one
    running on at the foot of the next page after that page's text."""
    from tests.helpers import ROOT

    text, _ = read_file(ROOT / "tests" / "fixtures" / "scans" / "page-notes.txt")
    changes = run_text(text, Context(lexicon_for([text])))
    notes = [" ".join(plain(p.inlines).split()) for note in text.notes for p in note.blocks]
    assert notes == ["The date is disputed; some accounts give 1855.",
                     "On these early societies see the report of the Royal Commission of 1867, which printed the "
                     "rules of many of them in full, with the evidence of their secretaries.",
                     "See below, chapter iv.", "The story of the strike is told in chapter v."]
    assert [note.label for note in text.notes] == ["1", "2", "3", "4"] and text.problems == []
    body = " ".join(plain(b.inlines) for b in text.blocks)
    assert "them in full" not in body and "chapter" not in body and "1856.2" not in body
    assert "a note run on at the foot of the next page" in [c.rule for c in changes]
