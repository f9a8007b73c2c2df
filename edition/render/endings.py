"""A paragraph's last line in print: never a fragment of a word, never shorter than ``SHORTEST_LAST_LINE``.

WeasyPrint may hyphenate a paragraph's last word and leave its tail alone on the last line ("pow-" /
"er."), or leave a short last word alone ("it…").  The print edition's paragraphs end in a ``Keep``
inline that the templates set with ``hyphens: manual`` (the last word is never broken), joined to the
word before it by a no-break space when it is shorter than ``SHORTEST_LAST_LINE`` characters::

    [Str("no force will resurrect it…")]  →  [Str("no force will "), Keep([Str("resurrect\u00a0it…")])]

The model is not changed: the paragraph's inlines are copied along the path to their last word.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import ClassVar

from edition.model.nodes import Str

SHORTEST_LAST_LINE = 4
LAST_WORDS = re.compile(r"(?:(\S+) )?(\S+)\s*$")


@dataclass
class Keep:
    """The end of a paragraph that print does not hyphenate."""

    CONTENTS: ClassVar[tuple] = ("children",)
    children: list
    kind: str = "keep"


def ending(inlines: list) -> list:
    """The inlines with their last word (and the one before it, if the last is short) in a ``Keep``."""
    for index in range(len(inlines) - 1, -1, -1):
        node = inlines[index]
        if isinstance(node, Str):
            if not node.text.strip():
                continue
            match = LAST_WORDS.search(node.text)
            start = match.start(1) if match[1] and len(match[2]) < SHORTEST_LAST_LINE else match.start(2)
            kept = node.text[start:].replace(" ", "\u00a0", 1) if start == match.start(1) else node.text[start:]
            head = [Str(node.text[:start])] if start else []
            if not start and index and getattr(inlines[index - 1], "CONTENTS", ()) and match.start(2) == 0:
                return inlines[:index - 1] + [Keep([inlines[index - 1], Str(kept)])] + inlines[index + 1:]   # *Pravda*.
            return inlines[:index] + head + [Keep([Str(kept)])] + inlines[index + 1:]
        if node.kind in ("emph", "strong", "index_mark", "lead_in"):
            return inlines[:index] + [dataclasses.replace(node, children=ending(node.children))] + inlines[index + 1:]
        if node.kind == "note_ref" or node.kind == "page_break":
            continue
        break
    return inlines
