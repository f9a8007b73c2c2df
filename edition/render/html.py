"""Render the document model to HTML through the Jinja2 templates in ``styles/templates``.

One template per kind of page (title, copyright, contents, part, text),
shared by the EPUB and the PDF; ``epub/`` and ``pdf/`` hold the wrappers
each format needs.  Autoescaping is on: the model's strings are text, never
markup.  Links go through ``href(id)``, which each writer defines: ``#id``
in the one-document PDF, ``file.xhtml#id`` in the EPUB.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import jinja2
import markupsafe

from edition import __version__
from edition.render.endings import ending
from edition.render import cover
from edition.units import DEFAULT_BLEED
from edition.index import locators
from edition.messages import BadInput, message
from edition.model.nodes import Edition, NoteRef, PageBreak
from edition.model.walk import query
from edition.model.markup import parse_inlines
from edition.clean.report import entries as report_entries, queue as report_queue, sections

#: notes placement → how the PDF and the EPUB render calls and notes (see styles/templates/blocks.html)
NOTE_MODES = {"footnotes": ("print-footnotes", "epub-footnotes"), "endnotes": ("endnotes", "endnotes"),
              "book": ("book", "book")}

NUMBER_WORDS = ["One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
                "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen",
                "Eighteen", "Nineteen", "Twenty"]


def number_word(n: int) -> str:
    return NUMBER_WORDS[n - 1] if 0 < n <= len(NUMBER_WORDS) else str(n)


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def human_date(value: str) -> str:
    """'1951-02-19' → '19 February 1951'; '1954-05' → 'May 1954'; '1906' → '1906'."""
    parts = str(value).split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return str(value)


#: the latest date SOURCE_DATE_EPOCH may give: the last second of the year 9999
LATEST_EPOCH = 253402300799


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH, the date reproducible builds are made at, if set (BadInput if it is not a date)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or not epoch.strip():
        return None
    if not epoch.strip().isdigit() or int(epoch) > LATEST_EPOCH:
        raise BadInput(message("b-006", value=epoch))
    return int(epoch)


def timestamp(edition: Edition) -> datetime:
    """The build's date: SOURCE_DATE_EPOCH if set, else the edition's date at midnight UTC."""
    epoch = source_date_epoch()
    if epoch is not None:
        return datetime.fromtimestamp(epoch, tz=timezone.utc)
    parts = [int(p) for p in edition.meta.date.split("-")] + [1, 1]
    return datetime(parts[0], parts[1], parts[2], tzinfo=timezone.utc)


def _note_ids(block) -> set[str]:
    """The ids of the notes called in a paragraph."""
    return {ref.note_id for ref in query(getattr(block, "inlines", []), NoteRef)}


def _notes(edition: Edition) -> dict:
    return {note.id: note for text in edition.texts for note in text.notes}


def build_index_groups(edition: Edition, pages: dict | None) -> tuple[list, list]:
    """The index's letter groups (and the i-007 flags): by printed page when ``pages`` (mark id → Page)
    is given, else by text and paragraph."""
    numbers = {text.id: n for n, text in enumerate(edition.texts, start=1)}
    labels = {note.id: note.label for text in edition.texts for note in text.notes}
    return locators.groups(edition.index, pages, numbers, labels)


def page_list(edition: Edition) -> list[tuple[str, str]]:
    """The print edition's pages in the EPUB: (printed number, link), in reading order (empty without a PDF)."""
    found = []

    def block_breaks(blocks, file_name):
        found.extend((b.label, f"{file_name}#page-{b.label}") for b in query(blocks, PageBreak))

    for text in edition.front:
        found += [(p.label, f"{text.id}.xhtml#page-{p.label}") for p in text.page_breaks]
        block_breaks(text.blocks, f"{text.id}.xhtml")
    for part in edition.parts:
        found += [(p.label, f"{part.id}.xhtml#page-{p.label}") for p in part.page_breaks if part.title]
        for text in part.texts:
            found += [(p.label, f"{text.id}.xhtml#page-{p.label}") for p in text.page_breaks]
            block_breaks(text.blocks, f"{text.id}.xhtml")
    return found


@dataclass
class Document:
    """One EPUB content document."""

    file_name: str
    title: str
    html: str
    epub_type: str = ""     # for the landmarks


