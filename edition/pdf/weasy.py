"""WeasyPrint: the only module that touches it.  Lay out HTML, read the laid-out boxes, write the PDF.

Files are read only under the style and source folders; WeasyPrint's
warnings are caught and handed back as coded messages; a URL outside the
allowed folders (or any network URL) is refused and reported.

WeasyPrint's internals used here, each checked against WeasyPrint 70.0 (the
version pinned in pyproject.toml) and marked where it is used:

- ``weasyprint.layout.make_margin_boxes`` is wrapped to record each page's
  state, so that page numbers can be set after layout (``Recording``,
  ``renumber``): a piece of the book is laid out before its first page
  number is known;
- ``page._page_box`` (the laid-out boxes: WeasyPrint keeps no other handle
  on them) is walked to find where notes, index marks and each page's
  first line landed (``_fragments``, ``flow_lines``), and the first line
  of each of the index's columns (``column_tops``);
- ``weasyprint.pdf.metadata.uuid4`` and ``SOURCE_DATE_EPOCH`` are set
  during a write, so that PDF/X files are reproducible (``write``);
- ``weasyprint.text.line_break.pyphen`` (the module ``hyphens: auto`` takes
  its dictionaries from) is replaced by one whose dictionaries never break
  a capitalised word (``KeepCapitalised``): no proper name is hyphenated
  ("Stal-in", "Mo-scow"), nor a sentence's first word;
- the laid-out boxes of a page are read for where its text ends (``depths``) and moved down to spread
  what a page lacks of a full one over the space around its headings and quotations (``justify``: WeasyPrint
  70 has no vertical justification); ``weasyprint.anchors.gather_anchors`` then finds the page's links and
  anchors again, as ``Page()`` did;
- ``weasyprint.layout.inline.split_first_line`` is wrapped (``split_first_line``): WeasyPrint 70 counts the
  space ending a run of text before an inline element in the run's width, so a run that fills the line
  but for that space was cut after its first word, leaving one word alone on a line ("destroys" / "the" /
  "border-line between …").
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import os
import re
import weakref
from datetime import datetime
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import copy
import threading
import uuid

import pyphen
import weasyprint
import weasyprint.layout
import weasyprint.text.line_break
from weasyprint.anchors import gather_anchors
from weasyprint.layout.background import layout_box_backgrounds
from weasyprint.pdf import metadata as weasyprint_metadata
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from edition.index.marks import words_pattern
from edition.messages import Message, message


class KeepCapitalised(pyphen.Pyphen):
    """A Pyphen dictionary that never breaks a capitalised word: a proper name, a sentence's first word."""

    def iterate(self, word):
        first = next((char for char in word if char.isalpha()), "")
        return iter(()) if first.isupper() else super().iterate(word)


class _Hyphenation:
    """What ``weasyprint.text.line_break`` reads of the ``pyphen`` module, with ``KeepCapitalised``."""

    Pyphen = KeepCapitalised
    language_fallback = staticmethod(pyphen.language_fallback)


weasyprint.text.line_break.pyphen = _Hyphenation    # internal: WeasyPrint 70's line_break.py, step 4

_split_first_line = weasyprint.layout.inline.split_first_line


def split_first_line(text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False):
    """WeasyPrint's, except that a run which fits once its final space is dropped is not cut after its first
    word (its final space goes at the line's end, where WeasyPrint removes it)."""
    result = _split_first_line(text, style, context, max_width, justification_spacing, is_line_start, minimum)
    if result[2] is not None and max_width and text.endswith(" ") and result[3] < max_width / 2 \
            and " " in text.strip(" "):
        whole = _split_first_line(text.rstrip(" "), style, context, max_width, justification_spacing,
                                  is_line_start, minimum)
        if whole[2] is None:
            return _split_first_line(text, style, context, None, justification_spacing, is_line_start, minimum)
    return result


weasyprint.layout.inline.split_first_line = split_first_line    # internal: WeasyPrint 70's inline.py


