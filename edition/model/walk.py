"""Helpers for passes that rewrite the strings inside inlines."""

from __future__ import annotations

from edition.model.nodes import BulletList, Heading, Paragraph, Str


def inline_lists(block) -> list[list]:
    """The lists of inlines a block holds (a paragraph has one, a list one per item)."""
    if isinstance(block, (Paragraph, Heading)):
        return [block.inlines]
    if isinstance(block, BulletList):
        return block.items
    return [inlines for child in getattr(block, "blocks", []) for inlines in inline_lists(child)]


def strs(inlines: list) -> list[Str]:
    """Every Str leaf in reading order."""
    out = []
    for node in inlines:
        if isinstance(node, Str):
            out.append(node)
        else:
            out.extend(strs(node.children))
    return out


def all_blocks(blocks: list):
    """Every block, those inside block quotations and sidebars included, in reading order."""
    for block in blocks:
        yield block
        yield from all_blocks(getattr(block, "blocks", []))


def text_blocks(text) -> list:
    """A text's blocks and its notes' blocks: everything a word or typography pass reads."""
    return list(text.blocks) + [block for note in text.notes for block in note.blocks]
