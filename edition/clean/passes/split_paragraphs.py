"""rejoin_split_paragraphs: mend paragraphs cut in two by page or column breaks.

A paragraph that stops mid-sentence is joined to the next one that goes on
in lower case, also when a pull-quote, a caption, a running head or a
sidebar was dropped between the halves.  What stood between them is then
judged: a pull-quote (a passage the text says elsewhere) is removed, a
caption without its picture is removed and noted, anything else (a sidebar,
a displaced box) is set after the mended paragraph::

    … the Stalinist mode of production, that is, they deter-
    The fight against Stalinism is not a fight against socialism …   (pull-quote: removed)
    mine the distribution of the surplus product …
    → … that is, they determine the distribution of the surplus product …

Only what is an intruder on its own evidence is stepped over: a sidebar, a
pull-quote, a caption in a caption's form ("Photo: …", a place and a date).
A short paragraph, or one in no sentence's form, is not enough: in a newspaper
column whose OCR lost its full stops, a paragraph's last line or a short
paragraph is the text itself, and stepping over it would move or drop the
author's words; the next paragraph then goes on there or nowhere.

A paragraph that stops mid-sentence with nothing to join is reported as a
suspect (a truncated sentence, or a lost full stop).  The manifest's
``join:`` names paragraphs (by a line of theirs) that go on in the next one
where the engine cannot tell.

It also continues numbered lists that a sidebar cut in two: items "(5)" to
"(8)" after a box join the list "(1)" to "(4)" before it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from difflib import SequenceMatcher

from edition.model.changes import Change
from edition.model.nodes import BulletList, Heading, Paragraph, Sidebar, Str
from edition.model.walk import all_blocks, plain
from edition.clean.passes.hyphens import PREFIXES, joined_word
from edition.clean.passes.patterns import CAPTION, DANGLING, ENDS_SENTENCE, heading_like, hyphen_end

CONTINUES = re.compile(r"^[\"“‘']?[a-z]")
LIST_NUMBER = re.compile(r"^\((\d{1,2})\)\s")
MAX_BETWEEN = 3


def words_of(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def unfinished(text: str) -> bool:
    text = text.rstrip()
    if text.startswith(("(", "[")) and text.endswith((")", "]")):
        return False                                    # a parenthetical: a citation, a stage direction
    return bool(text) and not ENDS_SENTENCE.search(text) and len(text.split()) >= 4 and not heading_like(text)


def goes_on(first: str, second: str) -> bool:
    """The first half stops mid-sentence and the second goes on from it: in lower case, or after a word no
    sentence ends on, a comma or a hyphen."""
    first, second = first.rstrip(), second.lstrip()
    if not first or not second or ENDS_SENTENCE.search(first):
        return False
    last_word = (re.findall(r"[A-Za-z]+", first) or [""])[-1].lower()
    return bool(CONTINUES.match(second)) or last_word in DANGLING or first.endswith((",", "-", "—", "–"))


def triples(words: list[str]) -> set[tuple]:
    return set(zip(words, words[1:], words[2:]))


class Passages:
    """The paragraphs of a text indexed by their word triples, to tell a pull-quote in time linear in the
    text: for a passage, only the paragraphs that share its rarest triples are compared with it.

    A paragraph is known by a key (``id(block)``); ``add``, ``remove`` and ``update`` follow the text as a
    pass edits it.
    """

    def __init__(self):
        self.words: dict = {}                       # key → the paragraph's words
        self.postings: dict[tuple, dict] = {}       # triple → {key: how often the paragraph has it}
        self.first: dict = {}                       # key → {triple: where the paragraph first has it}

    def __contains__(self, key) -> bool:
        return key in self.words

    def add(self, key, text: str) -> None:
        self.words[key] = words = words_of(text)
        self._post(key, words, 0)

    def remove(self, key) -> None:
        words = self.words.pop(key, None)
        if words is not None:
            self._unpost(key, words, 0)
        self.first.pop(key, None)

    def update(self, key, before: str, after: str) -> None:
        """The paragraph's text went from ``before`` to ``after``, which differ only near ``before``'s end
        (two halves of a paragraph joined): only the triples of the changed end are re-indexed."""
        words = self.words.get(key)
        if words is None:
            return
        cut = before.rfind(" ", 0, max(0, len(before) - 200)) + 1    # between words, so that none is split
        if before[:cut] != after[:cut]:
            cut = 0
        kept = len(words) - len(words_of(before[cut:]))
        start = max(0, kept - 2)                    # the first triple that may change
        self._unpost(key, words, start)
        words[kept:] = words_of(after[cut:])
        self._post(key, words, start)

    def _post(self, key, words, start) -> None:
        first = self.first.setdefault(key, {})
        for offset, triple in enumerate(zip(words[start:], words[start + 1:], words[start + 2:])):
            posting = self.postings.setdefault(triple, {})
            posting[key] = posting.get(key, 0) + 1
            first.setdefault(triple, start + offset)   # (a place a later edit removed only fails the check)

    def _unpost(self, key, words, start) -> None:
        for triple in zip(words[start:], words[start + 1:], words[start + 2:]):
            posting = self.postings[triple]
            if posting[key] == 1:
                del posting[key]
                if not posting:
                    del self.postings[triple]
            else:
                posting[key] -= 1

    def repeats(self, candidate: str, exclude: set = frozenset()) -> bool:
        """A passage of 5 to 60 words three quarters of whose triples stand in a longer indexed paragraph
        (not one of ``exclude``), and that stands there word for word but for OCR slips."""
        words = words_of(candidate)
        if not 5 <= len(words) <= 60:
            return False
        wanted = triples(words)
        needed = math.ceil(0.75 * len(wanted))
        # a paragraph holding `needed` of the triples holds one at least of any len - needed + 1 of them
        rarest = sorted(wanted, key=lambda triple: len(self.postings.get(triple, ())))[:len(wanted) - needed + 1]
        seen = set()
        for triple in rarest:
            for key in self.postings.get(triple, ()):
                if key in seen or key in exclude:
                    continue
                if len(seen) >= MOST_EXAMINED:      # words the text repeats everywhere: bounded work, no guess
                    return False
                seen.add(key)
                if len(self.words[key]) <= len(words):
                    continue
                if sum(1 for t in wanted if key in self.postings.get(t, ())) >= 0.75 * len(wanted) \
                        and self._word_for_word(words, key):
                    return True
        return False

    def _word_for_word(self, words: list[str], key) -> bool:
        """The passage stands in the paragraph word for word, but for an OCR slip in one word of four at most
        ('tbe' for 'the'): a passage that merely shares a formula ('the defence was a denial of the …') does
        not.  Checked where the passage's triples place it, in time linear in the passage."""
        first, other = self.first.get(key, {}), self.words[key]
        votes = Counter(first[t] - j for j, t in enumerate(zip(words, words[1:], words[2:])) if t in first)
        for start, _ in votes.most_common(3):
            # the paragraph quoted may still be cut in two (by the break this pass mends): the passage may run
            # past its start or its end, if three quarters of it stand inside
            pairs = [(word, other[start + i]) for i, word in enumerate(words) if 0 <= start + i < len(other)]
            slips = [(a, b) for a, b in pairs if a != b]
            if 4 * (len(words) - len(pairs) + len(slips)) <= len(words) and all(_slip(a, b) for a, b in slips):
                return True
        return False


