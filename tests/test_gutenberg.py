"""Project Gutenberg's plain texts through `edition clean`: its header and licence, its markup, its structure.

The fixtures (tests/fixtures/gutenberg/) are small files in the exact shape of Project Gutenberg's: a
current one (START/END "OF THE PROJECT GUTENBERG EBOOK"), an older one ("OF THIS PROJECT GUTENBERG
EBOOK", notes numbered anew in each chapter and collected under "FOOTNOTES:") and an old one ending its
header with "*END*THE SMALL PRINT!".
"""

from __future__ import annotations

import json
import re

from edition.cli import main
from edition.clean.chapters import split_chapters
from edition.clean.passes import Context, lexicon_for, run_text
from edition.model.nodes import Emph, Heading, Paragraph
from edition.model.walk import plain
from edition.model.markup import parse_inlines
from edition.read.texts import read_file
from tests.helpers import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "gutenberg"


def clean(capsys, *args) -> str:
    assert main(["clean", *map(str, args)]) == 0
    return capsys.readouterr().out


def cleaned(name: str):
    """The fixture's text after every pass, and the changes."""
    text, changes = read_file(FIXTURES / name)
    changes += run_text(text, Context(lexicon_for([text])))
    return text, changes


def test_only_the_book_between_start_and_end_is_kept(capsys):
    out = clean(capsys, FIXTURES / "modern.txt")
    assert out.startswith("THE CONQUEST OF BREAD\n\nby\n\nPeter Kropotkin\n")
    assert out.rstrip().endswith("*Dictionary of Statistics*.")
    for gone in ("Project Gutenberg", "gutenberg.org", "Release Date", "START OF", "END OF", "LICENSE",
                 "Produced by", "Updated editions"):
        assert gone not in out
    changes = json.loads(clean(capsys, FIXTURES / "modern.txt", "--json"))
    removed = [c for c in changes if c["pass"] == "remove_gutenberg_boilerplate"]
    assert [c["rule"] for c in removed] == ["Project Gutenberg header", "Project Gutenberg licence"]
    assert removed[0]["line"] == 1 and "*** START OF THE PROJECT GUTENBERG EBOOK" in removed[0]["before"]
    assert removed[1]["before"].startswith("*** END OF THE PROJECT GUTENBERG EBOOK")
    assert "Section 1. General Terms of Use" in removed[1]["before"]


def test_older_spellings_of_start_and_end(capsys):
    out = clean(capsys, FIXTURES / "older.txt")
    assert out.startswith("FIELDS, FACTORIES AND WORKSHOPS\n\nOR\n")
    for gone in ("Etext", "START OF THIS", "End of the Project Gutenberg EBook", "END OF THIS", "3264.txt",
                 "Produced by", "Online Distributed Proofreading", "FOOTNOTES"):
        assert gone not in out
    old = clean(capsys, FIXTURES / "smallprint.txt")
    assert old.startswith("AN APPEAL TO THE YOUNG\n\nIt is to the young")
    assert "SMALL PRINT" not in old and "End of Project Gutenberg" not in old
    assert old.rstrip().endswith("your apprenticeship or your studies.")


def test_a_text_without_gutenberg_lines_keeps_them_all(tmp_path, capsys):
    plain_text = tmp_path / "plain.txt"
    plain_text.write_text("A Title\n\nThe text speaks of the Project Gutenberg archive, and ends here.\n",
                          encoding="utf-8")
    assert "Project Gutenberg archive" in clean(capsys, plain_text)


def test_underscores_are_italic():
    assert parse_inlines("_La Révolte_ and *Freedom*") == parse_inlines("*La Révolte* and *Freedom*")
    inlines = parse_inlines("printed in _La\nRévolte_ in 1886; snake_case_name and __init__ stay")
    assert isinstance(inlines[1], Emph) and plain(inlines[1].children) == "La\nRévolte"
    assert plain(inlines[2:]) == " in 1886; snake_case_name and __init__ stay"
    text, _ = cleaned("modern.txt")
    paragraph = next(b for b in text.blocks if plain(b.inlines).startswith("During the agitated"))
    assert [plain(node.children) for node in paragraph.inlines if isinstance(node, Emph)] == ["steam"]


