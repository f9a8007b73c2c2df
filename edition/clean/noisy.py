"""The noisy-channel corrector of OCR words: the error model (channel.py) times the context model (context.py).

For a word read ``w`` between ``left`` and ``right``, each printed word
``c`` within two learned repairs (or a split in two) is scored

    log P(w | c)  +  log P(c | left)  +  log P(right | c)

and the word as read is scored the same way (no repair; an unknown word
with the prior of an unknown word, higher for a capitalised one and for
one the edition writes more than once, lower in a text noisier than the
OCR the model learned from; an English word with a prior of being right
that grows as the text is clean: see ``noise``).  A reading of
a non-word that the edition writes elsewhere gains (CACHE), and so does a
reading whose pair with a neighbour the edition writes (LOCAL).  The
scores, made probabilities, give each reading its confidence::

    'of tho sale'     tho → the          (0.99: 'the' is likely, 'tho' is not, o/e is common)
    'they arc going'  arc → are
    'Crown Lnnd'      Lnnd → Land
    'ofleied'         → offered
    'Ame rica'        → America          (two pieces of one word: ``joined``)
    'controversie'    stays: no English word is near enough to outweigh an unknown old spelling

A change is made when its confidence reaches APPLY, APPLY_REAL for a real
word changed into another, or APPLY_SHORT for a word of two letters (all
calibrated with bench/calibrate_ocr.py on real newspaper OCR, the model
learned on one half of the articles and measured on the other, so that
such changes are right 99 times in 100); from SUSPECT up it is only listed
as a suspect.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

from edition.clean.channel import MARK, channel, confusions
from edition.clean.context import english

APPLY = 0.97            # for a word that is no English word ('tbo'): right 99.3-99.7 times in 100 on real OCR
APPLY_REAL = 0.95       # for an English word read in place of another ('arc'): right 99.1-99.3 times in 100
APPLY_SHORT = 0.99      # for a word of two letters ('bo', 'ho', 'lb'): so many short strings are abbreviations
SUSPECT = 0.6
#: log P of an unknown word (a name, a coinage, an old spelling) being meant, lower case and capitalised
UNKNOWN = math.log(2e-9)
UNKNOWN_NAME = math.log(2e-7)
WEIGHT = 0.7           # of the context model against the error model (n-gram scores are overconfident)
NOISE = 0.1            # the noise (share of non-words) of the OCR the error model was learned on
NAMES = 0.01           # the share of names and coinages in a clean text
#: below this share of non-words (beyond names) a text is clean, born digital or well proofread: a name in it
#: is the author's (the default reader: 0.2 %; damaged essays 0.7-3 %; newspaper OCR 5-25 %)
CLEAN = 0.005
#: a text with this share of non-words (beyond names) is a bad scan: its capitals, guillemets, line edges are read
BAD_SCAN = 0.05
#: the share of the words with a mark inside them that are printed so (marked.py: not a compound's hyphen nor an
#: abbreviation's full stop): 'Kuring-gai', 'Fr.-sgt', a comma that lost its space; in a newspaper's OCR, 27 of
#: 306; the others are OCR's, and their readings are weighed given that (channel.unmarked)
PRINTED_MARK = 0.1
CACHE = 0.5            # weight of log(1 + times the edition writes the candidate of a non-word: 'Financo' → 'Finance')
LOCAL = 1.0             # weight of log(1 + times the edition writes the pair) in a candidate's score
HABIT = 0.5            # weight of log(1 + times the text's confident readings made a confusion)
MOST = 25               # candidates kept per word, the likeliest by the error model and word frequency


@lru_cache(maxsize=50_000)
def candidates(word: str) -> tuple[tuple[str, float], ...]:
    """The English words ``word`` may be a misreading of, with log P(word | candidate) − log P(word | word).

    'tho' → (('the', -2.5), ('rho', -6.6), ...); splits come as two words: 'ofthe' → ('of the', -4.9)
    """
    model, lexicon = channel(), english()
    lower = word.lower()
    vocabulary, targets = lexicon.vocabulary, lexicon.targets
    known = lower in vocabulary
    if known:       # a real word: only a learned confusion, never an inflection ('respondent(s)')
        found = {c: cost for c, cost in model.candidates(lower, depth=1, generic=False).items()
                 if c in targets and c != lower and not inflection(lower, c)}
    else:
        found = {c: cost for c, cost in model.candidates(lower, depth=2).items() if c in targets}
    if MARK.search(lower):          # a word with a mark inside ('tli.it'): the mark read, and one repair more
        found, single = {}, len(MARK.findall(lower)) == 1
        for unmarked, cost in model.unmarked(lower).items():
            options = model.candidates(unmarked, depth=1, generic=False) if single else {}
            for c, more in [(unmarked, 0.0), *options.items()]:
                if c in targets and cost + more > found.get(c, -99):
                    found[c] = cost + more
    elif not known and len(lower) >= 4:
        for k in range(1, len(lower)):
            left, right = lower[:k], lower[k:]
            if (len(left) > 1 or left in "ai") and (len(right) > 1 or right in "ai") \
                    and left in targets and right in targets:
                found[f"{left} {right}"] = model.join
    ranked = sorted(found.items(), key=lambda item: -(item[1] + 0.5 * sum(map(lexicon.logp, item[0].split()))))
    return tuple(ranked[:MOST])


def inflection(one: str, other: str) -> bool:
    """'principle'/'principles', 'desire'/'desired': the same word, not a misreading."""
    short, long = sorted((one, other), key=len)
    return long.startswith(short) and long[len(short):] in ("s", "es", "d", "ed", "r", "er", "n", "'s")


def noise(lexicon) -> float:
    """How damaged the edition's text is: the share of its words that are no English word, beyond the share of
    names and coinages any text has (at least 0.2 %).  Clean essays: under 1 %; bad newspaper OCR: 5-25 %."""
    found = getattr(lexicon, "_noise", None)
    if found is None:
        found = lexicon._noise = noise_of(lexicon.counts)
    return found


def noise_of(counts) -> float:
    """``noise`` of words counted (lower case, a Counter): of one text, where the edition holds several."""
    lm, total, unknown = english(), 0, 0
    for word, count in counts.items():
        if word.isalpha() and len(word) > 1:
            total += count
            unknown += count * (not lm.known(word))
    return max(0.002, unknown / max(1, total) - NAMES)


def recase(candidate: str, word: str) -> str:
    """The candidate in the word's case: 'LNND' → 'LAND', 'Lnnd' → 'Land', 'lnnd' → 'land'."""
    if word.isupper() and len(word) > 1:
        return candidate.upper()
    if word[:1].isupper():
        return candidate[:1].upper() + candidate[1:]
    return candidate


