"""mark_blockquotes_and_sidebars: set the block quotations and sidebars the manifest names.

    blockquotes: [[44, 46]]   →  the paragraphs from line 44 to 46 in a BlockQuote
    sidebars: [[218, 244]]    →  the blocks from line 218 to 244 in a Sidebar, which
                                 rejoin_split_paragraphs moves after the paragraph it cut
"""

from __future__ import annotations

from edition.model.changes import Change
from edition.model.nodes import BlockQuote, Sidebar
from edition.model.walk import plain


def _wrap(text, ranges, node, rule) -> list[Change]:
    changes = []
    for first, last in ranges:
        inside = [i for i, b in enumerate(text.blocks) if first <= b.line <= last]
        if not inside:
            continue
        start, end = inside[0], inside[-1] + 1
        wrapped = text.blocks[start:end]
        text.blocks[start:end] = [node(wrapped, text.source, wrapped[0].line)]
        words = " ".join(plain(getattr(b, "inlines", [])) for b in wrapped)
        changes.append(Change("mark_blockquotes_and_sidebars", text.source, first, words[:60], words[:60], rule))
    return changes


def mark_blockquotes_and_sidebars(text, context) -> list[Change]:
    # quotations first, so that a quotation inside a sidebar ends up inside it
    return (_wrap(text, text.settings.blockquotes, BlockQuote, "block quotation (manifest)")
            + _wrap(text, text.settings.sidebars, Sidebar, "sidebar (manifest)"))
