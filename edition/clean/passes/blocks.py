"""make_blocks: lines → paragraphs, headings and lists.

Paragraphs are separated by blank lines; a paragraph hard-wrapped over
several lines is joined into one.  Where an extraction has no blank lines
between paragraphs (a PDF's text, wrapped at a fixed width), a paragraph
ends at a short line that closes a sentence, or before an indented line::

    The workers of the world have         The workers of the world have
    nothing to lose.                  →   nothing to lose.
      Then a new paragraph begins         ¶ Then a new paragraph begins …

Lines the manifest names as headings stand alone; lines beginning ``- `` are
list items.
"""

from __future__ import annotations

import re
from statistics import quantiles

from edition.model.changes import Change
from edition.model.nodes import BulletList, Heading, Paragraph
from edition.clean.passes.headings import is_heading
from edition.clean.passes.patterns import CAPTION, DANGLING, SENTENCE_END, heading_like
from edition.model.markup import parse_inlines

ITEM = re.compile(r"^\s*[-•]\s+(?=\S)")
NUMBERED_ITEM = re.compile(r"^(\(\w{1,3}\)|\w{1,3}[.)])\s")


def wrap_width(lines: list[tuple[int, str]]) -> int | None:
    """The width a text was hard-wrapped at, or None if its lines are whole paragraphs."""
    lengths = [len(line.rstrip()) for _, line in lines if line.strip()]
    if len(lengths) < 12:
        return None
    width = quantiles(lengths, n=10)[-1]
    if width > 120:
        return None
    full = sum(1 for length in lengths if length >= 0.7 * width)
    return int(width) if full >= 0.6 * len(lengths) else None


def make_blocks(text, context) -> list[Change]:
    width = wrap_width(text.lines)
    indent = _common_indent(text.lines)
    headings = text.settings.headings
    lines_apart = bool(text.gutenberg)
    blocks, group = [], []

    def flush():
        if group:
            blocks.extend(_group_blocks(group, text.source, width, indent, lines_apart))
            group.clear()

    for number, line in text.lines:
        if number in headings:
            flush()
            blocks.append(Heading(parse_inlines(line.strip()), 2, text.source, number))
        elif not line.strip():
            flush()
        else:
            group.append((number, line))
    flush()
    text.blocks = blocks
    text.lines = []
    return []


def _common_indent(lines) -> int:
    indents = [len(line) - len(line.lstrip()) for _, line in lines if line.strip()]
    return min(indents) if indents else 0


def _paragraph_lines(group, width, indent, lines_apart=False) -> list[list[tuple[int, str]]]:
    """Split a blank-free group of lines into paragraphs (only where the text is hard-wrapped).

    In wrapped text a paragraph ends at a line that closes a sentence and is
    short, or short enough that the next line's first word would have fitted
    on it; or before an indented line.  Short lines that cannot belong to the running
    text stand alone, for the later passes to judge: a title or heading at a
    paragraph's start, a separator, and a run of narrow lines or a single
    short line between two full ones (a pull-quote or a caption dropped into a
    paragraph).

    With ``lines_apart`` (a Project Gutenberg file, whose paragraphs are
    separated by blank lines), a group of short lines only is no paragraph
    but lines set apart: a title page, a table of contents, an address;
    each line stands alone.
    """
    if lines_apart and len(group) > 1 and \
            all(len(line.rstrip()) < (0.7 * width if width else 60) for _, line in group):
        return [[entry] for entry in group]
    if width is None:
        if len(group) > 1 and all(len(line.strip()) > 150 for _, line in group):
            return [[entry] for entry in group]       # one paragraph a line, no blank lines between
        return [group]
    short = [len(line.rstrip()) < 0.7 * width for _, line in group]
    paragraphs, current = [], []
    index = 0
    while index < len(group):
        number, line = group[index]
        stripped = line.strip()
        if current and len(line) - len(line.lstrip()) > indent + 1:
            paragraphs.append(current)               # an indented line opens a paragraph
            current = []
        opening_title = not current and short[index] and index + 1 < len(group) \
            and _title_line(stripped, group[index + 1][1])
        if opening_title or _separator_or_caption(stripped):
            if current:
                paragraphs.append(current)
                current = []
            paragraphs.append([(number, line)])      # a title, a heading, a separator, a caption
            index += 1
            continue
        if current and short[index] and not short[index - 1] and index + 1 < len(group) \
                and not SENTENCE_END.search(stripped):
            end = index
            while end < len(group) and short[end] and end - index < 6:
                end += 1
            narrow = group[index:end]
            closes = SENTENCE_END.search(narrow[-1][1].rstrip())
            if end < len(group) and (len(narrow) >= 2 or not closes):
                paragraphs.append(current)           # the paragraph goes on after what was dropped into it
                paragraphs.append(narrow)
                current = []
                index = end
                continue
        current.append((number, line))
        if index + 1 < len(group) and SENTENCE_END.search(line.rstrip()) and \
                (short[index] or _next_word_fits(line, group[index + 1][1], width)):
            paragraphs.append(current)
            current = []
        index += 1
    if current:
        paragraphs.append(current)
    return paragraphs


def _separator_or_caption(line: str) -> bool:
    """'* * *', '-----', or a picture's caption: lines that are never part of a paragraph."""
    return not re.search(r"[A-Za-z0-9]", line) or (bool(CAPTION.match(line)) and len(line.split()) <= 15)


def _title_line(line: str, following: str) -> bool:
    """A short line that stands alone at a paragraph's start: a title, a heading, a name, a site's menu."""
    if heading_like(line) or is_heading(line) or (line.isupper() and len(line.split()) <= 12):
        return True
    last = (re.findall(r"[A-Za-z]+", line) or [""])[-1].lower()
    return (not SENTENCE_END.search(line) and not line.endswith((",", "-", ";")) and last not in DANGLING
            and following.lstrip()[:1].isupper())


def _next_word_fits(line: str, following: str, width: int) -> bool:
    """The next line's first word would have fitted on this one: the line was ended on purpose."""
    words = following.split()
    return bool(words) and words[0][:1].isupper() and len(line.rstrip()) + 1 + len(words[0]) <= width


def _group_blocks(group, source, width, indent, lines_apart=False) -> list:
    """One blank-separated group of lines → paragraphs and lists."""
    blocks, items = [], []

    def end_list():
        if items:
            numbered = all(NUMBERED_ITEM.match(t) for _, t in items)
            blocks.append(BulletList([parse_inlines(t) for _, t in items], source, items[0][0], numbered))
            items.clear()

    for lines in _paragraph_lines(group, width, indent, lines_apart):
        para = []
        for number, line in lines:
            if ITEM.match(line):
                if para:
                    blocks.append(_paragraph(para, source))
                    para = []
                items.append((number, ITEM.sub("", line).strip()))
            elif items and not para:
                items[-1] = (items[-1][0], items[-1][1] + " " + line.strip())
            else:
                end_list()
                para.append((number, line))
        if para:
            end_list()
            blocks.append(_paragraph(para, source))
    end_list()
    return blocks


def _paragraph(lines, source) -> Paragraph:
    joined = " ".join(line.strip() for _, line in lines)
    return Paragraph(parse_inlines(joined), source, lines[0][0])