def _context(lm, left: str, words: list[str], right: str) -> float:
    score, previous = 0.0, left
    for word in words:
        score += lm.logp_after(previous, word) if previous else lm.logp(word)
        previous = word
    if right:
        score += lm.logp_after(previous, right)
    return score


def _as_read(lm, left: str, words: list[str], right: str, lexicon) -> float:
    """The score of words as read: an unknown one with the prior of an unknown word (times how often the
    edition writes it), the word after it backed off to its own frequency."""
    score, previous = 0.0, left
    for word in words:
        if word in lm.vocabulary:
            score += WEIGHT * (lm.logp_after(previous, word) if previous else lm.logp(word))
        else:
            score += WEIGHT * UNKNOWN + math.log(max(1, lexicon.counts[word]))
        previous = word
    if right and right in lm.vocabulary:
        score += WEIGHT * lm.logp_after(previous, right)
    return score


def joined(first: str, second: str, left: str, right: str, lexicon) -> tuple[str, float] | None:
    """'Ame rica' → ('America', 0.99): two pieces read apart that make one English word, at least one of them
    no word, and the probability that they are one; None where they make no word."""
    lm = english()
    a, b = first.lower(), second.lower()
    merged = a + b
    if len(merged) < 4 or merged not in lm.unigrams or (a in lm.vocabulary and b in lm.vocabulary):
        return None
    one = channel().space + WEIGHT * _context(lm, left, [merged], right) + CACHE * math.log1p(lexicon.counts[merged])
    apart = _as_read(lm, left, [a, b], right, lexicon)
    return recase(merged, first), 1 / (1 + math.exp(min(50.0, apart - one)))


