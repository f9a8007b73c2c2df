"""Put the pieces' PDFs together into the book (pikepdf).

Each piece was written as a PDF of its own (see ``layout``): its pages,
its fonts' subsets, its links and its named destinations (every element id,
WeasyPrint's anchors).  A link to another piece was kept by a stand-in
destination in its own piece (``outside``), dropped here.  The book takes:

- the pages of every piece, in order;
- one table of named destinations, each to its page in the book, so that
  every link (contents, index, notes, cross-references) lands where it did
  in a single-document layout;
- one outline, nested by the bookmark levels the pieces' CSS gave;
- the first piece's document information, metadata and output intent
  (PDF/X), and, where the pieces are tagged (PDF/UA), one structure tree.

The same pieces always give the same bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import warnings

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, Pdf


@dataclass
class Source:
    """One piece's PDF and what is known of it."""

    path: Path
    levels: list[tuple[int, str]]    # its bookmarks in order: (level, state)
    outside: set[str]                 # stand-in destinations, for links to other pieces
    #: how its folios are numbered: ("r", 1) lower-case roman from i, ("D", n) arabic from n
    numbering: tuple[str, int] = ("D", 1)


def _flatten(items) -> list:
    out = []
    for item in items:
        out.append(item)
        out += _flatten(item.children)
    return out


def join(pieces: list[Source], target: Path) -> int:
    """Write the book made of ``pieces`` to ``target``; returns its page count."""
    sources = [Pdf.open(piece.path) for piece in pieces]
    book = Pdf.new()
    try:
        for key, value in sources[0].Root.items():
            if key not in ("/Type", "/Pages", "/Outlines", "/Names", "/StructTreeRoot", "/PageMode"):
                if isinstance(value, (Dictionary, Array, pikepdf.Stream)) or value.is_indirect:
                    value = book.copy_foreign(value if value.is_indirect else sources[0].make_indirect(value))
                book.Root[key] = value
        if "/Info" in sources[0].trailer:
            book.trailer.Info = book.copy_foreign(sources[0].trailer.Info)
        destinations: dict[str, Array] = {}
        bookmarks: list[tuple[int, OutlineItem]] = []
        structure = _Structure(book)
        labels: list = []
        for piece, source in zip(pieces, sources):
            first = len(book.pages)
            labels += _label(labels, first, *piece.numbering)
            positions = {page.objgen: n for n, page in enumerate(source.pages)}
            with warnings.catch_warnings():      # its named destinations are carried over below
                warnings.simplefilter("ignore", pikepdf.PageCopyWarning if hasattr(pikepdf, "PageCopyWarning")
                                      else UserWarning)
                book.pages.extend(source.pages)
            structure.add(source, book.pages[first:])

            def page_of(dest):
                return positions.get(dest[0].objgen) if isinstance(dest, Array) and len(dest) else None

            names = source.Root.get("/Names", {}).get("/Dests")
            if names is not None:
                for name, dest in pikepdf.NameTree(names).items():
                    position = page_of(dest)
                    if name in piece.outside or position is None or name in destinations:
                        continue
                    destinations[name] = Array([book.pages[first + position].obj, *list(dest)[1:]])
            with source.open_outline() as outline:
                items = _flatten(outline.root)
            for (level, state), item in zip(piece.levels, items):
                dest = item.destination
                position = page_of(dest)
                if position is None:
                    continue
                mark = OutlineItem(item.title, first + position, "XYZ", left=float(dest[2]), top=float(dest[3]))
                mark.is_closed = state == "closed"
                bookmarks.append((level, mark))
        structure.finish()
        book.Root.Names = Dictionary(Dests=Dictionary(Names=Array(
            [value for name in sorted(destinations) for value in (pikepdf.String(name), destinations[name])])))
        _outline(book, bookmarks)
        book.Root.PageLabels = Dictionary(Nums=Array(labels))
        _retag_subsets(book)
        book.save(target, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return len(book.pages)
    finally:
        for source in sources:
            source.close()


def _retag_subsets(book: Pdf) -> None:
    """Give each embedded font subset a tag of its own (ISO 32000-1, 9.6.4): each piece's subsets were made
    apart and carry the same tags ('VLCMHS+EBGaramond-Regular' in every piece). The new tags follow from the
    order the subsets are met in, so the same book gets the same tags."""
    tags: dict[tuple, str] = {}
    for page in book.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for font in (fonts[name] for name in sorted(fonts.keys())):
            name = str(font.get("/BaseFont", ""))
            if "+" not in name or font.objgen in tags:
                continue
            digest = hashlib.sha256(f"{len(tags)} {name}".encode()).digest()
            tag = "".join(chr(65 + byte % 26) for byte in digest[:6])
            while tag in tags.values():
                tag = tag[1:] + tag[0]
            tags[font.objgen] = tag
            renamed = Name(f"/{tag}+{name.partition('+')[2]}")
            font.BaseFont = renamed
            for part in [font] + list(font.get("/DescendantFonts", [])):
                part.BaseFont = renamed
                if "/FontDescriptor" in part:
                    part.FontDescriptor.FontName = renamed


def _label(labels: list, first: int, style: str, start: int) -> list:
    """The page-label entry a piece starting at page ``first`` adds, so that a PDF viewer's page numbers are
    the folios: none where the numbering runs on from the piece before."""
    if labels:
        last_first, last = int(labels[-2]), labels[-1]
        if str(last.S) == f"/{style}" and int(last.St) + first - last_first == start:
            return []
    return [first, Dictionary(S=Name("/" + style), St=start)]


def _outline(book: Pdf, bookmarks: list) -> None:
    """Nest the bookmarks by level, as WeasyPrint does in one document."""
    with book.open_outline() as outline:
        stack: list[tuple[int, list]] = [(0, outline.root)]
        for level, item in bookmarks:
            while len(stack) > 1 and stack[-1][0] >= level:
                stack.pop()
            stack[-1][1].append(item)
            stack.append((level, item.children))
    if bookmarks:
        book.Root.PageMode = Name.UseOutlines


class _Structure:
    """The pieces' structure trees (tagged PDF) as one: every piece's elements under the first piece's
    Document element, its parent-tree keys moved on past the pieces before it."""

    def __init__(self, book: Pdf):
        self.book = book
        self.root = None
        self.document = None
        self.nums: list = []
        self.next_key = 0

    def add(self, source: Pdf, pages: list) -> None:
        if "/StructTreeRoot" not in source.Root:
            return
        root = self.book.copy_foreign(source.Root.StructTreeRoot)
        document = root.K[0] if isinstance(root.K, Array) else root.K
        if self.root is None:
            self.root, self.document = root, document
        else:
            for child in document.K:
                child.P = self.document
                self.document.K.append(child)
        offset = self.next_key
        nums = list(root.ParentTree.Nums)
        for key, value in zip(nums[::2], nums[1::2]):
            self.nums += [int(key) + offset, value]
            self.next_key = max(self.next_key, int(key) + offset + 1)
        for page in pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset

    def finish(self) -> None:
        if self.root is None:
            return
        self.root.ParentTree = self.book.make_indirect(Dictionary(Nums=Array(self.nums)))
        self.root.ParentTreeNextKey = self.next_key
        self.book.Root.StructTreeRoot = self.root
