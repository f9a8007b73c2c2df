"""Write the EPUB 3 with ebooklib: package metadata, manifest, spine, NCX; then make the archive reproducible.

The content documents and the navigation document come ready-made from the
templates (``render.Renderer.epub_documents``); ebooklib is used as a plain
packager so that none of its rewriting (heads dropped, a page-list made
from every ``epub:type``) touches them.  The archive is rewritten with fixed
timestamps and the ``mimetype`` entry first and stored, so that the same
sources give the same bytes.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

from ebooklib import epub

from edition import __version__
from edition.model.nodes import Edition
from edition.render.html import Document, page_list

XHTML = "application/xhtml+xml"
FONT_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff", ".woff2": "font/woff2"}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def file_as(name: str) -> str:
    """'Leon Trotsky' → 'Trotsky, Leon'; 'C. L. R. James' → 'James, C. L. R.'."""
    words = name.split()
    return name if len(words) < 2 or words[0] in ("The", "the") else f"{words[-1]}, {' '.join(words[:-1])}"


def _metadata(book: epub.EpubBook, edition: Edition, modified: datetime) -> None:
    meta = edition.meta
    book.set_identifier(meta.identifier)
    book.title = meta.title
    book.add_metadata("DC", "title", meta.title, {"id": "title"})
    book.add_metadata(None, "meta", "main", {"refines": "#title", "property": "title-type"})
    if meta.subtitle:
        book.add_metadata("DC", "title", meta.subtitle, {"id": "subtitle"})
        book.add_metadata(None, "meta", "subtitle", {"refines": "#subtitle", "property": "title-type"})
    book.set_language(meta.language)

    people = [(name, "edt", "creator") for name in meta.editors]
    for text in edition.texts:
        people += [(name, "aut", "contributor") for name in text.authors if name not in meta.editors]
        people += [(name, "trl", "contributor") for name in text.translators]
    people = list(dict.fromkeys(people))
    for number, (name, role, element) in enumerate(people, start=1):
        uid = f"{element}-{number}"
        book.add_metadata("DC", element, name, {"id": uid})
        book.add_metadata(None, "meta", file_as(name), {"refines": f"#{uid}", "property": "file-as"})
        book.add_metadata(None, "meta", role, {"refines": f"#{uid}", "property": "role", "scheme": "marc:relators"})

    for name, value in (("publisher", meta.publisher), ("rights", meta.rights), ("description", meta.description)):
        if value:
            book.add_metadata("DC", name, value)
    book.add_metadata("DC", "date", meta.date)
    for subject in meta.subjects:
        book.add_metadata("DC", "subject", subject)
    book.add_metadata(None, "meta", "", {"name": "generator", "content": f"edition {__version__}"})
    if meta.series:
        book.add_metadata(None, "meta", meta.series, {"property": "belongs-to-collection", "id": "series"})
        book.add_metadata(None, "meta", "series", {"refines": "#series", "property": "collection-type"})
        if meta.series_index:
            book.add_metadata(None, "meta", str(meta.series_index), {"refines": "#series",
                                                                    "property": "group-position"})
        book.add_metadata(None, "meta", "", {"name": "calibre:series", "content": meta.series})
        if meta.series_index:
            book.add_metadata(None, "meta", "", {"name": "calibre:series_index", "content": str(meta.series_index)})
    _accessibility(book, edition)
    if page_list(edition):      # the page list follows the printed edition built beside this one
        book.add_metadata("DC", "source", print_source(edition), {"id": "pagination-source"})
        book.add_metadata(None, "meta", "pagination", {"refines": "#pagination-source", "property": "source-of"})


def _accessibility(book: epub.EpubBook, edition: Edition) -> None:
    """EPUB Accessibility 1.1 metadata: what the book is made of and how one finds one's way in it."""
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "alternativeText", "displayTransformability"]
    if edition.index:
        features.append("index")
    if page_list(edition):
        features.append("pageNavigation")
    entries = [("schema:accessMode", "textual"), ("schema:accessMode", "visual"),
               ("schema:accessModeSufficient", "textual")]
    entries += [("schema:accessibilityFeature", feature) for feature in features]
    entries += [("schema:accessibilityHazard", "none")]
    summary = ("Text with headings, a table of contents, landmarks and "
               + ("an index; " if edition.index else "")
               + ("the page numbers of the printed edition are marked; " if page_list(edition) else "")
               + "notes link to their calls and back; the only image, the cover, has a text alternative.")
    entries += [("schema:accessibilitySummary", summary),
                ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA")]
    for prop, value in entries:
        book.add_metadata(None, "meta", value, {"property": prop})


def print_source(edition: Edition) -> str:
    """The print edition the page list follows: its ISBN if the identifier is one, else its title and date."""
    from edition.render.cover import isbn

    given = edition.meta.isbn
    number = "" if given == "none" else isbn(given or edition.meta.identifier)
    return f"urn:isbn:{number.replace('-', '')}" if number else \
        f"{edition.meta.title}, print edition ({edition.meta.date}, {edition.trim[0]:g} × {edition.trim[1]:g} mm)"


def cover_name(image: bytes) -> str:
    """The cover image's name in the EPUB, its extension after what it is: a JPEG, else a PNG."""
    return "images/cover.jpg" if image[:3] == b"\xff\xd8\xff" else "images/cover.png"


def write(edition: Edition, documents: list[Document], cover_png: bytes, styles: Path,
          target: Path, modified: datetime) -> None:
    book = epub.EpubBook()
    book.reset()
    book.metadata = {}  # drop ebooklib's own generator entry and random identifier
    _metadata(book, edition, modified)

    for css in ("book.css", "epub.css"):
        book.add_item(epub.EpubItem(uid=css.replace(".", "-"), file_name=f"styles/{css}", media_type="text/css",
                                    content=(styles / css).read_bytes()))
    for font in sorted((styles / "fonts").iterdir()):
        if font.suffix in FONT_TYPES:
            book.add_item(epub.EpubItem(uid="font-" + font.stem, file_name=f"styles/fonts/{font.name}",
                                        media_type=FONT_TYPES[font.suffix], content=font.read_bytes()))
    book.set_cover(cover_name(cover_png), cover_png, create_page=False)

    items = {}
    for doc in documents:
        item = epub.EpubItem(uid="doc-" + Path(doc.file_name).stem, file_name=doc.file_name, media_type=XHTML,
                             content=doc.html.encode("utf-8"))
        if doc.file_name == "nav.xhtml":
            item.properties = ["nav"]
        elif doc.epub_type == "index":
            item.properties = ["index"]     # EPUB Indexes 1.0: the document holding the index
        book.add_item(item)
        items[doc.file_name] = item
    book.add_item(epub.EpubNcx())
    book.spine = [items[doc.file_name] for doc in documents]
    book.toc = _ncx_toc(edition)
    first_body = next(d.file_name for d in documents if d.epub_type == "bodymatter")
    book.guide = [{"type": "cover", "href": "cover.xhtml", "title": "Cover"},
                  {"type": "toc", "href": "nav.xhtml", "title": "Contents"},
                  {"type": "text", "href": first_body, "title": "Start of the texts"}]
    if any(doc.epub_type == "index" for doc in documents):
        book.guide.append({"type": "index", "href": "index.xhtml", "title": "Index"})

    raw = target.with_suffix(".unpacked.epub")
    epub.write_epub(str(raw), book, {"epub3_landmark": False, "epub3_pages": False, "mtime": modified,
                                      "raise_exceptions": True, "compresslevel": 9})
    _reproducible(raw, target, edition.meta.language)
    raw.unlink()


def _ncx_toc(edition: Edition) -> list:
    """The contents for the NCX of older readers: front texts, then parts with their texts."""
    toc = [epub.Link(f"{text.id}.xhtml", text.title, f"nav-{text.id}") for text in edition.front]
    for part in edition.parts:
        links = [epub.Link(f"{text.id}.xhtml", text.title, f"nav-{text.id}") for text in part.texts]
        if part.title:
            toc.append((epub.Section(part.title, f"{part.id}.xhtml"), links))
        else:
            toc.extend(links)
    if edition.notes_at_end:
        toc.append(epub.Link("notes.xhtml", "Notes", "nav-notes"))
    if edition.index:
        toc.append(epub.Link("index.xhtml", "Index", "nav-index"))
    return toc


def _reproducible(source: Path, target: Path, language: str) -> None:
    """Copy an EPUB archive with fixed entry times, mimetype first and stored, and the package's language
    on its root element (ebooklib writes none; Ace asks for it)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        names = zin.namelist()
        names.sort(key=lambda n: n != "mimetype")
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.external_attr = 0o644 << 16
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
                zout.writestr(info, zin.read(name))
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                data = zin.read(name)
                if name.endswith(".opf") and b"xml:lang=" not in data.split(b">", 2)[1]:
                    data = data.replace(b"<package ", f'<package xml:lang="{language}" '.encode(), 1)
                zout.writestr(info, data, compresslevel=9)
