"""mark_headings: make numbered section headings into headings, and give every heading an id.

A one-line paragraph that numbers a section, without a closing full stop,
becomes a level-2 heading::

    1. Bonapartism as a regime of crisis   →  Heading(level=2)
    Chapter 11                             →  Heading(level=2)
    IV                                     →  Heading(level=2)
    CHAPTER I. / BOOK ONE / Part the Second →  Heading(level=2)

Headings the manifest names (``headings:``) are already headings when this
pass runs; it gives them their ids too.
"""

from __future__ import annotations

import re

from edition.model.changes import Change
from edition.model.nodes import Heading, Paragraph
from edition.model.walk import all_blocks, plain

NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                "sixteen|seventeen|eighteen|nineteen|twenty|first|second|third|fourth|fifth|sixth|seventh|eighth|"
                "ninth|tenth|eleventh|twelfth|last")
LABEL = (rf"(?:Chapter|CHAPTER|Part|PART|Section|SECTION|Book|BOOK|Volume|VOLUME)\s+"
         rf"(?:\d{{1,3}}|[IVXLC]{{1,7}}|(?i:(?:the\s+)?(?:{NUMBER_WORDS})))")
NUMBERED = re.compile(
    r"^(?:[IVXL]{1,6}\.?"
    r"|(?:\d{1,2}|[IVXL]{1,6})\.\s+[A-Z“\"‘'].{2,140}"
    rf"|{LABEL}(?:[.:]\s+.{{2,90}})?)$"
)
#: a chapter's number alone, closed by a full stop: 'CHAPTER I.', 'BOOK ONE.', 'IV.'
NUMBER_ALONE = re.compile(rf"^(?:{LABEL}|[IVXL]{{1,6}})\.$")


def is_heading(line: str) -> bool:
    line = line.strip()
    if NUMBER_ALONE.match(line):
        return True
    return bool(NUMBERED.match(line)) and not line.endswith((".", ",", ";", ":")) and len(line.split()) <= 22


def mark_headings(text, context) -> list[Change]:
    changes = []
    contents = _contents(text) if text.gutenberg else set()
    for index, block in enumerate(text.blocks):
        if isinstance(block, Paragraph) and block.role is None and is_heading(plain(block.inlines)) \
                and index not in contents:
            text.blocks[index] = Heading(block.inlines, 2, block.source, block.line)
            changes.append(Change("mark_headings", block.source, block.line, plain(block.inlines),
                                  plain(block.inlines), "numbered section heading"))
    number = 0
    for block in all_blocks(text.blocks):
        if isinstance(block, Heading):
            number += 1
            block.id = f"{text.id}-s{number}"
    return changes


def _contents(text) -> set[int]:
    """The indexes of a table of contents' entries (in a Project Gutenberg file): a run of headings-to-be that
    stand next to one another, one of which at least comes again further on, where its chapter begins (by its
    label and number alone, 'CHAPTER I.  THE SPIRIT OF REVOLT' for 'CHAPTER I.' with its name on the next line)."""
    candidates = {index: _entry(plain(block.inlines)) for index, block in enumerate(text.blocks)
                  if isinstance(block, Paragraph) and block.role is None and is_heading(plain(block.inlines))}
    last = {}
    for index, words in candidates.items():
        last[words] = index
    contents, run, words = set(), [], set()
    for index in [*candidates, -2]:
        if run and (index != run[-1] + 1 or candidates.get(index) in words):
            if len(run) > 1 and any(last[candidates[i]] > i for i in run):
                contents.update(run)
            run, words = [], set()
        run.append(index)
        words.add(candidates.get(index))
    return contents


def _entry(words: str) -> str:
    """What a contents entry and its chapter's heading share: 'chapter i' of 'CHAPTER I.  OUR RICHES', or the
    whole line."""
    words = " ".join(words.split())
    label = re.match(LABEL, words)
    return (label[0] if label else words).lower()
