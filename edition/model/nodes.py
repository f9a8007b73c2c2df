"""The document model: edition → parts → texts → blocks → inlines.

Readers make it, passes change it, writers render it.  A node whose class
has ``CONTENTS`` holds children in those fields, in reading order: the one
walker (``walk.py``) goes through the tree by them alone.  Every block keeps the
file and line it came from so that a pass, a report or an error can point at
the raw text.  Nodes are plain dataclasses; templates read them through
their ``kind``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from edition.units import page_margins


# Inlines ---------------------------------------------------------------

@dataclass
class Str:
    CONTENTS: ClassVar[tuple] = ()
    text: str
    kind: str = "str"


@dataclass
class Emph:
    CONTENTS: ClassVar[tuple] = ("children",)
    children: list
    kind: str = "emph"


@dataclass
class Strong:
    CONTENTS: ClassVar[tuple] = ("children",)
    children: list
    kind: str = "strong"


@dataclass
class LeadIn:
    """The opening words of a text, set in small caps."""

    CONTENTS: ClassVar[tuple] = ("children",)
    children: list
    kind: str = "lead_in"


@dataclass
class NoteRef:
    """A note's call in the text; the note itself is in the text's ``notes``."""

    CONTENTS: ClassVar[tuple] = ()
    note_id: str
    label: str
    kind: str = "note_ref"


@dataclass
class IndexMark:
    """An occurrence of an index entry: the words that name it, with an id the index's locators link to."""

    CONTENTS: ClassVar[tuple] = ("children",)
    children: list
    id: str
    entries: list          # the entries' keys: "Trotsky, Leon", "Trotsky, Leon / on Thermidor"
    kind: str = "index_mark"


@dataclass
class PageBreak:
    """Where a page of the print edition begins (set after the PDF's layout, for the EPUB's page list)."""

    CONTENTS: ClassVar[tuple] = ()
    label: str             # the page's number as printed
    kind: str = "page_break"


Inline = Str | Emph | Strong | LeadIn | NoteRef | IndexMark | PageBreak


# Blocks -----------------------------------------------------------------

@dataclass
class Paragraph:
    CONTENTS: ClassVar[tuple] = ("inlines",)
    inlines: list
    source: str
    line: int
    #: None for running text; "byline", "source" (where the text was first published), "caption" (a picture's)
    role: str | None = None
    id: str = ""           # given to paragraphs the index points into
    kind: str = "paragraph"


@dataclass
class Heading:
    CONTENTS: ClassVar[tuple] = ("inlines",)
    inlines: list
    level: int
    source: str
    line: int
    id: str = ""
    kind: str = "heading"


@dataclass
class BlockQuote:
    CONTENTS: ClassVar[tuple] = ("blocks",)
    blocks: list
    source: str
    line: int
    kind: str = "block_quote"


@dataclass
class Sidebar:
    """A boxed text set apart from the running text (moved after the paragraph it interrupted)."""

    CONTENTS: ClassVar[tuple] = ("blocks",)
    blocks: list
    source: str
    line: int
    kind: str = "sidebar"


@dataclass
class BulletList:
    CONTENTS: ClassVar[tuple] = ("items",)
    items: list  # list of lists of inlines
    source: str
    line: int
    #: True when every item carries its own number or letter ("(1) …", "a. …")
    numbered: bool = False
    item_ids: list = field(default_factory=list)   # ids of the items, where the index points into them
    kind: str = "bullet_list"


@dataclass
class Note:
    """A footnote or endnote: whose it is (author, translator, editor), its label and its paragraphs."""

    CONTENTS: ClassVar[tuple] = ("blocks",)
    id: str
    label: str
    blocks: list            # Paragraph
    owner: str              # "author", "translator", "editor" or "source"
    source: str
    line: int
    #: where the note stood among the blocks (for a note without a number: called from the block before)
    after: int = -1
    #: the paragraphs it was read from, to put back if they turn out not to be notes
    original: list = field(default_factory=list)
    kind: str = "note"


Block = Paragraph | Heading | BulletList | BlockQuote | Sidebar


# Texts, parts, edition ----------------------------------------------------

