"""The source format's inline markup, both ways: ``*italic*`` and ``**bold**`` parsed into inlines, and a
text of the model written back out in the plain source format.

    parse_inlines("a *b* **c**") → [Str("a "), Emph([Str("b")]), Str(" "), Strong([Str("c")])]
    inlines_text(that) → "a *b* **c**"

``write`` gives one paragraph per line, paragraphs separated by one blank
line, headings as paragraphs of their own, list items as ``- `` lines: what
``edition clean`` prints.  Every other character is text: ``<`` or ``&``
never become markup, because the model holds strings and the templates
escape them.
"""

from __future__ import annotations

import re

from edition.model.nodes import Emph, Str, Strong, Text

_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*(?!\*)", re.S)
_EMPH = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])", re.S)


def parse_inlines(text: str) -> list:
    """'a *b* **c**' → [Str('a '), Emph([Str('b')]), Str(' '), Strong([Str('c')])]."""
    out, position = [], 0
    for match in _STRONG.finditer(text):
        out += _emphasis(text[position:match.start()])
        out.append(Strong(_emphasis(match[1])))
        position = match.end()
    return out + _emphasis(text[position:])


def _emphasis(text: str) -> list:
    out, position = [], 0
    for match in _EMPH.finditer(text):
        if match.start() > position:
            out.append(Str(text[position:match.start()]))
        out.append(Emph([Str(match[1])]))
        position = match.end()
    if position < len(text):
        out.append(Str(text[position:]))
    return out




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
        elif type(node).CONTENTS:
            out.append(inlines_text(node.children))
    return "".join(out)


def block_paragraphs(block) -> list[str]:
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