def text_line(styles: Path) -> float:
    """The depth of a line of running text in the print edition, in millimetres: the font size of print.css's
    ``html`` (points) times the ``line-height`` of book.css's ``body``. The text block holds a whole number of
    them (templates/pdf/head.html), so that a full page of text and a page ending in footnotes end on the same
    line."""
    size = re.search(r"html\s*\{[^}]*font-size:\s*([\d.]+)pt", (styles / "print.css").read_text(encoding="utf-8"))
    leading = re.search(r"body\s*\{[^}]*line-height:\s*([\d.]+)\s*;", (styles / "book.css").read_text(encoding="utf-8"))
    if not size or not leading:
        raise ValueError("print.css gives html no font-size in pt, or book.css gives body no line-height")
    return float(size[1]) * float(leading[1]) * 25.4 / 72


class Renderer:
    def __init__(self, styles: Path):
        self.styles = styles
        self.line = text_line(styles)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(styles / "templates"),
            autoescape=jinja2.select_autoescape(["html", "xhtml", "xml"], default=True),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
        )
        self.env.filters["markup"] = parse_inlines
        self.env.filters["human_date"] = human_date
        self.env.filters["ending"] = ending
        self.env.globals["long"] = None                   # no page runs long (pdf/layout.py)
        self.env.globals["keep_endings"] = False         # the PDF's paragraphs end unbroken (render/endings.py)
        self.env.globals["number_word"] = number_word
        self.env.globals["version"] = __version__
        self.env.globals["push"] = frozenset()
        self.env.globals["note_ids"] = _note_ids
        self.env.globals["index_marks"] = True
        self.env.globals["folio"] = lambda name: ""       # the PDF's contents print page numbers

    def _render(self, name: str, **context) -> str:
        return self.env.get_template(name).render(**context)

    # PDF

    def _pdf_context(self, edition: Edition) -> dict:
        """What every HTML document laid out for the PDF renders with."""
        return dict(index_marks=False, keep_endings=True, edition=edition, line=self.line, meta=edition.meta,
                    texts=edition.texts, trim=edition.trim,
                    href=lambda target: f"#{target}", timestamp=timestamp(edition).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    notes_by_id=_notes(edition), note_mode=NOTE_MODES[edition.notes][0])

    def book_html(self, edition: Edition) -> str:
        """The whole book as one HTML document: what a bare WeasyPrint render is measured on (bench/).
        The builder lays the book out in pieces (``piece_html``)."""
        return self._render("pdf/book.html", folios={}, **self._pdf_context(edition))

    def piece_html(self, edition: Edition, piece, push: frozenset = frozenset(), folios: dict | None = None,
                   index_groups: list = (), long=None) -> str:
        """One piece of the book as an HTML document of its own, for WeasyPrint (see edition/pieces.py).

        ``push`` names notes whose call's paragraph must open a page: laid out without it, they fell on the
        page after their call (a WeasyPrint bug).  ``folios``: the printed page of every text, part, the
        notes and the index (element id → number), for the contents and the notes; ``index_groups``: the
        index, for its piece.  ``long``: (pages, millimetres): the pages (from 1) that run long by a line of
        that height, so that the short last page of a text comes back onto them (pdf/layout.py).
        """
        known = folios or {}

        def folio(name: str) -> str:
            return markupsafe.Markup(' data-folio="{}"').format(known[name]) if name in known else ""

        return self._render("pdf/piece.html", piece=piece, push=push, folios=known, folio=folio, long=long,
                            index_groups=index_groups, by_page=True, print=True, **self._pdf_context(edition))

    def cover_html(self, edition: Edition) -> str:
        """The front cover alone, for the EPUB's cover image."""
        return self._render("cover.html", **cover.cover_context(edition))

    def cover_pages_html(self, edition: Edition) -> str:
        """A saddle-stitched pamphlet's front and back covers, as two pages at the trim size."""
        return self._render("pdf/cover-pages.html", trim=edition.trim, bleed=edition.printing.bleed,
                            **cover.cover_context(edition))

    def cover_sheet_html(self, edition: Edition, pages: int) -> str:
        """A bound book's cover: back, spine and front on one sheet, the spine as thick as ``pages`` pages."""
        width = cover.spine_width(pages, edition.printing.ppi, edition.printing.caliper)
        return self._render("pdf/cover-sheet.html", trim=edition.trim, bleed=edition.printing.bleed or DEFAULT_BLEED,
                            sheet=cover.cover_trim(edition.trim, width), spine_width=width,
                            spine_text=width >= cover.SPINE_TEXT_MIN, **cover.cover_context(edition))

    def report_html(self, edition: Edition, changes: dict, index_flags: list = (),
                    reviewed: dict | None = None) -> tuple[str, list]:
        """The review report, and its entries (every change and suspect, with its printed page): the queue of
        what to check first (less what was ``reviewed``), then every change by text, pass and rule."""
        found = report_entries(edition, changes)
        reviewed = reviewed or {}
        return self._render("report.html", meta=edition.meta, sections=sections(edition, changes, found),
                            queue=report_queue(found, set(reviewed)), reviewed=len(reviewed),
                            index_flags=index_flags), found

    # EPUB

    def epub_documents(self, edition: Edition, cover_href: str, index_groups: list | None = None,
                       by_page: bool = False) -> list[Document]:
        """The EPUB's content documents in reading order, the navigation document among them.

        ``index_groups``: the index (see ``index_groups``), with the printed pages as locators when
        ``by_page``."""
        files = {"halftitle": "halftitle.xhtml", "titlepage": "titlepage.xhtml", "colophon": "colophon.xhtml",
                 "contents": "nav.xhtml", "book-notes": "notes.xhtml", "index": "index.xhtml"}
        for part in edition.parts:
            if part.title:
                files[part.id] = f"{part.id}.xhtml"
        for text in edition.texts:
            files[text.id] = f"{text.id}.xhtml"
        anchors = {}
        for text in edition.texts:
            for note in text.notes:
                anchors["ref-" + note.id] = f"{text.id}.xhtml"
                anchors[note.id] = "notes.xhtml" if edition.notes == "book" else f"{text.id}.xhtml"
        if edition.index:
            for o in edition.index.occurrences:
                anchors[o.mark] = "notes.xhtml" if o.note and edition.notes == "book" else f"{o.text}.xhtml"
            if index_groups is None:
                index_groups, _ = build_index_groups(edition, None)
            for group in index_groups:
                anchors[group.id] = "index.xhtml"
                for entry in group.entries:
                    for item in [entry] + entry.subentries:
                        anchors[item.id] = "index.xhtml"

        current = {"file": ""}

        def href(target: str) -> str:
            if target in anchors:
                return f"#{target}" if anchors[target] == current["file"] else f"{anchors[target]}#{target}"
            return files.get(target, target)

        common = dict(edition=edition, meta=edition.meta, texts=edition.texts, href=href, body_start=False,
                      notes_by_id=_notes(edition), note_mode=NOTE_MODES[edition.notes][1])

        def page(file_name, title, template, body_type="", epub_type="", **context):
            current["file"] = file_name
            content = self._render(template, **common, **context)
            html = self._render("epub/page.xhtml", meta=edition.meta, title=title, content=markupsafe.Markup(content),
                                body_type=body_type)
            return Document(file_name, title, html, epub_type)

        docs = [
            Document("cover.xhtml", "Cover", self._render("epub/cover.xhtml", meta=edition.meta,
                                                            cover_href=cover_href), "cover"),
            page("titlepage.xhtml", edition.meta.title, "title.html", "frontmatter", "titlepage"),
            page("colophon.xhtml", "Colophon", "copyright.html", "frontmatter", "copyright-page"),
        ]
        nav_position = len(docs)
        for text in edition.front:
            docs.append(page(files[text.id], text.title, "text.html", "frontmatter", "", text=text))
        first_body = True
        for number, part in enumerate(edition.parts, start=1):
            if part.title:
                docs.append(page(files[part.id], part.title, "part.html", "bodymatter",
                                 "bodymatter" if first_body else "", part=part, part_number=number_word(number)))
                first_body = False
            for text in part.texts:
                docs.append(page(files[text.id], text.title, "text.html", "bodymatter",
                                 "bodymatter" if first_body else "", text=text))
                first_body = False

        if edition.notes_at_end:
            docs.append(page("notes.xhtml", "Notes", "notes.html", "backmatter", "", print=False))
        if edition.index:
            docs.append(page("index.xhtml", "Index", "index.html", "backmatter", "index", index_groups=index_groups,
                             by_page=by_page, print=False))

        landmarks = [{"type": "cover", "href": "cover.xhtml", "title": "Cover"},
                     {"type": "titlepage", "href": "titlepage.xhtml", "title": "Title page"},
                     {"type": "toc", "href": "nav.xhtml#toc", "title": "Contents"}]
        landmarks += [{"type": "bodymatter", "href": d.file_name, "title": "Start of the texts"}
                      for d in docs if d.epub_type == "bodymatter"]
        if edition.index:
            landmarks.append({"type": "index", "href": "index.xhtml", "title": "Index"})
        nav = self._render("epub/nav.xhtml", **common, landmarks=landmarks, page_list=page_list(edition))
        docs.insert(nav_position, Document("nav.xhtml", "Contents", nav, "toc"))
        return docs
