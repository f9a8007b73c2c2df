"""link_notes, one convention at a time, and every mismatch report."""

from edition.clean.passes.notes import link_notes
from edition.model.markup import write
from tests.helpers import blocks_of


def run(*paragraphs, **settings):
    text, context = blocks_of(*paragraphs, **settings)
    changes = link_notes(text, context)
    return text, changes, [p.code for p in text.problems]


def test_bracket_calls_and_numbered_notes_at_the_end():
    text, _, problems = run("A claim.[1] Another claim. [2] Done.", "Notes", "[1] First note.", "[2] Second note.")
    assert problems == []
    assert write(text) == "A claim.[1] Another claim.[2] Done.\n\n[1] First note.\n\n[2] Second note.\n"


def test_numbered_notes_without_heading_and_superscripts():
    text, _, problems = run("A claim.¹ Another.²", "1. First note.", "2. Second note.")
    assert problems == [] and [n.label for n in text.notes] == ["1", "2"]
    assert write(text).startswith("A claim.[1] Another.[2]")


def test_unnumbered_notes_at_the_end_in_order():
    text, changes, problems = run("One.[1] Two.[2]", "The last paragraph of the text.", "Source one, p. 1.",
                                  "Source two, p. 2.")
    assert problems == []
    assert [write_note(n) for n in text.notes] == ["Source one, p. 1.", "Source two, p. 2."]
    assert any("unnumbered" in c.rule for c in changes)


def test_bare_number_call_and_translators_note_in_the_middle():
    text, _, problems = run("The others). 1 Individual terror is a weapon.",
                            "1. Translator’s Note: The reference is to 1935.", "The text goes on.")
    assert problems == []
    assert text.notes[0].owner == "translator" and write_note(text.notes[0]) == "The reference is to 1935."
    assert write(text).startswith("The others).[1] Individual terror")


def test_bracketed_note_between_paragraphs_is_called_from_the_paragraph_before():
    text, _, problems = run("Zinoviev and Kamenev are in prison.", "[TRANSLATOR'S NOTE: They were shot in 1936.]",
                            "The text goes on.")
    assert problems == [] and text.notes[0].owner == "translator"
    assert write(text).startswith("Zinoviev and Kamenev are in prison.[1]\n\nThe text goes on.")


def test_editor_note_at_a_phrase():
    from edition.manifest.load import EditorNote

    text, _, problems = run("Caesarism arose upon the basis of a slave society.",
                            editor_notes=[EditorNote("slave society", "See also p. 12.", "m.yaml", 3)])
    assert problems == [] and text.notes[0].owner == "editor"
    assert write(text).startswith("Caesarism arose upon the basis of a slave society[1].")


def test_mismatches_are_reported():
    _, _, problems = run("A call.[1] Another.[3]", "Notes", "[1] One.", "[2] Two.")
    assert "n-001" in problems          # [3] has no note
    assert "n-002" in problems          # note [2] has no call
    assert "n-005" in problems          # 3 after 1
    _, _, problems = run("Twice.[1] And again.[1]", "Notes", "[1] One.")
    assert "n-004" in problems
    _, _, problems = run("A call.[1]", "Notes", "[1] One.", "[1] Again.")
    assert "n-003" in problems
    _, _, problems = run("A call.[1] Another.[2]", "Notes", "[1] One.", allow_unpaired=["2"])
    assert problems == []


def test_a_numbered_list_at_the_end_is_not_notes():
    text, _, problems = run("Three demands:", "1. Bread.", "2. Peace.", "3. Land.")
    assert text.notes == [] and problems == [] and len(text.blocks) == 4


def write_note(note):
    from edition.model.markup import block_paragraphs

    return " ".join(p for b in note.blocks for p in block_paragraphs(b))


def test_ids_follow_the_final_numbers_and_never_collide():
    from edition.manifest.load import EditorNote

    text, _, problems = run("First phrase here. A call.[2]", "Notes", "[1] Uncalled.", "[2] Called.",
                            allow_unpaired=["1"],
                            editor_notes=[EditorNote("First phrase", "An editor's note.", "m.yaml", 3)])
    assert problems == []
    assert [(n.id, n.label, n.owner) for n in text.notes] == [("t-note-1", "1", "editor"), ("t-note-2", "2", "author")]
    assert write(text).startswith("First phrase[1] here. A call.[2]")