class FolderFetcher(URLFetcher):
    """Serves ``file:`` URLs under the given folders, and nothing else."""

    def __init__(self, folders: list[Path]):
        super().__init__(allowed_protocols={"file"})
        self.folders = [f.resolve() for f in folders]
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        if parsed.scheme == "file":
            path = Path(unquote(parsed.path)).resolve()
            if any(path.is_relative_to(folder) for folder in self.folders) and path.is_file():
                media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": media_type})
        self.refused.append(url)
        raise ValueError(f"refused {url}")


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@dataclass
class Rendered:
    document: weasyprint.Document
    fetcher: FolderFetcher
    messages: list[Message] = field(default_factory=list)
    fonts: FontConfiguration | None = None     # the fonts loaded for it, for a later layout to share

    @property
    def pages(self) -> int:
        return len(self.document.pages)


#: the stylesheets of a document's head, linked or inline
SHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"/>|<style>(.*?)</style>', re.S)
#: FontConfiguration → {a sheet's tag: (the sheet parsed for those fonts, the warnings its parsing gave)}
_PARSED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _sheets(html: str, base_url: str, folders: list[Path], fonts: FontConfiguration) -> tuple[str, list, list]:
    """The document without the stylesheets of its head, those sheets parsed (once for ``fonts``: WeasyPrint
    would parse them again at every layout, 60 ms each time), and the warnings their parsing gave.

    They are handed to WeasyPrint in the same order, as user stylesheets: with no author sheets left, and
    the user agent's sheet without ``!important``, the cascade is the same."""
    parsed = _PARSED.setdefault(fonts, {})
    sheets, messages = [], []

    def take(found: re.Match) -> str:
        tag = found.group(0)
        if tag not in parsed:
            fetcher, collect = FolderFetcher(folders), _Collect()
            logger = logging.getLogger("weasyprint")
            logger.addHandler(collect)
            try:
                if found.group(1):
                    sheet = weasyprint.CSS(url=urljoin(base_url, found.group(1)), url_fetcher=fetcher,
                                           font_config=fonts)
                else:
                    sheet = weasyprint.CSS(string=found.group(2), base_url=base_url, url_fetcher=fetcher,
                                           font_config=fonts)
            finally:
                logger.removeHandler(collect)
            parsed[tag] = (sheet, [message("p-003", url=url) for url in fetcher.refused]
                           + [message("p-001", message=record.getMessage()) for record in collect.records
                              if "refused" not in record.getMessage()])
        sheet, warnings = parsed[tag]
        sheets.append(sheet)
        messages.extend(warnings)
        return ""

    head = html.find("</head>")
    return SHEET.sub(take, html[:head]) + html[head:], sheets, messages


def render(html: str, base: Path, folders: list[Path], fonts: FontConfiguration | None = None) -> Rendered:
    """Lay out an HTML document whose relative links resolve against ``base`` (with ``fonts`` and the
    stylesheets already loaded by an earlier layout, if given)."""
    fetcher = FolderFetcher(folders)
    fonts = fonts or FontConfiguration()
    base_url = base.resolve().as_uri() + "/"
    html, sheets, messages = _sheets(html, base_url, folders, fonts)
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            font_config=fonts, stylesheets=sheets)
    finally:
        logger.removeHandler(collect)
    messages += [message("p-003", url=url) for url in fetcher.refused]
    messages += [message("p-001", message=record.getMessage()) for record in collect.records
                 if "refused" not in record.getMessage()]
    return Rendered(document, fetcher, messages, fonts)


#: the manifest's print profile → WeasyPrint's PDF variant
PROFILES = {"print": "pdf/x-4", "print-cmyk": "pdf/x-4", "screen": "pdf/ua-1", "plain": None}


