"""The source format's inline markup, both ways: ``*italic*`` (or ``_italic_``) and ``**bold**`` parsed into inlines, and a
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
from bisect import bisect_left

from edition.model.nodes import Emph, Str, Strong, Text

#: where ``**bold**`` and ``*italic*`` may open and close (the spans are paired in _spans, in linear time:
#: a lazy regex ``\*(.+?)\*`` would scan to the end of the text from every unclosed star)
_STRONG_OPEN = re.compile(r"(?=\*\*\S)")
_STRONG_CLOSE = re.compile(r"(?<=\S)(?=\*\*(?!\*))")
_EMPH_OPEN = re.compile(r"(?<![*\w])(?=\*[^\s*])")
_EMPH_CLOSE = re.compile(r"(?<=[^\s*])(?=\*(?![*\w]))")
#: Project Gutenberg's ``_italic_``: the same rules, with '_' for '*' ('_' is a word character: snake_case stays)
_UNDER_OPEN = re.compile(r"(?<!\w)(?=_[^\s_])")
_UNDER_CLOSE = re.compile(r"(?<=[^\s_])(?=_(?!\w))")


def parse_inlines(text: str) -> list:
    """'a *b* **c**' → [Str('a '), Emph([Str('b')]), Str(' '), Strong([Str('c')])]; '_b_' is italic too."""
    out, position = [], 0
    for start, end in _spans(text, _STRONG_OPEN, _STRONG_CLOSE, 2):
        out += _emphasis(text[position:start])
        out.append(Strong(_emphasis(text[start + 2:end - 2])))
        position = end
    return out + _emphasis(text[position:])


def _emphasis(text: str) -> list:
    out, position = [], 0
    for start, end in _spans(text, _EMPH_OPEN, _EMPH_CLOSE, 1):
        if start > position:
            out += _underscores(text[position:start])
        out.append(Emph([Str(text[start + 1:end - 1])]))
        position = end
    if position < len(text):
        out += _underscores(text[position:])
    return out


def _underscores(text: str) -> list:
    out, position = [], 0
    for start, end in _spans(text, _UNDER_OPEN, _UNDER_CLOSE, 1, "_"):
        if start > position:
            out.append(Str(text[position:start]))
        out.append(Emph([Str(text[start + 1:end - 1])]))
        position = end
    if position < len(text):
        out.append(Str(text[position:]))
    return out


def _spans(text: str, opening, closing, mark: int, sign: str = "*") -> list[tuple[int, int]]:
    """The (start, end) of each marked span, as ``re.finditer`` would find ``MARK(.+?)MARK`` (re.S) with the
    opening and closing conditions: from left to right, each opening paired with the first closing after it
    that leaves a character between them."""
    if sign not in text:
        return []
    closes = [m.start() for m in closing.finditer(text)]
    spans, position = [], 0
    for match in opening.finditer(text):
        start = match.start()
        if start < position:
            continue
        after = bisect_left(closes, start + mark + 1)
        if after == len(closes):
            break                                   # no closing after this opening, nor after any later one
        spans.append((start, closes[after] + mark))
        position = closes[after] + mark
    return spans


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
