"""Load and check the YAML manifest.

The manifest is parsed into YAML nodes first, so that every problem can name
the file, line and column it comes from; the nodes are checked against
``SCHEMA`` and only then turned into plain values.  All problems are
collected and raised together as one ``BadInput``.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import isbnlib
import yaml

from edition.manifest import schema
from edition.manifest.schema import Checker, Key, Place, kind_of, place_of, read_nodes
from edition.messages import BadInput, message
from edition.units import DEFAULT_BLEED, DEFAULT_TRIM, page_margins

TEXT = {
    "from": Key("from", "another manifest holding this text (with id): take the text as it is given there"),
    "file": Key("path", "the raw text, relative to the manifest", required=True),
    "title": Key("str", "the title as printed", required=True),
    "id": Key("id", "a short name for links and file names (default: from the title)"),
    "short_title": Key("str", "a shorter title for running heads"),
    "subtitle": Key("str", "a subtitle; *italic* allowed"),
    "author": Key("strlist", "author or list of authors"),
    "translator": Key("strlist", "translator or list of translators"),
    "published": Key("str", "where the text first appeared; *italic* allowed"),
    "date": Key("date", "when it first appeared: a year or a full date"),
    "start": Key("line", "first line of the text in the file: a number or the text of a whole line"),
    "end": Key("line", "last line of the text in the file: a number or the text of a whole line"),
    "omit": Key("linelist", "lines to leave out (titles, bylines, mastheads): numbers or whole-line texts"),
    "headings": Key("linelist", "lines that are section headings: numbers or whole-line texts"),
    "blockquotes": Key("rangelist", "block quotations: a line, or [first, last] lines, for each"),
    "sidebars": Key("rangelist", "boxed sidebars: [first, last] lines; set after the paragraph they interrupt"),
    "join": Key("linelist", "paragraphs (by their first line) that go on in the next paragraph"),
    "errata": Key("errata", "corrections 'before → after' (exact, once unless count is given), or an errata file"),
    "keep": Key("strlist", "words the clean-up must never change"),
    "notes": Key("editornotes", "the editor's notes: [{at: exact phrase, note: text}], set after the phrase"),
    "allow_unpaired": Key("strlist", "note labels that may lack a call or a note"),
    "source_note": Key("sourcenote", "where the text's source shows: 'colophon' (default) or 'first' note"),
    "skip": Key("passlist", "clean-up passes not to run on this text, or on one paragraph of it: {pass, paragraph}"),
    "split": Key("split", "'chapters': a whole book in one file, cut after its clean-up at its chapter headings "
                          "into one opening per chapter, titled from the headings (matter before the first "
                          "chapter stays one text, under this title)"),
}
ERRATUM = {
    "before": Key("text", "the exact text as it stands in the cleaned paragraph", required=True),
    "after": Key("text", "what it becomes (may be empty)", required=True),
    "count": Key("count", "how many times it must match (default 1)"),
    "note": Key("str", "why: the editor's reason"),
}
PART = {
    "title": Key("str", "the part's title", required=True),
    "texts": Key("texts", "the texts of this part", required=True),
}
EDITION = {
    "title": Key("str", "the book's title", required=True),
    "subtitle": Key("str", "the book's subtitle"),
    "editor": Key("strlist", "editor or list of editors"),
    "publisher": Key("str", "the publisher"),
    "language": Key("language", "language of the texts, as a BCP 47 tag (default en)"),
    "identifier": Key("str", "a stable unique identifier: ISBN, URN or URL (default: made from the title)"),
    "date": Key("date", "publication date of this edition, YYYY-MM-DD", required=True),
    "rights": Key("str", "copyright and licence statement"),
    "description": Key("str", "a short description for catalogues and the back cover"),
    "subjects": Key("strlist", "subjects or keywords"),
    "series": Key("str", "the series the book belongs to (EPUB and store metadata)"),
    "series_index": Key("count", "its number in the series"),
    "cover": Key("path", "a cover image (PNG or JPEG); without it a cover is drawn from the title"),
    "isbn": Key("isbn", "the ISBN-13 printed with its barcode on the back cover, or none for a book without one; "
                        "a print binding needs one or the other (or an ISBN as the identifier)"),
}
PRINT = {
    "trim": Key("trim", "page size: A4, A5, A6, B5, letter, 5.5x8.5in, 6x9in or 'W x H mm|in'"),
    "margins": Key("margins", "page margins {top, bottom, inside, outside}, each a length (default: from the trim)"),
    "bleed": Key("bleed", "bleed beyond the trim: a length, or true for 3mm (default none)"),
    "marks": Key("bool", "crop marks outside the bleed (default false)"),
    "profile": Key("profile", "print (PDF/X-4), print-cmyk (PDF/X-4 converted to CMYK by Ghostscript, black text "
                              "on the black plate), screen (PDF/UA-1, tagged) or plain (default)"),
    "binding": Key("binding", "perfect (a cover PDF with spine) or saddle-stitch (pages to a multiple of four, "
                              "and a booklet PDF)"),
    "paper": Key("paper", "paper thickness for the spine: {ppi: pages per inch} or {caliper: a length}"),
    "creep": Key("length", "creep for saddle-stitched booklets: the innermost pages' shift toward the fold"),
}
MARGINS = {side: Key("length", f"the {side} margin") for side in ("top", "bottom", "inside", "outside")}
PAPER = {
    "ppi": Key("count", "pages per inch (e.g. 444 for 80 g/m² offset)"),
    "caliper": Key("length", "the thickness of one leaf (two pages), e.g. 0.1mm"),
}
SKIP_PARAGRAPH = {
    "pass": Key("str", "the pass not to run on the paragraph: correct_ocr_words, mark_lead_in or smarten_typography",
                required=True),
    "paragraph": Key("line", "the paragraph, by its first line: a number or the text of the line", required=True),
}
EDITOR_NOTE = {
    "at": Key("text", "the exact phrase the note follows", required=True),
    "note": Key("str", "the note; *italic* allowed", required=True),
}
TOP = {
    "edition": Key("edition", "the edition's metadata", required=True),
    "print": Key("print", "settings for the PDF"),
    "front": Key("texts", "texts before the parts: introduction, preface"),
    "parts": Key("parts", "the parts of the book, each with its texts"),
    "texts": Key("texts", "the texts, for a book without parts"),
    "notes": Key("placement", "where notes go: footnotes (default), endnotes (after each text) or book (at the end)"),
    "index": Key("index", "the index file (entries, forms, cross-references; see docs/manifest.md, 'The index file'), or "
                          "{file, shared: true} for an index file written for a larger edition"),
    "style": Key("style", "the house style, one for every text and the manifest's own words: "
                          "{dashes: em-closed, em-spaced or en-spaced, quotes: double or single} (default: each "
                          "text as written)"),
    "root": Key("root", "the folder paths may reach, above the manifest's own: '..' lets a pamphlet use the "
                        "reader's texts, errata and index; no higher than the folder named on the command line "
                        "with --root (default: the manifest's own)"),
}
DASHES = ("em-closed", "em-spaced", "en-spaced", "as-written")
QUOTES = ("double", "single", "as-written")
STYLE = {
    "dashes": Key("dashes", "dashes between words: em-closed (word—word), em-spaced (word — word), en-spaced "
                            "(word – word) or as-written"),
    "quotes": Key("quotes", "quotation marks: double (“outer ‘inner’”), single (‘outer “inner”’) or as-written; "
                            "apostrophes are never changed"),
}
INDEX = {
    "file": Key("path", "the index file", required=True),
    "shared": Key("bool", "the file serves a larger edition: entries and marks for texts not in this one are "
                          "left out silently"),
}

NAMES = {"text": TEXT, "part": PART, "edition": EDITION, "print": PRINT, "manifest": TOP}
EXPECTED = {**schema.EXPECTED,
    "erratum": 'a mapping',
    "editornotes": 'a list of {at, note}',
    "sourcenote": "'colophon' or 'first'",
    "split": "'chapters'",
    "placement": 'footnotes, endnotes or book',
    "errata": 'a list of corrections or the path of an errata file',
    "passlist": 'a list of pass names or {pass, paragraph}',
    "texts": 'a list of texts',
    "parts": 'a list of parts',
    "edition": 'a mapping of edition metadata',
    "print": 'a mapping of print settings',
    "part": 'a mapping',
    "bleed": 'a length or true',
    "margins": 'a mapping of margins',
    "paper": 'a mapping: ppi or caliper',
    "index": 'the path of an index file, or {file, shared}',
    "root": "a folder above the manifest's",
    "isbn": "an ISBN-13 or none",
    "from": 'a path',
    "style": 'a mapping: dashes, quotes',
    "dashes": ', '.join(DASHES),
    "quotes": ', '.join(QUOTES),
}



@dataclass(frozen=True)
class Erratum:
    """One editor's correction: ``before`` must match exactly ``count`` times in the text."""

    before: str
    after: str
    count: int
    note: str
    file: str
    line: int


