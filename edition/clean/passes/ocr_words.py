"""correct_ocr_words: repair OCR misreadings by a learned noisy channel in context; list doubtful ones as suspects.

Each word is weighed by noisy.py: an error model learned from real OCR and
its human correction (channel.py, ocr_model.json) times English and the
edition's own word pairs (context.py).  A reading with a confidence of
noisy.APPLY (APPLY_REAL for a real word, APPLY_SHORT for two letters; calibrated on real OCR: 99 changes
in 100 right) replaces it; one from SUSPECT up is listed as a suspect::

    on tho same day → on the same day     buyers arc requested → buyers are requested
    will bo sold → will be sold            Crown Lnnd → Crown Land? (a suspect: 'Lnnd' may be a name)

Real words are changed only as often as the text is noisy (how many of its
words are no English word), only by a confusion OCR is known to make, and
only where English writes the new word beside a neighbour.  Possessives,
names the edition writes twice, words made of a known word and an ending
('Stalinoid'), and unknown old spellings the model finds no likelier reading
for ('controversie', 'befel') stand.

A word a bad scan read with a mark inside ('tli.it', 'ni?ht', 'minis.er') is read whole, its mark as a
letter, a speck or part of a letter (marked.py); the author's marks ('to-day', 'and/or', 'a.m.') stand.

Where the model proposes nothing, the hand-made list of OCR's common
confusions still mends non-words: a word is corrected only when it is no
English word, is not learned from the edition (used twice) nor kept by the
editor, and a change that OCR typically makes turns it into a common word::

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
from collections import Counter

from edition.model.changes import Change
from edition.model.nodes import LeadIn, Paragraph
from edition.model.walk import inline_lists, plain, strs, text_blocks
from edition.clean.passes.patterns import TITLES, heading_like
from edition.clean import marked, noisy
from edition.clean.channel import GLYPHS
from edition.clean.spelling import variant

#: (as read, as meant): the confusions OCR makes; the first STRONG of them are the commonest by far
STRONG = 24
CONFUSIONS = [
    ("rn", "m"), ("m", "rn"), ("cl", "d"), ("d", "cl"), ("li", "h"), ("h", "li"), ("lh", "th"), ("tb", "th"),
    ("b", "h"), ("h", "b"), ("ii", "u"), ("u", "ii"), ("vv", "w"), ("w", "vv"), ("I", "l"), ("1", "l"),
    ("l", "I"), ("0", "o"), ("O", "o"), ("e", "c"), ("c", "e"), ("n", "u"), ("u", "n"), ("5", "s"),
    ("l", "i"), ("i", "l"), ("t", "f"), ("f", "t"), ("S", "s"), ("8", "B"), ("c", "o"), ("o", "c"), ("e", "o"),
    ("o", "e"), ("a", "o"), ("o", "a"), ("r", "n"), ("n", "r"), ("ri", "n"), ("in", "m"), ("ni", "m"),
    ("iu", "m"), ("h", "k"), ("k", "h"), ("y", "v"), ("v", "y"), ("j", "i"), ("i", "j"), ("f", "l"), ("l", "f"),
    ("c", "s"), ("s", "c"), ("a", "e"), ("e", "a"),
]
#: a word: letters and digits, with apostrophes inside; with a glyph OCR reads for a letter ('week«', '»nd')
TOKEN = re.compile(r"(?<![\w’'«»])([«»]?[^\W_][\w’'«»]*[^\W_«»][«»]?|[«»]?[^\W\d_]{1,2}[«»]?|[^\W\d_][«»])"
                   r"(?![\w’'«»])(?!-(?![^\W\d_]))")
ARTICLE = re.compile(r"\b(an) ([bcdfgjklmnpqrstvwxz][a-z]+)\b")
NEVER_DOUBLED = {"that", "had", "is", "very", "no", "yes", "far", "so", "bye", "well", "ha", "do", "knock", "on",
                 "in", "up", "out", "off", "over", "by", "it", "which", "who"}
FUNCTION_WORDS = {"a", "an", "the", "of", "to", "in", "on", "at", "and", "or", "for", "by", "with", "as", "is",
                  "it", "be", "was", "are", "he", "she", "we", "they", "his", "her", "its", "our", "their", "this",
                  "from", "not", "but", "if", "then", "than", "into", "which", "who", "were", "been", "has", "have"}
#: endings that make real words of known ones: a word so derived is rare, not misread (compromiser, Stalinoid)
SUFFIXES = ("ations", "ation", "ified", "ising", "izing", "ised", "ized", "ians", "ian", "ists", "ist", "isms",
            "ism", "ites", "ite", "oids", "oid", "ness", "ment", "ers", "er", "ing", "ed", "es", "ly", "al", "ic",
            "s", "r", "d")
#: a word wordfreq finds at least this common (Zipf) is a rare English word, not a misreading, where the text
#: writes it twice and is clean ('ruble' 2.6; OCR's 'tbe' is 2.6 too, but a text that writes it twice is damaged)
RARE = 2.0
#: times the text must have confidently mended a word so before a doubtful reading of it is mended alike
#: (on real OCR: at twice, 39 readings so made, all right; at once, 36 more, none wrong by the human correction)
CONSISTENT = 1
#: the confidence a correction by the hand-made list of confusions needs to be made (below: a suspect); on real
#: OCR, the list's changes under it broke a correct word ('roods' → 'roads', 'Mugg' → 'Mug') every 50 or so
LISTED = 0.9
COMMON = 3.0        # a word at least this common (Zipf) is taken as written, unless a strong confusion is glaring


def _substitutions(word: str, strong_only: bool = False):
    for rank, (wrong, right) in enumerate(CONFUSIONS[:STRONG] if strong_only else CONFUSIONS):
        start = word.find(wrong)
        while start != -1:
            yield word[:start] + right + word[start + len(wrong):], (0.0 if rank < STRONG else 0.5)
            start = word.find(wrong, start + 1)


def _edits(word: str):
    """A doubled letter (cheap), a dropped or an extra letter (costly)."""
    lower = word.lower()
    for i in range(1, len(lower)):
        if lower[i] == lower[i - 1]:
            yield lower[:i] + lower[i + 1:], 0.2
    for i in range(len(lower) + 1):
        for letter in string.ascii_lowercase:
            yield lower[:i] + letter + lower[i:], 0.7
    for i in range(len(lower)):
        yield lower[:i] + lower[i + 1:], 0.7


def _undoubled(word: str, candidate: str) -> bool:
    """'thhat' → 'that': the candidate is the word with one doubled letter made single."""
    return len(word) == len(candidate) + 1 and any(
        word[i] == word[i - 1] and word[:i] + word[i + 1:] == candidate for i in range(1, len(word)))


def derived(word: str, lexicon) -> bool:
    """A known word with a common ending: 'compromiser', 'Thermidorians', 'statified'."""
    lower = word.lower()
    for suffix in SUFFIXES:
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 3:
            stem = lower[:-len(suffix)]
            for base in (stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else stem,
                         stem[:-1] + "y" if stem.endswith("i") else stem):
                if lexicon.zipf(base) >= 3.0 or lexicon.counts[base] >= 2:
                    return True
    return False


def _recase(candidate: str, word: str, sentence_start: bool) -> str:
    if word.isupper() and len(word) > 1:
        return candidate.upper()
    if word[:1].isupper() and not (word[0] in "Il1" and candidate[:1].islower() and not sentence_start):
        return candidate[:1].upper() + candidate[1:]
    return candidate


def best_correction(word: str, lexicon, before: str = "", after: str = "",
                    sentence_start: bool = False) -> tuple[str, float] | None:
    """The correction of a misread word and its confidence, or None."""
    if len(word) < 3 or word.lower() in lexicon.keep or (word.isupper() and not re.search(r"\d", word)):
        return None
    if re.search(r"['’]", word):
        return None                                     # a possessive: 'the Soviet’s Thermidor', 'officer’s corps'
    if word.lower() in noisy.english().unigrams:
        return None                                     # a word of the English list ('leaden'): the context model's
    zipf = lexicon.zipf(word)
    if zipf >= COMMON + 0.8:
        return None                                     # too common for any correction to gain enough
    letters = sum(c.isalpha() for c in word)
    if not word.isascii() or letters < 2 * (len(word) - letters):
        return None                                     # a number, a date, a foreign word
    note = re.fullmatch(r"([A-Za-z]{3,})\d{1,3}", word)
    if note and lexicon.zipf(note[1]) >= 4.0:
        return None                                     # a word with its note number: 'maintained4'
    if re.fullmatch(r"[A-Z]{2}[a-z]+", word) and lexicon.zipf(word.capitalize()) >= COMMON:
        return word.capitalize(), 0.95                  # 'COuncil'
    odd_case = re.search(r"[a-z][A-Z]", word) and not re.match(r"(Mc|Mac|O|D|L)[A-Z]", word)
    name = word[:1].isupper() and not sentence_start and not odd_case     # 'JameB', 'haB': misread, not names
    repeated = lexicon.counts[word.lower()] >= 2        # written so twice: a name, a coinage, or a habit of the OCR
    common = zipf >= COMMON
    scored = {}
    for candidate, cost in _substitutions(word, strong_only=common or repeated):
        _score(scored, candidate, cost, lexicon, before, after, zipf)
    if not common and not repeated and zipf < 2.5 and len(word) >= 4 and not derived(word, lexicon):
        edits = {}
        for candidate, cost in _edits(word):
            _score(edits, candidate, cost, lexicon, before, after, zipf)
        if zipf >= 1.0:                             # a rare word, perhaps real: only with the edition's support
            edits = {c: v for c, v in edits.items() if lexicon.bigram(before, c) + lexicon.bigram(c, after)
                     or _undoubled(word.lower(), c)}
        for candidate, value in edits.items():
            scored[candidate] = max(scored.get(candidate, -99), value)
    if name:
        scored = {c: v for c, v in scored.items() if c[:1].islower() and word[0] in "Il1"
                  or lexicon.capitalized(c.capitalize())}
    if not scored:
        return None
    ranked = sorted(scored.items(), key=lambda item: -item[1])
    candidate, score = ranked[0]
    needed = 4.0 if common else 2.0 + (1.0 if zipf >= 2.0 else 0.0) + (1.5 if repeated else 0.0)
    if score - zipf < needed:
        return None
    if len(ranked) > 1 and score - ranked[1][1] < 0.5:
        return None                                     # two readings, nothing to choose between them
    confidence = min(0.99, 0.6 + (score - zipf) / 10)
    return _recase(candidate, word, sentence_start), confidence


def _score(scored, candidate, cost, lexicon, before, after, zipf_as_read):
    zipf = lexicon.zipf(candidate)
    if zipf < 2.0 and zipf_as_read == 0 and lexicon.counts[candidate.lower()] >= 3:
        zipf = 3.0 + min(1.0, lexicon.counts[candidate.lower()] / 10)    # a name the edition spells so often
    if cost >= 0.7:
        floor = 4.0 if len(candidate) < 6 else 3.5
    else:
        floor = 2.0 if zipf_as_read == 0 and cost == 0 else COMMON
    if zipf < floor:
        return
    context = lexicon.bigram(before, candidate) + lexicon.bigram(candidate, after) if before or after else 0
    score = zipf - cost + min(1.5, 0.5 * context)
    key = candidate.lower() if candidate[:1].islower() else candidate
    scored[key] = max(scored.get(key, -99), score)


def drop_cap(word: str, following: str, lexicon) -> str | None:
    """'hr' before 'proletariat' → 'The'; 'NARCHY' → 'ANARCHY': a text's lost initial, perhaps with a misread letter."""
    upper = word.isupper()
    lower = word.lower()
    as_read = lexicon.zipf(lower) + min(2.0, lexicon.bigram(lower, following))
    if lexicon.zipf(lower) >= 5.5 and lexicon.bigram(lower, following) > 0:
        return None
    candidates = {}
    for letter in string.ascii_lowercase:
        base = letter + lower
        options = [(base, 0.0)] + [(base[:i] + c + base[i + 1:], 1.0) for i in range(1, len(base))
                                   for c in string.ascii_lowercase if c != base[i]]
        for option, cost in options:
            zipf = lexicon.zipf(option)
            if zipf >= 4.0:
                score = zipf + min(2.0, lexicon.bigram(option, following)) - cost
                candidates[option] = max(candidates.get(option, -99), score)
    if not candidates:
        return None
    best = max(candidates, key=candidates.get)
    if candidates[best] - as_read < 1.5:
        return None
    return best.upper() if upper and len(word) > 1 else best[:1].upper() + best[1:]


