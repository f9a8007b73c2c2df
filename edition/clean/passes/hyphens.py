"""join_hyphenated_words: join words hyphenated at line ends, keeping real hyphens.

    revolu-      →  revolution          (one word, broken by the line end)
    tion
    co-          →  co-operative        (a compound: its hyphen stays)
    operative

The choice follows the edition's own spelling first (the word written
elsewhere with or without its hyphen), then common prefixes that keep their
hyphen, then the dictionary.  An ending cut off at a line end ("amount-" /
"ing") never keeps the hyphen, and the prefixes English writes closed up
(re-, pre-, pro-) keep it only where two vowels meet (re-elected) or the
closed word is unknown: "re-" / "covered" is "recovered".  A name the text
capitalises in mid-sentence goes on closed ("Mary-" / "borough") unless its
second part is a common word ("Mitchell-street"); a headline in capitals is
judged in lower case.
"""

from __future__ import annotations

import re

from edition.model.changes import Change
from edition.clean.passes.patterns import CAPTION, hyphen_end
from edition.clean.context import english

LETTERS = "A-Za-zÀ-ÿ’'"
#: the next line's first word, the rest of a compound it begins ('son' + '-road' of 'Hender- / son-road,'),
#: and the punctuation after it
WORD_START = re.compile(r"^\s*([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ’']*)((?:-[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ’']*)*[.,;:!?”’)\]]*)(\s*)")
PREFIXES = {"anti", "co", "non", "no", "pre", "post", "self", "ex", "pro", "semi", "quasi", "ultra", "neo", "pan", "mid",
            "well", "half", "all", "cross", "pseudo", "petty", "ill", "so", "vice", "great", "re"}
#: prefixes that English mostly writes closed up (recovered, presumably, pronounced): their hyphen stays only where
#: two vowels meet (re-elect) or the closed word is unknown
CLOSING_PREFIXES = {"re", "pre", "pro"}
#: endings a line end can cut off a word: a word's end, not the second word of a compound
SUFFIXES = {"ing", "ings", "ed", "er", "ers", "est", "ly", "ling", "lings", "ment", "ments", "ness", "tion", "tions",
            "sion", "sions", "ous", "ity", "ities", "ise", "ize", "ised", "ized", "ism", "ist", "ists", "able", "ible"}


def joined_word(left: str, right: str, lexicon) -> str:
    """'revolu' + 'tion' → 'revolution'; 'co' + 'operative' → 'co-operative'; 'anti' + 'Stalinist' → 'anti-Stalinist'."""
    closed, hyphened = left + right, f"{left}-{right}"
    if left.isupper() and right.isupper() and len(left) > 1 and len(right) > 1:
        return joined_word(left.lower(), right.lower(), lexicon).upper()     # a headline: FIRE- / PLACE
    if right[:1].isupper():
        return hyphened
    if lexicon.capitalized(left) and lexicon.zipf(right) < 4.5 and not lexicon.counts[hyphened.lower()] \
            and left.lower() not in PREFIXES:
        return closed                                    # a name, capitalised in mid-sentence: Mary- / borough
    closed_seen, hyphened_seen = lexicon.counts[closed.lower()], lexicon.counts[hyphened.lower()]
    if hyphened_seen != closed_seen:
        return hyphened if hyphened_seen > closed_seen else closed
    closed_zipf, hyphened_zipf = lexicon.zipf(closed), lexicon.zipf(hyphened)
    if right.lower() in SUFFIXES:
        return closed                                    # amount-ing, assault-ed: an ending, never a word of a compound
    if left.lower() in CLOSING_PREFIXES:
        if left[-1:].lower() == right[:1].lower() or (closed_zipf < 2.0 and lexicon.zipf(right) >= 3.0):
            return hyphened                              # re-elected, pre-empt; re-form where 'reform' is unknown
    elif left.lower() in PREFIXES and closed_zipf < 4.5:
        return hyphened                                  # co-operative, anti-fascist; but re-volution → revolution
    if lexicon.zipf(left) >= 3.5 and lexicon.zipf(right) >= 3.0 and closed_zipf < 3.0 \
            and (english().pair(left.lower(), right.lower()) or closed_zipf < 1.7):
        return hyphened          # two words of their own: middle-class, gold-mines (not dis-charging, gold-fields:
        #                          English writes those closed, not as a pair)
    if closed_zipf >= 2.0 and closed_zipf >= hyphened_zipf:
        return closed
    if hyphened_zipf > closed_zipf or (lexicon.zipf(left) >= 3.0 and lexicon.zipf(right) >= 3.0 and closed_zipf < 1):
        return hyphened
    return closed


def join_hyphenated_words(text, context) -> list[Change]:
    changes, lines = [], text.lines
    for index in range(len(lines) - 1):
        number, line = lines[index]
        following = index + 1
        if following + 1 < len(lines) and lines[following][1] and CAPTION.match(lines[following][1].strip()):
            following += 1                           # a caption dropped between the halves of a word
        next_number, next_line = lines[following]
        if line is None or next_line is None:
            continue
        end = hyphen_end(line.rstrip(), LETTERS)       # (where the word starts, the word)
        start = WORD_START.match(next_line)
        if not end or not start or line.rstrip().endswith("--"):
            continue
        word = joined_word(end[1], start[1], context.lexicon)
        head = line.rstrip()[:end[0]] + word + start[2]
        rest = next_line[start.end():]
        lines[index] = (number, head)
        lines[following] = (next_number, rest if rest.strip() else None)
        changes.append(Change("join_hyphenated_words", text.source, number, f"{end[1]}- {start[1]}", word,
                              "hyphen kept" if "-" in word else "line-end hyphen"))
    text.lines = [(n, line) for n, line in lines if line is not None]
    return changes
