"""Composition and house style, measured on the built PDFs of the default reader and its five pamphlets
(issue 17): hyphenation, short and stray lines, short last pages, facing pages, dashes and quotation marks,
lead-ins. Every failure prints what it counted, by file and folio."""

from __future__ import annotations

import re

import pytest

from edition.build.pipeline import build
from edition.model.typography import quote_levels
from tests.helpers import ROOT, epub_files, page_lines

pytestmark = pytest.mark.slow      # builds the reader and the pamphlets

HYPHENS = ("-", "\u2010", "\x02")       # pdfium reads a word's own hyphen ending a line as \x02
TEXT_SIZE = 9.5          # points: lines of running text (10.5 pt, block quotations 9.8); footnotes are smaller


@pytest.fixture(scope="module")
def books(reader, tmp_path_factory):
    """The reader's PDF and EPUB and each pamphlet's, by name."""
    _, out = reader
    found = {"reader": (out / "reader.pdf", out / "reader.epub")}
    for manifest in sorted((ROOT / "source" / "pamphlets").glob("*.yaml")):
        folder = tmp_path_factory.mktemp(manifest.stem)
        build(manifest, folder, root=ROOT / "source")
        found[manifest.stem] = (folder / f"{manifest.stem}.pdf", folder / f"{manifest.stem}.epub")
    return found


@pytest.fixture(scope="module")
def body_pages(books):
    """(book, page) for every page of running text: arabic folios, not the index."""
    found = []
    for name, (pdf, _) in books.items():
        in_index = False
        for page in page_lines(pdf):
            in_index = in_index or any(line.text == "Index" for line in page.body()[:2])
            if page.label.isdigit() and not in_index:
                found.append((name, page))
    return found


def running(page) -> list:
    """The page's lines of running text (not its footnotes, running head or folio): down to the last line of
    text size (a line's size is that of its tallest piece of text: a line may begin with a smaller one, 'cratic'
    is 4.4 pt high)."""
    lines = page.body()
    last = max((i for i, line in enumerate(lines) if line.size >= TEXT_SIZE), default=-1)
    return lines[:last + 1]


def test_hyphenation_leaves_whole_words_of_three_letters_and_no_name_broken(body_pages):
    """No break leaves fewer than three letters before or after it; no capitalised word (a proper name) is
    broken; fewer than one line in seven ends in a hyphen (it was one in five)."""
    lines = [(name, page.label, line.text, page.body()[i + 1].text if i + 1 < len(page.body()) else "")
             for name, page in body_pages for i, line in enumerate(page.body())]
    broken = [(name, folio, text, after) for name, folio, text, after in lines if text.endswith(HYPHENS)]
    short = [(name, folio, text[-12:]) for name, folio, text, after in broken
             if re.search(r"(^|[\s(‘“—/])[^\W\d_]{1,2}\u2010$", text)
             or re.match(r"^[^\W\d_]{1,2}([\s.,;:!?’”)]|$)", after)]
    names = [(name, folio, text[-16:]) for name, folio, text, _ in broken
             if re.search(r"(^|[\s(‘“—/-])[A-Z][^\W\d_]*\u2010$", text)]
    assert not short, f"{len(short)} breaks leave fewer than three letters: {short[:8]}"
    assert not names, f"{len(names)} capitalised words broken: {names[:8]}"
    assert len(broken) < len(lines) / 7, f"{len(broken)} of {len(lines)} lines end in a hyphen"


def test_at_most_two_hyphenated_lines_in_a_row(body_pages):
    runs = []
    for name, page in body_pages:
        run = 0
        for line in running(page) + [None]:
            if line is not None and line.text.endswith(HYPHENS):
                run += 1
                continue
            if run > 2:
                runs.append((name, page.label, run))
            run = 0
    assert not runs, f"{len(runs)} runs of three or more hyphenated lines (book, folio, lines): {runs}"


def test_no_word_hyphenated_across_a_right_hand_page(body_pages):
    turns = [(name, page.label, running(page)[-1].text[-20:]) for name, page in body_pages
             if page.recto and running(page) and running(page)[-1].text.endswith(HYPHENS)]
    assert not turns, f"{len(turns)} right-hand pages end in a hyphen: {turns}"


def test_a_paragraphs_last_line_is_four_characters_or_more_and_no_line_stops_early(body_pages):
    """A paragraph never ends on a fragment ('er.', 'it…'); no line in mid-paragraph holds a lone word
    ('the', then 'border-line between…' on the next line at the same margin)."""
    short, stray = [], []
    for name, page in body_pages:
        lines = running(page)
        for before, line, after in zip([None] + lines, lines, lines[1:] + [None]):
            if len(line.text) < 4 and not line.text.isdigit() and before is not None \
                    and abs(before.bottom - line.bottom) < 20:
                short.append((name, page.label, line.text))
            if after is not None and after.text[:1].islower() and abs(after.left - line.left) < 1 \
                    and line.right - line.left < 0.5 * (after.right - after.left) \
                    and not re.search(r"[.:;!?’”)]$", line.text):
                stray.append((name, page.label, line.text, after.text[:20]))
    assert not short, f"{len(short)} paragraphs end on a line of fewer than four characters: {short}"
    assert not stray, f"{len(stray)} lines stop early in mid-paragraph: {stray}"


