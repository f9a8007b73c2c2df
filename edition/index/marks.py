"""Find the index entries' occurrences in the cleaned texts and mark them in the model.

Each occurrence becomes an ``IndexMark`` inline wrapping the words that name
the entry, with an id the index links to; the page each mark falls on (PDF)
or the element it is (EPUB) gives the locators.  Running text, list items,
block quotations, sidebars and notes are searched; titles, bylines and source
notes are not.

Matching works on words: a form matches a run of whole words (so "Trotsky"
matches "Trotsky’s" but not "Trotskyism"), the longest form wins where forms
overlap, a form with a capital matches exactly, and a lower-case form also
matches capitalised at the start of a sentence.  A subentry's forms count
only in a paragraph that also names its entry; such a paragraph's
occurrences go to the subentry, not to the entry itself.

A work whose heading sets its title in italic (``*Red Flag, The*``) has its
title set in italic where a note names it, as the editor's notes do
("See *The Red Flag*, January, 1937"): the authors' notes lost their
italics in extraction.  Only the title's own words are set so ("The Red
Flag", "Red Flag"; not another form of the entry), and not where they are
italic already.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from edition.index.terms import Entry, IndexFile
from edition.messages import Message, message
from edition.model.nodes import Edition, Emph, IndexMark, Paragraph, Str, Text
from edition.model.walk import all_blocks, plain, splice, strs, walk

WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    """Spaces, apostrophes and hyphens made uniform, so a form matches however the text sets them."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    text = re.sub(r"\s+", " ", text)
    return text.replace("'", "’").replace("\u2010", "-").replace("\u2011", "-")


@dataclass
class Form:
    text: str
    entry: str        # the key of the entry its occurrences go to
    exact: bool       # match in this case only
    wildcard: bool    # "Thermidor*": the last word may go on


class Matcher:
    """Finds forms in a string: leftmost, longest, whole words.

    Forms are kept by their first word, so most words of a text are passed over with one lookup.
    """

    def __init__(self, forms: list[Form]):
        self.exact: dict[str, str] = {}
        self.folded: dict[str, str] = {}       # lower-case forms that may also start with a capital
        self.prefixes: dict[str, list[tuple[str, str]]] = {}   # first word's first letters → (prefix, entry)
        self.first_words: dict[str, int] = {}  # a form's first word → the most words a form starting so has
        for form in forms:
            text = normalise(form.text.rstrip("*"))
            words = WORD.findall(text) or [text]
            variants = [text]
            if not form.exact and text[:1].islower():
                variants.append(text[:1].upper() + text[1:])
            for variant in variants:
                if form.wildcard:
                    self.prefixes.setdefault(variant[:3], []).append((variant, form.entry))
                else:
                    (self.exact if variant == text else self.folded).setdefault(variant, form.entry)
                first = WORD.findall(variant)[0] if WORD.findall(variant) else variant
                key = first if not (form.wildcard and len(words) == 1) else "*" + first[:3]
                self.first_words[key] = max(self.first_words.get(key, 0), len(words))

    def _lookup(self, span: str) -> str | None:
        if span in self.exact:
            return self.exact[span]
        if span in self.folded:
            return self.folded[span]
        for prefix, entry in self.prefixes.get(span[:3], ()):
            rest = span[len(prefix):]
            if span.startswith(prefix) and (not rest or rest.isalnum()):
                return entry
        return None

    def find(self, text: str) -> list[tuple[int, int, str]]:
        spans = [(m.start(), m.end()) for m in WORD.finditer(text)]

        def word(n: int) -> str:
            return unicodedata.normalize("NFC", text[spans[n][0]:spans[n][1]])

        def gap(n: int) -> str:            # between word n and the next
            between = text[spans[n][1]:spans[n + 1][0]]
            return between if between == " " else normalise(between)

        found, i = [], 0
        while i < len(spans):
            first = word(i)
            longest = max(self.first_words.get(first, 0), 1 if "*" + first[:3] in self.first_words else 0)
            if not longest:
                i += 1
                continue
            keys, key = [], first
            for n in range(1, min(longest, len(spans) - i) + 1):
                if n > 1:
                    key += gap(i + n - 2) + word(i + n - 1)
                keys.append(key)
            for n in range(len(keys), 0, -1):
                entry = self._lookup(keys[n - 1])
                if entry is not None:
                    found.append((spans[i][0], spans[i + n - 1][1], entry))
                    i += n
                    break
            else:
                i += 1
        return found