def write(rendered: Rendered, target: Path, identifier: str, when: datetime, profile: str = "plain") -> list[Message]:
    """Write the laid-out document; the same input always gives the same bytes.

    The PDF's id is made from the edition's identifier, its dates and the
    fonts' subsets from the edition's date (fontTools reads
    SOURCE_DATE_EPOCH; WeasyPrint's PDF/X writer would take the clock's time
    and so is given the dates).  ``profile``: print (PDF/X-4 with an sRGB
    output intent), screen (PDF/UA-1: tagged, with the outline) or plain.
    Returns the refusals of files asked for while writing (attachments).
    """
    already = len(rendered.fetcher.refused)
    pdf_id = hashlib.md5(identifier.encode("utf-8")).hexdigest().encode("ascii")
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    rendered.document.metadata.created = rendered.document.metadata.created or stamp
    rendered.document.metadata.modified = rendered.document.metadata.modified or stamp
    options = {"pdf_identifier": pdf_id, "pdf_variant": PROFILES[profile]}
    if profile in ("print", "print-cmyk"):        # (print-cmyk: converted after, prepress/cmyk.py)
        options["output_intent"] = "srgb"
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(when.timestamp()))
    # PDF/X's XMP metadata gets a random document id (uuid4): make it the edition's, for reproducible files
    random_id, weasyprint_metadata.uuid4 = weasyprint_metadata.uuid4, lambda: uuid.uuid5(uuid.NAMESPACE_URL, identifier)
    try:
        rendered.document.write_pdf(target, **options)
    finally:
        weasyprint_metadata.uuid4 = random_id
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return [message("p-003", url=url) for url in rendered.fetcher.refused[already:]]


def misplaced_notes(document: weasyprint.Document, note_ids: list[str]) -> list[tuple[str, int, int]]:
    """Notes laid out on another page than their call: (note id, note's page, call's page), pages from 1."""
    first_page = {name: position + 1 for name, position in first_pages(document).items()}
    return [(note_id, first_page[note_id], first_page["ref-" + note_id]) for note_id in note_ids
            if note_id in first_page and "ref-" + note_id in first_page
            and first_page[note_id] != first_page["ref-" + note_id]]


def first_pages(document: weasyprint.Document) -> dict[str, int]:
    """Every anchor (element id) and the position (from 0) of the first page it is on."""
    found: dict[str, int] = {}
    for position, page in enumerate(document.pages):
        for name in page.anchors:
            found.setdefault(name, position)
    return found


