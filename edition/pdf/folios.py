"""Page numbers set after layout: a piece of the book is laid out before its first page number is known.

A text's pages do not depend on its page numbers: the running heads and
folios sit in the page margins, outside the page area the text flows in.
So each piece of the book (a text, a part page, the front matter, the
index) is laid out on its own, numbered from 1, and once every piece's page
count is known its margin boxes are made again with the page counter moved
on by the pages before it.  Only the margin boxes are laid out twice, and
they are small.

WeasyPrint makes a page's margin boxes last, from the page's state as
pagination left it (``weasyprint.layout.make_margin_boxes``): a recording
wrapper keeps that state per page, so that ``renumber`` can make them again.
"""

from __future__ import annotations

import copy
import threading

import weasyprint.layout
from weasyprint.formatting_structure import boxes
from weasyprint.layout.background import layout_box_backgrounds

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