@dataclass
class Occurrence:
    mark: str          # the IndexMark's id
    entry: str         # the entry's key
    text: str          # the text's id
    note: str          # the note's id, or "" in the running text
    paragraph: int     # the paragraph's number in its text, from 1 (for locators without pages)
    element: str = ""  # the id of the element holding it: its paragraph, list item or note
    words: tuple = ()  # the words marked
    nth: int = 0       # how many times these words stand in the element before it (to find it after layout)


@dataclass
class Marked:
    """The index file, and where its entries occur in the edition."""

    file: IndexFile
    occurrences: list[Occurrence] = field(default_factory=list)
    problems: list[Message] = field(default_factory=list)


@dataclass
class _Unit:
    """One list of inlines searched as a whole: a paragraph, a list item, a note's paragraph."""

    inlines: list
    text: Text
    note: str
    paragraph: int
    block: object = None       # the Paragraph or BulletList holding it
    item: int = -1             # the item, in a list
    element: str = ""          # the id of the element it is rendered in (a note's paragraphs: the note's)


def units(text: Text) -> list[_Unit]:
    units, count = [], 0
    for blocks, note in [(text.blocks, "")] + [(note.blocks, note.id) for note in text.notes]:
        for block in all_blocks(blocks):
            if block.kind == "heading" or (isinstance(block, Paragraph) and block.role):
                continue
            if block.kind == "paragraph":
                count += 1
                units.append(_Unit(block.inlines, text, note, count, block, -1, note or f"{text.id}-p{count}"))
            elif block.kind == "bullet_list":
                for number, item in enumerate(block.items):
                    count += 1
                    units.append(_Unit(item, text, note, count, block, number, note or f"{text.id}-p{count}"))
    return units


def _forms(entries: list[Entry], headings: dict[str, Entry]) -> list[Form]:
    """Each entry's forms; a 'see' entry's forms count for the heading it points to."""
    forms = []
    for entry in entries:
        target = headings.get(entry.see, entry) if entry.see else entry
        for form in entry.forms:
            forms.append(Form(form, target.key, entry.exact_case or form != form.lower(), form.endswith("*")))
    forms.sort(key=lambda f: -len(f.text))
    return forms


def duplicate_forms(index: IndexFile) -> list[Message]:
    """The same form given for two entries (i-002): only the first can get its occurrences."""
    problems, seen = [], {}
    for group in [index.entries] + [e.subentries for e in index.entries]:
        for entry in group:
            for form in entry.forms:
                key = (entry.parent.heading if entry.parent else "", normalise(form) if form != form.lower()
                       else normalise(form).lower())
                if key in seen and seen[key].key != entry.key:
                    first = seen[key]
                    problems.append(message("i-002", index.path, entry.line, entry.column, form=form,
                                            entry=first.key, other=entry.key, other_line=entry.line))
                seen.setdefault(key, entry)
    return problems


