"""Notes in the default reader: found, linked in both formats, and each on the page of its call."""

from __future__ import annotations


import re

import pytest

from edition.build.pipeline import prepare
from tests.helpers import READER, destination_pages, epub_files

pytestmark = pytest.mark.slow      # each test builds an edition

EXPECTED = {                      # text → the owner of each note, in the order of their calls
    "north-banda-embraces-stalinism": ["author"] * 3 + ["editor"] + ["author"] * 3,
    "james-third-international": ["author"] * 4,
    "trotsky-whither-the-soviet-union": ["editor", "translator"],
    "trotsky-soviet-thermidor": ["translator", "editor"],
}


def test_notes_found_and_none_left_in_the_running_text():
    edition = prepare(READER).edition
    by_id = {text.id: text for text in edition.texts}
    for text_id, owners in EXPECTED.items():
        assert [note.owner for note in by_id[text_id].notes] == owners, text_id
        assert [note.label for note in by_id[text_id].notes] == [str(n) for n in range(1, len(owners) + 1)]
    from edition.model.markup import write

    north = write(by_id["north-banda-embraces-stalinism"])
    assert "Christian Rakovsky, Selected Writings" not in north.split("[1] ")[0]     # not in the running text
    assert north.count("[1]") == 2                                                   # one call, one note
    assert "enters the scene[4]" in north                         # the editor's cross-reference
    chapter = write(by_id["trotsky-whither-the-soviet-union"])
    assert "the others).[2] Individual terror" in chapter
    assert "Translator’s Note" not in chapter
    thermidor = write(by_id["trotsky-soviet-thermidor"])
    assert "TRANSLATOR" not in thermidor and "secondary posts.[1]" in thermidor


def test_notes_linked_in_the_epub(reader):
    _, out = reader
    files = epub_files(out / "reader.epub")
    for text_id, owners in EXPECTED.items():
        doc = files[f"EPUB/{text_id}.xhtml"]
        calls = re.findall(r'<a class="noteref" epub:type="noteref" role="doc-noteref" id="ref-([^"]+)" '
                           r'href="#([^"]+)">(\d+)</a>', doc)
        asides = re.findall(r'<aside class="footnote by-(\w+)" epub:type="footnote" role="doc-footnote" '
                            r'id="([^"]+)"><p><a class="note-label" href="#ref-([^"]+)" role="doc-backlink">', doc)
        assert len(calls) == len(owners) == len(asides), text_id
        assert [c[0] for c in calls] == [c[1] for c in calls] == [a[1] for a in asides] == [a[2] for a in asides]
        assert [a[0] for a in asides] == owners
    note_ids = [i for name, doc in files.items() if name.endswith(".xhtml")
                for i in re.findall(r' id="((?:ref-)?[a-z0-9-]+-note-\d+)"', doc)]
    assert len(note_ids) == len(set(note_ids)) == 2 * 15      # unique across the whole book
    assert "— Trans." in files["EPUB/trotsky-whither-the-soviet-union.xhtml"]
    assert "— Ed." in files["EPUB/north-banda-embraces-stalinism.xhtml"]


def test_every_footnote_is_on_the_page_of_its_call(reader):
    """In the built PDF (its named destinations are the HTML's ids), each note is on its call's page."""
    result, out = reader
    assert not [m for m in result.warnings if m.code == "p-004"]
    page = destination_pages(out / "reader.pdf")
    notes = [note for text in prepare(READER).edition.texts for note in text.notes]
    assert len(notes) == 15
    for note in notes:
        assert note.id in page and "ref-" + note.id in page, note.id
        assert page[note.id] == page["ref-" + note.id], \
            f"{note.id}: note on page {page[note.id] + 1}, call on page {page['ref-' + note.id] + 1}"
