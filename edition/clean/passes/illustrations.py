"""mark_illustrations: make a picture's marker into its caption, and drop a marker without words.

Project Gutenberg marks where a picture stood with ``[Illustration: …]``;
its words are the picture's caption, kept as a paragraph of the caption
role (and written back in the same marker by ``edition clean``).  A bare
``[Illustration]`` has no words to keep and is removed::

    [Illustration: The harvest of the fields]   →  Paragraph("The harvest of the fields", role="caption")
    [Illustration]                              →  (removed)
"""

from __future__ import annotations

import re

from edition.model.changes import Change
from edition.model.nodes import Paragraph, plain
from edition.model.plain import inlines_text
from edition.read.texts import parse_inlines

MARKER = re.compile(r"^\[\s*Illustrations?\s*\]$", re.I)
CAPTIONED = re.compile(r"^\[\s*Illustrations?\s*[:.]\s*(.*?)\s*\]$", re.I | re.S)


def mark_illustrations(text, context) -> list[Change]:
    changes, kept = [], []
    for block in text.blocks:
        words = plain(block.inlines).strip() if isinstance(block, Paragraph) and block.role is None else ""
        if not words.startswith("["):
            kept.append(block)
        elif MARKER.match(words):
            changes.append(Change("mark_illustrations", block.source, block.line, words, "",
                                  "illustration without a caption removed"))
        elif CAPTIONED.match(words) and CAPTIONED.match(inlines_text(block.inlines).strip())[1]:
            caption = CAPTIONED.match(inlines_text(block.inlines).strip())[1]
            block.inlines = parse_inlines(caption)
            block.role = "caption"
            kept.append(block)
            changes.append(Change("mark_illustrations", block.source, block.line, words, plain(block.inlines),
                                  "illustration's caption"))
        else:
            kept.append(block)
    if len(kept) != len(text.blocks):
        text.blocks[:] = kept
    return changes
