"""The characters the book's faces can draw, and the places in the texts that use one they cannot.

A character none of the styles' fonts has (an emoji, a private-use character an OCR engine left) would be
drawn from whatever font the system has, or as an empty box, and the print preflight would find it pages
later, on "page 7".  The build looks first, and names the raw file and line it came from::

    texts/pamphlet.txt:212: r-006 the character '\ue000' (U+E000) is in none of the book's fonts; …
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

from edition.messages import Message, message
from edition.model.nodes import Edition
from edition.model.walk import all_blocks, inline_lists, strs


@lru_cache(maxsize=4)
def drawable(fonts: Path) -> frozenset[int]:
    """The code points every face in the folder has (a character must be drawable in italic and bold too)."""
    faces = [TTFont(path, lazy=True).getBestCmap() for path in sorted(fonts.glob("*.[ot]tf"))]
    return frozenset(set.intersection(*(set(face) for face in faces))) if faces else frozenset()


def undrawable(edition: Edition, fonts: Path) -> list[Message]:
    """A problem for each character of the texts none of the book's faces has, at its first place per text."""
    have = drawable(fonts)
    if not have:
        return []
    problems = []
    for text in edition.texts:
        seen: set[str] = set()
        blocks = list(text.blocks) + [block for note in text.notes for block in note.blocks]
        for block in all_blocks(blocks):
            for inlines in inline_lists(block) if "blocks" not in type(block).CONTENTS else []:
                for leaf in strs(inlines):
                    for character in set(leaf.text) - seen:
                        if ord(character) in have or character.isspace() \
                                or unicodedata.category(character) in ("Cc", "Cf"):
                            continue
                        seen.add(character)
                        name = unicodedata.name(character, "unnamed")
                        problems.append(message("r-006", text.source, getattr(block, "line", None),
                                                character=character, point=f"U+{ord(character):04X}", name=name))
    return problems
