"""Other e-book formats made from the EPUB: Kobo's kepub, and AZW3 through Calibre where it is installed.

A kepub is an EPUB whose sentences are wrapped in `<span class="koboSpan"
id="kobo.P.S">` (paragraph P, sentence S): Kobo's reader uses them for its
page counts, highlights and reading statistics, and reads the book with its
faster renderer when it finds them and the `.kepub.epub` name.  Nothing
else changes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

XHTML = "{http://www.w3.org/1999/xhtml}"
BLOCKS = {f"{XHTML}{name}" for name in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption")}
BOUNDARY = re.compile(r"(?<=[.!?…])[’”)\]]*\s+(?=[“‘(\[]?[A-Z0-9])")
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "p", "pp", "cf", "vol", "ed", "eds", "trans", "no", "vs", "etc"}


def sentences(text: str) -> list[str]:
    """The text cut after each sentence (not after an initial, as in C. L. R. James, or an abbreviation)."""
    pieces, start = [], 0
    for match in BOUNDARY.finditer(text):
        word = re.findall(r"[\w.]+(?=[.!?…][’”)\]]*$)", text[start:match.start()])
        last = word[-1].lower() if word else ""
        if len(last) == 1 or last in ABBREVIATIONS:
            continue
        pieces.append(text[start:match.end()])
        start = match.end()
    pieces.append(text[start:])
    return [piece for piece in pieces if piece]
SKIP = {f"{XHTML}{name}" for name in ("a", "span")}    # links and marks keep their own text


def _span(text: str, number: list, paragraph: int):
    span = etree.Element(f"{XHTML}span", {"class": "koboSpan", "id": f"kobo.{paragraph}.{number[0]}"})
    span.text = text
    number[0] += 1
    return span


def _wrap_text(parent, text: str, before, number: list, paragraph: int) -> None:
    """Put the sentences of ``text`` (which stood after ``before``, or at the start of ``parent``) in spans."""
    pieces = sentences(text)
    if not pieces:
        return
    spans = [_span(piece, number, paragraph) for piece in pieces]
    if before is None:
        parent.text = None
        for index, span in enumerate(spans):
            parent.insert(index, span)
    else:
        before.tail = None
        at = list(parent).index(before) + 1
        for offset, span in enumerate(spans):
            parent.insert(at + offset, span)


def _wrap_block(block, number: list, paragraph: int) -> None:
    if block.text and block.text.strip():
        _wrap_text(block, block.text, None, number, paragraph)
    for child in list(block):
        if child.tag in BLOCKS:
            continue
        if child.tag not in SKIP and child.get("class") != "koboSpan":
            _wrap_block(child, number, paragraph)
        if child.tail and child.tail.strip():
            _wrap_text(block, child.tail, child, number, paragraph)


def kobo_spans(xhtml: bytes) -> bytes:
    """A content document with every sentence of every paragraph, list item and heading in a koboSpan."""
    root = etree.fromstring(xhtml)
    paragraph = 0
    for block in root.iter(*BLOCKS):
        if block.tag == f"{XHTML}blockquote" or block.getparent().tag == f"{XHTML}nav" or \
                any(a.tag == f"{XHTML}nav" for a in block.iterancestors()):
            continue
        paragraph += 1
        _wrap_block(block, [1], paragraph)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def kepub(epub: Path, target: Path) -> None:
    """Write the kepub of an EPUB: the same archive with Kobo's spans in its content documents."""
    with zipfile.ZipFile(epub) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.endswith(".xhtml") and not info.filename.endswith(("nav.xhtml", "cover.xhtml")):
                data = kobo_spans(data)
            out.writestr(info, data, compress_type=info.compress_type)


def azw3(epub: Path, target: Path) -> str:
    """Convert to AZW3 with Calibre's ebook-convert; returns '' or the reason it could not."""
    convert = shutil.which("ebook-convert")
    if convert is None:
        return "Calibre's ebook-convert is not installed (apt install calibre)"
    done = subprocess.run([convert, str(epub), str(target)], capture_output=True, text=True)
    if done.returncode != 0 or not target.exists():
        return (done.stderr or done.stdout).strip().splitlines()[-1:][0] if (done.stderr or done.stdout) else \
            f"ebook-convert exited with {done.returncode}"
    return ""
