"""The typesetter's corrections to a text's first layout, each a general rule, each checked on the new
layout and kept only if it is better:

- **Words kept whole** where hyphens pile up: the third hyphenated line in a row, and the line at the foot
  of a right-hand page (the reader would turn the page in mid-word), have their broken word kept whole
  (``<span class="keep">``, ``hyphens: manual``) in its paragraph, and the text is laid out again; up to
  ``ROUNDS`` times, as a new layout can make a new run.
- **A short last page run back**: a text whose last page holds ``SHORT_LAST_PAGE`` lines or fewer (the end
  of a paragraph, its source line) is laid out again with the pages before it a line long, facing pages
  alike; kept if the text then ends a page sooner.
- **Facing pages ending on the same line** (the text block holds a whole number of lines,
  templates/pdf/head.html, so that a page ending in footnotes ends where a full page of text does):
  - a page the text goes on from that ends a line or more short (widows and orphans kept off it, a heading
    kept with what follows) has a paragraph wholly on it set a little looser (``letter-spacing``, at most
    ``TRACKING``), one for each line it lacks, chosen among those whose last line is nearly full: the
    paragraph takes a line more and the page ends where it did, full; the rest of the text is unchanged
    (``_fill``: one layout, two if some page is still short; kept if fewer pages are short);
  - a spread still uneven is then evened out, from the first on (``_even``): another paragraph set looser,
    or one set tighter (a line more of room for the paragraph or heading that needs it); both pages run a
    line long; or a spread run short, both its pages alike, by at most ``SHORTER`` lines; each new layout
    kept if fewer spreads are uneven or the first comes later, at most ``EVEN_LAYOUTS`` layouts;
  - what remains, less than a line (the space around block quotations, headings and lists, and a block
    quotation's smaller leading, are not whole lines), is spread over that space on the laid-out page
    (``weasy.justify``), never more than ``STRETCH`` lines in all.

Each correction costs one more layout of the text (the spreads, up to ``EVEN_LAYOUTS`` more), and only texts
that need it pay.
"""

from __future__ import annotations

import math
import re
from typing import Callable

from edition.pdf import weasy as pdf

ROUNDS = 2               # layouts tried to keep hyphenated words whole
FILL_ROUNDS = 2          # layouts tried to fill short pages
EVEN_LAYOUTS = 10        # layouts tried to even out the spreads still uneven
SHORTER = 2              # lines: the most a spread runs short
TRACKING = 0.025         # em: the most a paragraph is set looser to take a line more
TIGHTENING = 0.02        # em: the most a paragraph is set tighter to give a line back
STRETCH = 1.0            # lines: the most the space around headings, block quotations and lists grows on a page
FULL = 1.5               # px: a page whose text ends this near the foot of its block is full
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
    best, long = _run_long(lambda long=None: keep_whole(html(long), kept), lay_out, best, acceptable)
    best, tracked = _fill(lambda: keep_whole(html(long), kept), lay_out, best, acceptable)
    best = _even(lambda: keep_whole(html(long), kept), lay_out, best, acceptable, tracked)
    _justify(best[0].document)
    return best


def _run_long(html: Callable, lay_out: Callable, laid: tuple, acceptable: Callable) -> tuple:
    """The layout, and the pages run long for it (``html``'s ``long``), if any."""
    last, lines, pitch = pdf.last_page_lines(laid[0].document)
    if not 0 < lines <= SHORT_LAST_PAGE or last < 3:
        return laid, None
    pages = set(range(max(2, last - min(lines + 1, LONGEST_RUN)), last))
    if min(pages) % 2 == 1 and min(pages) > 2:
        pages.add(min(pages) - 1)               # a right-hand page runs long with the left-hand page it faces
    long = (sorted(pages), pitch)
    tried = lay_out(html(long))
    if pdf.last_page_lines(tried[0].document)[0] < last and acceptable(tried[0].document):
        return tried, long
    return laid, None


def _last(found: list, document) -> int:
    """The position of the text's last page: the last holding a line."""
    return max((depth.position for depth in found if depth.slack < document.pages[depth.position]._page_box.height),
               default=0)


def _spread(depth, pitch: float) -> bool:
    """Whether what a page lacks of a full page can be spread over the space around its headings, quotations
    and lists (``_justify``)."""
    return bool(depth.gaps) and depth.slack <= min(STRETCH * pitch, sum(size for _, size in depth.gaps)) + FULL