def correct_ocr_words(text, context) -> list[Change]:
    lexicon = context.lexicon
    keep = {k.lower() for k in text.settings.keep}
    changes = []
    opening = _opening(text.blocks)
    if opening is not None and opening.inlines and not isinstance(opening.inlines[0], LeadIn):
        changes += _drop_cap(opening, opening.inlines, lexicon, text.source)
    read = []
    for block in text_blocks(text):
        for inlines in inline_lists(block):
            changes += _doubled_words(block, inlines, text.source)
            for leaf in strs(inlines):
                leaf.text, found, seen = _correct_leaf(leaf.text, lexicon, keep, block, text.source)
                read.append((block, leaf, found, seen))
    # OCR misreads a word the same way throughout a scan: a doubtful reading the text has confidently
    # mended so elsewhere is mended here too ('Tho destruction' where 'tho' → 'the' stood twice)
    # and with the same confusions: a doubtful reading is weighed again with the confusions of the confident
    # ones ('dredgo' → 'dredge' where o was read for e forty times)
    made = Counter(pair for _, _, _, seen in read for pair, applied in seen if applied)
    consistent = {pair for pair, times in made.items() if times >= CONSISTENT}
    habits = noisy.habits(made)
    for block, leaf, found, seen in read:
        if any(not applied for _, applied in seen):
            leaf.text, again, _ = _correct_leaf(leaf.text, lexicon, keep, block, text.source, consistent, habits)
            found = [c for c in found if c.applied] + again
        changes += found
    return changes