def _slip(a: str, b: str) -> bool:
    """Two spellings of one word an OCR slip apart: 'tbe' / 'the', 'rnodern' / 'modern'."""
    return abs(len(a) - len(b)) <= 2 and SequenceMatcher(None, a, b).ratio() >= 0.5


#: the most paragraphs a passage is compared with: a text whose paragraphs all share its words (the same
#: boilerplate again and again) costs no more than that per paragraph, so the pass stays linear
MOST_EXAMINED = 64


def is_caption(text: str) -> bool:
    words = text.split()
    ending = text.rstrip()
    return (0 < len(words) <= 18 and not ENDS_SENTENCE.search(ending) and not ending.endswith((",", ";", "-"))
            and words[-1].lower() not in DANGLING) or \
        bool(CAPTION.match(text))


def join_halves(first: Paragraph, second: Paragraph, lexicon) -> None:
    """Put ``second``'s words after ``first``'s, a word hyphenated between them joined (``joined_word``)."""
    last, head = first.inlines[-1], second.inlines[0]
    if isinstance(last, Str) and isinstance(head, Str) and re.search(r"[A-Za-z]-$", last.text):
        left = hyphen_end(last.text, "A-Za-z’'")[1]
        right = re.match(r"([A-Za-z’']*)", head.text)[1]
        last.text = last.text[:-len(left) - 1] + joined_word(left, right, lexicon)
        head.text = head.text[len(right):]
    else:
        if isinstance(last, Str):
            last.text = last.text.rstrip() + " "
        else:
            first.inlines.append(Str(" "))
        if isinstance(head, Str):
            head.text = head.text.lstrip()
    first.inlines.extend(second.inlines)