def _short(document) -> tuple[list, float]:
    """The pages the text goes on from that end short, each with the lines it lacks (0: less than a line,
    too much for the space around its headings and quotations to take up), and the height of a line."""
    found, pitch = pdf.depths(document)
    last = _last(found, document)
    short = []
    for depth in found:
        if depth.position == 0 or depth.position >= last or depth.notes or depth.slack <= FULL:
            continue                # (a text's opening page faces the page before the text)
        room = min(sum(size for _, size in depth.gaps), STRETCH * pitch)
        if depth.slack <= room + FULL:
            continue
        lines = math.ceil((depth.slack - room - FULL) / pitch)
        short.append((depth, lines if lines * pitch <= depth.slack + FULL else 0))
    return short, pitch


def _tracking(paragraph, looser: bool = True) -> float:
    """The letter-spacing (em) that should take a paragraph's last line over onto a line more (``looser``), or
    bring it back onto the line before: what its last line lacks of the measure (or holds) and a little more,
    spread over its letters."""
    if looser:
        wanted = (1 - paragraph.fill) * paragraph.width * 1.25 + 2.5 * paragraph.size
    else:
        wanted = -(paragraph.fill * paragraph.width * 1.25 + 2.5 * paragraph.size)
    return wanted / max(paragraph.characters, 1) / paragraph.size


def _usable(depth, tried: set) -> list:
    """The paragraphs of a page whose letter-spacing may change: of three lines at least, not tried before."""
    return [p for p in depth.paragraphs if p.element not in tried and p.lines >= 3]


def _fill(html: Callable, lay_out: Callable, laid: tuple, acceptable: Callable) -> tuple:
    """The layout with the paragraphs of short pages set looser, one a line lacking, if fewer pages are then
    short (see the module's docstring). Each page keeps its text: the rest of the layout is unchanged.
    Returns the layout and the letter-spacing of each paragraph set so."""
    short, _ = _short(laid[0].document)
    tracked: dict[str, float] = {}
    tried_elements: set[str] = set()
    for _ in range(FILL_ROUNDS):
        wanted = dict(tracked)
        for depth, lines in short:
            usable = _usable(depth, tried_elements)
            looser = sorted((_tracking(p), p.element) for p in usable)
            looser = [(em, element) for em, element in looser if em <= TRACKING][:lines]
            if lines and len(looser) == lines:
                wanted.update((element, round(em, 4)) for em, element in looser)
        if wanted == tracked:
            break
        tried_elements |= set(wanted)
        tried = lay_out(track(html(), wanted))
        found, _ = _short(tried[0].document)
        if len(found) >= len(short) or tried[0].pages > laid[0].pages or not acceptable(tried[0].document) \
                or len(pdf.hyphen_troubles(tried[0].document)) > len(pdf.hyphen_troubles(laid[0].document)):
            continue
        laid, short, tracked = tried, found, wanted
    return laid, tracked


def _ends(document) -> tuple[list, float]:
    """Where each page's text ends once what it lacks is spread (px from the top of the page; None: the text's
    last page), and the height of a line."""
    found, pitch = pdf.depths(document)
    last = _last(found, document)
    ends = []
    for depth in found:
        box = document.pages[depth.position]._page_box
        foot = box.content_box_y() + box.height
        if depth.position >= last:
            ends.append(None)
        elif depth.notes or depth.slack <= FULL or _spread(depth, pitch):
            ends.append(foot)
        else:
            ends.append(foot - depth.slack)
    return ends, pitch


def _uneven(ends: list, pitch: float) -> list[tuple[int, int]]:
    """The spreads (left-hand page, right-hand page: positions from 0, the piece opening on a right-hand page)
    whose pages end on different lines, with the lines between them (positive: the left-hand page is longer)."""
    found = []
    for left in range(1, len(ends) - 1, 2):
        if ends[left] is not None and ends[left + 1] is not None and abs(ends[left] - ends[left + 1]) > FULL:
            found.append((left, round((ends[left] - ends[left + 1]) / pitch)))
    return found