@dataclass(frozen=True)
class EditorNote:
    at: str
    note: str
    file: str
    line: int


@dataclass
class TextSpec:
    """One text as the manifest gives it."""

    values: dict
    places: dict            # key -> Place
    place: Place            # where the entry starts
    matter: str = "body"
    file: Path | None = None  # the manifest that gives it (another one's, for a text taken `from:` it)

    def __getitem__(self, key):
        return self.values.get(key)


@dataclass
class Manifest:
    path: Path
    root: Path
    edition: dict
    places: dict
    trim: tuple
    front: list = field(default_factory=list)   # TextSpec
    parts: list = field(default_factory=list)   # (title, [TextSpec], Place)
    flat: bool = False                          # texts given without parts
    notes: str = "footnotes"                    # footnotes, endnotes or book
    index: Path | None = None                   # the index file, if the edition has an index
    index_shared: bool = False                  # the index file serves a larger edition
    printing: dict = field(default_factory=dict)  # the print settings but the trim
    style: dict = field(default_factory=dict)     # the house style: {dashes, quotes}, each as-written by default

    @property
    def texts(self) -> list:
        return list(self.front) + [t for _, texts, _ in self.parts for t in texts]

    def where(self, place: Place | None) -> dict:
        """Keyword arguments naming a place in this manifest, for message()."""
        if place is None:
            return {"file": self.path}
        return {"file": self.path, "line": place.line, "column": place.column}