def rejoin_split_paragraphs(text, context) -> list[Change]:
    changes = _continue_lists(text)
    blocks = text.blocks
    page_breaks = text.source_page_ends
    joins = set(text.settings.joins)
    passages = Passages()
    for block in blocks:
        if isinstance(block, Paragraph):
            passages.add(id(block), plain(block.inlines))
    index = 0
    while index < len(blocks):
        first = blocks[index]
        told = isinstance(first, Paragraph) and first.line in joins and index + 1 < len(blocks)
        if not told and not (isinstance(first, Paragraph) and first.role is None and unfinished(plain(first.inlines))):
            index += 1
            continue
        partner = index + 1 if told else _partner(blocks, index, page_breaks, context.lexicon, passages)
        if told:
            joins.discard(first.line)
        if partner is None and len(plain(first.inlines).split()) >= 8:
            changes.append(Change("rejoin_split_paragraphs", first.source, first.line, plain(first.inlines)[-60:],
                                  "", "paragraph ends mid-sentence: truncated, or a lost full stop?",
                                  confidence=0.3, applied=False))
        if partner is None:
            index += 1
            continue
        between = blocks[index + 1:partner]
        second = blocks[partner]
        outside = {id(b) for b in between}
        moved = []
        for block in between:
            words = _text_of(block)
            if isinstance(block, Paragraph) and block.role == "caption":
                moved.append(block)                     # a picture's caption (mark_illustrations) goes after it
                changes.append(Change("rejoin_split_paragraphs", block.source, block.line,
                                      words[:60], words[:60], "set after the paragraph it interrupted"))
            elif isinstance(block, Paragraph) and passages.repeats(words, exclude=outside):
                changes.append(Change("rejoin_split_paragraphs", block.source, block.line, words, "",
                                      "pull-quote removed (repeats the text)", confidence=0.9))
            elif isinstance(block, Paragraph) and is_caption(words):
                changes.append(Change("rejoin_split_paragraphs", block.source, block.line, words, "",
                                      "caption without picture removed", confidence=0.8))
            else:
                moved.append(block)
                changes.append(Change("rejoin_split_paragraphs", block.source, block.line,
                                      words[:60], words[:60], "set after the paragraph it interrupted"))
        before = plain(first.inlines)
        join_halves(first, second, context.lexicon)
        passages.update(id(first), before, plain(first.inlines))
        kept = {id(b) for b in moved}
        for block in [*between, second]:
            if id(block) not in kept:
                passages.remove(id(block))
        changes.append(Change("rejoin_split_paragraphs", first.source, first.line, before[-40:] + " ¶ " +
                              plain(second.inlines)[:40], plain(first.inlines)[len(before) - 40:len(before) + 40],
                              "paragraph split by a page or column break", confidence=0.9))
        blocks[index + 1:partner + 1] = moved
        # index stays: the mended paragraph may itself go on after another break
    return changes


def _text_of(block) -> str:
    return " ".join(plain(inner.inlines) for inner in all_blocks([block]) if hasattr(inner, "inlines"))


def _completes(first: str, second: str, lexicon) -> bool:
    """A half ending in a hyphen ('de-') goes on only in a half whose first word completes it ('velopment')."""
    left = hyphen_end(first)
    if not left:
        return True
    match = re.match(r"[“\"‘']?([A-Za-z]+)", second)
    right = match[1] if match else ""
    word = left[1] + right
    compound = left[1].lower() in PREFIXES and lexicon.zipf(right) >= 3.5          # co- / operative
    return lexicon.zipf(word) >= 2.5 or lexicon.counts[word.lower()] >= 1 or compound