def threshold(word: str) -> float:
    """The confidence a change of ``word`` needs to be made: a word of two letters ('lb', 'bo') is held to the
    highest, since so many short strings are abbreviations."""
    if len(word) <= 2:
        return APPLY_SHORT
    return APPLY_REAL if english().known(word.lower()) else APPLY


def habits(made) -> Counter:
    """The confusions a text's OCR made, from the readings confidently mended in it ((read, meant) → times):
    ('o', 'e') forty times where 'tho', 'bo', 'woro' were mended."""
    found = Counter()
    for (read, meant), times in made.items():
        if " " not in meant:
            for confusion in confusions(meant, read):
                if confusion:
                    found[confusion] += times
    return found


def _habitual(candidate: str, read: str, habits) -> float:
    """How much the text's own confusions speak for ``candidate``: HABIT × log(1 + times the text made each)."""
    if not habits or " " in candidate:
        return 0.0
    made = [habits.get(confusion, 0) if confusion else 0 for confusion in confusions(candidate, read)]
    return HABIT * sum(math.log1p(times) for times in made) if made and all(made) else 0.0


def correction(word: str, left: str, right: str, lexicon, name: bool, habits=None,
               marked: bool = False) -> tuple[str, float] | None:
    """The likeliest printed word for ``word`` read between ``left`` and ``right`` (lower-case neighbours,
    '' at the edge of a sentence) and its probability, or None when the word as read is the likeliest;
    ``habits``: the text's own confusions (see ``habits``), which speak for the readings of a non-word only
    (a real word so read again is too often right: 'studios', 'got'); ``marked``: the word has a mark inside
    ('tli.it'), seldom printed so (PRINTED_MARK)."""
    lm = english()
    lower = word.lower()
    options = candidates(word)
    known = lower in lm.vocabulary
    if known:       # one real word for another only where English writes it beside a neighbour, or, at a
        pairs = lm.bigrams      # sentence's start before a word no pair tells of, by their frequencies alone
        silent = not left and f"{lower} {right}" not in pairs
        options = [(c, cost) for c, cost in options if f"{left} {c}" in pairs or f"{c} {right}" in pairs
                   or silent and f"{c} {right}" not in pairs]
    if not options:
        return None
    times = lexicon.counts[lower]
    if known:
        # a real word read in place of another: as likely as the text is noisy ('tho' for 'the' in a bad scan,
        # hardly ever in a clean text)
        as_read = WEIGHT * _context(lm, left, [lower], right) - math.log(noise(lexicon) / NOISE)
    else:
        prior = UNKNOWN_NAME if name else UNKNOWN
        as_read = WEIGHT * (prior + (lm.logp_after(lower, right) if right else 0.0)) + math.log(max(1, times)) \
            - max(0.0, math.log(noise(lexicon) / NOISE))
        if marked:
            as_read += math.log(PRINTED_MARK) - math.log(1 - PRINTED_MARK)
    scores = {lower: as_read}
    for candidate, cost in options:
        parts = candidate.split()
        local = lexicon.bigram(left, parts[0]) + lexicon.bigram(parts[-1], right) if left or right else 0
        again = 0 if known else min(lexicon.counts[part] for part in parts)   # the edition writes it elsewhere
        scores[candidate] = cost + WEIGHT * _context(lm, left, parts, right) + LOCAL * math.log1p(local) \
            + CACHE * math.log1p(again) + (0.0 if known else _habitual(candidate, lower, habits))
    best = max(scores, key=scores.get)
    if best == lower:
        return None
    top = scores[best]
    total = sum(math.exp(s - top) for s in scores.values())
    return recase(best, word), 1 / total

