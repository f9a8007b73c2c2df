"""The context model: how likely a word is between its neighbours, in English and in the edition.

English unigrams and bigrams come from the lists symspellpy ships in its
package (82,765 words, 242,342 word pairs, from Google Books n-grams); they
are read once per process (``lru_cache``, 0.2 s); nothing is downloaded.  A word
the lists lack but wordfreq finds common (Zipf 3 or more: 'labor',
'endeavor') is an English word too.  The
bigram list holds only the pairs met 6.4 million times or more, so a pair
not in it is given less than that, backed off to the word's own frequency::

    log P('are' | 'they') ≫ log P('arc' | 'they')      'they arc' → 'they are'
    log P('the' | 'of')   ≫ log P('tho' | 'of')        'of tho'   → 'of the'

The edition's own text is the second model: its word pairs (the lexicon's
bigrams) add to English ones, so that a phrase the book writes elsewhere
('Crown Land') is likely here too.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

UNIGRAMS = "frequency_dictionary_en_82_765.txt"
BIGRAMS = "frequency_bigramdictionary_en_243_342.txt"
BACKOFF = 0.4           # stupid backoff (Brants et al. 2007) for a pair not in the list


def _folder() -> Path:
    import symspellpy

    return Path(symspellpy.__file__).parent


COMMON = 1e-6          # a word of wordfreq's at least this common (Zipf 3) is an English word too ('labor')
#: a word of one or two letters the symspellpy list lacks is a word only if wordfreq finds it this common
#: (Zipf 4.5: 'mr', 'dr', 'ok', 'vs'), since wordfreq lists OCR's and the web's junk too ('nd', 'bo', 'ho', 'th')
SHORT_COMMON = 10 ** -4.5
TARGET = 1e-5           # a word of wordfreq's only is a correction if this common (Zipf 4)
#: short old spellings wordfreq finds less common than that, words all the same
ARCHAIC = frozenset({"ye", "yt", "ne"})


def listed(word: str, share: float) -> bool:
    """Is a word of wordfreq's only, ``share`` of all words, an English word?"""
    if len(word) <= 2:
        return share >= SHORT_COMMON or word in ARCHAIC
    return share >= COMMON


class English:
    def __init__(self, unigrams: dict[str, int], bigrams: dict[str, int], wider: dict[str, float] | None = None):
        self.unigrams = unigrams
        self.wider = wider or {}
        #: every word known, for a quick test of many candidates
        self.vocabulary = set(unigrams).union(w for w, share in self.wider.items()
                                              if share >= COMMON and (len(w) > 2 or listed(w, share)))
        #: the words a misreading is corrected into: those of symspellpy's list, and wordfreq's commoner ones
        #: (Zipf 4: not 'msp', 'oecd', 'fcc', which the web writes and books hardly)
        self.targets = set(unigrams).union(w for w, share in self.wider.items()
                                           if share >= TARGET and w in self.vocabulary)
        self.bigrams = bigrams
        self.total = max(1, sum(unigrams.values()))
        self.pairs = max(1, sum(bigrams.values()))
        self.least_pair = min(bigrams.values()) if bigrams else 1
        self.floor = math.log(0.5 / self.total)

    def known(self, word: str) -> bool:
        return word in self.vocabulary

    def pair(self, first: str, second: str) -> bool:
        """Is the pair among the common ones ('of the', not 'of tho')?"""
        return f"{first} {second}" in self.bigrams

    def logp(self, word: str) -> float:
        """log P(word), lower case; a word not in the list: as rare as the rarest."""
        count = self.unigrams.get(word)
        if count:
            return math.log(count / self.total)
        share = self.wider.get(word, 0.0)
        return math.log(share) if listed(word, share) else self.floor

    def logp_after(self, first: str, second: str) -> float:
        """log P(second | first), lower case words."""
        if first not in self.unigrams:
            return self.logp(second)
        joint = self.bigrams.get(f"{first} {second}")
        if joint:
            return math.log(joint / self.pairs) - self.logp(first)
        backed = math.log(BACKOFF) + self.logp(second)
        ceiling = math.log(self.least_pair / self.pairs) - self.logp(first)
        return min(backed, ceiling)


def _read_lists(folder: Path) -> tuple[dict[str, int], dict[str, int]]:
    unigrams, bigrams = {}, {}
    with open(folder / UNIGRAMS, encoding="utf-8") as lines:
        for line in lines:
            word, _, count = line.rstrip().partition(" ")
            unigrams[word] = int(count)
    with open(folder / BIGRAMS, encoding="utf-8") as lines:
        for line in lines:
            pair, _, count = line.rstrip().rpartition(" ")
            bigrams[pair] = int(count)
    return unigrams, bigrams


def _lists() -> tuple[dict[str, int], dict[str, int]]:
    """symspellpy's two lists (0.2 s to read; nothing is kept anywhere between runs)."""
    try:
        folder = _folder()
    except ImportError:         # symspellpy missing: wordfreq's words alone, no pairs (no real-word corrections)
        return {}, {}
    return _read_lists(folder)


@lru_cache(maxsize=1)
def english() -> English:
    from edition.clean.lexicon import english as wordfreq_english

    unigrams, bigrams = _lists()
    return English(unigrams, bigrams, wordfreq_english())
