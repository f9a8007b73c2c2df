"""What the tests share: where the editions are, how to read what a build made, small texts for the passes."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2

from edition.clean.passes import Context, lexicon_for
from edition.clean.passes.blocks import make_blocks
from edition.model.nodes import Str, Text, TextSettings

ROOT = Path(__file__).resolve().parent.parent
READER = ROOT / "source" / "reader.yaml"
SMALL = ROOT / "tests" / "fixtures" / "small" / "small.yaml"
BOOK_TITLE = "What Became of October"


# what a build made

def page_texts(pdf: Path) -> list[str]:
    """The text of every page of a PDF, as laid out."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return [document[i].get_textpage().get_text_range().replace("\r\n", "\n") for i in range(len(document))]
    finally:
        document.close()


@dataclass
class Line:
    """A line of text as laid out on a PDF page: its left and right edges and baseline, in points."""

    left: float
    right: float
    bottom: float
    text: str
    size: float = 0.0          # the height of its tallest piece of text: a footnote's is smaller


@dataclass
class Page:
    label: str                 # the folio, as the PDF's page labels give it
    lines: list                # Line, top to bottom: running head, body, footnotes, folio
    width: float
    height: float

    @property
    def recto(self) -> bool:
        return self.label.isdigit() and int(self.label) % 2 == 1

    def body(self) -> list:
        """The lines between the running head and the folio at the foot."""
        return [line for line in self.lines if 0.08 * self.height < line.bottom < 0.92 * self.height]


def page_lines(pdf: Path) -> list[Page]:
    """Every page of a PDF with its lines, as pdfium reads them: the text's pieces that share a baseline
    (within 5 pt: a small-caps lead-in sits a little apart) joined into one line."""
    document = pypdfium2.PdfDocument(str(pdf))
    with pikepdf.open(pdf) as book:
        labels = [page.label for page in book.pages]
    try:
        found = []
        for number in range(len(document)):
            page = document[number]
            text = page.get_textpage()
            pieces = []
            for index in range(text.count_rects()):
                left, bottom, right, top = text.get_rect(index)
                pieces.append((bottom, left, right, text.get_text_bounded(left, bottom, right, top), top - bottom))
            lines: list[Line] = []
            for bottom, left, right, words, size in sorted(pieces, key=lambda piece: (-piece[0], piece[1])):
                if lines and abs(lines[-1].bottom - bottom) < 5:
                    last = lines[-1]
                    lines[-1] = Line(min(last.left, left), max(last.right, right), last.bottom,
                                     last.text + words if left >= last.left else words + last.text,
                                     max(last.size, size))
                else:
                    lines.append(Line(left, right, bottom, words, size))
            for line in lines:
                line.text = re.sub(r"\s+", " ", line.text).strip()
            width, height = page.get_size()
            found.append(Page(labels[number], [line for line in lines if line.text], width, height))
        return found
    finally:
        document.close()


def destination_pages(pdf: Path) -> dict[str, int]:
    """The page (from 0) of each of a PDF's named destinations."""
    with pikepdf.open(pdf) as document:
        pages = {page.obj.objgen: number for number, page in enumerate(document.pages)}
        names = document.Root.get("/Names", {}).get("/Dests")
        found = {}
        for name, destination in (pikepdf.NameTree(names).items() if names is not None else ()):
            if isinstance(destination, pikepdf.Dictionary):
                destination = destination.D
            found[name] = pages.get(destination[0].objgen, -1)
        return found


def epub_files(epub: Path) -> dict[str, str]:
    with zipfile.ZipFile(epub) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                if name.endswith((".xhtml", ".opf", ".ncx", ".xml"))}


def running_heads() -> set[str]:
    """The default reader's running heads: the book's title, 'Index' and each text's (short) title, as set."""
    from edition.manifest import load as manifest_module
    from edition.model.typography import smarten

    return {BOOK_TITLE, "Index"} | {smarten(t["short_title"] or t["title"]) for t in manifest_module.load(READER).texts}


