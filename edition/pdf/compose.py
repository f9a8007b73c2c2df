"""The typesetter's corrections to a text's first layout, each a general rule, each checked on the new
layout and kept only if it is better:

- **Words kept whole** where hyphens pile up: the third hyphenated line in a row, and the line at the foot
  of a right-hand page (the reader would turn the page in mid-word), have their broken word kept whole
  (``<span class="keep">``, ``hyphens: manual``) in its paragraph, and the text is laid out again; up to
  ``ROUNDS`` times, as a new layout can make a new run.
- **A short last page run back**: a text whose last page holds ``SHORT_LAST_PAGE`` lines or fewer (the end
  of a paragraph, its source line) is laid out again with the pages before it a line long, facing pages
  alike; kept if the text then ends a page sooner.

Each correction costs one more layout of the text, and only texts that need it pay.
"""

from __future__ import annotations

import re
from typing import Callable

from edition.pdf import weasy as pdf

ROUNDS = 2               # layouts tried to keep hyphenated words whole
SHORT_LAST_PAGE = 3      # a text's last page holding this many lines or fewer comes back onto the pages before
LONGEST_RUN = 4          # pages that may run a line long for it
PARAGRAPH = re.compile(r"<p[\s>]")
MARKUP = re.compile(r"(<[^>]+>)")


def correct(html: Callable, lay_out: Callable, first: tuple, acceptable: Callable) -> tuple:
    """The best layout of a text: ``html(long=None)`` gives its HTML (``long``: pages run long, see
    ``render.html``), ``lay_out(html)`` lays it out as (rendered, recorded), ``first`` is the first layout,
    ``acceptable(document)`` whether a new layout keeps its notes on their calls' pages."""
    best, kept = first, set()
    troubles = pdf.hyphen_troubles(best[0].document)
    for _ in range(ROUNDS):
        new = set(troubles) - kept
        if not new:
            break
        kept |= new
        tried = lay_out(keep_whole(html(), kept))
        found = pdf.hyphen_troubles(tried[0].document)
        if len(found) >= len(troubles) or not acceptable(tried[0].document):
            kept -= new
            break
        best, troubles = tried, found
    return _run_long(lambda long=None: keep_whole(html(long), kept), lay_out, best, acceptable)


def _run_long(html: Callable, lay_out: Callable, laid: tuple, acceptable: Callable) -> tuple:
    last, lines, pitch = pdf.last_page_lines(laid[0].document)
    if not 0 < lines <= SHORT_LAST_PAGE or last < 3:
        return laid
    pages = set(range(max(2, last - min(lines + 1, LONGEST_RUN)), last))
    if min(pages) % 2 == 1 and min(pages) > 2:
        pages.add(min(pages) - 1)               # a right-hand page runs long with the left-hand page it faces
    tried = lay_out(html((sorted(pages), pitch)))
    if pdf.last_page_lines(tried[0].document)[0] < last and acceptable(tried[0].document):
        return tried
    return laid


def keep_whole(html: str, words: set[tuple[int, str]]) -> str:
    """The HTML with, in each (paragraph, beginning) of ``words``, the words of that paragraph (its position
    among the document's <p> elements) that begin so set in a ``keep`` span."""
    if not words:
        return html
    by_paragraph: dict[int, set[str]] = {}
    for paragraph, beginning in words:
        by_paragraph.setdefault(paragraph, set()).add(beginning)
    out, position = [], 0
    for number, match in enumerate(PARAGRAPH.finditer(html)):
        if number not in by_paragraph:
            continue
        end = html.find("</p>", match.end())
        end = len(html) if end < 0 else end
        pattern = re.compile(r"(?<![\w‐-])((?:" + "|".join(map(re.escape, sorted(by_paragraph[number])))
                             + r")[\w’'-]*)")
        pieces = MARKUP.split(html[match.start():end])
        for index in range(0, len(pieces), 2):
            pieces[index] = pattern.sub(r'<span class="keep">\1</span>', pieces[index])
        out += [html[position:match.start()], "".join(pieces)]
        position = end
    out.append(html[position:])
    return "".join(out)
