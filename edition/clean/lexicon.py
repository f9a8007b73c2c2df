"""What counts as a word: English word frequencies, and a lexicon learned from the edition's own texts.

English frequencies come from wordfreq (offline, in its package) as Zipf
values: 7 for "the", 3 for a word met once in a million, 0 for none.
Extracted text is noisy, and so is the web-crawled part of wordfreq ("tbe"
has 2.6), so a word is judged by how common it is, not merely by being
listed.  The edition's own texts teach the names and coinages the
dictionary lacks: a word named in a ``keep`` list is never corrected, and a
word used twice in the edition only on the strongest evidence.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9]+(?:['’-][A-Za-zÀ-ÖØ-öø-ÿ]+)*")


@lru_cache(maxsize=1)
def english() -> dict[str, float]:
    """Lower-case word → frequency (a share of all words), for wordfreq's large English list."""
    import wordfreq

    return wordfreq.get_frequency_dict("en", wordlist="large")


def words(text: str) -> list[str]:
    return WORD.findall(text)


class Lexicon:
    def __init__(self, texts: list[str], keep: set[str] | frozenset = frozenset()):
        self.english = english()
        self.counts: Counter = Counter()
        self.bigrams: Counter = Counter()
        self.names: Counter = Counter()
        #: three words → the words the edition writes after them (and before them), and how often
        self.after_three: dict[tuple, dict[str, int]] = {}
        self.before_three: dict[tuple, dict[str, int]] = {}
        for text in texts:
            self.names.update(re.findall(r"(?<=[a-z,;] )([A-Z][a-z]+)", text))
            tokens = [t.lower() for t in words(text)]
            self.counts.update(tokens)
            self.bigrams.update(zip(tokens, tokens[1:]))
            for a, b, c, d in zip(tokens, tokens[1:], tokens[2:], tokens[3:]):
                following = self.after_three.setdefault((a, b, c), {})
                following[d] = following.get(d, 0) + 1
                preceding = self.before_three.setdefault((b, c, d), {})
                preceding[a] = preceding.get(a, 0) + 1
        self.keep = {k.lower() for k in keep}

    def zipf(self, word: str) -> float:
        frequency = self.english.get(word.lower().replace("’", "'"))
        return math.log10(frequency) + 9 if frequency else 0.0

    def capitalized(self, word: str) -> bool:
        """Written with a capital in mid-sentence somewhere in the edition: a name or a title."""
        return self.names[word] >= 1

    def bigram(self, first: str, second: str) -> int:
        return self.bigrams[(first.lower(), second.lower())]
