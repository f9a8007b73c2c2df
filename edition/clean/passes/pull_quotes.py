"""remove_pull_quotes: remove short paragraphs that repeat a passage standing elsewhere in the text.

Magazines repeat a striking sentence in large type; extraction sets it down
as a paragraph of its own.  A paragraph of 5 to 60 words whose words stand,
in the same order, inside a longer paragraph of the same text is removed::

    Drowning men fight for survival … So it is with social systems    (removed: it stands in full further on)
"""

from __future__ import annotations

from edition.model.changes import Change
from edition.model.nodes import Paragraph
from edition.model.walk import plain
from edition.clean.passes.split_paragraphs import is_pull_quote


def remove_pull_quotes(text, context) -> list[Change]:
    changes = []
    paragraphs = [(b, plain(b.inlines)) for b in text.blocks if isinstance(b, Paragraph)]
    for block, words in paragraphs:
        if block.role is not None or block not in text.blocks:
            continue
        others = [t for b, t in paragraphs if b is not block and b in text.blocks]
        if is_pull_quote(words, others):
            text.blocks.remove(block)
            changes.append(Change("remove_pull_quotes", block.source, block.line, words, "",
                                  "pull-quote removed (repeats the text)", confidence=0.9))
    return changes
