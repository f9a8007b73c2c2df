"""restore_full_stops: the full stops a scan lost, where the text itself shows the loss.

A full stop is the smallest mark on a page, and some OCR loses most of
them: a whole article comes out with its sentences run together and its
initials bare::

    …he was entitled to the salary he was receiving at the time of the Injury The defence was a denial…
    …for £16/15/4          (a paragraph's last, short line)
    Mr G Amsberg and Mr W Redapple

English sets a full stop before a sentence's opening word ('The', 'It',
'He' after a lowercase word), so the text shows how many it lost: where it
runs more sentences together than it parts with a full stop, and is a scan
(not clean: see noisy.CLEAN), it is *starved*, and only then are the lost
stops put back:

- before a word that opens sentences ('The', 'It', 'He', 'They', 'But' …)
  and follows a word a sentence can end on (not 'the', 'of', 'and' …);
- at the end of a paragraph's last line (short, followed by a line that
  begins with a capital), unless the line is a heading in capitals, a
  parenthesis, or ends in a title or an initial;
- after an initial before a name ('G Amsberg' → 'G. Amsberg').

A text in any other state keeps its punctuation as written, and so do
titles ('Mr', 'Messrs'), which some houses print without a stop.
"""

from __future__ import annotations

import re
from collections import Counter

from edition.model.changes import Change
from edition.clean import noisy
from edition.clean.lexicon import words
from edition.clean.passes.blocks import wrap_width
from edition.clean.passes.patterns import DANGLING, TITLES, heading_like

#: words that open sentences and, capitalised, hardly ever stand inside one after a lowercase word
OPENERS = ("The", "It", "He", "She", "They", "We", "There", "This", "These", "His", "Their", "After", "When",
           "But", "Later")
#: a word a sentence ends on, a space, and an opening word: the full stop between them lost
RUN_ON = re.compile(r"(?<![\w.’'-])([A-Za-z][a-z]+|\d+|[a-z]+\))( )(?=(?:" + "|".join(OPENERS) + r") [a-z])")
SENTENCE_GAP = re.compile(r"[.!?][”’\"')\]]* (?=(?:" + "|".join(OPENERS) + r") [a-z])")
#: an initial before a name (or before another initial): 'G Amsberg', 'J A Stalk'
INITIAL = re.compile(r"(?<![\w.’'&-])([B-HJ-Z]|(?<=[A-Z]\. )A|(?<=\b[A-Z] )A|(?<=Mr )A|(?<=Mrs )A)( )(?=[A-Z](?:[a-z]|\.? |'[A-Z]))")
#: a line's last word on which no paragraph ends: a title, an initial, a word that wants its sequel
NO_END = re.compile(r"(?:\b(?:" + "|".join(TITLES) + r"|[A-Z]|" + "|".join(DANGLING) + r")|[,;:\-–—&(/])$", re.I)
#: times a text must run sentences together, and how much more often than it parts them, to be starved
LOST = 2
SHORT = 0.7             # of the wrap width: a paragraph's last line


def restore_full_stops(text, context) -> list[Change]:
    lines = text.lines
    whole = "\n".join(line for _, line in lines)
    changes = []
    starved = _starved(whole)
    width = wrap_width(lines) if starved else None
    for index, (number, line) in enumerate(lines):
        new = line
        if starved:
            new = RUN_ON.sub(_run_on, new)
            new = INITIAL.sub(r"\1.\2", new)
            following = lines[index + 1][1] if index + 1 < len(lines) else ""
            if _paragraph_end(new, lines[index - 1][1] if index else "", following, width):
                new = new.rstrip() + "." + new[len(new.rstrip()):]
        if new != line:
            lines[index] = (number, new)
            changes.append(Change("restore_full_stops", text.source, number, line.strip(), new.strip(),
                                  "a full stop the scan lost", confidence=0.9))
    return changes


def _starved(whole: str) -> bool:
    """Does the text run sentences together ('… the Injury The defence') more often than it parts them, and
    is it a scan (not clean: a poem's lines run so, and a clean text's punctuation is its author's)?"""
    flat = re.sub(r"\s+", " ", whole)
    lost = sum(1 for match in RUN_ON.finditer(flat) if _parts(match))
    if lost < LOST or lost <= 2 * len(SENTENCE_GAP.findall(flat)):
        return False
    return noisy.noise_of(Counter(word.lower() for word in words(whole))) >= noisy.CLEAN


def _run_on(match: re.Match) -> str:
    return match[1] + "." + match[2] if _parts(match) else match[0]


def _parts(match: re.Match) -> bool:
    """Does the run-on part two sentences: is its first word one a sentence can end on (not 'the', 'of')?"""
    return match[1].lower() not in DANGLING


def _paragraph_end(line: str, previous: str, following: str, width: int | None) -> bool:
    """Does ``line`` end a sentence whose full stop was lost: before a line that opens with a sentence's opening
    word, or as a paragraph's last line: short, running text (not a heading, not a parenthesis, not ending on
    a title, an initial or a word that wants its sequel), followed by a line that opens with a capital?"""
    stripped, after = line.strip(), following.strip()
    if not stripped or not after:
        return False
    last = stripped.split()[-1]
    join = RUN_ON.match(last + " " + after)
    if join and join.end(1) == len(last) and _parts(join):
        return True                                 # '… in great distress' / 'The magistrate said'
    if not width or len(line.rstrip()) >= SHORT * width:
        return False
    if not re.search(r"[a-z0-9)]$", stripped) or NO_END.search(stripped) or stripped.startswith("("):
        return False
    if not re.search(r"[a-z]{2}", stripped) or heading_like(stripped):
        return False                                # a heading, a number alone
    if not previous.strip() and len(stripped.split()) < 5:
        return False                                # a short line alone: a title, a name, a place
    opening = re.match(r"\(?([A-Z][A-Za-z]*)", after)
    if not opening:
        return False
    if re.search(r"[A-Z]\w*$", stripped):           # a name may go on ('New South' / 'Wales')
        return opening[1] in OPENERS or opening[1].lower() in DANGLING or opening[1] in TITLES
    return True
