"""The OCR error model: how likely a printed word is to be read as what the OCR wrote.

A noisy channel in the manner of Brill and Moore (2000): the OCR turns a
short piece of the printed word (one to three letters, with a letter of
context for an insertion or a deletion) into another, with a probability
learned from OCR text aligned with its human correction (figures of the
shipped model, learned from Sydney Morning Herald OCR)::

    Land → Lnnd        a → n            (p ≈ 0.014)
    modern → rnodern   m → rn           (p ≈ 0.001)
    offered → ofleied  f → l, r → i     (two repairs: p ≈ 0.008 × 0.023)
    of the → ofthe     a space lost     (p ≈ 0.006 a word)

The model ships as ``ocr_model.json`` beside this module (only counts of
confusions, no text).  To learn it again from other pairs::

    python bench/learn_ocr_model.py OCR_DIR [OCR_DIR ...] [-o edition/clean/ocr_model.json]

where each folder holds ``NAME.ocr.txt`` and ``NAME.gold.txt`` with the same
lines (or pass ``OCR_FILE GOLD_FILE`` pairs with ``--pairs``).  ``learn``
aligns the pairs line by line, then word by word (a word split or joined
by the OCR is aligned as one piece with its spaces), then letter by letter
(Levenshtein), and counts each confusion against how often its printed
side occurs in the correct text.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

MODEL = Path(__file__).with_name("ocr_model.json")
LONGEST = 3              # the longest piece of a word one confusion turns into another
#: confusions OCR is known to make, given a modest probability where the learned model has not seen them
PRIOR = [("m", "rn"), ("d", "cl"), ("h", "li"), ("th", "tb"), ("h", "b"), ("u", "ii"), ("w", "vv"),
         ("l", "I"), ("l", "1"), ("o", "0"), ("e", "c"), ("c", "e"), ("n", "u"), ("u", "n"), ("s", "5"),
         ("fi", "ﬁ"), ("fl", "ﬂ"), ("h", "k"), ("y", "v"), ("i", "l"), ("l", "i"), ("f", "t"), ("t", "f")]
PRIOR_P = 1e-3
DASH = re.compile(r"[-‐‑‒–—―]+")
QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
#: glyphs OCR reads in place of letters ('week«' for 'weeks', 'la»vrence'): part of a word, not punctuation
GLYPHS = "«»"
#: a mark a bad scan reads for a letter, or adds, inside a word ('tli.it', 'a-nount'): any but a letter, a digit,
#: a space, an apostrophe (contractions are the author's), a glyph above, or a long dash (the author's too)
MARK = re.compile(r"[^\w\s«»'’‐‑‒–—―]")
CORE = re.compile(r"^[^\w«»]*(.*?)[^\w«»]*$", re.S)


# ------------------------------------------------------------------ learning

def levenshtein_pairs(gold: str, ocr: str) -> list[tuple[str, str]]:
    """The letter-by-letter alignment of two strings as (gold, ocr) pairs, '' for a gap.

    'Land', 'Lnnd' → [('L','L'), ('a','n'), ('n','n'), ('d','d')]
    """
    n, m = len(gold), len(ocr)
    cost = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        cost[i][0] = i
    for j in range(m + 1):
        cost[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            same = gold[i - 1] == ocr[j - 1]
            near = gold[i - 1].lower() == ocr[j - 1].lower()
            cost[i][j] = min(cost[i - 1][j - 1] + (0 if same else 0.5 if near else 1),
                             cost[i - 1][j] + 1, cost[i][j - 1] + 1)
    pairs, i, j = [], n, m
    while i or j:
        if i and j:
            same = gold[i - 1] == ocr[j - 1]
            near = gold[i - 1].lower() == ocr[j - 1].lower()
            if cost[i][j] == cost[i - 1][j - 1] + (0 if same else 0.5 if near else 1):
                pairs.append((gold[i - 1], ocr[j - 1]))
                i, j = i - 1, j - 1
                continue
        if i and cost[i][j] == cost[i - 1][j] + 1:
            pairs.append((gold[i - 1], ""))
            i -= 1
        else:
            pairs.append(("", ocr[j - 1]))
            j -= 1
    return pairs[::-1]


def confusions(gold: str, ocr: str) -> list[tuple[str, str]]:
    """The confusions that turn a printed word into the OCR's: runs of unequal letters, a lone insertion
    or deletion taken with the letter before it (or after it, at the start).

    'modern', 'rnodern' → [('m', 'rn')];  'letter', 'leter' → [('tt', 't')]
    """
    pairs = levenshtein_pairs(gold, ocr)
    found, i = [], 0
    while i < len(pairs):
        if pairs[i][0] == pairs[i][1]:
            i += 1
            continue
        j = i
        while j < len(pairs) and pairs[j][0] != pairs[j][1]:
            j += 1
        g = "".join(p[0] for p in pairs[i:j])
        o = "".join(p[1] for p in pairs[i:j])
        if not g or not o:                     # a bare insertion or deletion: add a letter of context
            if i > 0:
                g, o = pairs[i - 1][0] + g, pairs[i - 1][1] + o
            elif j < len(pairs):
                g, o = g + pairs[j][0], o + pairs[j][1]
        if 0 < len(g) <= LONGEST and 0 < len(o) <= LONGEST:
            found.append((g, o))
        else:
            found.append(None)                 # too long to learn from: still an error
        i = j
    return found


def word_pairs(gold_line: str, ocr_line: str):
    """(gold, ocr) pieces of one line: single words, or a few words split or joined by the OCR with their
    spaces ('of the', 'ofthe'); leading and trailing punctuation stripped."""
    gold, ocr = gold_line.split(), ocr_line.split()
    matcher = SequenceMatcher(None, [w.lower() for w in gold], [w.lower() for w in ocr], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for word in gold[i1:i2]:
                yield word, word
        elif op == "replace" and i2 - i1 == j2 - j1:
            yield from zip(gold[i1:i2], ocr[j1:j2])
        elif op == "replace" and max(i2 - i1, j2 - j1) <= 3:
            g, o = " ".join(gold[i1:i2]), " ".join(ocr[j1:j2])
            if SequenceMatcher(None, g, o).ratio() >= 0.6:
                yield g, o


def core(word: str) -> str:
    return CORE.match(word)[1]


def typography(text: str) -> str:
    """Straight quotes and one '-' for any dash: the corrector mends letters, not typography."""
    return DASH.sub("-", text.translate(QUOTES))


def learn(pairs) -> dict:
    """The model from (gold text, OCR text) pairs with the same lines."""
    rules, pieces, words, wrong, lost, added, errors = Counter(), Counter(), 0, 0, 0, 0, 0
    marks = Counter()                 # a mark read for a letter, added, or merged with a letter: how often
    for gold_text, ocr_text in pairs:
        gold_lines, ocr_lines = typography(gold_text).splitlines(), typography(ocr_text).splitlines()
        if len(gold_lines) != len(ocr_lines):
            continue
        for gold_line, ocr_line in zip(gold_lines, ocr_lines):
            for g, o in word_pairs(gold_line, ocr_line):
                g, o = core(g).lower(), core(o).lower()      # case is mended by recasing, not learned
                if not g or not o or not re.search(r"[A-Za-z]", g):
                    continue
                words += 1 + g.count(" ")
                for n in range(1, LONGEST + 1):
                    pieces.update(g[k:k + n] for k in range(len(g) - n + 1))
                if g != o:
                    wrong += 1
                    lost += max(0, g.count(" ") - o.count(" "))
                    added += max(0, o.count(" ") - g.count(" "))
                    for found in confusions(g, o):
                        kind = found and _mark_kind(*found)
                        if kind:
                            marks[kind] += 1
                        errors += 1
                        if found and re.search(r"\w", found[0] + found[1]) and " " not in found[0] + found[1]:
                            rules[found] += 1
    # a confusion seen once may be chance; one seen twice or more is a habit of OCR
    kept = {f"{g}\t{o}": [count, pieces[g]] for (g, o), count in rules.items() if count >= 2 and pieces[g]}
    letters = sum(count for piece, count in pieces.items() if len(piece) == 1)
    return {"about": "OCR confusions: 'printed\\tread': [times, times the printed piece occurs]; "
                     "learned by bench/learn_ocr_model.py",
            "words": words, "wrong_words": wrong, "letters": letters, "confusions_seen": errors,
            "spaces_lost": lost, "spaces_added": added,
            "marks": {kind: marks[kind] for kind in ("letter", "added", "merged")},
            "rules": dict(sorted(kept.items(), key=lambda item: -item[1][0]))}


def _mark_kind(printed: str, read: str) -> str | None:
    """How a mark came inside a word: 'letter' for a letter read as a mark ('r', '/'), 'added' for a mark added
    beside a letter ('e', 'e-'), 'merged' for a letter read as a mark and another letter ('a', '.i'); None for
    any other confusion."""
    if len(printed) != 1 or not printed.isalpha():
        return None
    if len(read) == 1 and MARK.fullmatch(read):
        return "letter"
    if len(read) == 2 and sum(bool(MARK.fullmatch(c)) for c in read) == 1:
        letter = read[1] if MARK.fullmatch(read[0]) else read[0]
        if letter.isalpha():
            return "added" if letter == printed else "merged"
    return None


# ------------------------------------------------------------------ using

class Channel:
    """log P(read | printed) for the pieces of a word, and the repairs of a read word."""

    def __init__(self, model: dict):
        #: read piece → [(printed piece, log probability)]
        self.repairs: dict[str, list[tuple[str, float]]] = {}
        seen = set()
        for key, (count, occurs) in model["rules"].items():
            printed, read = key.split("\t")
            if not re.fullmatch(r"[a-z'-]+", printed):
                continue                            # a word is mended into letters, never into junk
            p = (count + 0.5) / (occurs + 1)
            self.repairs.setdefault(read, []).append((printed, math.log(min(p, 0.5))))
            seen.add((printed, read))
        for printed, read in PRIOR:
            if (printed, read) not in seen:
                self.repairs.setdefault(read, []).append((printed, math.log(PRIOR_P)))
        #: log P(how a mark inside a word came, given that OCR made it): read for a letter, added, or read with
        #: a letter beside it for another letter; pooled over the marks and letters (too few to learn each pair)
        kinds = model.get("marks", {})
        self.marks = {kind: math.log((kinds.get(kind, 0) + 1) / (sum(kinds.values()) + 3))
                      for kind in ("letter", "added", "merged")}
        for options in self.repairs.values():
            options.sort(key=lambda option: -option[1])
        #: log P(a letter is read right)
        self.right = math.log(1 - model["confusions_seen"] / max(1, model["letters"]))
        #: log P(a space between two words is lost: 'ofthe'), log P(a space read inside a word: 'Ame rica')
        self.join = math.log((model["spaces_lost"] + 1) / max(1, model["words"]))
        self.space = math.log((model["spaces_added"] + 1) / max(1, model["letters"]))
        self.longest = max((len(read) for read in self.repairs), default=1)
        #: log P of any one letter dropped, doubled, added or changed that the model has not learned
        unlearned = model["confusions_seen"] - sum(count for count, _ in model["rules"].values())
        self.generic = math.log(max(1, unlearned) / max(1, model["letters"]) / 26)

    def edits(self, word: str, floor: float) -> list[tuple[int, int, str, float]]:
        """Every single repair of ``word`` at least as likely as ``floor``: (start, end, printed, log p)."""
        found = []
        for start in range(len(word)):
            for end in range(start + 1, min(len(word), start + self.longest) + 1):
                for printed, logp in self.repairs.get(word[start:end], ()):
                    if logp < floor:
                        break
                    found.append((start, end, printed, logp))
        return found

    def unmarked(self, word: str) -> dict[str, float]:
        """The words without its marks that ``word`` read with a mark inside may be, each mark read for a
        letter, added, or read with the letter beside it for another: word → log P(reading | OCR made the
        marks).  'f.irmei' → {'firmei': -2.1, 'fairmei': -4.1, 'farmei': -5.0, ...}"""
        readings = {"": 0.0}
        alphabet = "abcdefghijklmnopqrstuvwxyz"
        for char in word:
            if not MARK.fullmatch(char):
                readings = {r + char: cost for r, cost in readings.items()}
                continue
            after = {}
            for r, cost in readings.items():
                options = [(r + c, self.marks["letter"] - math.log(26)) for c in alphabet]
                if char != "-":             # a hyphen between letters is the author's, if it is no letter
                    options.append((r, self.marks["added"]))
                if r[-1:].isalpha():        # with the letter before it
                    options += [(r[:-1] + c, self.marks["merged"] - math.log(52)) for c in alphabet if c != r[-1]]
                for option, option_cost in options:
                    if cost + option_cost > after.get(option, -99):
                        after[option] = cost + option_cost
            readings = after
        # with the letter after it: the mark and that letter read for another
        for i in range(len(word) - 1):
            if MARK.fullmatch(word[i]) and word[i + 1].isalpha() and not MARK.search(word[:i] + word[i + 2:]):
                for c in alphabet:
                    if c != word[i + 1]:
                        option = word[:i] + c + word[i + 2:]
                        readings[option] = max(readings.get(option, -99), self.marks["merged"] - math.log(52))
        return {r: cost for r, cost in readings.items() if not MARK.search(r)}

    def candidates(self, word: str, depth: int = 2, floor: float = -11.0, limit: int = 4000,
                   generic: bool = True) -> dict[str, float]:
        """What ``word`` may have been printed as, within ``depth`` repairs: printed → log P(word | printed)
        minus log P(word | word), the cost of the repairs against reading the word as it stands.
        In lower case: 'Lnnd' → {'land': -4.1, 'lond': -6.6, ...}
        """
        word = word.lower()
        edits = sorted(self.edits(word, floor), key=lambda e: -e[3])
        out: dict[str, float] = {}
        right = self.right
        for start, end, printed, logp in edits:
            text, logp = word[:start] + printed + word[end:], logp - right * (end - start)
            if logp > out.get(text, -99):
                out[text] = logp
        if depth >= 2:
            for a, (s1, e1, p1, l1) in enumerate(edits):
                if len(out) >= limit:
                    break
                for s2, e2, p2, l2 in edits[a + 1:]:
                    if l1 + l2 < floor:
                        break
                    if e1 <= s2 or e2 <= s1:
                        (sa, ea, pa), (sb, eb, pb) = sorted([(s1, e1, p1), (s2, e2, p2)])
                        text = word[:sa] + pa + word[ea:sb] + pb + word[eb:]
                        logp = l1 + l2 - right * (e1 - s1 + e2 - s2)
                        if logp > out.get(text, -99):
                            out[text] = logp
        if generic:             # any one letter: as likely as the model's unlearned confusions, below its learned ones
            dropped, changed = self.generic, self.generic - right
            for i in range(len(word) + 1):
                head, tail = word[:i], word[i:]
                if tail:
                    out.setdefault(head + tail[1:], changed)                            # a letter added
                for letter in "abcdefghijklmnopqrstuvwxyz":
                    out.setdefault(head + letter + tail, dropped)                       # a letter dropped
                    if tail and letter != tail[0]:
                        out.setdefault(head + letter + tail[1:], changed)               # a letter changed
        return out


@lru_cache(maxsize=1)
def channel() -> Channel:
    return Channel(json.loads(MODEL.read_text(encoding="utf-8")))
