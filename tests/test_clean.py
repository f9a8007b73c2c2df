"""The clean-up engine, end to end through `edition clean`, and the editor's decisions in a build."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from edition.cli import main
from edition.clean.passes import PASS_NAMES
from tests.helpers import ROOT, SMALL

FIXTURES = ROOT / "tests" / "fixtures" / "clean"
SEEDS = sorted((ROOT / "source" / "texts").glob("*.txt"))
CORPUS = ROOT.parent / "shared" / "corpus" / "clean"


def clean(capsys, *args) -> str:
    assert main(["clean", *map(str, args)]) == 0
    return capsys.readouterr().out


def test_damaged_extraction_is_repaired(capsys):
    """Masthead, poster's dateline, running heads, page numbers, line-end hyphens (a real one kept),
    a paragraph cut by a page break with a caption between, lead-in capitals, OCR slips, a comment form."""
    out = clean(capsys, FIXTURES / "damaged.txt")
    assert out == (FIXTURES / "expected.txt").read_text(encoding="utf-8")
    assert "co-operative" in out and "understood" in out and "monopoly" in out and "it is the creation" in out
    assert "workers are left to the mercy" in out
    assert out.startswith("THE WAGE QUESTION\n\nSeldom has") and out.count("WAGE QUESTION") == 1
    for gone in ("workers' voice", "Posted on", "Photo:", "Leave a comment", "Facebook", "\n2\n"):
        assert gone not in out


def test_changes_as_json_and_diff(capsys):
    changes = json.loads(clean(capsys, FIXTURES / "damaged.txt", "--json"))
    rules = {(c["pass"], c["rule"]) for c in changes}
    assert ("remove_page_furniture", "page number") in rules
    assert ("remove_boilerplate", "masthead") in rules
    assert ("rejoin_split_paragraphs", "caption without picture removed") in rules
    assert ("join_hyphenated_words", "hyphen kept") in rules
    fix = next(c for c in changes if c.get("words") == ["rnonopoly", "monopoly"])
    assert fix["line"] == 7 and "rests on the rnonopoly of the" in fix["before"] and 0 < fix["confidence"] <= 1
    assert fix["applied"] and fix["after"] == fix["before"].replace("rnonopoly", "monopoly")
    diff = clean(capsys, FIXTURES / "damaged.txt", "--diff")
    assert "11: …the wage system rests on the [-rnonopoly-]{+monopoly+} of the means" in diff
    rules_text = clean(capsys, "--rules")
    assert len(rules_text.strip().splitlines()) == len(PASS_NAMES) and rules_text.startswith("fix_encoding")


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem[:30] for s in SEEDS])
def test_cleaning_is_idempotent(seed, capsys, tmp_path):
    once = clean(capsys, seed)
    (tmp_path / "once.txt").write_text(once, encoding="utf-8")
    twice = clean(capsys, tmp_path / "once.txt")
    assert twice == once


def _plain(text: str) -> str:
    text = text.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-",
                                         "\u00a0": " "}))
    return re.sub(r"\s+", " ", text.replace("…", "...").replace(" - ", " -- ")).strip()


def test_born_digital_text_changes_only_in_typography(capsys, tmp_path):
    text = (FIXTURES / "born-digital.txt").read_text(encoding="utf-8")
    out = clean(capsys, FIXTURES / "born-digital.txt")
    assert _plain(out) == _plain(text)
    assert "“" in out and "–" in out and "’30s" in out and "1931–39" in out


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the project")
def test_proofread_corpus_changes_little(capsys):
    """The proofread essays come through with only a handful of word changes each (they still hold a few
    OCR slips, which the engine rightly mends), and no paragraph lost or merged."""
    for essay in sorted(CORPUS.glob("*.txt")):
        changes = json.loads(clean(capsys, essay, "--json"))
        words = [c for c in changes if c["pass"] == "correct_ocr_words" and c["applied"]]
        structure = [c for c in changes if c["applied"] and c["pass"] in
                     ("remove_page_furniture", "remove_boilerplate", "remove_pull_quotes")]
        assert len(words) <= 8, (essay.name, words)      # the_coming_war: 8 slips, "not to bo compared" and
        #                                                  "fall tinder The influence" among them
        assert structure == [], (essay.name, structure)


def test_errata_keep_and_stale_errata(tmp_path, capsys):
    folder = tmp_path / "ed"
    shutil.copytree(SMALL.parent, folder)
    manifest = folder / "small.yaml"
    text = SMALL.read_text(encoding="utf-8")
    good = text.replace('    omit: ["First <Text> & More"]\n', '    omit: ["First <Text> & More"]\n'
                        '    errata: ["a range 1923-28 → a range of years, 1923-28"]\n'
                        '    keep: [curl]\n')
    manifest.write_text(good, encoding="utf-8")
    from edition.build.pipeline import prepare
    from edition.model.walk import plain

    prepared = prepare(manifest)
    paragraphs = [plain(b.inlines) for b in prepared.edition.texts[0].blocks if hasattr(b, "inlines")]
    assert any("a range of years, 1923–28." in p for p in paragraphs)
    assert any(c.pass_name == "apply_errata" for c in prepared.changes[prepared.edition.texts[0].id])

    stale = good.replace("a range 1923-28 →", "a range 1924-28 →")
    manifest.write_text(stale, encoding="utf-8")
    assert main(["check", str(manifest)]) == 2
    err = capsys.readouterr().err
    assert "small.yaml:20:" in err and "c-001 erratum 'a range 1924-28 → a range of years, 1923-28' matches 0 " \
                                      "times in texts/first.txt, not 1" in err

    errata_file = folder / "texts" / "first.errata.yaml"
    errata_file.write_text("- before: words are\n  after: words stand\n  count: 2\n  note: twice\n", encoding="utf-8")
    manifest.write_text(good.replace('errata: ["a range 1923-28 → a range of years, 1923-28"]',
                                     "errata: texts/first.errata.yaml"), encoding="utf-8")
    assert main(["check", str(manifest)]) == 2
    assert "first.errata.yaml:1: c-001 erratum 'words are → words stand' matches 1 times" in capsys.readouterr().err


def test_unknown_pass_to_skip(tmp_path, capsys):
    folder = tmp_path / "ed"
    shutil.copytree(SMALL.parent, folder)
    manifest = folder / "small.yaml"
    manifest.write_text(SMALL.read_text(encoding="utf-8").replace(
        '    omit: ["First <Text> & More"]\n', '    omit: ["First <Text> & More"]\n    skip: [correct_ocr_word]\n'),
        encoding="utf-8")
    assert main(["check", str(manifest)]) == 2
    assert "no pass named 'correct_ocr_word' — did you mean 'correct_ocr_words'?" in capsys.readouterr().err


def test_a_column_that_lost_its_full_stops_keeps_its_order(tmp_path, capsys):
    """A newspaper column whose OCR lost full stops: a paragraph's short last line ("…, 1935") is no caption to
    drop, and a short paragraph no intruder to set after a later one that goes on in lower case."""
    column = ("COURT REPORT\n"
              "A tram driver, of Undercliffe, sought to recover\n"
              "wages from the Commissioner, the amount being due\n"
              "while he was disabled after a collision in Prince's\n"
              "Highway, Tempe, on January 19, 1935\n"
              "Plaintiff's claim was brought under section\n"
              "124 of the Transport Act, which provides for it\n"
              "when an officer is injured in the course of his work\n"
              "Mr. Bond. The attendance of buyers was good,\n"
              "and the bidding for some lots was spirited\n"
              "prices for the allotments of land and the farms\n"
              "were better than expected by most who attended\n"
              "The sale of the mills followed on the next day\n"
              "at the same place, the auctioneer reporting a\n"
              "total which the owners found more than fair\n")
    (tmp_path / "column.txt").write_text(column, encoding="utf-8")
    out = clean(capsys, tmp_path / "column.txt", "--skip", "correct_ocr_words")
    words = lambda text: re.findall(r"[a-z0-9]+", text.lower())
    assert words(out) == words(column)
