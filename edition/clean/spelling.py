"""Old spellings: a word written as English wrote it before its spelling settled is the author's, not OCR's.

Printers of the 16th to 18th centuries, and many writers after them, spelt
by habits OCR does not have: a final e (owne, feele, himselfe, hee), u and v
and i and j as one letter (haue, vnto, iudge), y for i (voyce), -ck for -c
(publick, musick), ti for ci (antient), -ie for -y (historie), -es for -s (dayes), a doubled
letter before the final e (runne, sinne).  A change that only undoes such a
habit is a modernisation, which the clean-up never makes on its own: it is
listed as a suspect for the editor, and an edition that wants modern
spelling says so in its errata.

    variant("himselfe", "himself")  → True       variant("tho", "the")  → False
    variant("haue", "have")         → True       variant("tbe", "the")  → False
    variant("iudge", "judge")       → True       variant("jears", "years")  → False
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_LETTERS = str.maketrans("vjy", "uii")


def skeleton(word: str) -> str:
    """A word with the habits of old spelling taken out: 'Himselfe' → 'himself', 'haue' → 'haue',
    'have' → 'haue', 'publick' → 'public', 'dayes' → 'dais', 'runne' → 'run', 'guesse' and 'guess' → 'gues'."""
    word = word.lower().translate(_LETTERS)
    word = re.sub(r"ci(?=[aeou])", "ti", word)                        # antient, ancient
    word = re.sub(r"ck$", "c", word)
    word = re.sub(r"(?<=[a-z])ee(s?)$", r"e\1", word)                # shee → she, hee → he
    word = re.sub(r"(?<=[a-z]{2})e(s?)$", r"\1", word)               # owne → own, dayes → days
    return re.sub(r"(?<=[aeiou])([bcdfghklmnprstz])\1(s?)$", r"\1\2", word)   # runn(e) → run, guess(e) → gues


def variant(written: str, modern: str) -> bool:
    """Is ``written`` an old spelling of ``modern`` (and not a misreading of it)?"""
    if " " in modern or written.lower() == modern.lower() or len(written) < len(modern):
        return False                    # old spelling adds letters or swaps them, never drops them ('th')
    if re.search(r"([bcdfghklmnprstz])\1$", written.lower()) and not modern.lower().endswith(written.lower()[-2:]):
        return False                    # a doubled last letter comes with its e ('runne'); 'pinn' is misread
    return skeleton(written) == skeleton(modern) and not _j_for_y(written.lower(), modern.lower())


def _j_for_y(written: str, modern: str) -> bool:
    """Does ``written`` have j where ``modern`` has y, or y for j ('bj', 'jears')?  i and j were one letter, and
    i and y were written for each other, but j and y never."""
    for op, a1, a2, b1, b2 in SequenceMatcher(None, written, modern, autojunk=False).get_opcodes():
        if op == "replace" and ("j" in written[a1:a2] and "y" in modern[b1:b2]
                                or "y" in written[a1:a2] and "j" in modern[b1:b2]):
            return True
    return False
