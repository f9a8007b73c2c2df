"""The print edition's pages in the EPUB: where each PDF page begins, marked in the e-book.

After the PDF's layout, each page's first line of running text is read
from WeasyPrint's boxes: the paragraph (or list item) it belongs to and how
many words of that paragraph came on earlier pages; or, where a page opens
a text or a part, that section.  A page break marker is then set at that
word in the document model (or at the section's start), so that the EPUB
carries `epub:type="pagebreak"` markers and a page list at exactly the
places the printed pages begin.  A blank page takes the place of the page
after it.  Pages before the first text (title, colophon, contents) are not
marked: the EPUB has no such pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from edition.index.marks import units
from edition.model.nodes import Edition, PageBreak, Str
from edition.model.walk import all_blocks, places
from edition.pdf import weasy as pdf

WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class PageStart:
    folio: str
    element: str       # a paragraph's or list item's id, or a text's or part's
    words: int         # words of that element on earlier pages (0: the page begins with it)


def name_units(edition: Edition) -> set[str]:
    """Give every paragraph, list item and heading of the running text an id (the index gives some already)."""
    names = set()
    for text in edition.texts:
        others = [b for b in all_blocks(text.blocks) if b.kind == "heading" or (b.kind == "paragraph" and b.role)]
        for number, block in enumerate(others):      # headings, bylines, source lines
            block.id = block.id or f"{text.id}-{'h' if block.kind == 'heading' else 'r'}{number + 1}"
            names.add(block.id)
        for unit in units(text):
            if unit.note:
                continue
            if unit.item < 0:
                unit.block.id = unit.block.id or unit.element
            else:
                if not unit.block.item_ids:
                    unit.block.item_ids = [""] * len(unit.block.items)
                unit.block.item_ids[unit.item] = unit.block.item_ids[unit.item] or unit.element
            names.add(unit.element)
    return names


def page_starts(document, folios: list[str], unit_ids: set[str],
                section_ids: set[str]) -> tuple[list[PageStart], list[str]]:
    """Where each page begins, for the pages from the first text on (a blank page: where the next begins),
    and the blank pages left at the end (they begin where the next piece of the book begins)."""
    starts: list[PageStart] = []
    seen_words: dict[str, int] = {}
    broken: set[str] = set()            # elements whose last word on the page before was hyphenated over
    pending: list[str] = []             # blank pages waiting for the next page's start
    for position, page in enumerate(document.pages):
        first = None
        texts: dict[str, str] = {}                  # each element's text on this page, lines joined
        for line, around in pdf.flow_lines(page):
            owner = next((name for name, block in reversed(around) if block and name in unit_ids), None)
            section = next((name for name, _ in reversed(around) if name in section_ids), None)
            if WORD.search(line) and first is None:
                first = (owner, section)
            if owner:
                so_far = texts.get(owner, "")
                texts[owner] = (so_far[:-1] if so_far.endswith("\u2010") else so_far + " ") + line
        counted = {}
        for name, text in texts.items():
            # a word hyphenated over from the page before was counted there
            counted[name] = len(WORD.findall(text.replace("\u2010", ""))) - (1 if name in broken else 0)
        broken = {name for name, text in texts.items() if text.endswith("\u2010")}
        if first is None:
            pending.append(folios[position])
            continue
        owner, section = first
        if owner is None and section is None:          # front matter before the first text
            pending.clear()
            continue
        if owner is not None:
            element, words = owner, seen_words.get(owner, 0)
        else:                                            # a text's or a part's opening page
            element, words = section, 0
        for folio in pending + [folios[position]]:
            starts.append(PageStart(folio, element, words))
        pending.clear()
        for name, words_here in counted.items():
            seen_words[name] = seen_words.get(name, 0) + words_here
    return starts, pending


def mark_pages(edition: Edition, starts: list[PageStart]) -> None:
    """Set a PageBreak in the model where each page begins: in a paragraph before its word, or before a
    text or a part (their ``page_breaks``)."""
    by_id = {}
    for text in edition.texts:
        by_id[text.id] = text
        for unit in units(text):
            if not unit.note:
                by_id[unit.element] = unit
        for block in all_blocks(text.blocks):
            if (block.kind == "heading" or block.kind == "paragraph" and block.role) and block.id:
                by_id[block.id] = block
    for part in edition.parts:
        by_id[part.id] = part
    for start in starts:
        target = by_id.get(start.element)
        marker = PageBreak(start.folio)
        if target is None:
            continue
        if hasattr(target, "inlines"):
            _insert(target.inlines, start.words, marker)
        else:
            target.page_breaks.append(marker)


def _insert(inlines: list, words: int, marker: PageBreak) -> None:
    """Put the marker before the word numbered ``words`` (from 0) of the inlines (at their end if fewer)."""
    remaining = words
    for owner, index, node in places(inlines):
        if remaining == 0:
            owner.insert(index, marker)
            return
        if node.kind == "str":
            matches = list(WORD.finditer(node.text))
            if len(matches) > remaining:
                at = matches[remaining].start()
                owner[index:index + 1] = [Str(node.text[:at]), marker, Str(node.text[at:])]
                return
            remaining -= len(matches)
    inlines.append(marker)