class ManifestChecker(Checker):
    """The manifest's own types: texts, parts, errata, notes, print settings, another manifest's texts."""

    expected = EXPECTED

    def __init__(self, path: Path, limit: Path, taking: tuple):
        super().__init__(path)
        self.limit, self.taking = limit, taking

    def v_passlist(self, node, key):
        """Names of clean-up passes, or {pass, paragraph} (pass name, line, place) for one paragraph; the
        clean-up checks the names (``edition.clean.passes.unknown_passes``)."""
        if not isinstance(node, yaml.SequenceNode):
            return self.v_strlist(node, key)
        found = []
        for item in node.value:
            if isinstance(item, yaml.MappingNode):
                values, _ = self.mapping(item, SKIP_PARAGRAPH, "skip")
                if "pass" in values and "paragraph" in values:
                    found.append((values["pass"], values["paragraph"], place_of(item)))
            else:
                value = self.scalar(item, key, "passlist")
                if value is not None:
                    found.append(value)
        return found

    def v_errata(self, node, key):
        """A list of errata, or the path of a YAML file holding one."""
        if isinstance(node, yaml.ScalarNode):
            path = self.v_path(node, key)
            if path is None:
                return None
            try:
                root = read_nodes(path)
            except BadInput as error:
                self.problems += error.messages
                return None
            if root is None:
                return []
            saved, self.path = self.path, path
            try:
                return self._errata_list(root, key, path)
            finally:
                self.path = saved
        return self._errata_list(node, key, self.path)

    def _errata_list(self, node, key, path):
        if not isinstance(node, yaml.SequenceNode):
            self.problem("m-002", node, key=key, expected=EXPECTED["errata"], found=kind_of(node))
            return None
        errata = []
        for item in node.value:
            place = place_of(item)
            if isinstance(item, yaml.ScalarNode):
                parts = re.split(r"\s+(?:→|->)\s+", item.value, maxsplit=1)
                if len(parts) != 2 or not parts[0]:
                    self.problem("m-009", item, key=key, problem=f"{item.value!r} is not 'before → after'")
                    continue
                errata.append(Erratum(parts[0], parts[1], 1, "", str(path), place.line))
            else:
                values, _ = self.mapping(item, ERRATUM, "erratum")
                if "before" in values and not values["before"]:
                    self.problem("m-009", item, key="before", problem="it is empty: an erratum replaces words "
                                                                       "that stand in the text; name them")
                elif "before" in values:
                    count = values.get("count", 1)
                    errata.append(Erratum(values["before"], values.get("after", ""), count,
                                          values.get("note", ""), str(path), place.line))
        return errata

    def v_editornotes(self, node, key):
        if not isinstance(node, yaml.SequenceNode):
            self.problem("m-002", node, key=key, expected=EXPECTED["editornotes"], found=kind_of(node))
            return None
        notes = []
        for item in node.value:
            values, _ = self.mapping(item, EDITOR_NOTE, "editor's note")
            if "at" in values and "note" in values:
                notes.append(EditorNote(values["at"], values["note"], str(self.path), place_of(item).line))
        return notes

    def v_sourcenote(self, node, key):
        return self.choice(node, key, ("colophon", "first"))

    def v_split(self, node, key):
        return self.choice(node, key, ("chapters",))

    def v_placement(self, node, key):
        return self.choice(node, key, ("footnotes", "endnotes", "book"))

    def v_index(self, node, key):
        if isinstance(node, yaml.MappingNode):
            values, _ = self.mapping(node, INDEX, "index")
            return (values["file"], values.get("shared", False)) if "file" in values else None
        path = self.v_path(node, key)
        return None if path is None else (path, False)

    def v_style(self, node, key):
        values, _ = self.mapping(node, STYLE, "style")
        return values

    def v_dashes(self, node, key):
        return self.choice(node, key, DASHES)

    def v_quotes(self, node, key):
        return self.choice(node, key, QUOTES)

    def v_root(self, node, key):
        return self.scalar(node, key, "root")     # read before everything else, by load()

    def v_from(self, node, key):
        return self.v_path(node, key)

    def v_bleed(self, node, key):
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":bool"):
            return DEFAULT_BLEED if node.value.lower() in ("true", "yes", "on") else 0.0
        return self.v_length(node, key)

    def v_profile(self, node, key):
        return self.choice(node, key, ("print", "print-cmyk", "screen", "plain"))

    def v_isbn(self, node, key):
        value = self.scalar(node, key, "isbn")
        if value is None:
            return None
        if value.strip().lower() == "none":
            return "none"
        digits = isbn_digits(value)
        if not digits:
            self.problem("m-009", node, key=key, problem=f"{value!r} is not an ISBN-13 (13 digits starting 978 or "
                                                         "979, the last a check digit); give the book's ISBN, or none")
        return digits or None

    def v_binding(self, node, key):
        return self.choice(node, key, ("perfect", "saddle-stitch"))

    def v_margins(self, node, key):
        values, _ = self.mapping(node, MARGINS, "margins")
        return values

    def v_paper(self, node, key):
        values, _ = self.mapping(node, PAPER, "paper")
        if len(values) > 1:
            self.problem("m-009", node, key=key, problem="give ppi or caliper, not both")
        return values

    def v_edition(self, node, key):
        return self.mapping(node, EDITION, "edition")

    def v_print(self, node, key):
        return self.mapping(node, PRINT, "print")

    def v_texts(self, node, key):
        if not isinstance(node, yaml.SequenceNode):
            self.problem("m-002", node, key=key, expected=EXPECTED["texts"], found=kind_of(node))
            return None
        texts = []
        for item in node.value:
            if isinstance(item, yaml.MappingNode) and any(k.value == "from" for k, _ in item.value):
                spec = self._text_from(item)
                if spec is not None:
                    texts.append(spec)
                continue
            values, places = self.mapping(item, TEXT, "text")
            if values:
                texts.append(TextSpec(values, places, place_of(item), file=self.path))
        return texts

    def _text_from(self, item) -> TextSpec | None:
        """{from: other.yaml, id: some-text}: that manifest's text, as it is given there."""
        values, _ = self.mapping(item, {"from": TEXT["from"], "id": Key("id", "the text's id there",
                                                                         required=True)}, "text")
        if "from" not in values or "id" not in values:
            return None
        if values["from"].resolve() in self.taking:
            chain = " → ".join(p.name for p in self.taking + (values["from"].resolve(),))
            self.problem("m-009", item, key="from", problem=f"the manifests take texts from each other: {chain}")
            return None
        try:
            other = load(values["from"], self.limit, self.taking)
        except BadInput as error:
            self.problems += error.messages
            return None
        found = [spec for spec in other.texts if text_id(spec) == values["id"]]
        if not found:
            ids = ", ".join(text_id(spec) for spec in other.texts)
            self.problem("m-009", item, key="id", problem=f"{values['id']!r} is not a text of {values['from'].name}; "
                                                          f"its texts are {ids}")
            return None
        spec = found[0]
        return TextSpec(dict(spec.values), spec.places, spec.place, matter="body", file=spec.file)

    def v_parts(self, node, key):
        if not isinstance(node, yaml.SequenceNode):
            self.problem("m-002", node, key=key, expected=EXPECTED["parts"], found=kind_of(node))
            return None
        parts = []
        for item in node.value:
            values, _ = self.mapping(item, PART, "part")
            if "title" in values:
                parts.append((values["title"], values.get("texts", []), place_of(item)))
        return parts


