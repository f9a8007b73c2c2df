"""correct_ocr_words: repair OCR errors that make non-words; list doubtful real-word errors as suspects.

A word is corrected only when it is rare or unknown in English, is not
learned from the edition (used twice) nor kept by the editor, and a change
that OCR typically makes turns it into a common word::

    Iasting → lasting     tbe → the     rnodern → modern     cornmunist → communist
    COuncil → Council     hr proletariat → The proletariat (a lost drop cap)
    at at least → at least (a doubled word)

Real words that may be errors ("an presuppose", "socialism in one county")
are changed only where the edition itself is decisive (the corrected
phrase stands elsewhere in it, the written one nowhere else); otherwise
they are listed as suspects.  Precision comes first: a wrong correction is
worse than a missed one.
"""

from __future__ import annotations

import re
import string

from edition.changes import Change
from edition.model import LeadIn, Paragraph
from edition.passes.walk import inline_lists, strs

#: (as read, as meant): the confusions OCR makes; the first STRONG of them are the most common by far
STRONG = 18
CONFUSIONS = [
    ("rn", "m"), ("m", "rn"), ("cl", "d"), ("d", "cl"), ("li", "h"), ("h", "li"), ("lh", "th"), ("tb", "th"),
    ("b", "h"), ("h", "b"), ("ii", "u"), ("u", "ii"), ("vv", "w"), ("w", "vv"), ("I", "l"), ("1", "l"),
    ("l", "I"), ("l", "i"), ("i", "l"), ("0", "o"), ("O", "o"), ("e", "c"), ("c", "e"), ("n", "u"), ("u", "n"),
    ("t", "f"), ("f", "t"), ("5", "s"), ("S", "s"), ("8", "B"), ("c", "o"), ("o", "c"), ("e", "o"), ("o", "e"),
    ("a", "o"), ("o", "a"), ("r", "n"), ("n", "r"), ("ri", "n"), ("in", "m"), ("ni", "m"), ("iu", "m"),
    ("fi", "ﬁ"), ("h", "k"), ("k", "h"), ("y", "v"), ("v", "y"), ("j", "i"), ("i", "j"), ("f", "l"), ("l", "f"),
    ("c", "s"), ("s", "c"), ("a", "e"), ("e", "a"),
]
TOKEN = re.compile(r"(?<![\w’'-])([^\W_][\w’']*[^\W_]|[^\W\d_]{2})(?![\w’'-])")
ARTICLE = re.compile(r"\b(an) ([bcdfgjklmnpqrstvwxz][a-z]+)\b")
NEVER_DOUBLED = {"that", "had", "is", "very", "no", "yes", "far", "so", "bye", "well", "ha", "do", "knock", "on",
                 "in", "up", "out", "off", "over", "by", "it", "which", "who"}
FUNCTION_WORDS = {"a", "an", "the", "of", "to", "in", "on", "at", "and", "or", "for", "by", "with", "as", "is",
                  "it", "be", "was", "are", "he", "she", "we", "they", "his", "her", "its", "our", "their", "this",
                  "from", "not", "but", "if", "then", "than", "into", "which", "who", "were", "been", "has", "have"}
COMMON = 3.0        # a word at least this common (Zipf) is never a non-word
GAIN = 2.0          # a correction must be this much more common than the word as read


def _substitutions(word: str, strong_only: bool = False):
    for rank, (wrong, right) in enumerate(CONFUSIONS[:STRONG] if strong_only else CONFUSIONS):
        start = word.find(wrong)
        while start != -1:
            yield word[:start] + right + word[start + len(wrong):], 0.0 if rank < STRONG else 0.5
            start = word.find(wrong, start + 1)


def _edits(word: str):
    """Dropped, extra and doubled letters: costlier than the confusions."""
    lower = word.lower()
    for i in range(len(lower) + 1):
        for letter in string.ascii_lowercase:
            yield lower[:i] + letter + lower[i:], 0.7
    for i in range(len(lower)):
        yield lower[:i] + lower[i + 1:], 0.7


def _recase(candidate: str, word: str, sentence_start: bool) -> str:
    if word.isupper() and len(word) > 1:
        return candidate.upper()
    if word[:1].isupper() and not (word[0] in "Il1" and candidate[:1].islower() and not sentence_start):
        return candidate[:1].upper() + candidate[1:]
    return candidate


def best_correction(word: str, lexicon, before: str = "", after: str = "",
                    sentence_start: bool = False) -> tuple[str, float] | None:
    """The correction of a non-word and its confidence, or None."""
    if len(word) < 3 or lexicon.learned(word) or (word.isupper() and len(word) > 1 and not re.search(r"\d", word)):
        return None
    letters = sum(c.isalpha() for c in word)
    if not word.isascii() or letters < 2 * (len(word) - letters) or re.fullmatch(r"[A-Za-z]+\d+", word):
        return None                     # a number, a foreign word, or a word with its note number ('maintained4')
    zipf = lexicon.zipf(word)
    if zipf >= COMMON:
        return None
    mixed = re.fullmatch(r"[A-Z]{2}[a-z]+", word)
    if mixed and lexicon.zipf(word.capitalize()) >= COMMON:
        return word.capitalize(), 0.95
    name = word[:1].isupper() and not sentence_start
    attested = zipf >= 2.0                              # a real if rare word: only the commonest confusions
    scored = {}
    for candidate, cost in _substitutions(word, strong_only=attested or name):
        _score(scored, candidate, cost, lexicon, before, after)
    if not scored and len(word) >= 5 and not name and zipf == 0:
        for candidate, cost in _edits(word):
            _score(scored, candidate, cost, lexicon, before, after)
    if not scored:
        return None
    ranked = sorted(scored.items(), key=lambda item: -item[1])
    candidate, score = ranked[0]
    misread_initial = word[0] in "Il1" and candidate[:1].islower()    # 'Iasting': not a name but 'lasting'
    needed = GAIN + (1.5 if name and not misread_initial else 0.0) + (1.0 if attested else 0.0)
    if score - zipf < needed or lexicon.zipf(candidate) < COMMON:
        return None
    if len(ranked) > 1 and score - ranked[1][1] < 0.5:
        return None                                     # two readings, nothing to choose between them
    confidence = min(0.99, 0.6 + (score - zipf) / 10)
    return _recase(candidate, word, sentence_start), confidence