def roman(number: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while number >= value:
            out += letters
            number -= value
    return out


@dataclass(frozen=True)
class Spot:
    """Where an index mark stands: in the element ``element``, the ``nth`` match (from 0) of ``words``."""

    element: str
    words: tuple
    nth: int


def _fragments(document: weasyprint.Document, elements: set[str]) -> dict[str, list[tuple[int, list]]]:
    """For each element named, its pieces page by page: (page position, [(line's text, text boxes)…]).

    The text is as laid out: a line hyphenated at its end loses the hyphen and runs on into the next.
    """
    found: dict[str, list] = {}
    for position, page in enumerate(document.pages):
        stack = [page._page_box]          # the laid-out boxes: WeasyPrint keeps no other handle on them
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            name = element.get("id") if element is not None and hasattr(element, "get") else None
            if name in elements and isinstance(box, boxes.BlockBox):
                lines = []
                for line in box.descendants():
                    if isinstance(line, boxes.LineBox):
                        lines.append([b for b in line.descendants() if isinstance(b, boxes.TextBox)])
                found.setdefault(name, []).append((position, lines))
                continue
            stack.extend(reversed(getattr(box, "children", [])))
    return found


def place_marks(document: weasyprint.Document, spots: dict[str, Spot]) -> tuple[dict[str, int], list[str]]:
    """The page (position from 0) of each index mark, found in the laid-out text of its element; each
    becomes an anchor of its page, so that the index can link to it.

    Returns the pages, and the marks not found in the text (placed at their element's start instead).
    """
    by_element: dict[str, list] = {}
    for mark, spot in spots.items():
        by_element.setdefault(spot.element, []).append((mark, spot))
    fragments = _fragments(document, set(by_element))
    pages: dict[str, int] = {}
    missing: list[str] = []
    for element, wanted in by_element.items():
        pieces = fragments.get(element)
        if not pieces:
            missing += [mark for mark, _ in wanted]
            continue
        text, starts = "", []                 # the element's laid-out text, and where each box begins in it
        for position, lines in pieces:
            for line in lines:
                for box in line:
                    starts.append((len(text), position, box))
                    text += box.text
                if text.endswith("\u2010"):  # hyphenated at the line's end
                    text = text[:-1]
                elif not text.endswith((" ", "\u00a0")):
                    text += " "
        for mark, spot in wanted:
            matches = list(words_pattern(spot.words).finditer(text.replace("\u00ad", "")))
            if spot.nth < len(matches):
                offset = matches[spot.nth].start()
                start = max((s for s in starts if s[0] <= offset), key=lambda s: s[0])
            else:
                start = starts[0] if starts else None
                missing.append(mark)
            if start is None:
                continue
            _, position, box = start
            pages[mark] = position
            document.pages[position].anchors.setdefault(mark, (box.position_x, box.position_y,
                                                               box.position_x, box.position_y))
    return pages, missing


def fonts() -> FontConfiguration:
    """A font configuration, shared by the layouts of one process (the fonts are loaded once)."""
    return FontConfiguration()


def pdf_bytes(rendered: Rendered, full_fonts: bool = False) -> bytes:
    """The laid-out document as PDF bytes (``full_fonts``: whole fonts, quicker where the PDF is only
    rasterised)."""
    return rendered.document.write_pdf(full_fonts=full_fonts)


def flow_lines(page):
    """Each line of running text on a laid-out page (not its footnotes or margin boxes), in order, as
    (its text, the ids of the elements around it, outermost first, each with whether its box is a block).
    (WeasyPrint 70.0: ``page._page_box.children[0]`` is the page's flow.)"""

    def walk(box, around):
        element = getattr(box, "element", None)
        name = element.get("id") if element is not None and hasattr(element, "get") else None
        if name:
            around = around + ((name, isinstance(box, boxes.BlockBox)),)
        if isinstance(box, boxes.LineBox):
            yield "".join(b.text for b in box.descendants() if isinstance(b, boxes.TextBox)), around
            return
        for child in getattr(box, "children", []):
            yield from walk(child, around)

    yield from walk(page._page_box.children[0], ())


def column_tops(document: weasyprint.Document, within: str) -> list[tuple[int, int, tuple]]:
    """The first line of each column of the element ``within`` (an id) on every page: (page position from 0,
    column from 0, the (id, tag) of the elements around the line that have an id, outermost first).  A
    column is told by where its lines start across the page's flow: left of its middle, or right of it.
    (WeasyPrint 70.0: ``page._page_box.children[0]`` is the page's flow.)"""
    found = []
    for position, page in enumerate(document.pages):
        flow = page._page_box.children[0]
        middle = flow.position_x + flow.width / 2
        first: dict[int, tuple[float, tuple]] = {}

        def walk(box, around):
            element = getattr(box, "element", None)
            name = element.get("id") if element is not None and hasattr(element, "get") else None
            if name and (not around or around[-1][0] != name):    # (an element's boxes nest: one entry each)
                around = around + ((name, box.element_tag),)
            if isinstance(box, boxes.LineBox):
                if any(name == within for name, _ in around):
                    column = int(box.position_x >= middle)
                    if column not in first or box.position_y < first[column][0]:
                        first[column] = (box.position_y, around)
                return
            for child in getattr(box, "children", []):
                walk(child, around)

        walk(flow, ())
        found += [(position, column, around) for column, (_, around) in sorted(first.items())]
    return found


HYPHENATED = re.compile(r"(\w+)\u2010\s*$")        # a line WeasyPrint hyphenated ('revolu‐')


def hyphen_troubles(document: weasyprint.Document) -> list[tuple[int, str]]:
    """The words WeasyPrint hyphenated that the book would keep whole (pdf/compose.py): those ending the
    third line and after of a run of hyphenated lines of running text (a line ending in a compound's own
    hyphen counts in the run, its word is not the one kept whole), and the one at the foot of a
    right-hand page (every piece opens on one). Each as the position of its paragraph among the document's
    <p> elements, and its letters before the break."""
    pages = document.pages[:first_pages(document).get("piece-end", len(document.pages))]
    if not pages:
        return []
    order = {id(element): n for n, element in enumerate(pages[0]._page_box.children[0].element.iter("p"))}
    troubles, run = set(), []          # run: the hyphenated lines in a row so far, as (box, word or None)
    for position, page in enumerate(pages):
        last = None
        for box in page._page_box.children[0].descendants():
            if not isinstance(box, boxes.LineBox):
                continue
            text = "".join(b.text for b in box.descendants() if isinstance(b, boxes.TextBox)).rstrip()
            if not text:
                continue
            broken = HYPHENATED.search(text)
            run = run + [(box, broken)] if broken or text.endswith("-") else []
            last = (box, broken)
            if len(run) >= 3:              # the latest word WeasyPrint broke (a compound's own hyphen stays)
                broken_box, word = next(((b, w) for b, w in reversed(run[1:]) if w), (None, None))
                if word and id(broken_box.element) in order:
                    troubles.add((order[id(broken_box.element)], word[1]))
        if position % 2 == 0 and last and last[1] and id(last[0].element) in order:
            troubles.add((order[id(last[0].element)], last[1][1]))
    return sorted(troubles)


def last_page_lines(document: weasyprint.Document) -> tuple[int, int, float]:
    """The last page (from 1) holding running text before the piece's end, how many lines it holds, and the
    height of a line of running text in millimetres (the commonest)."""
    end = first_pages(document).get("piece-end", len(document.pages))
    heights: dict = {}
    last, count = 0, 0
    for number, page in enumerate(document.pages[:end], start=1):
        lines = [box for box in page._page_box.children[0].descendants() if isinstance(box, boxes.LineBox)
                 and any(isinstance(b, boxes.TextBox) and b.text.strip() for b in box.descendants())]
        for box in lines:
            heights[round(box.height, 2)] = heights.get(round(box.height, 2), 0) + 1
        if lines:
            last, count = number, len(lines)
    pitch = max(heights, key=heights.get) * 25.4 / 96 if heights else 0.0
    return last, count, round(pitch, 2)


# Page numbers set after layout. A text's pages do not depend on its page numbers: the running heads and
# folios sit in the page margins, outside the page area the text flows in. So each piece of the book is laid
# out on its own, numbered from 1, and once every piece's page count is known its margin boxes are made again
# with the page counter moved on by the pages before it. WeasyPrint (70.0) makes a page's margin boxes last,
# from the page's state as pagination left it (``weasyprint.layout.make_margin_boxes``, an internal
# function): a recording wrapper keeps that state per page, so that ``renumber`` can make them again.

_make_margin_boxes = weasyprint.layout.make_margin_boxes
_local = threading.local()


def _recording(context, page, state):
    pages = getattr(_local, "pages", None)
    if pages is not None:
        pages.append((context, page, copy.deepcopy(state)))
    return _make_margin_boxes(context, page, state)


weasyprint.layout.make_margin_boxes = _recording


class Recording:
    """Within ``with Recording() as pages:``, every page laid out is kept with its state, in order."""

    def __enter__(self) -> list:
        self.saved = getattr(_local, "pages", None)
        _local.pages = []
        return _local.pages

    def __exit__(self, *exc) -> None:
        _local.pages = self.saved


def renumber(pages: list, offset: int) -> None:
    """Make the margin boxes of recorded pages again, their page counter moved on by ``offset``."""
    if not offset:
        return
    for number, (context, page, state) in enumerate(pages, start=1):
        state = copy.deepcopy(state)
        counters = state[1]
        counters["page"] = counters.get("page", [0])[:-1] + [counters.get("page", [0])[-1] + offset]
        context.current_page = number          # string(…) in the margins is looked up by page
        margins = list(_make_margin_boxes(context, page, state))
        for margin in margins:
            layout_box_backgrounds(page, margin, context.get_image_from_uri)
        page.children = tuple(c for c in page.children if not isinstance(c, boxes.MarginBox)) + tuple(margins)


# The depth of a page (pdf/compose.py): where its running text ends against the foot of the text block, the
# space between its lines that may grow (above and below headings, block quotations, lists), and the
# paragraphs wholly on it. WeasyPrint 70.0: ``page._page_box.children[0]`` is the page's flow, the footnote
# area is a child of the page box; box positions are in CSS pixels from the top of the page.

@dataclass
class Paragraph:
    """A paragraph (or list item) laid out wholly on one page."""

    element: str            # its id
    lines: int
    characters: int
    fill: float             # how much of the measure its last line fills, 0…1
    size: float             # its font size, px
    width: float            # its measure, px


@dataclass
class Depth:
    position: int                                   # the page, from 0
    slack: float                                    # px from the last line of running text to the block's foot
    gaps: list = field(default_factory=list)        # (y, px): space between two lines, where the lower begins
    notes: bool = False                             # footnotes at its foot (it ends there)
    paragraphs: list = field(default_factory=list)  # Paragraph, wholly on the page


def _text_lines(box) -> list:
    return [line for line in box.descendants() if isinstance(line, boxes.LineBox)
            and any(isinstance(b, boxes.TextBox) and b.text.strip() for b in line.descendants())]


def depths(document: weasyprint.Document) -> tuple[list[Depth], float]:
    """Each page's depth (up to the piece's end marker), and the commonest height of a line, px. The space that
    may grow on a page: between two lines, where it is more than none, and between two lines of smaller type
    (a block quotation's), what each falls short of a line of running text."""
    end = first_pages(document).get("piece-end", len(document.pages))
    found, heights, where, laid = [], {}, {}, []
    for position, page in enumerate(document.pages[:end]):
        page_box = page._page_box
        flow = page_box.children[0]
        lines = sorted(_text_lines(flow), key=lambda line: line.position_y)
        for line in lines:
            heights[round(line.height, 2)] = heights.get(round(line.height, 2), 0) + 1
        blocks = []
        for box in flow.descendants():
            element = getattr(box, "element", None)
            if isinstance(box, boxes.BlockBox) and box.element_tag in ("p", "li") and element is not None \
                    and element.get("id") and any(isinstance(child, boxes.LineBox) for child in box.children):
                where.setdefault(element.get("id"), set()).add(position)
                blocks.append(box)
        laid.append((page_box, lines, blocks))
    pitch = max(heights, key=heights.get) if heights else 0.0
    for position, (page_box, lines, blocks) in enumerate(laid):
        foot = page_box.content_box_y() + page_box.height
        areas = [child for child in page_box.children if isinstance(child, boxes.FootnoteAreaBox)]
        notes = any(_text_lines(area) for area in areas)
        depth = Depth(position, foot - (lines[-1].position_y + lines[-1].height) if lines else foot, notes=notes)
        for above, below in zip(lines, lines[1:]):
            space = below.position_y - (above.position_y + above.height)
            if space > 0.5:
                depth.gaps.append((above.position_y + above.height, space))
            elif above.height < pitch - 0.5 and below.height < pitch - 0.5:
                depth.gaps.append((above.position_y + above.height, pitch - above.height))
        for box in blocks:
            name = box.element.get("id")
            lines = [child for child in box.children if isinstance(child, boxes.LineBox)]
            if where[name] != {position} or len(lines) < 2:
                continue
            last = lines[-1]
            right = max((child.position_x + child.margin_width() for child in last.children), default=last.position_x)
            text = "".join(b.text for line in lines for b in line.descendants() if isinstance(b, boxes.TextBox))
            depth.paragraphs.append(Paragraph(name, len(lines), len(text), (right - box.content_box_x()) / box.width,
                                              box.style["font_size"], box.width))
        found.append(depth)
    return found, pitch


def _push_down(box, y: float, by: float) -> None:
    """Move every box that begins at or below ``y`` down by ``by``; the boxes around it grow."""
    if box.position_y >= y - 0.01:
        box.translate(dy=by)
        return
    if box.position_y + box.margin_height() <= y + 0.01:
        return
    if isinstance(box, boxes.LineBox):
        return
    box.height += by
    for child in getattr(box, "children", ()):
        _push_down(child, y, by)


def justify(page, gaps: list[tuple[float, float]], slack: float) -> None:
    """Spread ``slack`` (px) over the page's ``gaps`` in proportion to their size, so that its last line of
    running text ends at the foot of the text block; its links and anchors follow (``gather_anchors``)."""
    total = sum(size for _, size in gaps)
    flow = page._page_box.children[0]
    for y, size in sorted(gaps, reverse=True):           # from the foot up: each gap moves what is below it
        _push_down(flow, y, slack * size / total)
    page.anchors.clear()
    page.links.clear()
    page.bookmarks.clear()
    page.forms = {None: []}
    gather_anchors(page._page_box, page.anchors, page.links, page.bookmarks, page.forms)
