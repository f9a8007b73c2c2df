"""Write a text of the model back out in the plain source format.

One paragraph per line, paragraphs separated by one blank line, ``*italic*``
and ``**bold**`` kept, headings as paragraphs of their own, list items as
``- `` lines.  This is what ``edition clean`` prints.
"""

from __future__ import annotations

from edition.model.nodes import Text


def inlines_text(nodes: list) -> str:
    out = []
    for node in nodes:
        if node.kind == "str":
            out.append(node.text)
        elif node.kind == "emph":
            out.append(f"*{inlines_text(node.children)}*")
        elif node.kind == "strong":
            out.append(f"**{inlines_text(node.children)}**")
        elif node.kind == "note_ref":
            out.append(f"[{node.label}]")
        else:
            out.append(inlines_text(node.children))
    return "".join(out)


def block_paragraphs(block) -> list[str]:
    if block.kind == "paragraph" and block.role == "caption":
        return [f"[Illustration: {inlines_text(block.inlines)}]"]      # as Project Gutenberg marks it
    if block.kind in ("paragraph", "heading"):
        return [inlines_text(block.inlines)]
    if block.kind == "bullet_list":
        return ["\n".join("- " + inlines_text(item) for item in block.items)]
    return [p for child in getattr(block, "blocks", []) for p in block_paragraphs(child)]


def write(text: Text) -> str:
    paragraphs = [p for block in text.blocks for p in block_paragraphs(block)]
    for note in text.notes:
        body = "\n\n".join(p for block in note.blocks for p in block_paragraphs(block))
        paragraphs.append(f"[{note.label}] {body}")
    return "\n\n".join(paragraphs) + "\n"