def test_illustrations_become_captions(capsys):
    text, changes = cleaned("modern.txt")
    captions = [b for b in text.blocks if isinstance(b, Paragraph) and b.role == "caption"]
    assert [plain(b.inlines) for b in captions] == ["The harvest of the fields"]
    assert not any("Illustration" in plain(getattr(b, "inlines", [])) for b in text.blocks)
    assert {c.rule for c in changes if c.pass_name == "mark_illustrations"} == \
        {"illustration's caption", "illustration without a caption removed"}
    out = clean(capsys, FIXTURES / "modern.txt")
    assert "\n\n[Illustration: The harvest of the fields]\n\n" in out and "[Illustration]" not in out


def test_a_caption_between_the_halves_of_a_paragraph_is_kept_after_it(tmp_path, capsys):
    source = (FIXTURES / "modern.txt").read_text(encoding="utf-8").replace(
        "are wrought by the labour of\nmany generations,",
        "are wrought by the labour of\n\n[Illustration: A coal mine]\n\nmany generations,")
    (tmp_path / "split.txt").write_text(source, encoding="utf-8")
    out = clean(capsys, tmp_path / "split.txt")
    assert "wrought by the labour of many generations" in out
    assert "no goods to be carried.\n\n[Illustration: A coal mine]\n\n" in out


def test_footnotes_are_linked_to_their_calls():
    text, _ = cleaned("modern.txt")
    assert [plain(n.blocks[0].inlines) for n in text.notes] == [
        "This is the first chapter of the book, printed in La Révolte in 1886.",
        "See the figures given by Mr.\u00a0Mulhall in his Dictionary of Statistics."]
    assert isinstance(text.notes[0].blocks[0].inlines[1], Emph)
    refs = [node for b in text.blocks if isinstance(b, Paragraph) for node in b.inlines if node.kind == "note_ref"]
    assert [(r.label, r.note_id) for r in refs] == [("1", "text-note-1"), ("2", "text-note-2")]
    assert not any("Footnote" in plain(getattr(b, "inlines", [])) for b in text.blocks)
    assert text.problems == []


def test_footnotes_numbered_anew_in_each_chapter_and_lettered(capsys):
    text, _ = cleaned("older.txt")
    bodies = [" / ".join(plain(p.inlines) for p in n.blocks) for n in text.notes]
    assert bodies == ["Adam Smith, Wealth of Nations, book i.",
                      "The whole of the figures is given in the appendix. / They were collected in 1898 and "
                      "revised in 1911.",
                      "See the Report of the Agricultural Commission.",
                      "The editor’s note on the small farm."]
    assert [n.label for n in text.notes] == ["1", "2", "3", "4"]
    assert text.problems == []
    out = clean(capsys, FIXTURES / "older.txt")
    assert "economists of old.[3] And a small farm may feed a family of eight.[4]" in out


def test_chapter_book_and_roman_numeral_headings():
    text, _ = cleaned("modern.txt")
    headings = [plain(b.inlines) for b in text.blocks if isinstance(b, Heading)]
    assert headings == ["CHAPTER I: OUR RICHES", "I.", "II.", "CHAPTER II.", "BOOK ONE", "IV"]
    # the contents list the chapters; its lines are no headings, but lines of their own
    contents = [plain(b.inlines) for b in text.blocks[:text.blocks.index(next(b for b in text.blocks
                                                                              if isinstance(b, Heading)))]]
    assert contents[-3:] == ["CONTENTS", "CHAPTER I: OUR RICHES", "CHAPTER II: WELL-BEING FOR ALL"]
    text, _ = cleaned("older.txt")
    assert [plain(b.inlines) for b in text.blocks if isinstance(b, Heading)] == ["CHAPTER I.", "CHAPTER II."]


def test_title_page_lines_stay_apart():
    text, _ = cleaned("modern.txt")
    opening = [plain(b.inlines) for b in text.blocks[:5]]
    assert opening == ["THE CONQUEST OF BREAD", "by", "Peter Kropotkin", "(Pëtr Alekseevich Kropotkin)",
                       "With a Preface by the Author"]
    # the small-caps lead-in opens the text, not its title page
    lead_ins = [plain(b.inlines[0].children) for b in text.blocks if isinstance(b, Paragraph) and b.inlines
                and b.inlines[0].kind == "lead_in"]
    assert lead_ins == ["The human"]
    text, _ = cleaned("older.txt")
    assert [plain(b.inlines) for b in text.blocks[:7]] == [
        "FIELDS, FACTORIES AND WORKSHOPS", "OR", "INDUSTRY COMBINED WITH AGRICULTURE",
        "AND BRAIN WORK WITH MANUAL WORK", "BY", "PETER KROPOTKIN", "CHAPTER I."]


