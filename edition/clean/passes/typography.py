"""smarten_typography: curly quotes, proper dashes, ellipses and non-breaking spaces.

Straight quotes are curled by their context, across italics; hyphens used as
dashes become dashes; number ranges take an en dash::

    "It's the '30s" - he said ... 1923-28, pp. 152-4
    → “It’s the ’30s” – he said … 1923–28, pp. 152–4

Quotes are decided on the whole paragraph's text at once (so a quote before
an italic word is seen as opening), and written back leaf by leaf.
"""

from __future__ import annotations

import re

from edition.model.changes import Change
from edition.model.walk import inline_lists, plain, strs, text_blocks

ELISIONS = re.compile(r"(?:tis|twas|twere|n|em|cause|til|round)\b", re.I)     # matched at a position
DECADE = re.compile(r"\d\d(s\b|\b)")
OPENING_CONTEXT = set(" \t\n([{<—–-/\u00a0“‘")

DASH = re.compile(r"---?")
SPACES = re.compile(r"\s*")


def em_dashes(text: str) -> str:
    """Every '--' or '---' with the spaces around it → '—', as ``re.sub(r"\\s*---?\\s*", "—", text)`` would
    do, in linear time (that pattern tries every space of a long run of spaces, each time to its end)."""
    if "--" not in text:
        return text
    out, position = [], 0
    for match in DASH.finditer(text):
        start = match.start()
        while start > position and text[start - 1].isspace():
            start -= 1
        out.append(text[position:start])
        out.append("—")
        position = SPACES.match(text, match.end()).end()
    out.append(text[position:])
    return "".join(out)


REPLACEMENTS = [
    ("em dash", em_dashes, None),
    ("spaced en dash", re.compile(r"(?<=\S) - (?=\S)"), " – "),
    ("number range", re.compile(r"(?<![\d-])(1\d{3}|20\d{2})-(\d{2}|\d{4})(?![\d-])"), r"\1–\2"),
    ("page range", re.compile(r"(\bpp?\.\s?\d+)-(\d+)\b"), r"\1–\2"),
    ("ellipsis", re.compile(r"\.\s?\.\s?\.(?!\.)"), "…"),
    ("non-breaking space after p.", re.compile(r"\b(pp?\.) (?=\d)"), "\\1\u00a0"),
    ("non-breaking space after title", re.compile(r"\b(Mr|Mrs|Dr|St|M)\. (?=[A-Z])"), "\\1.\u00a0"),
]


def curl_quotes(text: str) -> str:
    """Curl the straight quotes of a string by their context."""
    out = []
    for index, char in enumerate(text):
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        if char == '"':
            out.append("“" if before in OPENING_CONTEXT or (before == "‘" and after.isalnum()) else "”")
        elif char == "'":
            if before.isalnum() and (after.isalpha() or after == "s"):
                out.append("’")                                   # don't, O'Brien
            elif before in OPENING_CONTEXT and (ELISIONS.match(text, index + 1) or DECADE.match(text, index + 1)):
                out.append("’")                                   # 'tis, '30s
            elif before in OPENING_CONTEXT and not after.isspace():
                out.append("‘")
            else:
                out.append("’")
        else:
            out.append(char)
    return "".join(out)


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
    return changes


def _curl_across(inlines: list) -> None:
    leaves = strs(inlines)
    joined = curl_quotes("".join(leaf.text for leaf in leaves))
    position = 0
    for leaf in leaves:
        leaf.text, position = joined[position:position + len(leaf.text)], position + len(leaf.text)


def _differing_span(before: str, after: str, margin: int = 20, longest: int = 90) -> tuple[str, str]:
    """The part of two strings that differs, with a little context, cut to ``longest`` characters."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    start = max(0, start - margin)
    old, new = before[start:len(before) - max(0, end - margin)], after[start:len(after) - max(0, end - margin)]
    if len(old) > longest or len(new) > longest:
        old, new = old[:longest] + "…", new[:longest] + "…"
    return old, new
