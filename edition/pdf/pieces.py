"""The pieces the print edition is laid out in, and where each one's pages fall in the book.

Every text and every part opens on a right-hand page, so no page holds two of
them: the book can be laid out piece by piece, each piece on its own (and on
any core), and the pieces' pages put together in order.  The pieces are the
front matter (half-title to contents, and the texts before the first part),
each part's opening, each text, the notes at the end of the book (``notes:
book``) and the index.

What a piece prints can depend on other pieces' pages: the contents gives
every page, the notes give each text's pages, the index gives the page of
every mark.  So the pieces are laid out in stages: the body first, then the
notes, then the front matter, then the index, each stage knowing the pages
of the ones before.  Page numbers are set after layout (``folios``), so the
pieces of one stage are laid out at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from edition.model.nodes import Edition, Part, Text
from edition.pdf.weasy import roman

BODY, NOTES, FRONT, INDEX = 0, 1, 2, 3          # the stages, in order


@dataclass
class Piece:
    name: str                   # "front", a part's or a text's id, "book-notes", "index"
    kind: str                   # front | part | text | notes | index
    stage: int
    text: Text | None = None
    part: Part | None = None
    number: int = 0             # a part's number
    body_start: bool = False    # the first page of the body: page 1
    last: bool = False          # the book's last piece: no blank page after it

    @property
    def roman(self) -> bool:
        """Numbered in lower-case roman from i (the front matter), not on from the body."""
        return self.kind == "front"


def split(edition: Edition) -> list[Piece]:
    """The book's pieces in page order."""
    pieces = [Piece("front", "front", FRONT)]
    first = True
    for number, part in enumerate(edition.parts, start=1):
        if part.title:
            pieces.append(Piece(part.id, "part", BODY, part=part, number=number, body_start=first))
            first = False
        for text in part.texts:
            pieces.append(Piece(text.id, "text", BODY, text=text, body_start=first))
            first = False
    if edition.notes_at_end:
        pieces.append(Piece("book-notes", "notes", NOTES))
    if edition.index:
        pieces.append(Piece("index", "index", INDEX))
    pieces[-1].last = True
    return pieces


def offsets(pieces: list[Piece], counts: dict[str, int]) -> dict[str, int]:
    """Each piece's page-number offset: the body's pages are numbered on from 1, the front matter's from i.

    ``counts``: the pages of each piece laid out so far (the pieces after an unknown count are left out).
    """
    found: dict[str, int] = {}
    before = 0
    for piece in pieces:
        if piece.roman:
            found[piece.name] = 0
            continue
        found[piece.name] = before
        if piece.name not in counts:
            break
        before += counts[piece.name]
    return found


def folio(piece: Piece, offset: int, position: int) -> str:
    """The printed number of a piece's page (``position`` from 0 within the piece)."""
    return roman(position + 1) if piece.roman else str(offset + position + 1)