def test_cleaning_a_gutenberg_file_twice_changes_nothing(tmp_path, capsys):
    once = clean(capsys, FIXTURES / "modern.txt")
    (tmp_path / "once.txt").write_text(once, encoding="utf-8")
    assert clean(capsys, tmp_path / "once.txt") == once


def test_no_line_of_a_gutenberg_file_is_taken_for_page_furniture(tmp_path, capsys):
    """Lines that come back ('CHAPTER 1', 'CHAPTER 2', …, a caption) are a book's, not running heads."""
    chapters = "".join(f"CHAPTER {n}\n\n[Illustration: Plate {n}]\n\nThe text of chapter {n} begins and ends here.\n\n"
                       f"{n}\n\n" for n in range(1, 5))
    path = tmp_path / "chapters.txt"
    path.write_text("*** START OF THE PROJECT GUTENBERG EBOOK CHAPTERS ***\n\n" + chapters +
                    "*** END OF THE PROJECT GUTENBERG EBOOK CHAPTERS ***\n", encoding="utf-8")
    out = clean(capsys, path)
    assert all(f"CHAPTER {n}\n\n[Illustration: Plate {n}]\n\nThe text of chapter {n}" in out for n in range(1, 5))


def test_a_caption_over_several_paragraphs_is_one(tmp_path, capsys):
    path = tmp_path / "plates.txt"
    path.write_text("*** START OF THE PROJECT GUTENBERG EBOOK PLATES ***\n\nPLATES\n\n"
                    "[Illustration: GEORGE ALLEN\nPUBLISHER\n\n156 CHARING CROSS ROAD\nLONDON]\n\n"
                    "The text begins here, and it is a sentence.\n\n[Illustration: never closed\n\n"
                    "Another paragraph follows it.\n\n[Illustration]\n\n"
                    "*** END OF THE PROJECT GUTENBERG EBOOK PLATES ***\n", encoding="utf-8")
    assert clean(capsys, path) == (
        "PLATES\n\n[Illustration: GEORGE ALLEN PUBLISHER 156 CHARING CROSS ROAD LONDON]\n\n"
        "The text begins here, and it is a sentence.\n\n[Illustration: never closed\n\n"
        "Another paragraph follows it.\n")


def test_clean_lists_the_chapters_split_chapters_would_make(capsys):
    """Titles from the headings: 'CHAPTER I: OUR RICHES' as it stands, 'CHAPTER I.' with its name on the next
    line, capitals in title case; a book's heading opens a text too; the matter before the first chapter."""
    def listed(name):
        assert main(["clean", str(FIXTURES / name), "--chapters"]) == 0
        return [re.split(r"\s{2,}", line.strip())[1:3] for line in capsys.readouterr().out.splitlines()]

    assert listed("modern.txt") == [["text", "modern"], ["text-ch1", "Chapter I: Our Riches"],
                                    ["text-ch2", "Chapter II: Well-Being for All"], ["text-ch3", "Book One"]]
    assert listed("older.txt") == [["text", "older"], ["text-ch1", "Chapter I: The Decentralisation of Industries"],
                                   ["text-ch2", "Chapter II: The Possibilities of Agriculture"]]
    text, changes = cleaned("older.txt")
    text.settings.split = "chapters"
    cut = split_chapters(text, changes)
    (first, first_changes), (second, second_changes) = cut[1:]
    assert [(c.line, c.after) for c in second_changes if c.rule == "chapter cut"] == \
        [(second.first_line, "Chapter II: The Possibilities of Agriculture")]
    assert all(second.first_line <= c.line for c in second_changes)
    others = [c for _, records in cut for c in records if c.pass_name != "mark_lead_in"]
    assert len(others) == len([c for c in changes if c.pass_name != "mark_lead_in"]) + 3   # the opening, two cuts
    assert [c.rule for c in second_changes if c.pass_name == "mark_lead_in"] == ["typographic lead-in"]
    # each chapter has the notes it calls, numbered from 1, and the change records of its lines
    assert [(n.id, n.label) for n in first.notes] == [("text-ch1-note-1", "1"), ("text-ch1-note-2", "2")]
    assert [(n.id, n.label) for n in second.notes] == [("text-ch2-note-1", "1"), ("text-ch2-note-2", "2")]
    assert first.short_title == "The Decentralisation of Industries" and first.whole == "older"
    assert main(["clean", str(FIXTURES / "smallprint.txt"), "--chapters"]) == 1
    assert "c-002" in capsys.readouterr().err
