"""mark_headings: make numbered section headings into headings, and give every heading an id.

A one-line paragraph that numbers a section, without a closing full stop,
becomes a level-2 heading::

    1. Bonapartism as a regime of crisis   →  Heading(level=2)
    Chapter 11                             →  Heading(level=2)
    IV                                     →  Heading(level=2)

Headings the manifest names (``headings:``) are already headings when this
pass runs; it gives them their ids too.
"""

from __future__ import annotations

import re

from edition.model.changes import Change
from edition.model.nodes import Heading, Paragraph
from edition.model.walk import all_blocks, plain

NUMBERED = re.compile(
    r"^(?:[IVXL]{1,6}\.?"
    r"|(?:\d{1,2}|[IVXL]{1,6})\.\s+[A-Z“\"‘'].{2,140}"
    r"|(?:Chapter|CHAPTER|Part|PART|Section|SECTION|Book|BOOK)\s+(?:\d{1,3}|[IVXLC]{1,7})(?:[.:]\s+.{2,90})?)$"
)


def is_heading(line: str) -> bool:
    line = line.strip()
    return bool(NUMBERED.match(line)) and not line.endswith((".", ",", ";", ":")) and len(line.split()) <= 22


def mark_headings(text, context) -> list[Change]:
    changes = []
    for index, block in enumerate(text.blocks):
        if isinstance(block, Paragraph) and block.role is None and is_heading(plain(block.inlines)):
            text.blocks[index] = Heading(block.inlines, 2, block.source, block.line)
            changes.append(Change("mark_headings", block.source, block.line, plain(block.inlines),
                                  plain(block.inlines), "numbered section heading"))
    number = 0
    for block in all_blocks(text.blocks):
        if isinstance(block, Heading):
            number += 1
            block.id = f"{text.id}-s{number}"
    return changes
