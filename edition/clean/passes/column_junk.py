"""remove_column_junk: the stray marks a bad scan of narrow columns leaves at the ends of its lines.

OCR of newspaper and magazine columns reads the column rules, the gutter's
dirt and the torn edge of the page as single characters standing alone at
a line's start or end (of 51,573 words of real newspaper OCR with their
human correction, about 400 such marks, against a handful of real words in
the same places)::

    ...deems equit- i              →  ...deems equit-      (then joined: 'equitable')
    ...the prayer thereof be granted, I  →  ...be granted,
    | (From the Bathurst Free Press) |   →  (From the Bathurst Free Press)
    ' the residents on the southern…     →  the residents on the southern…

Only a text that is both hard-wrapped in short lines and noisy (a share of
its words no English word, beyond names and coinages; see noisy.noise_of) is
read so: a clean text's lines keep every character.  A lone mark is taken
away when it is one that stands alone in no English sentence (a bar, a
stray quote or full stop with a space before it, '¡', '^'); a lone letter
('I', 'i', 'j', 'l') when no English word pair reads it as a word: the
pronoun stays where English writes it before the next line's first word
('I think', 'I have'), and a capital before a capitalised word may be a name's
initial ('J Martin'); after a broken word it is junk ('equit- i').  A full
stop alone at a line's end stays (a leader's, printed so).
Between two words, mid-line, a lone mark that no English sentence spaces
so (a quote, a bracket, a backslash) goes, and a lone lowercase letter
but 'a', 'e', 'o', 'p', 'v', 'x' ('Smith v Jones', 'p 12'), unless it is
a piece of a split word ('w ould') or a misread article English writes
there ('brought in n verdict'); a capital 'I' as at a line's end::

    of tho ' new wharf → of tho new wharf     the i chairman → the chairman

Digits, dashes, asterisks and semicolons stay (a number, a dash, a
footnote's star).  Runs before the hyphens are joined, so that a word
broken at a line end with junk after its hyphen is joined too.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from statistics import median

from edition.model.changes import Change
from wordfreq import zipf_frequency

from edition.clean import noisy
from edition.clean.channel import channel
from edition.clean.context import english
from edition.clean.lexicon import words

#: marks that never stand alone, spaces on both sides, in a sentence
MARKS = frozenset("|!'\".,?_«»^~\\/¡¿[]{}<>■•·¦")
#: letters that are junk where no English pair reads them as a word
LETTERS = frozenset("IijJl")
#: marks and lowercase letters that stand alone between two words in no English sentence ('the \' house',
#: 'of i the'): not 'a', 'e', 'o', 'p', 'v' and 'x' ('Smith v Jones', 'p 12', 'o my love', 'x and y'), nor a dash,
#: a stop, a comma or a colon (spaced so in old books), nor a star (a footnote's)
INSIDE_MARKS = frozenset("'()\\<^_")
INSIDE_LETTERS = frozenset("bcdfghijklmnqrstuwyz")
#: log P(letter read | 'a' printed) from which a lone letter may be a misread article (a → n: 0.014, a → s: 0.001)
READ_FOR_A = -7.0
#: a word this common (Zipf) after a capital is no surname: 'I The', 'J And'
COMMONEST = 6.0
#: log P(word | 'I') − log P(word) below which 'I' is no pronoun before the word
PRONOUN = -2.0
SHORT = 60              # the median length of a column's lines, in characters, at most


def is_column_scan(lines: list[str]) -> bool:
    """Hard-wrapped in short lines, and noisy."""
    full = [line for line in lines if line.strip()]
    if len(full) < 5 or median(len(line) for line in full) > SHORT:
        return False
    return noisy.noise_of(Counter(word.lower() for word in words("\n".join(full)))) >= noisy.BAD_SCAN


def _pronoun(following: str) -> bool:
    """Is 'I' a word before ``following``: not where English hardly ever writes the pair ('I the', 'I of';
    but 'I think', and 'I remain', a pair the list lacks)?"""
    word = re.match(r"[A-Za-z']+", following)
    if not word:
        return False
    lm, lower = english(), word[0].lower()
    return lm.logp_after("i", lower) - lm.logp(lower) > PRONOUN


def _initial(following: str) -> bool:
    """Is a capital letter before ``following`` a name's initial ('J Martin', 'I Orr'; not 'I The')?"""
    word = re.match(r"[A-Za-z]+", following)
    return bool(word) and word[0][:1].isupper() and zipf_frequency(word[0].lower(), "en") < COMMONEST


