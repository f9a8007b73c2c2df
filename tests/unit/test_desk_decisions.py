"""The desk's decisions without a browser: each kind of reject, an edit, the refusals, undo byte for byte,
and the word-level marking the report and the desk show."""

from __future__ import annotations

import shutil

import pytest

from edition.build.pipeline import check, prepare
from edition.clean import marking
from edition.clean.report import entries
from edition.messages import BadInput
from edition.model.walk import plain, text_blocks, inline_lists
from edition.review.decisions import Desk
from tests.helpers import ROOT

DESK = ROOT / "tests" / "fixtures" / "desk"


@pytest.fixture
def desk(tmp_path):
    folder = tmp_path / "desk"
    shutil.copytree(DESK, folder)
    return folder / "desk.yaml"


def _entries(manifest) -> dict:
    prepared = prepare(manifest)
    return {(e.text.id, e.change.pass_name, e.change.rule, e.change.line): e.as_dict()
            for e in entries(prepared.edition, prepared.changes)}


def _text(manifest, text_id: str) -> str:
    edition = prepare(manifest).edition
    text = next(t for t in edition.texts if t.id == text_id)
    return " ".join(plain(inlines) for block in text_blocks(text) for inlines in inline_lists(block))


def test_marking_shows_only_the_changed_characters():
    assert marking.segments("The leaden rump of", "The leader rump of") == [
        ("same", "The leade"), ("del", "n"), ("ins", "r"), ("same", " rump of")]
    long = "word " * 40 + "odd\u00a0space " + "more " * 40
    shown = str(marking.html(long, long.replace("\u00a0", " ")))
    assert shown.count("word") == 6 and shown.count("more") == 6 and shown.startswith("…")
    assert '<del><span class="odd" title="U+00A0 no-break space">⍽</span></del><ins> </ins>' in shown
    # strings hardly alike (a note's opening and "note 1"): one marked whole for the other, not in crumbs
    assert marking.segments("This passage of the book", "note 1 (editor)") == [
        ("del", "This passage of the book"), ("ins", "note 1 (editor)")]
    assert str(marking.html('say "so"', "say “so”")) == 'say <del>&#34;</del><ins>“</ins>so<del>&#34;</del><ins>”</ins>'


def test_each_reject_writes_the_smallest_statement_and_the_edition_checks(desk):
    found = _entries(desk)
    files = [desk, desk.parent / "errata" / "wages.yaml"]
    original = {path: path.read_bytes() for path in files}
    session = Desk(desk)
    # a word the OCR pass "corrected": kept, in the manifest's own list, its comment kept
    session.reject(found[("wages", "correct_ocr_words", "OCR non-word", 7)])
    assert 'keep: [Shachtman, "rnonopoly"]             # words the clean-up must never change' in desk.read_text()
    # an odd space, made before the errata: an erratum restoring the raw text, in a new errata file
    session.reject(found[("letter", "fix_encoding", "odd spaces", 6)])
    letter = (desk.parent / "errata" / "letter.yaml").read_text()
    assert 'before: "sat at"\n  after: "sat\\u00a0at"' in letter
    assert "    errata: errata/letter.yaml\n" in desk.read_text()
    # the typography of one paragraph: the pass switched off there
    session.reject(found[("letter", "smarten_typography", "typography", 9)])
    assert "skip: [{pass: smarten_typography, paragraph: 9}]" in desk.read_text()
    # the editor's own erratum: taken out of its file, the file's comment kept
    session.reject(found[("wages", "apply_errata", "erratum", 17)])
    assert (desk.parent / "errata" / "wages.yaml").read_text().startswith("# Errata for 'wages'")
    assert "a thing nobody" not in (desk.parent / "errata" / "wages.yaml").read_text()
    check(desk)
    wages, letter_text = _text(desk, "wages"), _text(desk, "letter")
    assert "rests on the rnonopoly of" in wages and "a thing nobody has" in wages
    assert "sat\u00a0at home" in letter_text and "talk - quietly - of" in letter_text
    assert "“outsiders”" in letter_text                          # the other paragraph keeps its typography
    reviewed = (desk.parent / "desk.review.yaml").read_text()
    assert reviewed.count("decision: rejected") == 4
    # what no statement undoes is refused, and nothing is written
    before = desk.read_bytes()
    with pytest.raises(BadInput, match="d-002"):
        session.reject(found[("wages", "remove_boilerplate", "masthead", 1)])
    assert desk.read_bytes() == before
    for _ in range(4):
        session.undo()
    assert {path: path.read_bytes() for path in files} == original
    assert not (desk.parent / "errata" / "letter.yaml").exists() and not (desk.parent / "desk.review.yaml").exists()
    with pytest.raises(BadInput, match="d-005"):
        session.undo()