class Marker:
    """The index file's forms, ready to mark one text at a time (``text``): the texts are marked alone, so a
    build marks only the texts it cleaned again, and on every core."""

    def __init__(self, index: IndexFile):
        self.index = index
        headings = {entry.heading: entry for entry in index.entries}
        self.entries = index.by_key()
        self.main = Matcher(_forms(index.entries, headings))
        self.subs = {entry.key: Matcher(_forms(entry.subentries, {})) for entry in index.entries if entry.subentries}
        self.titles = {entry.key: {tuple(WORD.findall(normalise(t))) for t in entry.title_words}
                       for entry in index.all_entries() if entry.title_words}

    def text(self, text: Text) -> tuple[list[Occurrence], list[Message]]:
        """Wrap the text's occurrences in IndexMarks, numbered within the text (another text's erratum
        leaves them be); its occurrences, and the problems of its manual marks."""
        entries, subs, problems, occurrences = self.entries, self.subs, [], []
        manual = _manual_marks(text, [m for m in self.index.marks if m.text == text.id], self.index, problems)
        counter = [0]
        text_units = units(text)
        for unit in text_units:
            spans: dict[int, list] = {}          # id(Str) → [start, end, [keys]]
            unit_strs = strs(unit.inlines)
            for node in unit_strs:
                for start, end, key in self.main.find(node.text):
                    entry = entries[key]
                    if not entry.texts or text.id in entry.texts:
                        spans.setdefault(id(node), []).append([start, end, [key]])
            for node, start, end, key in manual.get(id(unit.inlines), []):
                _add(spans.setdefault(id(node), []), start, end, key)
            here = {key for found in spans.values() for _, _, keys in found for key in keys}
            for parent_key in sorted(here & set(subs)):
                claimed = False
                for sub in entries[parent_key].subentries:
                    if sub.texts and text.id not in sub.texts:
                        continue
                    if not sub.forms:            # every occurrence of the parent in these texts
                        for found in spans.values():
                            for span in found:
                                if parent_key in span[2]:
                                    span[2].append(sub.key)
                        claimed = True
                for node in unit_strs:
                    for start, end, key in subs[parent_key].find(node.text):
                        if not entries[key].texts or text.id in entries[key].texts:
                            _add(spans.setdefault(id(node), []), start, end, key)
                            claimed = True
                if claimed:
                    for found in spans.values():
                        for span in found:
                            if parent_key in span[2]:
                                span[2].remove(parent_key)
            if spans:
                _wrap(unit.inlines, spans, unit, counter, occurrences, self.titles if unit.note else {})
        _name_elements(text_units, occurrences)
        return occurrences, problems


def mark(edition: Edition, index: IndexFile, shared: bool = False,
         done: dict[str, tuple[list, list]] | None = None) -> Marked:
    """Find every entry's occurrences and wrap them in IndexMarks (changes the edition's inlines).

    ``shared``: the index file serves a larger edition (a pamphlet of one text uses the reader's), so its
    entries that match nothing here, and what it says of texts not here, pass without a word.
    ``done``: the texts already marked (``Marker.text``), by id: their occurrences and problems.
    """
    marked = Marked(index, problems=[] if shared else duplicate_forms(index))
    text_ids = {text.id for text in edition.texts}
    for entry in index.all_entries():
        for text_id in entry.texts:
            if text_id not in text_ids and not shared:
                marked.problems.append(_unknown_text(index, entry.line, entry.column, text_id, text_ids))
    for manual in index.marks:
        if manual.text not in text_ids:
            problems = [] if shared else marked.problems
            problems.append(_unknown_text(index, manual.line, manual.column, manual.text, text_ids))
    done = done or {}
    marker = None
    for text in edition.texts:
        if text.id not in done:
            marker = marker or Marker(index)
        occurrences, problems = done[text.id] if text.id in done else marker.text(text)
        marked.occurrences += occurrences
        if not shared:
            marked.problems += problems

    matched = {o.entry for o in marked.occurrences}
    for entry in [] if shared else index.all_entries():
        if entry.see or entry.key in matched:
            continue
        if entry.subentries and any(sub.key in matched for sub in entry.subentries):
            continue
        marked.problems.append(message("i-001", index.path, entry.line, entry.column, entry=entry.key))
    return marked