def _score(scored, candidate, cost, lexicon, before, after):
    zipf = lexicon.zipf(candidate)
    if zipf < (4.0 if cost >= 0.7 else COMMON - 0.5):
        return
    context = lexicon.bigram(before, candidate) + lexicon.bigram(candidate, after) if before or after else 0
    score = zipf - cost + min(1.5, 0.5 * context)
    key = candidate.lower() if candidate[:1].islower() else candidate
    scored[key] = max(scored.get(key, -99), score)


def drop_cap(word: str, following: str, lexicon) -> str | None:
    """'hr' before 'proletariat' → 'The': the lost initial of a text's first word, perhaps with a misread letter."""
    if not word or not word[0].islower() or lexicon.zipf(word) >= 5.5 and lexicon.bigram(word, following) > 0:
        return None
    candidates = {}
    for letter in string.ascii_uppercase:
        base = letter + word
        options = [base] + [base[:i] + c + base[i + 1:] for i in range(1, len(base)) for c in string.ascii_lowercase]
        for option in options:
            zipf = lexicon.zipf(option)
            if zipf >= 4.0:
                bonus = min(2.0, lexicon.bigram(option, following))
                candidates[option] = max(candidates.get(option, 0), zipf + bonus - (0 if option == base else 1))
    if not candidates:
        return None
    best = max(candidates, key=candidates.get)
    return best if candidates[best] >= 5.0 else None


def correct_ocr_words(text, context) -> list[Change]:
    lexicon = context.lexicon
    keep = {k.lower() for k in text.settings.get("keep", set())}
    changes = []
    opening = True
    for block in text.blocks:
        for inlines in inline_lists(block):
            if opening and isinstance(block, Paragraph) and inlines and not isinstance(inlines[0], LeadIn):
                changes += _drop_cap(block, inlines, lexicon, text.source)
            opening = False
            changes += _doubled_words(block, inlines, text.source)
            for leaf in strs(inlines):
                leaf.text, found = _correct_leaf(leaf.text, lexicon, keep, block, text.source)
                changes += found
    return changes


def _correct_leaf(value: str, lexicon, keep, block, source) -> tuple[str, list[Change]]:
    changes = []
    tokens = list(TOKEN.finditer(value))
    out, position = [], 0
    for index, match in enumerate(tokens):
        word = match[1]
        if word.lower() in keep:
            continue
        before = tokens[index - 1][1] if index else ""
        after = tokens[index + 1][1] if index + 1 < len(tokens) else ""
        sentence_start = index == 0 or bool(re.search(r"[.!?]\W*$", value[:match.start()]))
        found = best_correction(word, lexicon, before, after, sentence_start)
        if found:
            corrected, confidence = found
            out.append(value[position:match.start()] + corrected)
            position = match.end()
            changes.append(Change("correct_ocr_words", source, block.line, _context(value, match), corrected,
                                  "OCR non-word", confidence=confidence))
    out.append(value[position:])
    for match in ARTICLE.finditer(value):
        if lexicon.zipf(match[2]) >= 3.0 and not match[2].startswith(("hon", "hour", "heir", "one", "uni", "use")):
            changes.append(Change("correct_ocr_words", source, block.line, _context(value, match), "",
                                  f"'{match[1]} {match[2]}': a word missing or misread?", confidence=0.4,
                                  applied=False))
    return "".join(out), changes


def _context(value: str, match) -> str:
    return value[max(0, match.start() - 25):match.end() + 25]


def _drop_cap(block, inlines, lexicon, source) -> list[Change]:
    leaves = strs(inlines)
    if not leaves:
        return []
    first = leaves[0]
    match = re.match(r"([a-z]+)(\s+)([A-Za-z]+)", first.text)
    if not match or lexicon.zipf(match[1]) >= 6.0:
        return []
    fixed = drop_cap(match[1], match[3], lexicon)
    if not fixed:
        return []
    before = first.text[:40]
    first.text = fixed + first.text[len(match[1]):]
    return [Change("correct_ocr_words", source, block.line, before, first.text[:40], "lost drop cap",
                   confidence=0.8)]


def _doubled_words(block, inlines, source) -> list[Change]:
    """'at at least' → 'at least'; 'soon revealed soon revealed' → 'soon revealed'."""
    changes = []
    for leaf in strs(inlines):
        def undouble(match):
            unit = match[1]
            parts = unit.lower().split()
            if unit.lower() in NEVER_DOUBLED or (len(parts) == 1 and parts[0] not in FUNCTION_WORDS) \
                    or (len(parts) > 1 and any(p in FUNCTION_WORDS or p in ("more", "less", "again") for p in parts)):
                return match[0]
            changes.append(Change("correct_ocr_words", source, block.line, match[0], unit, "doubled word",
                                  confidence=0.85))
            return unit
        leaf.text = re.sub(r"\b([A-Za-z]+(?: [A-Za-z]+){0,2}) \1\b", undouble, leaf.text)
    return changes