def test_no_page_of_running_text_holds_only_a_line_or_two(body_pages):
    """A text's short last lines (the end of a paragraph, its source line) go with the text: no page ends a
    text with three lines or fewer on it."""
    few = [(name, page.label, [line.text[:30] for line in page.body()]) for name, page in body_pages
           if 0 < len(page.body()) <= 3 and not re.fullmatch(r"(Part \w+ )?[\w ,:?!’]+", " ".join(
               line.text for line in page.body()))]
    assert not few, f"{len(few)} pages hold three lines or fewer: {few}"


def test_no_page_is_left_half_empty_in_mid_text(books):
    """A page the text goes on from is filled (it was not: folios 134–135 held a block quotation with a note
    call amid 10 cm of white): none holds fewer than two thirds of a full page's lines."""
    thin = []
    for name, (pdf, _) in books.items():
        pages = page_lines(pdf)
        counts = [len(page.body()) for page in pages if page.label.isdigit() and running(page)]
        full = max(set(counts), key=counts.count)              # the commonest: a full page of text
        for page, following in zip(pages, pages[1:]):
            if page.label.isdigit() and headed(page) and headed(following) and running(page) \
                    and len(page.body()) < 2 * full / 3:
                thin.append((name, page.label, len(page.body()), full))
    assert not thin, f"{len(thin)} pages the text goes on from are not filled (book, folio, lines, full): {thin}"


def headed(page) -> bool:
    """A page with a running head: not a text's or a part's opening page."""
    return any(line.bottom > 0.92 * page.height for line in page.lines)


def test_facing_pages_end_on_the_same_line(body_pages):
    """A page is filled to its last line unless a text ends on it, and facing pages end on the same line. A text
    ends on a page that a blank page or an opening page (no running head: a text's, a part's) follows, or
    none (the index's pages are not counted)."""
    uneven = []
    by_book: dict = {}
    for name, page in body_pages:
        by_book.setdefault(name, {})[int(page.label)] = page

    def ends(pages, folio):
        following = pages.get(folio + 1)
        return following is None or not headed(following)

    for name, pages in by_book.items():
        for folio, left in pages.items():
            right = pages.get(folio + 1)
            if folio % 2 == 0 and right is not None and running(left) and running(right):
                gap = abs(left.body()[-1].bottom - right.body()[-1].bottom)     # footnotes included
                if gap > 3 and not ends(pages, folio) and not ends(pages, folio + 1):
                    uneven.append((name, f"{folio}–{folio + 1}", round(gap)))
    assert not uneven, f"{len(uneven)} spreads end on different lines (book, folios, points): {uneven}"


def test_one_house_style_for_dashes_and_quotation_marks(books, body_pages):
    """One convention for the whole book (the manifests' `style: {dashes: em-closed, quotes: double}`): no
    spaced dash between words on any page; in every paragraph the outermost quotation marks are double."""
    spaced = [(name, page.label, m.group()) for name, page in body_pages for line in page.body()
              for m in re.finditer(r"\w[\s\u00a0][–—]\s\w", line.text)]
    assert not spaced, f"{len(spaced)} spaced dashes: {spaced[:8]}"
    single = []
    for name, (_, epub) in books.items():
        for file_name, body in epub_files(epub).items():
            for paragraph in re.findall(r"<p[^>]*>(.*?)</p>", body, re.S):
                words = re.sub(r"<[^>]+>", "", paragraph)
                for position, opening, depth in quote_levels(words) or []:
                    if depth == 0 and words[position] in "‘’":
                        single.append((name, file_name, words[max(0, position - 20):position + 20]))
    assert not single, f"{len(single)} outermost quotation marks are single: {single[:8]}"


def test_lead_ins_open_texts_and_sections_only(books):
    """A lead-in opens a text or a section (a paragraph the source opened in capitals, set after a space),
    never two in a row, never a numeral alone, never more than four words; a standfirst saying what the
    subtitle says is not printed under it again."""
    wrong = []
    for name, (_, epub) in books.items():
        for file_name, body in epub_files(epub).items():
            paragraphs = re.findall(r"<(p|h\d)([^>]*)>(.*?)</\1>", body, re.S)
            for (_, _, before), (tag, attributes, inner) in zip([("", "", "")] + paragraphs, paragraphs):
                lead = re.match(r'<span class="lead-in">(.*?)</span>', inner)
                if not lead:
                    continue
                words = lead[1].split()
                if "opens-section" not in attributes:
                    wrong.append((name, file_name, "no section", lead[1]))
                if re.match(r'<span class="lead-in">', before):
                    wrong.append((name, file_name, "two in a row", lead[1]))
                if len(words) > 4 or all(re.search(r"\d", w) or w.lower() in ("and", "of", "the") for w in words):
                    wrong.append((name, file_name, "words", lead[1]))
    assert not wrong, f"{len(wrong)} lead-ins out of place: {wrong[:8]}"
    debate = epub_files(books["reader"][1])["EPUB/shachtman-kerensky-debate.xhtml"]
    assert re.search(r'<p [^>]*class="standfirst">Max Shachtman debates the Russian Revolution', debate)
    assert 'class="subtitle"' not in debate