def test_an_edit_that_would_break_the_edition_is_not_written(desk):
    found = _entries(desk)
    session = Desk(desk)
    entry = found[("wages", "correct_ocr_words", "OCR misreading", 29)]
    passage = session.passage(entry)
    assert passage == "force: it is tbe creation of laws"
    errata = desk.parent / "errata" / "wages.yaml"
    before = errata.read_bytes()
    with pytest.raises(BadInput, match="d-006.*c-001"):
        session.edit(entry, "words that are not in the text", "other words")
    assert errata.read_bytes() == before and not (desk.parent / "desk.review.yaml").exists()
    session.edit(entry, passage, passage.replace("tbe creation", "the making"))
    assert "it is the making of laws" in _text(desk, "wages")


def test_the_desk_writes_only_in_the_manifests_folder(desk):
    """A pamphlet in a subfolder that takes its errata from the folder above (``root: ..``): the desk refuses
    to write there."""
    pamphlet = desk.parent / "pamphlets" / "wages.yaml"
    pamphlet.parent.mkdir()
    pamphlet.write_text("root: ..\nedition: {title: Wages, date: 2024}\ntexts:\n  - file: ../texts/wages.txt\n"
                        "    title: The Wage Question\n    id: wages\n    errata: ../errata/wages.yaml\n")
    found = {(e.change.pass_name, e.change.line): e.as_dict()
             for e in entries(*(lambda p: (p.edition, p.changes))(prepare(pamphlet, root=desk.parent)))}
    errata = desk.parent / "errata" / "wages.yaml"
    before = errata.read_bytes()
    with pytest.raises(BadInput, match="d-001.*outside the manifest's folder"):
        Desk(pamphlet, desk.parent).reject(found[("apply_errata", 17)])
    assert errata.read_bytes() == before and not (pamphlet.parent / "wages.review.yaml").exists()


def test_the_review_file_takes_reviewed_changes_out_of_the_reports_queue(desk):
    from edition.manifest import review
    from edition.render.html import Renderer
    from edition.render.styles import STYLES

    found = _entries(desk)
    Desk(desk).accept(found[("wages", "remove_boilerplate", "masthead", 1)])
    prepared = prepare(desk)
    renderer = Renderer(STYLES)
    before, _ = renderer.report_html(prepared.edition, prepared.changes)
    after, _ = renderer.report_html(prepared.edition, prepared.changes, (),
                                    review.reviewed(review.path_for(desk)))
    count = lambda html: int(html.split('<h2 id="queue">To check first (')[1].split(")")[0])  # noqa: E731
    assert count(after) == count(before) - 1 and "(1 reviewed already)" in after
    review.path_for(desk).write_text("reviewed: [{key: 1, decision: maybe}]\n")
    with pytest.raises(BadInput, match=r"desk.review.yaml: m-014 not a review file"):
        check(desk)


def test_an_edit_quotes_a_suspect_and_a_change_made_before_the_errata_as_the_errata_see_them(desk):
    found = _entries(desk)
    session = Desk(desk)
    joined = found[("letter", "join_hyphenated_words", "line-end hyphen", 4)]
    assert session.passage(joined) == "out, and the spinners followed them within"
    suspect = found[("letter", "rejoin_split_paragraphs", "paragraph ends mid-sentence: truncated, or a lost full "
                                                          "stop?", 13)]
    assert session.passage(suspect).endswith("what it can, and to send it to")
