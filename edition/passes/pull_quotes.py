"""remove_pull_quotes: remove short paragraphs that repeat a passage standing elsewhere in the text.

Magazines repeat a striking sentence in large type; extraction sets it down
as a paragraph of its own.  A paragraph of 5 to 60 words whose words stand,
in the same order, inside a longer paragraph of the same text is removed::

    Drowning men fight for survival … So it is with social systems    (removed: it stands in full further on)
"""

from __future__ import annotations

from edition.changes import Change
from edition.model import Paragraph, plain
from edition.passes.split_paragraphs import words_of


def remove_pull_quotes(text, context) -> list[Change]:
    changes = []
    paragraphs = [(b, plain(b.inlines)) for b in text.blocks if isinstance(b, Paragraph)]
    joined = {id(b): " ".join(words_of(t)) for b, t in paragraphs}
    for block, words in paragraphs:
        if block.role is not None or not 5 <= len(words.split()) <= 60:
            continue
        needle = joined[id(block)]
        if needle and any(needle in joined[id(other)] for other, text_ in paragraphs
                          if other is not block and len(text_) > len(words) and other in text.blocks):
            text.blocks.remove(block)
            changes.append(Change("remove_pull_quotes", block.source, block.line, words, "",
                                  "pull-quote removed (repeats the text)", confidence=0.9))
    return changes
