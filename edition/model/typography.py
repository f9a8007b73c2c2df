"""Typography of a string: curly quotes, proper dashes, ellipses and non-breaking spaces.

The clean-up's ``smarten_typography`` pass applies these to the texts, across their inlines; ``smarten``
applies them to a plain string the manifest gives (a title, an author, a source), so that the whole book
is set alike::

    smarten("John O'Mahony -- Trotsky's \"Results\"") → "John O’Mahony—Trotsky’s “Results”"
"""

from __future__ import annotations

import re

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


def smarten(text: str, style: dict | None = None) -> str:
    """A string of the manifest set as the texts are: its quotes curled, its dashes and ellipses made, in
    the house ``style`` ({dashes, quotes}) if one is given."""
    text = curl_quotes(text)
    for _, pattern, replacement in REPLACEMENTS:
        text = pattern(text) if replacement is None else pattern.sub(replacement, text)
    return house_style(text, **style) if style else text


# The house style: one convention for the dashes and quotation marks of the whole book (the manifest's
# ``style``), whatever each text's source used.

#: a dash between words: spaced (en or em, the space before it maybe a no-break one), or a closed em dash
#: between two characters that are not spaces, dashes or both digits
SPACED_DASH = re.compile(r"(?<=\S)[ \u00a0][–—] (?=\S)")
CLOSED_DASH = re.compile(r"(?<=[^\s—–\-‘“(\[])—(?=[^\s—–\-’”)\]])")
DASH_AS = {"em-closed": "—", "em-spaced": "\u00a0— ", "en-spaced": "\u00a0– "}
OPENING = {"“": "double", "‘": "single"}
CLOSING = {"”": "double", "’": "single"}
MARKS = {("double", True): "“", ("double", False): "”", ("single", True): "‘", ("single", False): "’"}


def dash_edits(text: str, convention: str) -> list[tuple[int, int, str]]:
    """Where the dashes between words of ``text`` differ from ``convention``: (start, end, replacement)."""
    if convention == "as-written" or ("—" not in text and "–" not in text):
        return []
    wanted = DASH_AS[convention]
    edits = [(m.start(), m.end(), wanted) for m in SPACED_DASH.finditer(text) if m.group() != wanted]
    if convention != "em-closed":
        edits += [(m.start(), m.end(), wanted) for m in CLOSED_DASH.finditer(text)
                  if not (text[m.start() - 1].isdigit() and text[m.end()].isdigit())]
    return sorted(edits)


def quote_levels(text: str) -> list[tuple[int, bool, int]] | None:
    """The quotation marks of a paragraph, paired: (position, opening, depth) of each, depth 0 outermost;
    None when they do not pair (a closing mark with nothing open).

    An opening mark is never an apostrophe; a '’' is an apostrophe when a letter follows it (don’t), when
    it does not follow a word (’tis), or when it ends a word begun with one (rock ’n’ roll). A plural possessive (the workers’ state) inside single quotes
    could also close them: it is held as a candidate, and used only if nothing better closes the quote
    before the double quotation holding it does, or the paragraph ends."""
    stack: list[list] = []            # [kind, position, candidates]
    marks: list[tuple[int, bool, int]] = []
    for position, char in enumerate(text):
        if char in OPENING:
            stack.append([OPENING[char], position, []])
            continue
        if char not in CLOSING:
            continue
        kind = CLOSING[char]
        after = text[position + 1] if position + 1 < len(text) else " "
        before = text[position - 1] if position else " "
        if kind == "single":
            if after.isalnum() or before.isspace() or not stack or stack[-1][0] != "single" \
                    or _ends_elided_word(text, position):
                continue                                       # an apostrophe
            if before == "s" and after == " " and text[position + 2:position + 3].isalpha():
                stack[-1][2].append(position)                  # the workers’ state: maybe
                continue
        else:
            while stack and stack[-1][0] == "single" and stack[-1][2]:
                _close(stack, marks, stack[-1][2][-1])
            if not stack or stack[-1][0] != "double":
                return None
        _close(stack, marks, position)
    while stack:
        if stack[-1][2]:
            _close(stack, marks, stack[-1][2][-1])
        else:
            kind, opened, _ = stack.pop()                      # open to the end: the quotation goes on
            marks.append((opened, True, len(stack)))
    return sorted(marks)


def _ends_elided_word(text: str, position: int) -> bool:
    """Does the '’' at ``position`` end a short word that began with one (rock ’n’ roll)?"""
    start = position - 1
    while start >= max(0, position - 12) and text[start].isalnum():
        start -= 1
    return start >= 0 and start < position - 1 and text[start] == "’" and (start == 0 or text[start - 1].isspace())


def _close(stack: list, marks: list, position: int) -> None:
    _, opened, _ = stack.pop()
    marks.append((opened, True, len(stack)))
    marks.append((position, False, len(stack)))


def quote_edits(text: str, convention: str) -> list[tuple[int, int, str]] | None:
    """The quotation marks of ``text`` set in ``convention`` ('double': “outer ‘inner’ outer”), as edits of
    one character each; None when the marks do not pair (the paragraph is best left as written)."""
    if convention == "as-written" or not any(c in text for c in "“‘"):
        return []
    levels = quote_levels(text)
    if levels is None:
        return None
    other = "single" if convention == "double" else "double"
    edits = []
    for position, opening, depth in levels:
        mark = MARKS[(convention if depth % 2 == 0 else other, opening)]
        if text[position] != mark:
            edits.append((position, position + 1, mark))
    return edits


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    out, position = [], 0
    for start, end, replacement in edits:
        out.append(text[position:start])
        out.append(replacement)
        position = end
    out.append(text[position:])
    return "".join(out)


def house_style(text: str, dashes: str = "as-written", quotes: str = "as-written") -> str:
    """A string set in the house style (a manifest string; the texts' paragraphs are set by the pass)."""
    text = apply_edits(text, dash_edits(text, dashes))
    return apply_edits(text, quote_edits(text, quotes) or [])
