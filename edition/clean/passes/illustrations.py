"""mark_illustrations: make a picture's marker into its caption, and drop a marker without words.

Project Gutenberg marks where a picture stood with ``[Illustration: …]``;
its words are the picture's caption, kept as a paragraph of the caption
role (and written back in the same marker by ``edition clean``).  A bare
``[Illustration]`` has no words to keep and is removed::

    [Illustration: The harvest of the fields]   →  Paragraph("The harvest of the fields", role="caption")
    [Illustration]                              →  (removed)

A caption may run over several paragraphs, to its closing bracket; they make one.
"""

from __future__ import annotations

import re

from edition.model.changes import Change
from edition.model.nodes import Paragraph
from edition.model.walk import plain
from edition.model.markup import inlines_text, parse_inlines

MARKER = re.compile(r"^\[\s*Illustrations?\s*\]$", re.I)
#: the caption is group 1 less its closing spaces (a lazy '(.*?)\s*\]' would scan a long run of spaces from each)
CAPTIONED = re.compile(r"^\[\s*Illustrations?\s*[:.]\s*(.*)\]$", re.I | re.S)
OPENING = re.compile(r"^\[\s*Illustrations?\b", re.I)
REACH = 10            # paragraphs a caption may run over (Gutenberg sets a title page's picture so)


def mark_illustrations(text, context) -> list[Change]:
    changes, kept, blocks = [], [], text.blocks
    index = 0
    while index < len(blocks):
        block = blocks[index]
        words = plain(block.inlines).strip() if isinstance(block, Paragraph) and block.role is None else ""
        index += 1
        if not OPENING.match(words):
            kept.append(block)
            continue
        end = index
        while not words.endswith("]") and end < len(blocks) and end - index < REACH and \
                isinstance(blocks[end], Paragraph) and blocks[end].role is None and \
                not OPENING.match(plain(blocks[end].inlines).strip()):
            words = plain(blocks[end].inlines).strip()
            end += 1                                    # a caption of several paragraphs, to its closing bracket
        parts = blocks[index - 1:end] if words.endswith("]") else [block]
        source = " ".join(inlines_text(part.inlines).strip() for part in parts)
        words = " ".join(plain(part.inlines).strip() for part in parts)
        if MARKER.match(words):
            changes.append(Change("mark_illustrations", block.source, block.line, words, "",
                                  "illustration without a caption removed"))
        elif CAPTIONED.match(words) and CAPTIONED.match(source) and CAPTIONED.match(source)[1].rstrip():
            block.inlines = parse_inlines(CAPTIONED.match(source)[1].rstrip())
            block.role = "caption"
            kept.append(block)
            changes.append(Change("mark_illustrations", block.source, block.line, words, plain(block.inlines),
                                  "illustration's caption"))
        else:
            kept.extend(parts)
        index = index - 1 + len(parts)
    if len(kept) != len(blocks):
        text.blocks[:] = kept
    return changes