def load(path: str | Path, limit: Path | None = None, taking: tuple = ()) -> Manifest:
    """Read and check a manifest; raise BadInput listing every problem found.

    ``limit``: the folder no path may leave, whatever the manifest says (its ``root`` may not name a
    folder above it): the folder of the manifest named on the command line, or one named there with
    ``--root``.  ``taking``: the manifests whose texts are being taken from this one (``from:``)."""
    path = Path(path)
    limit = (limit or path.parent).resolve()
    root = read_nodes(path)
    if root is None:
        raise BadInput(message("m-011", path))

    checker = ManifestChecker(path, limit, taking + (path.resolve(),))
    _set_root(checker, root, path)
    values, places = checker.mapping(root, TOP, "manifest")
    edition, edition_places = values.get("edition", ({}, {}))
    printing, _ = values.get("print", ({}, {}))
    manifest = Manifest(path=path, root=checker.root, edition=edition, places=edition_places,
                        trim=printing.get("trim", DEFAULT_TRIM), notes=values.get("notes", "footnotes"),
                        index=values["index"][0] if values.get("index") else None,
                        index_shared=bool(values.get("index") and values["index"][1]), printing=printing,
                        style={"dashes": "as-written", "quotes": "as-written", **values.get("style", {})})

    for spec in values.get("front", []):
        spec.matter = "front"
        manifest.front.append(spec)
    manifest.parts = values.get("parts", [])
    if "texts" in values:
        if manifest.parts:
            checker.problem("m-009", root, key="texts", problem="give either 'parts' or 'texts', not both")
        manifest.parts = [("", values["texts"], Place(1, 1))]
        manifest.flat = True
    if not checker.problems and not any(texts for _, texts, _ in manifest.parts):
        checker.problems.append(message("m-011", path))

    _check_duplicates(manifest, checker)
    _check_geometry(manifest, checker, values.get("print", ({}, {}))[1])
    _check_cover(manifest, checker)
    _check_isbn(manifest, checker, values.get("print", ({}, {}))[1])
    if checker.problems:
        raise BadInput(checker.problems)

    edition.setdefault("language", "en")
    edition.setdefault("identifier", "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "edition:" + edition["title"])))
    return manifest


def isbn_digits(text: str) -> str:
    """The ISBN-13 in a text ('978-3-16-148410-0', 'urn:isbn:978…', 'isbn:…'), its 13 digits, or '' if it holds
    none (a wrong check digit included)."""
    digits = re.sub(r"[^0-9Xx]", "", re.sub(r"^(urn:)?isbn:", "", text.strip(), flags=re.I))
    return digits if len(digits) == 13 and isbnlib.is_isbn13(digits) else ""


def _check_isbn(manifest: Manifest, checker: ManifestChecker, places: dict) -> None:
    """A printed back cover carries an ISBN panel, or the manifest says there is none: never left out silently."""
    binding = manifest.printing.get("binding")
    given = manifest.edition.get("isbn")
    if binding and not given and not isbn_digits(manifest.edition.get("identifier", "")):
        checker.problems.append(message("m-013", **manifest.where(places.get("binding")), binding=binding))
    identifier = isbn_digits(manifest.edition.get("identifier", ""))
    if given and given != "none" and identifier and identifier != given:
        checker.problems.append(message("m-009", **manifest.where(manifest.places.get("isbn")), key="isbn",
                                        problem=f"{given} differs from the ISBN in the identifier ({identifier}); "
                                                "give one ISBN"))


def _set_root(checker: ManifestChecker, root, path: Path) -> None:
    """The manifest's `root`: the folder its paths may reach (its own folder by default, or one above)."""
    if not isinstance(root, yaml.MappingNode):
        return
    for key_node, value_node in root.value:
        if key_node.value == "root" and isinstance(value_node, yaml.ScalarNode):
            folder = (path.parent / value_node.value).resolve()
            if not folder.is_dir() or not path.resolve().is_relative_to(folder):
                checker.problem("m-009", value_node, key="root",
                                problem=f"{value_node.value!r} is not a folder holding the manifest")
            elif not folder.is_relative_to(checker.limit):
                checker.problem("m-009", value_node, key="root",
                                problem=f"{value_node.value!r} leaves {checker.limit}; to let the manifest reach "
                                        f"{folder}, name it on the command line: --root {folder}")
            else:
                checker.root = folder


#: the names of the documents the builder makes beside the texts (EPUB files, ids the HTML links to)
RESERVED = {"cover", "halftitle", "titlepage", "colophon", "contents", "nav", "notes", "book-notes", "index"}
#: the smallest and largest page a book is laid out on, in millimetres
SMALLEST_PAGE, LARGEST_PAGE = 50.0, 1000.0
#: the narrowest text column a margin may leave, in millimetres
NARROWEST_COLUMN = 20.0


def _check_geometry(manifest: Manifest, checker: ManifestChecker, places: dict) -> None:
    """A page a book can be laid out on: a trim of sensible size, margins that leave room for the text."""
    width, height = manifest.trim
    where = manifest.where(places.get("trim"))
    if not (SMALLEST_PAGE <= width <= LARGEST_PAGE and SMALLEST_PAGE <= height <= LARGEST_PAGE):
        checker.problems.append(message("m-009", **where, key="trim", problem=f"{width:g} × {height:g} mm; a page "
                                        f"is {SMALLEST_PAGE:g} to {LARGEST_PAGE:g} mm on each side"))
        return
    margins = page_margins(manifest.trim, manifest.printing.get("margins") or {})
    across, down = margins["inside"] + margins["outside"], margins["top"] + margins["bottom"]
    if width - across < NARROWEST_COLUMN or height - down < NARROWEST_COLUMN:
        checker.problems.append(message(
            "m-009", **manifest.where(places.get("margins")), key="margins",
            problem=f"they leave {width - across:g} × {height - down:g} mm of a {width:g} × {height:g} mm page "
                    f"for the text; leave at least {NARROWEST_COLUMN:g} mm each way"))


def _check_cover(manifest: Manifest, checker: ManifestChecker) -> None:
    """A cover image is a PNG or a JPEG, by what its first bytes say, whatever its name."""
    cover = manifest.edition.get("cover")
    if not cover:
        return
    try:
        with open(cover, "rb") as image:
            start = image.read(8)
    except OSError:
        return                                   # m-004 says so
    if not (start.startswith(b"\x89PNG\r\n\x1a\n") or start.startswith(b"\xff\xd8\xff")):
        checker.problems.append(message("m-009", **manifest.where(manifest.places.get("cover")), key="cover",
                                        problem=f"{Path(cover).name} is neither a PNG nor a JPEG image"))


def _check_duplicates(manifest: Manifest, checker: ManifestChecker) -> None:
    """The same text (file and range) or the same id may appear only once."""
    seen: dict[tuple, Place] = {}
    for spec in manifest.texts:
        name = text_id(spec)
        if name in RESERVED or re.fullmatch(r"part-\d+", name):
            checker.problems.append(message(
                "m-009", spec.file or manifest.path, spec.place.line, spec.place.column, key="id",
                problem=f"{name!r} names a document the builder makes ({', '.join(sorted(RESERVED))}, part-N); "
                        "give the text another id"))
        for key in (("range", spec["file"], spec["start"], spec["end"]), ("id", text_id(spec))):
            if key in seen:
                what = text_id(spec) if key[0] == "id" else f"{spec.values.get('title')}"
                first = seen[key]
                checker.problems.append(message("m-006", manifest.path, spec.place.line, spec.place.column,
                                                what=what, first=first.line))
                break
            seen[key] = spec.place


def text_id(spec: TextSpec) -> str:
    """The text's id: given in the manifest, or made from its title."""
    if spec["id"]:
        return spec["id"]
    return slug(spec["title"] or "text")


def slug(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower().replace("'", "").replace("’", ""))
    return "-".join(words[:8]) or "text"
