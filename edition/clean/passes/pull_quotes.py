"""remove_pull_quotes: remove short paragraphs that repeat a passage standing elsewhere in the text.

Magazines repeat a striking sentence in large type; extraction sets it down
as a paragraph of its own.  A paragraph of 5 to 60 words whose words stand,
in the same order, inside a longer paragraph of the same text (word for word,
but for an OCR slip in one word of four at most) is removed; a paragraph
that only shares a formula with another ("The defence was a denial of the
…") stays::

    Drowning men fight for survival … So it is with social systems    (removed: it stands in full further on)
"""

from __future__ import annotations

from edition.model.changes import Change
from edition.model.nodes import Paragraph
from edition.model.walk import plain
from edition.clean.passes.split_paragraphs import Passages


def remove_pull_quotes(text, context) -> list[Change]:
    changes = []
    paragraphs = [(b, plain(b.inlines)) for b in text.blocks if isinstance(b, Paragraph)]
    passages = Passages()
    for block, words in paragraphs:
        passages.add(id(block), words)
    removed = set()
    for block, words in paragraphs:
        if block.role is not None:
            continue
        if passages.repeats(words, exclude={id(block)}):
            passages.remove(id(block))
            removed.add(id(block))
            changes.append(Change("remove_pull_quotes", block.source, block.line, words, "",
                                  "pull-quote removed (repeats the text)", confidence=0.9))
    if removed:
        text.blocks[:] = [b for b in text.blocks if id(b) not in removed]
    return changes