def _partner(blocks, index, page_breaks, lexicon, passages) -> int | None:
    """The index of the paragraph that continues blocks[index], or None.

    A paragraph going on in lower case is looked for first, past up to
    MAX_BETWEEN intruders; failing that, the very next paragraph continues
    one that stopped on a word no sentence ends with ("the", "and", a comma),
    or at a page break, unless it looks like a heading or repeats the text.
    """
    first_text = plain(blocks[index].inlines).rstrip()
    last_word = (re.findall(r"[A-Za-z]+", first_text) or [""])[-1].lower()
    stops = last_word in DANGLING or first_text.endswith((",", "-"))     # no sentence ends so: it goes on
    for candidate in range(index + 1, min(len(blocks), index + 2 + MAX_BETWEEN)):
        block = blocks[candidate]
        if isinstance(block, Heading):
            break
        if not isinstance(block, Paragraph) or block.role is not None:
            continue
        if CONTINUES.match(plain(block.inlines)) and _completes(first_text, plain(block.inlines), lexicon):
            return candidate
        if not _intruder(block, passages):
            break
    after = index + 1
    while after < len(blocks) and isinstance(blocks[after], Paragraph) and _labelled_caption(blocks[after]):
        after += 1                                  # a caption dropped at a page break: the text goes on after it
    if after > index + 1 and after < len(blocks) and isinstance(blocks[after], Paragraph) \
            and blocks[after].role is None and not first_text.endswith("-") and stops:
        return after                                # (only where the paragraph cannot end: a lost full stop is
                                                    # likelier than a caption, and the caption would be lost)
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    if isinstance(following, Paragraph) and following.role is None and not first_text.endswith("-"):
        text = plain(following.inlines)
        stopped = last_word in DANGLING or first_text.endswith(",") or following.line in page_breaks
        title = len(text.split()) < 8 and not ENDS_SENTENCE.search(text)
        if stopped and not title and not passages.repeats(text, exclude={id(following)}):
            return index + 1
    return None


def _intruder(block, passages) -> bool:
    """Something that, on its own evidence, was dropped between two halves of a paragraph: a sidebar, a
    pull-quote (it repeats a longer passage of the text), or a caption in a caption's form ("Photo: …", a place
    and a date).  A paragraph that merely is short, or in no sentence's form, is no intruder: in a column whose
    full stops the OCR lost it is the text itself, and to step over it would move it or drop it."""
    if isinstance(block, Sidebar):
        return True
    if not isinstance(block, Paragraph):
        return False
    return passages.repeats(plain(block.inlines), exclude={id(block)}) or _labelled_caption(block)


def _labelled_caption(block) -> bool:
    text = plain(block.inlines)
    return bool(CAPTION.match(text)) and len(text.split()) <= 15


def _continue_lists(text) -> list[Change]:
    """Join numbered items that a sidebar or a box pushed away from their list."""
    changes, blocks = [], text.blocks
    index = 0
    while index < len(blocks):
        block = blocks[index]
        number = _last_number(block)
        if number is None:
            index += 1
            continue
        for later in range(index + 1, min(len(blocks), index + 30)):
            following = blocks[later]
            match = LIST_NUMBER.match(plain(following.inlines)) if isinstance(following, Paragraph) else None
            if match and int(match[1]) != number + 1 or isinstance(following, (BulletList, Heading)):
                break                                   # another list: this one does not go on
            if match:
                items, end = [], later
                while end < len(blocks) and isinstance(blocks[end], Paragraph) and \
                        LIST_NUMBER.match(plain(blocks[end].inlines)):
                    items.append(blocks[end])
                    end += 1
                between = blocks[index + 1:later]
                block.items.extend(item.inlines for item in items)
                blocks[index + 1:end] = between
                changes.append(Change("rejoin_split_paragraphs", items[0].source, items[0].line,
                                      plain(items[0].inlines)[:50], plain(items[0].inlines)[:50],
                                      f"list items joined to the list before the {len(between)} blocks that cut it"))
                break
        index += 1
    return changes


def _last_number(block) -> int | None:
    if isinstance(block, BulletList) and block.items:
        match = LIST_NUMBER.match(plain(block.items[-1]))
        return int(match[1]) if match else None
    return None