def _even(html: Callable, lay_out: Callable, laid: tuple, acceptable: Callable, tracked: dict) -> tuple:
    """The layout with its spreads evened out from the first on. For each spread still uneven, in turn: another
    paragraph on its short page set looser (as many as the lines it lacks); one set tighter (at most
    ``TIGHTENING``: a line more of room, for the paragraph or heading that needs it); both its pages run a line
    long; its longer page made as short as the other; both made as short (at most ``SHORTER`` lines);
    paragraphs set looser for some of the lines it lacks. A new layout is kept if fewer spreads are uneven, or
    the first comes later (one put off comes nearer the text's end, where the last page takes it up), or lacks
    fewer lines, with no more pages, its notes on their calls' pages and no more hyphenation troubles (a word
    it breaks across a right-hand page is kept whole, as in ``correct``); at most ``EVEN_LAYOUTS`` layouts."""
    uneven = _uneven(*_ends(laid[0].document))
    state = ({}, tracked)                       # the foot margins of pages (px), the letter-spacing of paragraphs
    kept: set = set()
    tried_elements = set(tracked)
    layouts = 0

    def attempts(left: int, lines: int):
        margins, spacing = state
        found, line = pdf.depths(laid[0].document)
        short = found[left + 1 if lines > 0 else left]
        usable = _usable(short, tried_elements)
        looser = sorted((_tracking(p), p.element) for p in usable if _tracking(p) <= TRACKING)
        if len(looser) >= abs(lines):
            yield margins, {**spacing, **{element: round(em, 4) for em, element in looser[:abs(lines)]}}
        tighter = sorted((_tracking(p, False), p.element) for p in usable if -_tracking(p, False) <= TIGHTENING)
        if abs(lines) <= SHORTER and tighter:
            yield margins, {**spacing, tighter[-1][1]: round(tighter[-1][0], 4)}
        pages = laid[0].document.pages
        yield {**margins, **{page + 1: pages[page]._page_box.margin_bottom - line         # :nth() from 1
                             for page in (left, left + 1)}}, spacing
        if abs(lines) <= SHORTER:
            longer = left if lines > 0 else left + 1
            yield {**margins, longer + 1: pages[longer]._page_box.margin_bottom + abs(lines) * line}, spacing
            yield {**margins, **{page + 1: pages[page]._page_box.margin_bottom + abs(lines) * line
                                 for page in (left, left + 1)}}, spacing
        if 0 < len(looser) < abs(lines):        # some of the lines it lacks, at least
            yield margins, {**spacing, **{element: round(em, 4) for em, element in looser}}

    def source(attempt: tuple, words: set) -> str:
        margins, spacing = attempt
        rules = "".join(f"@page :nth({page}) {{ margin-bottom: {px:.2f}px; }}\n"
                        for page, px in sorted(margins.items()))
        return keep_whole(_in_head(track(html(), spacing), rules), words)

    while uneven and layouts < EVEN_LAYOUTS:
        better = False
        for attempt in (way for spread in uneven for way in attempts(*spread)):
            if layouts >= EVEN_LAYOUTS:
                break
            tried_elements.update(attempt[1])
            layouts += 1
            tried, words = lay_out(source(attempt, kept)), set(kept)
            troubles = set(pdf.hyphen_troubles(tried[0].document))
            for _ in range(ROUNDS):                 # a word broken across a right-hand page, say: kept whole
                if not troubles - words or layouts >= EVEN_LAYOUTS:
                    break
                words |= troubles
                layouts += 1
                tried = lay_out(source(attempt, words))
                troubles = set(pdf.hyphen_troubles(tried[0].document))
            found = _uneven(*_ends(tried[0].document))
            if _worse(uneven) > _worse(found) and tried[0].pages <= laid[0].pages and acceptable(tried[0].document) \
                    and len(pdf.hyphen_troubles(tried[0].document)) <= len(pdf.hyphen_troubles(laid[0].document)):
                laid, uneven, state, kept, better = tried, found, attempt, words, True
                break
        if not better:
            break
    return laid


def _worse(uneven: list) -> tuple:
    """How uneven a text's spreads are: how many, then how soon the first (one put off is one nearer the
    text's end, where the last page takes it up), then by how many lines."""
    return (len(uneven), -uneven[0][0], abs(uneven[0][1])) if uneven else (0, 0, 0)


def _justify(document) -> None:
    """Spread what a page lacks of a full page over the space around its headings, quotations and lists."""
    found, pitch = pdf.depths(document)
    last = _last(found, document)
    for depth in found:
        if depth.position < last and not depth.notes and depth.slack > FULL and _spread(depth, pitch):
            pdf.justify(document.pages[depth.position], depth.gaps, depth.slack)


def track(html: str, elements: dict[str, float]) -> str:
    """The HTML with each element named (by id) set with that letter-spacing (em)."""
    if not elements:
        return html
    return _in_head(html, "".join(f'[id="{name}"] {{ letter-spacing: {em}em; }}\n'
                                  for name, em in sorted(elements.items())))


def _in_head(html: str, rules: str) -> str:
    """The HTML with a style sheet of ``rules`` last in its head."""
    head = html.find("</head>")
    return html[:head] + f"<style>\n{rules}</style>\n" + html[head:]


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
