"""remove_gutenberg_boilerplate: keep only the book of a Project Gutenberg file, between its START and END lines.

Everything before the START line (the header, the old "small print") and
from the END line on (the licence) is Project Gutenberg's, not the
book's, and is removed; so is the "End of the Project Gutenberg EBook of …"
line and the producers' credit ("Produced by …") at the book's edges::

    The Project Gutenberg eBook of The Wage System …              (removed, with the whole header)
    *** START OF THE PROJECT GUTENBERG EBOOK THE WAGE SYSTEM ***   (removed)
    THE WAGE SYSTEM                                               (the book)
    …
    *** END OF THE PROJECT GUTENBERG EBOOK THE WAGE SYSTEM ***     (removed, with the licence after it)

The older spellings count too: ``*** START OF THIS PROJECT GUTENBERG EBOOK
…``, ``***START OF THE PROJECT GUTENBERG EBOOK``, and a header ending
``*END*THE SMALL PRINT! …``.  A file without these lines is left as it is.
The pass also marks the text as a Gutenberg file for make_blocks, which then
keeps the short lines of its title page apart.
"""

from __future__ import annotations

import re

from edition.model.changes import Change

START = re.compile(r"^\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG E-?(?:BOOK|TEXT)\b.*$", re.I)
SMALL_PRINT_END = re.compile(r"^\*?END\*?\s*THE SMALL PRINT!", re.I)
END = re.compile(r"^\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG E-?(?:BOOK|TEXT)\b.*$"
                 r"|^\*?END\*? OF (?:THE|THIS) PROJECT GUTENBERG", re.I)
#: the last line of the book in older files, just before the END line
END_OF_BOOK = re.compile(r"^End of (?:the )?Project Gutenberg(?:['’]s)?\b", re.I)
CREDIT = re.compile(r"^(?:Produced by|E-?text prepared by|Transcribed (?:from|by)|This (?:e-?book|e-?text) was "
                    r"(?:produced|prepared|transcribed) by)\b", re.I)
#: how far from the START line a producers' credit may stand (lines)
CREDIT_REACH = 12


def gutenberg_range(lines: list[tuple[int, str]]) -> tuple[int, int] | None:
    """(first, end) indexes of the book within the lines, or None if they are not a Gutenberg file."""
    starts = [i for i, (_, line) in enumerate(lines) if START.match(line.strip())]
    if not starts:
        starts = [i for i, (_, line) in enumerate(lines) if SMALL_PRINT_END.match(line.strip())]
    first = starts[0] + 1 if starts else 0
    end = next((i for i in range(first, len(lines)) if END.match(lines[i][1].strip())), None)
    if end is None and starts:
        end = len(lines)
    if end is None:
        return None
    marker = next((i for i in range(end - 1, max(first, end - 12) - 1, -1)
                   if END_OF_BOOK.match(lines[i][1].strip())), None)
    return first, end if marker is None else marker


def remove_gutenberg_boilerplate(text, context) -> list[Change]:
    lines = text.lines
    found = gutenberg_range(lines)
    if found is None:
        return []
    first, end = found
    changes = []

    def record(run, rule):
        if run:
            changes.append(Change("remove_gutenberg_boilerplate", text.source, run[0][0],
                                  "\n".join(line for _, line in run), "", rule, confidence=0.95))

    record(lines[:first], "Project Gutenberg header")
    book = lines[first:end]
    credit = next((i for i, (_, line) in enumerate(book[:CREDIT_REACH]) if CREDIT.match(line.strip())), None)
    if credit is not None:
        stop = credit
        while stop < len(book) and book[stop][1].strip():
            stop += 1                               # the credit runs to the next blank line
        record(book[credit:stop], "Project Gutenberg producers' credit")
        book = book[:credit] + book[stop:]
    record(lines[end:], "Project Gutenberg licence")
    text.lines = book
    text.gutenberg = True
    return changes
