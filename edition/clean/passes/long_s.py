"""restore_long_s: the long s (ſ) of an old book that OCR read as an f ('fuch', 'moft', 'himfelf').

Books printed before about 1800 set the long s inside words, and OCR
trained on modern type reads it as an f.  A text where several different
non-words become English words with an f read as s ('faid' → 'said',
'Houfe' → 'House', 'itfelf' → 'itself') was printed so, and in it each
such non-word is mended; a real word stays ('fame', 'fit', 'fell'), and
so does a text with fewer than EVIDENCE such words (a modern text's
stray 'f' is the word corrector's)::

    It is not fuch a thing as moft men have faid   →   It is not such a thing as most men have said
"""

from __future__ import annotations

import re
from itertools import product

from edition.model.changes import Change
from edition.model.walk import inline_lists, strs, text_blocks
from edition.clean.context import english

#: distinct words read with an f for a long s before a text is taken for an old book's OCR
EVIDENCE = 3
WORD = re.compile(r"(?<![\w’'-])[A-Za-z]*f[A-Za-z]*(?![\w’'-])")
MOST_F = 3          # f's in a word tried as s, every way


def _reading(word: str) -> str | None:
    """The English word ``word`` is with some of its f's read as s ('moft' → 'most'), or None: a word stands
    as read when it is English, and so does one with no such reading or with two ('fafe': 'safe'? 'fase'?)."""
    lm = english()
    lower = word.lower()
    if lm.known(lower) or lower.count("f") > MOST_F:
        return None
    places = [i for i, c in enumerate(lower) if c == "f"]
    found = set()
    for choice in product("fs", repeat=len(places)):
        letters = list(lower)
        for place, letter in zip(places, choice):
            letters[place] = letter
        candidate = "".join(letters)
        if candidate != lower and candidate in lm.targets:
            found.add(candidate)
    if len(found) != 1:
        return None
    reading = found.pop()
    return "".join(r.upper() if w.isupper() else r for w, r in zip(word, reading))


def restore_long_s(text, context) -> list[Change]:
    leaves = [(block, leaf) for block in text_blocks(text) for inlines in inline_lists(block)
              for leaf in strs(inlines)]
    readings = {}
    for _, leaf in leaves:
        for match in WORD.finditer(leaf.text):
            if match[0] not in readings:
                readings[match[0]] = _reading(match[0])
    if len({r.lower() for r in readings.values() if r}) < EVIDENCE:
        return []
    changes = []
    for block, leaf in leaves:
        def mend(match):
            reading = readings.get(match[0])
            if not reading:
                return match[0]
            changes.append(Change("restore_long_s", text.source, block.line, match[0], reading,
                                  "long s read as f", confidence=0.95))
            return reading
        leaf.text = WORD.sub(mend, leaf.text)
    return changes
