"""mark_bylines: set bylines and source lines apart from the running text.

A short opening paragraph "By Max Shachtman" becomes a byline; a short
closing paragraph "From *Labor Action*, 10 May 1954" becomes the text's
source line::

    By Hal Draper            →  Paragraph(role="byline")
    From *Labor Action*, …   →  Paragraph(role="source")
"""

from __future__ import annotations

import re

from edition.model.changes import Change
from edition.model.nodes import Paragraph
from edition.model.walk import plain

BYLINE = re.compile(r"^By\s+[A-Z][\w.'’ -]{2,60}$")
SOURCE = re.compile(r"^(From|First published in|Originally published in|Published in|Source:)\s.{3,150}$")


def mark_bylines(text, context) -> list[Change]:
    changes = []
    paragraphs = [b for b in text.blocks if isinstance(b, Paragraph)]
    for block in paragraphs[:3]:
        if block.role is None and BYLINE.match(plain(block.inlines)):
            block.role = "byline"
            changes.append(Change("mark_bylines", block.source, block.line, plain(block.inlines),
                                  plain(block.inlines), "byline"))
    if paragraphs:
        last = paragraphs[-1]
        if last.role is None and SOURCE.match(plain(last.inlines)):
            last.role = "source"
            changes.append(Change("mark_bylines", last.source, last.line, plain(last.inlines),
                                  plain(last.inlines), "source line"))
    return changes