def _name_elements(units: list[_Unit], occurrences: list[Occurrence]) -> None:
    """Note where in its element (paragraph, list item or note) each mark stands: which of the matches of
    its words it is. The PDF finds it so after layout, in the element that pages.name_units gave its id."""
    elements: dict[str, list[_Unit]] = {}
    for unit in units:
        elements.setdefault(unit.element, []).append(unit)
    where: dict[str, tuple] = {}
    for element, members in elements.items():
        text, found = "", []
        for unit in members:
            for node in walk(unit.inlines):
                if node.kind == "str":
                    text += node.text
                elif node.kind == "index_mark":
                    found.append((node.id, len(text), tuple(WORD.findall(plain(node.children)))))
            text += " "
        for mark_id, offset, words in found:
            where[mark_id] = (element, words, len(words_pattern(words).findall(text[:offset])))
    for o in occurrences:
        if o.mark in where:
            o.element, o.words, o.nth = where[o.mark]


def words_pattern(words: tuple) -> re.Pattern:
    """The marked words as a pattern that allows any spaces or punctuation between them."""
    return re.compile(r"(?<!\w)" + r"\W+".join(re.escape(w) for w in words) + r"(?!\w)")


def _add(found: list, start: int, end: int, key: str) -> None:
    """A subentry's (or a manual) span: joins the span it overlaps, if any."""
    for span in found:
        if start < span[1] and span[0] < end:
            if key not in span[2]:
                span[2].append(key)
            return
    found.append([start, end, [key]])


def _wrap(inlines: list, spans: dict, unit: _Unit, counter: list, occurrences: list,
          titles: dict[str, set[tuple]] | None = None) -> None:
    """Replace each Str holding spans by Str, IndexMark, Str…, in place; a mark whose words are the title of
    a work (``titles``: entry key → its title's words) is set in italic, unless it is italic already."""
    italic = {id(node) for emph in walk(inlines) if emph.kind == "emph" for node in walk(emph.children)}

    def replace(node: Str) -> list | None:
        if id(node) not in spans:
            return None
        out, at = [], 0
        for start, end, keys in sorted(spans[id(node)]):
            if not keys or start < at:
                continue
            counter[0] += 1
            mark_id = f"{unit.text.id}-ix{counter[0]}"
            if start > at:
                out.append(Str(node.text[at:start]))
            words = Str(node.text[start:end])
            said = tuple(WORD.findall(normalise(words.text)))
            if titles and id(node) not in italic and any(said in titles.get(key, ()) for key in keys):
                words = Emph([words])
            out.append(IndexMark([words], mark_id, list(keys)))
            for key in keys:
                occurrences.append(Occurrence(mark_id, key, unit.text.id, unit.note, unit.paragraph))
            at = end
        if at < len(node.text):
            out.append(Str(node.text[at:]))
        return out

    splice(inlines, replace, into=lambda node: node.kind != "index_mark")


def _manual_marks(text: Text, manuals: list, index: IndexFile, problems: list) -> dict:
    """A text's manual marks, found: id(inline list) → [(Str, start, end, entry key)]."""
    found: dict[int, list] = {}
    for manual in manuals:
        hits = []
        for unit in units(text):
            for node in strs(unit.inlines):
                hits += [(unit, node, m.start(), m.end()) for m in re.finditer(re.escape(manual.at), node.text)]
        if len(hits) != 1:
            problems.append(message("i-003", index.path, manual.line, manual.column, phrase=manual.at,
                                    found=len(hits), text=text.id))
            continue
        unit, node, start, end = hits[0]
        found.setdefault(id(unit.inlines), []).append((node, start, end, manual.entry))
    return found


def _unknown_text(index, line, column, text_id, text_ids) -> Message:
    import difflib

    close = difflib.get_close_matches(text_id, sorted(text_ids), n=1)
    hint = f" — did you mean {close[0]!r}?" if close else f"; the texts are {', '.join(sorted(text_ids))}"
    return message("i-006", index.path, line, column, text=text_id, hint=hint)

