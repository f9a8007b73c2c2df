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


def smarten(text: str) -> str:
    """A string of the manifest set as the texts are: its quotes curled, its dashes and ellipses made."""
    text = curl_quotes(text)
    for _, pattern, replacement in REPLACEMENTS:
        text = pattern(text) if replacement is None else pattern.sub(replacement, text)
    return text