def close(written: str, meant: str) -> bool:
    """One of OCR's common confusions, or one letter added or dropped, turns the one into the other.

    A vowel changed into another is not enough: 'swung' and 'swing', 'arose'
    and 'arise' are both words, differently meant.
    """
    if abs(len(written) - len(meant)) != 1:
        return any(candidate == meant for candidate, _ in _substitutions(written, strong_only=True))
    short, long = sorted((written, meant), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def real_word_error(words: list[str], index: int, lexicon) -> tuple[str, bool] | None:
    """'socialism in one county' → ('country', True) where the edition writes 'socialism in one country'
    twice or more and the phrase as written nowhere else; ('…', False), a suspect, where it writes it once."""
    word = words[index].lower()
    if len(word) < 5 or lexicon.counts[word] > 2:
        return None                                    # short words and words the edition often uses stand
    windows = []
    if index >= 3:
        windows.append(lexicon.after_three.get(tuple(w.lower() for w in words[index - 3:index])))
    if index + 3 < len(words):
        windows.append(lexicon.before_three.get(tuple(w.lower() for w in words[index + 1:index + 4])))
    best = None
    for found in windows:
        if not found or found.get(word, 0) > 1:
            continue
        for other, count in found.items():
            if other != word and len(other) >= 5 and close(word, other) and not _inflection(word, other):
                if best is None or count > best[0]:
                    best = (count, other)
    if best is None:
        return None
    return best[1], best[0] >= 2


def _inflection(one: str, other: str) -> bool:
    """'principle'/'principles', 'desire'/'desired': the same word, not a misreading."""
    short, long = sorted((one, other), key=len)
    return long.startswith(short) and long[len(short):] in ("s", "es", "d", "ed", "r", "er", "n")


def _opening(blocks) -> Paragraph | None:
    """The text's first paragraph of running text, past its title, author and headings."""
    for block in blocks[:8]:
        if isinstance(block, Paragraph) and block.role is None:
            words = plain(block.inlines)
            if not heading_like(words) and not (words.isupper() and len(words.split()) <= 12) \
                    and len(words.split()) >= 8:
                return block
    return None


def _correct_leaf(value: str, lexicon, keep, block, source, consistent=frozenset(), habits=None):
    """Correct the words of one string; return it, the changes (and suspects), and the (word, reading) pairs of
    the channel's readings, each with whether it was made.  A doubtful reading in ``consistent`` is made;
    ``habits``: the text's own confusions, by how often its confident readings made them (noisy.habits)."""
    changes, replace, seen = [], {}, []
    tokens = list(TOKEN.finditer(value))
    words = [token[1] for token in tokens]
    starts = [index == 0 or _after_full_stop(value, match.start()) for index, match in enumerate(tokens)]
    first = {index: _channel(match[1], value, tokens, index, lexicon, starts[index], habits=habits)
             for index, match in enumerate(tokens) if match[1].lower() not in keep}
    guesses = {index: found[0] for index, found in first.items() if found and found[1] >= 0.5}
    swallowed = set()
    for index, last, reading, confidence in _marked(value, tokens, lexicon, keep, starts):
        replace[index] = reading
        swallowed.update(range(index + 1, last + 1))
        changes.append(_record(source, block.line, value, tokens[index].start(), tokens[last].end(), reading,
                               "OCR read a letter as a mark", confidence))
    for index, join in _joins(value, tokens, first, lexicon, keep, starts).items():
        if index in replace or index in swallowed or index + 1 in replace:
            continue
        replace[index] = join[0]
        swallowed.add(index + 1)
        changes.append(_record(source, block.line, value, tokens[index].start(), tokens[index + 1].end(), join[0],
                               "OCR split a word", join[1]))
    for index, match in enumerate(tokens):
        word = match[1]
        if word.lower() in keep or index in replace or index in swallowed:
            continue
        before = tokens[index - 1][1] if index else ""
        after = tokens[index + 1][1] if index + 1 < len(tokens) else ""
        sentence_start = starts[index]
        found = first[index]
        if index - 1 in guesses or index + 1 in guesses:      # read again beside its neighbours' readings
            found = _channel(word, value, tokens, index, lexicon, sentence_start, guesses, habits)
        listed = None
        if (not found or found[1] < noisy.threshold(word)) and word.lower() not in noisy.english().unigrams:
            listed = best_correction(word, lexicon, before, after, sentence_start)     # the common confusions
        reading = listed or found
        if reading and variant(word, reading[0]):        # 'himselfe', 'haue', 'publick': the author's spelling
            changes.append(_record(source, block.line, value, match.start(), match.end(), reading[0],
                                   "old spelling? (modernised only by an erratum)", reading[1], applied=False))
        elif reading and reading[1] >= noisy.SUSPECT and _authors(word, reading[0], lexicon, sentence_start):
            changes.append(_record(source, block.line, value, match.start(), match.end(), reading[0],
                                   "a rare word or a name of the author's, or a slip?", reading[1], applied=False))
        elif listed and listed[1] >= LISTED:
            replace[index] = listed[0]
            changes.append(_record(source, block.line, value, match.start(), match.end(), listed[0],
                                   "OCR non-word", listed[1]))
        elif listed:
            changes.append(_record(source, block.line, value, match.start(), match.end(), listed[0],
                                   "OCR non-word?", listed[1], applied=False))
        elif found and found[1] >= noisy.threshold(word):
            replace[index] = found[0]
            seen.append(((word.lower(), found[0].lower()), True))
            changes.append(_record(source, block.line, value, match.start(), match.end(), found[0],
                                   "OCR misreading", found[1]))
        elif found and found[1] >= noisy.SUSPECT and (word.lower(), found[0].lower()) in consistent:
            replace[index] = found[0]
            changes.append(_record(source, block.line, value, match.start(), match.end(), found[0],
                                   "OCR misreading, mended so elsewhere in the text", found[1]))
        elif found and found[1] >= noisy.SUSPECT:
            seen.append(((word.lower(), found[0].lower()), False))
            changes.append(_record(source, block.line, value, match.start(), match.end(), found[0],
                                   "OCR misreading?", found[1], applied=False))
        elif len(word) >= 5 and word.islower() and lexicon.counts[word] <= 2 and lexicon.zipf(word) >= COMMON \
                and not re.search(r"['’]", word):          # North's 'officer’s corps' is not Trotsky's 'officers’
            real = real_word_error(words, index, lexicon)
            if real:
                if real[1]:
                    replace[index] = real[0]
                changes.append(_record(source, block.line, value, match.start(), match.end(), real[0],
                                       "real-word error: the edition writes the phrase so elsewhere" if real[1]
                                       else "real-word error? the edition writes the phrase so once elsewhere",
                                       0.75 if real[1] else 0.4, applied=real[1]))
    out, position = [], 0
    for index, match in enumerate(tokens):
        if index in replace:
            out.append(value[position:match.start()] + replace[index])
            position = match.end()
        elif index in swallowed:
            position = match.end()                  # the second piece of a split word, and the space before it
    out.append(value[position:])
    for match in ARTICLE.finditer(value):
        if lexicon.zipf(match[2]) >= 3.0 and not match[2].startswith(("hon", "hour", "heir", "one", "uni", "use")):
            changes.append(Change("correct_ocr_words", source, block.line, _context(value, match), "",
                                  f"'{match[1]} {match[2]}': a word missing or misread?", confidence=0.4,
                                  applied=False, words=(match[0], "")))
    return "".join(out), changes, seen


def _authors(word: str, reading: str, lexicon, sentence_start: bool) -> bool:
    """In a clean text (born digital or proofread), is ``word`` the author's own: a rare English word the text
    writes twice or more ('ruble', which English lists hardly know), or a name ('Schachtman' beside
    'Shachtman': the author's slip, if one, is the editor's to mend)?"""
    lower = word.lower()
    if noisy.noise(lexicon) >= noisy.CLEAN or noisy.english().known(lower):
        return False                    # a damaged text's non-words are its damage; a real word is weighed otherwise
    if len(lower) >= 4 and lexicon.counts[lower] >= 2 and lexicon.zipf(lower) >= RARE:
        return True                     # (not 'nd': two letters the web writes, a slip however often)
    return word[:1].isupper() and reading[:1].isupper() and not sentence_start    # ('Iasting' → 'lasting': no name)


def _marked(value: str, tokens, lexicon, keep, starts) -> list[tuple[int, int, str, float]]:
    """Words read with a mark inside ('tli.it', 'a-nount'; see marked.py), in a bad scan, read whole:
    (index of the first token, of the last, the word meant, the confidence) for each reading to make."""
    if noisy.noise(lexicon) < noisy.BAD_SCAN:
        return []
    found = []
    begins = {match.start(): index for index, match in enumerate(tokens)}
    ends = {match.end(): index for index, match in enumerate(tokens)}
    for start, end, word in marked.marked_words(value):
        first, last = begins.get(start), ends.get(end)
        if first is None or last is None or last <= first \
                or any(tokens[i][1].lower() in keep for i in range(first, last + 1)):
            continue
        left = right = ""
        if first and not starts[first] and not re.search(r"[.!?;:()\[\]\"]", value[tokens[first - 1].end():start]):
            left = tokens[first - 1][1].lower()
        if last + 1 < len(tokens) and not re.search(r"[.!?;:()\[\]\"]", value[end:tokens[last + 1].start()]):
            right = tokens[last + 1][1].lower()
        reading = marked.read(word, left, right, lexicon, starts[first])
        if reading and reading[1] >= noisy.APPLY:
            found.append((first, last, reading[0], reading[1]))
    return found


def _joins(value: str, tokens, first, lexicon, keep, starts) -> dict[int, tuple[str, float]]:
    """Two tokens one space apart that are one word read in two pieces: 'Ame rica' → {i: ('America', 0.99)}."""
    found = {}
    for index in range(len(tokens) - 1):
        a, b = tokens[index], tokens[index + 1]
        if value[a.end():b.start()] != " " or index in found or index - 1 in found \
                or not (a[1] + b[1]).isalpha() or {a[1].lower(), b[1].lower()} & keep \
                or any(first.get(i) and first[i][1] >= noisy.threshold(tokens[i][1]) for i in (index, index + 1)) \
                or (b[1][:1].isupper() and not a[1].isupper()):
            continue
        left = tokens[index - 1][1].lower() if index and not starts[index] \
            and not re.search(r"[.!?;:()\[\]\"]", value[tokens[index - 1].end():a.start()]) else ""
        right = tokens[index + 2][1].lower() if index + 2 < len(tokens) \
            and not re.search(r"[.!?;:()\[\]\"]", value[b.end():tokens[index + 2].start()]) else ""
        join = noisy.joined(a[1], b[1], left, right, lexicon)
        if join and join[1] >= noisy.APPLY:
            found[index] = join
    return found


def _channel(word: str, value: str, tokens, index: int, lexicon, sentence_start: bool, guesses=None,
             habits=None):
    """The noisy-channel correction of one token and its confidence, or None (see noisy.py); ``guesses``:
    the likeliest readings of other tokens, by index, to read the context with ('ofleied toi' → 'offered for')."""
    if len(word) < 2:
        return None                     # a letter alone ('a', 'I', an initial) is context for its neighbours
    if not re.sub(f"[{GLYPHS}]", "", word).isascii() or re.search(r"[\d'’]", word):
        return None                                     # possessives ('Soviet’s') and contractions stand
    if re.search(r"[«»]", word) and (noisy.noise(lexicon) < noisy.BAD_SCAN or not re.search(r"[«»]\w|\w[«»]", word)):
        return None                                     # a guillemet is a quotation mark but in a bad scan
    english = noisy.english()
    if word.isupper() and len(word) > 2 and (english.known(word.lower()) or noisy.noise(lexicon) < noisy.BAD_SCAN):
        return None                                     # an acronym, or a heading: only in a bad scan 'TOAVN' → 'TOWN'
    if not english.known(word.lower()) and noisy.noise(lexicon) < noisy.BAD_SCAN and derived(word, lexicon):
        return None                                     # 'Stalinoid', 'compromiser': a known word made longer
        #                                                 (in a bad scan, 'acies' is no 'aci' made longer)
    odd_case = re.search(r"[a-z][A-Z]", word) and not re.match(r"(Mc|Mac|O|D|L)[A-Z]", word)
    name = word[:1].isupper() and not sentence_start and not odd_case     # 'JameB', 'haB': misread, not names
    if name and not english.known(word.lower()) and lexicon.names[word] >= 2:
        return None                                     # a name the edition writes so elsewhere
    guesses = guesses or {}
    left = right = ""
    if index and not sentence_start and not re.search(r"[.!?;:()\[\]\"]", value[tokens[index - 1].end():tokens[index].start()]):
        left = guesses.get(index - 1, tokens[index - 1][1]).lower().split(" ")[-1]
    if index + 1 < len(tokens) and not re.search(r"[.!?;:()\[\]\"]", value[tokens[index].end():tokens[index + 1].start()]):
        right = guesses.get(index + 1, tokens[index + 1][1]).lower().split(" ")[0]
    return noisy.correction(word, left, right, lexicon, name, habits)


def _after_full_stop(value: str, position: int) -> bool:
    """Does a sentence end just before ``position`` (past spaces, quotes and brackets)?  Not at the full stop of
    an initial or a title ('W. V. Chave', 'Mrs. Chave': a name follows)."""
    position -= 1
    while position >= 0 and not value[position].isalnum() and value[position] not in ".!?":
        position -= 1
    if position >= 0 and value[position] == ".":
        before = re.search(r"(?<![\w.])(\w+)$", value[max(0, position - 8):position])
        if before and (len(before[1]) == 1 and before[1].isupper() or before[1] in TITLES):
            return False
    return position < 0 or value[position] in ".!?"


def _context(value: str, match) -> str:
    start, end = _window(value, match.start(), match.end())
    return value[start:end]


def _window(value: str, start: int, end: int, margin: int = 25) -> tuple[int, int]:
    """About ``margin`` characters either side of ``value[start:end]``, widened to whole words."""
    left, right = max(0, start - margin), min(len(value), end + margin)
    while left > 0 and not value[left - 1].isspace():
        left -= 1
    while right < len(value) and not value[right].isspace():
        right += 1
    return left, right


def _record(source: str, line: int, value: str, start: int, end: int, replacement: str, rule: str,
            confidence: float, applied: bool = True) -> Change:
    """A word correction (or suspect): the words around it before and after, and the word itself."""
    left, right = _window(value, start, end)
    before = value[left:right]
    after = value[left:start] + replacement + value[end:right]
    return Change("correct_ocr_words", source, line, before, after, rule, confidence=confidence, applied=applied,
                  words=(value[start:end], replacement))


def _drop_cap(block, inlines, lexicon, source) -> list[Change]:
    leaves = strs(inlines)
    if not leaves:
        return []
    first = leaves[0]
    match = re.match(r"([a-z]+|[A-Z]+)(\W+)([A-Za-z]+)", first.text)
    if not match:
        return []
    fixed = drop_cap(match[1], match[3].lower(), lexicon)
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

