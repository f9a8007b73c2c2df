"""Words OCR read with a stray mark inside them: 'tli.it' (that), 'a-nount' (amount), 'cou/t' (court).

A bad scan reads a broken or faint letter as a mark (a full stop, a
hyphen, a slash, a comma), or adds a speck inside a word.  The corrector
reads its words between such marks, so the pieces of one word would be
read apart, or left alone.  Here such a word is read whole: the error
model (channel.py) learns how often OCR reads a letter as a mark, or adds
one, like any other confusion, and the reading is made when the noisy
channel is as sure of it as of any other correction (noisy.APPLY)::

    the f.irmei, said  →  the farmer, said       he wh»n the  →  he when the
    the a-nount of     →  the amount of          the cou/t of →  the court of

Only in a bad scan (noisy.BAD_SCAN), and never where the mark is the
author's: pieces that are all words ('and/or', 'to-day', 'co-operative'),
abbreviations ('a.m.', 'M.L.A.', 'i.e.'), initials and names ('J.Smith',
'Enmore-Road': a capital past the first letter), numbers and money
('£16/15/4', '1.30'), contractions and possessives (an apostrophe is no
stray mark here), and a word in capitals.
"""

from __future__ import annotations

import re

from edition.clean import channel, noisy

MARK = channel.MARK.pattern
#: a word with one or two marks (together) inside it, between letters (or glyphs read for letters)
INNER = re.compile(rf"[«»]?[A-Za-z][A-Za-z«»]*(?:{MARK}{{1,2}}[A-Za-z«»]+)+")
CHUNK = re.compile(r"\S+")
#: letters a word with a mark needs to be read, and that its reading needs: what is shorter ('th?f', 'h/pd')
#: reads as any common short word ('the', 'had') as well as what it was
SHORTEST, LONGER = 3, 4
MOST = 2                # marks a word may have to be read (each has some 80 readings)


def marked_words(value: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of each word of ``value`` with a mark inside that may be OCR's and not the author's."""
    found = []
    for chunk in CHUNK.finditer(value):
        core = channel.CORE.match(chunk[0])
        word = core[1]
        if not INNER.fullmatch(word) or not _stray(word):
            continue
        start = chunk.start() + core.start(1)
        found.append((start, start + len(word), word))
    return found


def _stray(word: str) -> bool:
    """Is the mark inside ``word`` perhaps a misread letter or a speck, not the author's?"""
    if re.search(r"[A-Z]", word[1:]):
        return False                                    # initials, names, capitals: 'J.Smith', 'M.L.A'
    pieces = [p for p in re.split(rf"{MARK}+", word.replace("«", "").replace("»", "")) if p]
    marks = re.findall(MARK, word)
    if "." in marks and all(len(p) <= 2 for p in pieces):
        return False                                    # an abbreviation: 'a.m', 'i.e', 'viz.'
    english = noisy.english()
    if len(marks) > MOST:
        return False                                    # more marks than letters to read: junk, or a formula
    if "--" in word:
        return False                                    # a dash typed as two hyphens: 'said--that'
    if all(english.known(p.lower()) and (len(p) > 1 or p.lower() in "ai") for p in pieces) \
            and not re.search(r"[«»]", word):
        return False                                    # a compound or a pair: 'to-day', 'and/or'
    return True


def read(word: str, left: str, right: str, lexicon, sentence_start: bool) -> tuple[str, float] | None:
    """The English word meant by ``word`` read with a mark inside, and the confidence, or None."""
    if sum(c.isalpha() for c in word) < SHORTEST:
        return None                                     # 'h/pd', 't>t': too little left to read
    name = word[:1].isupper() and not sentence_start
    found = noisy.correction(word, left, right, lexicon, name, marked=True)
    if not found or not found[0].isalpha() or len(found[0]) < LONGER:
        return None                                     # a word, not two, nor a word with a mark, nor 'the'
    if name and not lexicon.capitalized(found[0]):
        return None                                     # a name ('Da\\ls' is not 'Days'), unless the edition writes it
    return found