def folio(page_text: str, heads: set[str]) -> str | None:
    """The printed page number: in the running head, or alone on the last line of an opening page."""
    lines = [line.strip() for line in page_text.strip().splitlines() if line.strip()]
    if not lines:
        return None
    for line in (lines[0], lines[-1]):
        match = re.fullmatch(r"(\d+|[ivxlc]+)\s+(.+)|(.+?)\s+(\d+|[ivxlc]+)", line)
        if match and (match[2] or match[3]).strip() in heads:
            return match[1] or match[4]
    if re.fullmatch(r"\d+|[ivxlc]+", lines[-1]):
        return lines[-1]
    return None


def page_body(page_text: str, heads: set[str]) -> str:
    """A page's text without its running head or folio."""
    lines = [line for line in page_text.strip().splitlines() if line.strip()]
    for end in (0, -1):
        if lines and (folio(lines[end], heads) and len(lines[end].split()) <= 8):
            lines.pop(end)
    return "\n".join(lines)


# small texts for the passes

def dump(nodes):
    """Inlines as a string: 'plain <emph>italic</emph>'."""
    out = []
    for node in nodes:
        if isinstance(node, Str):
            out.append(node.text)
        else:
            out.append(f"<{node.kind}>{dump(node.children)}</{node.kind}>")
    return "".join(out)


def text_of_lines(lines, **settings) -> Text:
    """A text of these lines, with the editor's ``settings`` (``TextSettings``' fields)."""
    return Text(id="t", title="T", source="t.txt", first_line=1, last_line=len(lines),
                lines=list(enumerate(lines, start=1)), settings=TextSettings(**settings))


def context_of(*texts) -> Context:
    return Context(lexicon_for(list(texts)))


def blocks_of(*paragraphs, **settings) -> tuple[Text, Context]:
    """A text of paragraphs separated by blank lines, its blocks made, and a context to run passes in."""
    lines = []
    for paragraph in paragraphs:
        lines += paragraph.split("\n") + [""]
    text = text_of_lines(lines, **settings)
    context = context_of(text)
    make_blocks(text, context)
    return text, context


def italic_text(pdf: Path, position: int) -> str:
    """The text of one page (``position`` from 0), what is set in an italic font between asterisks."""
    import ctypes

    import pypdfium2.raw as raw

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        text = document[position].get_textpage()
        name, flags = ctypes.create_string_buffer(256), ctypes.c_int()
        out, italic = "", False
        for index in range(text.count_chars()):
            raw.FPDFText_GetFontInfo(text.raw, index, name, 256, ctypes.byref(flags))
            now = "Italic" in name.value.decode("latin-1")
            char = text.get_text_range(index, 1)
            if now != italic and char.strip():
                space = out[len(out.rstrip()):]       # a closing mark goes before the spaces it found
                out, italic = out.rstrip() + "*" + space if italic else out + "*", now
            out += char
        return (out + "*" if italic else out).replace("\r\n", "\n")
    finally:
        document.close()


def column_lines(pdf: Path, position: int) -> list[list[tuple[float, float, str]]]:
    """A two-column page's lines, column by column, top to bottom: (its left edge in points from the
    page's left, its baseline in points from the page's foot, its text), the running head and the folio left out (they stand above and below the
    columns).  Characters are put on lines by their baselines."""
    import ctypes

    import pypdfium2.raw as raw

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        page = document[position]
        width, height = page.get_size()
        text = page.get_textpage()
        x, y = ctypes.c_double(), ctypes.c_double()
        lines: dict[tuple[int, float], list] = {}
        for index in range(text.count_chars()):
            char = text.get_text_range(index, 1)
            if char in "\r\n":
                continue
            raw.FPDFText_GetCharOrigin(text.raw, index, ctypes.byref(x), ctypes.byref(y))
            if y.value > height - 45 or y.value < 45:          # the head and the folio
                continue
            column = int(x.value >= width / 2)
            key = next((k for k in lines if k[0] == column and abs(k[1] - y.value) < 1.5), (column, y.value))
            lines.setdefault(key, []).append((x.value, char))
        columns: list[list[tuple[float, float, str]]] = [[], []]
        for (column, baseline), chars in sorted(lines.items(), key=lambda item: (item[0][0], -item[0][1])):
            chars.sort()
            columns[column].append((chars[0][0], baseline, "".join(c for _, c in chars)))
        return columns
    finally:
        document.close()