def _junk_at_end(tokens: list[str], next_line: str) -> bool:
    mark, before = tokens[-1], tokens[-2]
    following = next_line.lstrip()
    if mark in MARKS and mark != ".":       # a full stop alone may be a leader's, printed so
        return True
    if mark in LETTERS:
        if before.endswith("-") or mark.islower():
            return True
        return not _initial(following) and not (mark == "I" and _pronoun(following))
    return False


def _junk_at_start(tokens: list[str]) -> bool:
    mark, after = tokens[0], tokens[1]
    if mark in MARKS:
        return True
    if mark in LETTERS:
        return mark.islower() or not _initial(after) and not (mark == "I" and _pronoun(after))
    return False


@lru_cache(maxsize=32)
def _read_for_a(letter: str) -> bool:
    """Does OCR often read 'a' as ``letter`` (the learned error model: 'n', 'u', 'i', 's')?"""
    return any(printed == "a" and logp >= READ_FOR_A for printed, logp in channel().repairs.get(letter, ()))


def _junk_inside(tokens: list[str], index: int) -> bool:
    """Is the token at ``index`` (neither the line's first nor its last) a stray mark or letter between words?"""
    mark, before, after = tokens[index], tokens[index - 1], tokens[index + 1]
    if mark in INSIDE_MARKS:
        return True
    if mark not in INSIDE_LETTERS and mark != "I" or not (before[-1:].isalpha() and after[:1].isalpha()):
        return False                                    # a letter with a mark ('(i)', 's.'), or beside a number
    lm, left, right = english(), before.lower(), re.match(r"[A-Za-z]+", after)[0].lower()
    if lm.known(mark.lower() + right) and len(right) >= 2 or lm.known(left + mark.lower()) and len(left) >= 2:
        return False                                    # a word read in two pieces: 'w ould', 'hi s'
    if mark == "I":
        return not _initial(after) and not _pronoun(after)
    if _read_for_a(mark) and lm.logp_after(left, "a") + lm.logp_after("a", right) > lm.logp_after(left, right):
        return False                                    # an article misread: 'brought in n verdict'
    return True


def remove_column_junk(text, context) -> list[Change]:
    if text.gutenberg or not is_column_scan([line for _, line in text.lines]):
        return []
    changes, lines = [], text.lines
    for index, (number, line) in enumerate(lines):
        tokens = line.split()
        if len(tokens) < 2:
            continue
        cleaned = line
        next_line = lines[index + 1][1] if index + 1 < len(lines) else ""
        if len(tokens) >= 2 and _junk_at_end(tokens, next_line):
            cleaned = cleaned.rstrip()[:-1].rstrip()
            tokens = tokens[:-1]
        if len(tokens) >= 2 and _junk_at_start(tokens):
            cleaned = cleaned.lstrip()[1:].lstrip()
            tokens = tokens[1:]
        inside = False
        if len(tokens) >= 3:
            kept = [tokens[0]] + [t for i, t in enumerate(tokens[1:-1], 1) if not _junk_inside(tokens, i)] \
                + [tokens[-1]]
            if len(kept) < len(tokens):
                inside = True
                cleaned = cleaned[:len(cleaned) - len(cleaned.lstrip())] + " ".join(kept)     # its indent kept
        if cleaned != line:
            lines[index] = (number, cleaned)
            changes.append(Change("remove_column_junk", text.source, number, line.strip(), cleaned.strip(),
                                  "a stray mark between words" if inside else "a stray mark at a column's edge",
                                  confidence=0.95))
    return changes
