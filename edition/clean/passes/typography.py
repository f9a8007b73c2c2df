"""smarten_typography: curly quotes, proper dashes, ellipses and non-breaking spaces.

Straight quotes are curled by their context, across italics; hyphens used as
dashes become dashes; number ranges take an en dash::

    "It's the '30s" - he said ... 1923-28, pp. 152-4
    → “It’s the ’30s” – he said … 1923–28, pp. 152–4

Quotes are decided on the whole paragraph's text at once (so a quote before
an italic word is seen as opening), and written back leaf by leaf.

Then the house style (the manifest's ``style``), one for the whole book: the
dashes between words set alike, and the quotation marks paired and set by
their depth, apostrophes untouched::

    ‘Oh!’ it cried, ‘we cannot allow “this” – the workers’ state’
    → “Oh!” it cried, “we cannot allow ‘this’—the workers’ state”      (em-closed, double)

A paragraph whose quotation marks do not pair keeps them as written, and is
reported as a suspect.
"""

from __future__ import annotations

import re

from edition.model.changes import Change
from edition.model.typography import REPLACEMENTS, curl_quotes, dash_edits, quote_edits
from edition.model.walk import inline_lists, plain, strs, text_blocks

def smarten_typography(text, context) -> list[Change]:
    changes = []
    for block in text_blocks(text):
        for inlines in inline_lists(block):
            before = plain(inlines)
            if not re.search(r"[A-Za-z0-9]", before):
                continue                                  # a separator: "-----", "* * *"
            _curl_across(inlines)
            for leaf in strs(inlines):
                for _, pattern, replacement in REPLACEMENTS:
                    leaf.text = pattern(leaf.text) if replacement is None else pattern.sub(replacement, leaf.text)
            after = plain(inlines)
            if after != before:
                changes.append(Change("smarten_typography", block.source, block.line,
                                      *_differing_span(before, after), "typography"))
            changes.extend(_set_house_style(inlines, block, text.settings))
    return changes


def _set_house_style(inlines: list, block, settings) -> list[Change]:
    leaves = strs(inlines)
    before = "".join(leaf.text for leaf in leaves)
    edits = dash_edits(before, settings.dashes)
    _edit_across(leaves, edits)
    styled = "".join(leaf.text for leaf in leaves)
    quotes = quote_edits(styled, settings.quotes)
    if quotes is None:
        return [Change("smarten_typography", block.source, block.line, styled[:90], styled[:90],
                       f"house style: quotation marks that do not pair left as written, not {settings.quotes}",
                       applied=False)]
    _edit_across(leaves, quotes)
    after = "".join(leaf.text for leaf in leaves)
    if after == before:
        return []
    return [Change("smarten_typography", block.source, block.line, *_differing_span(before, after),
                   f"house style: dashes {settings.dashes}, quotes {settings.quotes}")]


def _edit_across(leaves: list, edits: list[tuple[int, int, str]]) -> None:
    """Apply edits of the leaves' joined text (start, end, replacement; sorted, apart) leaf by leaf: each
    replacement goes into the leaf where its edit starts, the characters it replaces leave whichever leaf
    holds them."""
    if not edits:
        return
    starts = {start: (end, replacement) for start, end, replacement in edits}
    position, skip_to = 0, 0
    for leaf in leaves:
        out = []
        for char in leaf.text:
            if position in starts:
                skip_to, replacement = starts[position]
                out.append(replacement)
            if position >= skip_to:
                out.append(char)
            position += 1
        leaf.text = "".join(out)


def _curl_across(inlines: list) -> None:
    leaves = strs(inlines)
    joined = curl_quotes("".join(leaf.text for leaf in leaves))
    position = 0
    for leaf in leaves:
        leaf.text, position = joined[position:position + len(leaf.text)], position + len(leaf.text)


def _differing_span(before: str, after: str, margin: int = 20, longest: int = 90) -> tuple[str, str]:
    """The part of two strings that differs, with a little context widened to whole words, cut to about
    ``longest`` characters (at a space)."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    start = max(0, start - margin)
    while start > 0 and not before[start - 1].isspace():
        start -= 1
    cut = max(0, end - margin)                  # the common end left out
    while cut > 0 and not before[len(before) - cut].isspace():
        cut -= 1
    old, new = before[start:len(before) - cut], after[start:len(after) - cut]
    if len(old) > longest or len(new) > longest:
        old, new = _cut(old, longest), _cut(new, longest)
    return old, new


def _cut(words: str, longest: int) -> str:
    space = words.rfind(" ", 0, longest)
    return words[:space if space > 0 else longest] + "…"
