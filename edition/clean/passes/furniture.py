"""remove_page_furniture: drop page numbers and running heads or feet that repeat across pages.

A line that is only a page number ("12", "- 12 -", "Page 12", "xiv"; capital
roman numerals are section numbers, not folios) is
furniture when the text has several of them; a short line that comes back
three times or more a page apart (twelve lines, or beside a page number),
digits aside ("THE WAGE SYSTEM 14", "Kropotkin"), is a running head or foot
(a line the text repeats closer than that is the text's own: a refrain, a
court report's "Judgment for defendant"); its first occurrence on the first
page, among the text's first lines, is the title (or the author) and stays.  The line after a removed run of furniture is noted
as a page break, for the pass that rejoins split paragraphs::

    …the workers of the               …the workers of the
    THE WAGE SYSTEM                →  whole world
    12
    whole world

A Project Gutenberg file (see remove_gutenberg_boilerplate) has no pages, and none of it is furniture.
"""

from __future__ import annotations

import re
from collections import Counter

from edition.model.changes import Change

PAGE_NUMBER = re.compile(r"^(?:[-–—]\s*)?(?:[Pp]age\s+|p\.\s*)?(\d{1,4}|[ivxlc]{1,7})(?:\s*[-–—])?(?:\s+of\s+\d+)?$")


def _shape(line: str) -> str:
    """A line with its digits taken out and its case folded: how running heads repeat."""
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", line.strip().lower()))


#: the fewest lines between two running heads: a page's worth; a line that comes back closer than that is the
#: text's own (a refrain, a formula of a court report), not a head
PAGE_LINES = 12


def _pages_apart(lines: list[tuple[int, str]], folios: set[int]) -> tuple[Counter, set[int]]:
    """Each line's shape → how many times it comes back a page apart: at least PAGE_LINES lines after its last
    counted return, or beside a page number (two lines away at most); and the lines so counted."""
    counts, last, counted = Counter(), {}, set()
    full = [(n, line) for n, line in lines if line.strip()]
    beside = {i for i, (n, _) in enumerate(full) if n in folios}
    for index, (_, line) in enumerate(full):
        shape = _shape(line)
        if shape not in last or index - last[shape] >= PAGE_LINES or beside & set(range(index - 2, index + 3)):
            counts[shape] += 1
            last[shape] = index
            counted.add(full[index][0])
    return counts, counted


def furniture_lines(lines: list[tuple[int, str]]) -> dict[int, str]:
    """Line number → why it is furniture."""
    numbers = [n for n, line in lines if PAGE_NUMBER.match(line.strip())]
    found = {n: "page number" for n in numbers} if len(numbers) >= 2 else {}
    shapes, apart = _pages_apart(lines, set(found))
    first_folio = min(numbers) if len(numbers) >= 2 else float("inf")
    opening = {n for n, line in [(n, l) for n, l in lines if l.strip()][:8] if n < first_folio}
    for number, line in lines:
        stripped = line.strip()
        if (stripped and number not in found and number not in opening and number in apart
                and shapes[_shape(line)] >= 3 and len(stripped.split()) <= 10
                and re.search(r"[A-Za-z]", stripped) and not stripped.startswith(("-", "*", "•"))
                and not re.search(r"[.!?:;]$", stripped)):
            found[number] = "running head or foot"
    return found


def remove_page_furniture(text, context) -> list[Change]:
    if text.gutenberg:
        return []           # a Project Gutenberg file has no pages: a line that comes back is a chapter's, a caption
    found = furniture_lines(text.lines)
    if not found:
        return []
    changes, kept, breaks = [], [], set()
    after_furniture = False
    for number, line in text.lines:
        if number in found:
            changes.append(Change("remove_page_furniture", text.source, number, line, "", found[number]))
            after_furniture = True
            continue
        if after_furniture and line.strip():
            breaks.add(number)
            after_furniture = False
        kept.append((number, line))
    text.lines = kept
    text.source_page_ends.update(breaks)
    return changes