@dataclass
class TextSettings:
    """The editor's decisions for one text, as the manifest gives them (lines by number)."""

    headings: set = field(default_factory=set)          # lines that are headings
    blockquotes: list = field(default_factory=list)     # ((first, last), place) of each block quotation
    sidebars: list = field(default_factory=list)        # ((first, last), place) of each sidebar
    joins: set = field(default_factory=set)             # first lines of paragraphs that go on in the next
    errata: list = field(default_factory=list)          # Erratum
    keep: set = field(default_factory=set)              # words the clean-up never changes
    skip: set = field(default_factory=set)              # passes not to run
    skip_paragraphs: set = field(default_factory=set)   # (pass, first line of a paragraph): not run there
    editor_notes: list = field(default_factory=list)    # EditorNote
    allow_unpaired: list = field(default_factory=list)  # note labels that may lack a call or a note
    source_note: str = "colophon"                       # where the text's source shows: colophon or first note
    split: str = ""                                     # "chapters": cut at its chapter headings after the clean-up
    split_at: tuple = ()                                # (manifest, line, column) of the split key, for messages
    dashes: str = "as-written"                          # the house style's dashes (manifest: style)
    quotes: str = "as-written"                          # and quotation marks


@dataclass
class Text:
    id: str
    title: str
    source: str            # path of the raw file, relative to the manifest
    first_line: int        # the range of the raw file this text was read from
    last_line: int
    subtitle: str = ""
    short_title: str = ""
    authors: list = field(default_factory=list)
    translators: list = field(default_factory=list)
    published: str = ""    # original publication, source format (may hold *italic*)
    date: str = ""
    #: the raw lines as (line number, text), before the passes make blocks of them
    lines: list = field(default_factory=list)
    blocks: list = field(default_factory=list)
    notes: list = field(default_factory=list)      # Note, in the order of their calls
    source_note: object = None                     # the Note giving the text's source, called from its title
    #: the editor's decisions from the manifest: heading lines, errata, words to keep, passes to skip, …
    settings: TextSettings = field(default_factory=lambda: TextSettings())
    #: what the passes found and hand on: the problems of its notes (errors fail the build), the raw lines
    #: where a page of the source ended (``remove_page_furniture``), whether it is a Project Gutenberg file
    problems: list = field(default_factory=list)
    source_page_ends: set = field(default_factory=set)
    gutenberg: bool = False
    matter: str = "body"   # "front" or "body"
    page_breaks: list = field(default_factory=list)   # PageBreak: print pages that begin with this text
    #: for a text cut from a whole book (``split: chapters``): the book's title, and this text's place in it
    #: (1: the first text cut from it, the matter before the first chapter if there is any)
    whole: str = ""
    cut: int = 0
    subtitle_in_standfirst: bool = False   # the text's standfirst says what its subtitle says (mark_lead_in)


@dataclass
class Part:
    id: str
    title: str
    texts: list
    page_breaks: list = field(default_factory=list)   # PageBreak: print pages that begin with this part


@dataclass
class Metadata:
    title: str
    identifier: str
    date: str
    language: str = "en"
    subtitle: str = ""
    editors: list = field(default_factory=list)
    publisher: str = ""
    rights: str = ""
    description: str = ""
    subjects: list = field(default_factory=list)
    series: str = ""
    series_index: int = 0
    isbn: str = ""            # the ISBN-13's digits, "none" when the manifest says there is none, "" unsaid


@dataclass
class PrintSettings:
    """How the PDF is made for a printer: margins, bleed, marks, the PDF profile, the binding."""

    margins: dict = field(default_factory=dict)   # mm: top, bottom, inside, outside (missing: from the trim)
    bleed: float = 0.0        # mm beyond the trim on every side
    marks: bool = False       # crop marks, outside the bleed
    profile: str = "plain"    # print (PDF/X-4), print-cmyk (the same in CMYK), screen (PDF/UA-1) or plain
    binding: str = ""         # "perfect", "saddle-stitch" or "" (none said)
    ppi: int = 0              # paper: pages per inch …
    caliper: float = 0.0      # … or mm per leaf
    creep: float = 0.0        # mm, for saddle-stitched booklets

    def page_margins(self, trim: tuple) -> dict:
        """The margins in mm: those given, the others in proportion to the trim."""
        return page_margins(trim, self.margins)


@dataclass
class Edition:
    meta: Metadata
    front: list            # texts before the parts (introduction, preface)
    parts: list            # Part; an edition without parts has one untitled part
    name: str              # output file stem
    trim: tuple = (148.0, 210.0)   # page width, height in mm
    cover: str = ""        # path of a cover image, or "" to generate one
    notes: str = "footnotes"   # where notes go: footnotes, endnotes after each text, or book (at its end)
    index: object = None   # edition.index.marks.Marked: the index's entries and where they occur, if any
    printing: PrintSettings = field(default_factory=PrintSettings)

    @property
    def texts(self) -> list:
        """Every text, in reading order."""
        return list(self.front) + [t for part in self.parts for t in part.texts]

    @property
    def notes_at_end(self) -> bool:
        """The notes are collected at the end of the book (``notes: book``), and there are some."""
        return self.notes == "book" and any(text.notes for text in self.texts)
