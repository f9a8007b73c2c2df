"""From marks to the printed index: locators, ranges, sorting and letter groups.

Given the page each mark fell on (after the PDF's layout), an entry's
locators are its pages in order, with no page twice: consecutive pages make
a range, abbreviated the Chicago way (45–47, 101–8, 321–28, 1496–1504); a
page where the entry is named only in a note reads "45n".  Without pages (an
EPUB built alone) a locator is the text's number and the paragraph's
("3.12"), or the note's ("3n4").  Headings sort word by word, ignoring case,
accents and a leading article, up to the first comma; subentries ignore a
leading "and", "of", "on"….  The result is a list of letter groups for the
index template.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from edition.index.marks import Marked, Occurrence
from edition.index.terms import Entry, heading_parts
from edition.messages import Message, message

#: an entry with more page numbers than this and no subentries is flagged in the report
MANY_LOCATORS = 7
ARTICLES = {"a", "an", "the"}
MINOR_WORDS = ARTICLES | {"and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "to", "with", "against",
                          "under", "over", "after", "before", "during", "between", "about", "among", "versus", "vs"}


@dataclass(frozen=True)
class Page:
    """Where a mark fell in the PDF: the page's position (from 0) and its folio as printed."""

    position: int
    folio: str


@dataclass
class Locator:
    first: str                 # "45", "45n", "3.12"
    first_mark: str            # the mark it links to
    last: str = ""             # the end of a range, abbreviated: "47", "8"
    last_mark: str = ""

    @property
    def text(self) -> str:
        return f"{self.first}–{self.last}" if self.last else self.first


@dataclass
class Ref:
    heading: str
    id: str
    styled: str = ""           # with *italic* titles

    @property
    def parts(self) -> list[tuple[str, bool]]:
        """The heading as printed: (text, italic) runs."""
        return heading_parts(self.styled or self.heading)


@dataclass
class EntryView:
    heading: str
    id: str
    key: str
    locators: list[Locator] = field(default_factory=list)
    see: list[Ref] = field(default_factory=list)
    see_also: list[Ref] = field(default_factory=list)
    subentries: list["EntryView"] = field(default_factory=list)
    styled: str = ""           # with *italic* titles

    @property
    def parts(self) -> list[tuple[str, bool]]:
        """The heading as printed: (text, italic) runs."""
        return heading_parts(self.styled or self.heading)


@dataclass
class Group:
    letter: str                # "A", or "#" for numerals and symbols
    id: str
    entries: list[EntryView]

    @property
    def title(self) -> str:
        return "Numerals and symbols" if self.letter == "#" else self.letter


def abbreviate(first: int, last: int) -> str:
    """The second number of a range, the Chicago way (CMOS 9.64)."""
    if first < 100 or first % 100 == 0 or last // 100 != first // 100 and len(str(last)) != len(str(first)):
        return str(last)
    a, b = str(first), str(last)
    if len(a) != len(b):
        return b
    if first % 100 < 10:                      # 101–8, 1103–4
        return str(last % 100) if last // 100 == first // 100 else b
    changed = next(i for i, (x, y) in enumerate(zip(a, b)) if x != y) if a != b else len(b) - 1
    if len(b) == 4 and changed <= 1:          # three digits change in a four-digit number: 1496–1504
        return b
    return b[min(changed, len(b) - 2):]       # 321–28, 498–532, 1087–89, 11564–615


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("*", ""))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def sort_key(heading: str, sub: bool = False) -> tuple:
    """Word by word up to the first comma; a leading article (or, in a subentry, a minor word) is ignored."""
    head, _, rest = _fold(heading).partition(",")
    words = re.findall(r"\w+", head)
    skip = MINOR_WORDS if sub else ARTICLES
    while len(words) > 1 and words[0] in skip:
        words = words[1:]
    return (tuple(words), tuple(re.findall(r"\w+", rest)), heading)


def anchor(heading: str, taken: set) -> str:
    base = "ix-" + ("-".join(re.findall(r"[a-z0-9]+", _fold(heading))) or "entry")
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    taken.add(name)
    return name


def _page_locators(occurrences: list[Occurrence], pages: dict[str, Page]) -> list[Locator]:
    body: dict[int, str] = {}       # position → first mark there
    notes: dict[int, str] = {}
    folios: dict[int, str] = {}
    for o in occurrences:
        page = pages.get(o.mark)
        if page is None:
            continue
        folios[page.position] = page.folio
        (notes if o.note else body).setdefault(page.position, o.mark)
    locators: list[Locator] = []
    run: list[int] = []

    def close():
        if not run:
            return
        first, last = run[0], run[-1]
        locator = Locator(folios[first], body[first])
        if last != first:
            if folios[first].isdigit() and folios[last].isdigit():
                locator.last = abbreviate(int(folios[first]), int(folios[last]))
            else:
                locator.last = folios[last]
            locator.last_mark = body[last]
        locators.append(locator)
        run.clear()

    for position in sorted(set(body) | set(notes)):
        if position in body:
            if run and (position != run[-1] + 1 or folios[position].isdigit() != folios[run[-1]].isdigit()):
                close()
            run.append(position)
        else:
            close()
            locators.append(Locator(folios[position] + "n", notes[position]))
    close()
    return locators


def _paragraph_locators(occurrences: list[Occurrence], numbers: dict[str, int],
                        labels: dict[str, str]) -> list[Locator]:
    seen: dict[tuple, str] = {}
    for o in occurrences:
        if o.note:
            seen.setdefault((numbers[o.text], 1, labels.get(o.note, "")), o.mark)
        else:
            seen.setdefault((numbers[o.text], 0, o.paragraph), o.mark)
    locators: list[Locator] = []
    previous = None
    for (text, in_note, where), mark in sorted(seen.items(), key=lambda item: (item[0][0], item[0][1],
                                                                               str(item[0][2]).zfill(6))):
        if in_note:
            locators.append(Locator(f"{text}n{where}", mark))
            previous = None
        elif previous and previous[0] == text and previous[1] == where - 1:
            locators[-1].last, locators[-1].last_mark = str(where), mark
            previous = (text, where)
        else:
            locators.append(Locator(f"{text}.{where}", mark))
            previous = (text, where)
    return locators


def groups(marked: Marked, pages: dict[str, Page] | None, numbers: dict[str, int],
           labels: dict[str, str]) -> tuple[list[Group], list[Message]]:
    """The index as the templates show it, and the i-007 flags for the report.

    ``pages``: mark id → Page, from the PDF's layout (None without one); ``numbers``: text id → its number
    in reading order; ``labels``: note id → the note's label.
    """
    by_entry: dict[str, list[Occurrence]] = {}
    for o in marked.occurrences:
        by_entry.setdefault(o.entry, []).append(o)
    taken: set = set()
    ids = {entry.heading: anchor(entry.heading, taken) for entry in marked.file.entries}
    styles = {entry.heading: entry.styled for entry in marked.file.entries}
    flags: list[Message] = []

    def locators(entry: Entry) -> list[Locator]:
        found = by_entry.get(entry.key, [])
        if pages is not None:
            return _page_locators(found, pages)
        return _paragraph_locators(found, numbers, labels)

    def refs(headings: list[str]) -> list[Ref]:
        return [Ref(h, ids[h], styles[h]) for h in sorted(headings, key=sort_key) if h in ids]

    views = []
    for entry in marked.file.entries:
        view = EntryView(entry.heading, ids[entry.heading], entry.key, see=refs([entry.see] if entry.see else []),
                         see_also=refs(entry.see_also), styled=entry.styled)
        if not entry.see:
            view.locators = locators(entry)
            shown = [(view, entry)]
            for sub in sorted(entry.subentries, key=lambda s: sort_key(s.sort or s.heading, sub=True)):
                sub_view = EntryView(sub.heading, anchor(entry.heading + " " + sub.heading, taken), sub.key,
                                     locators=locators(sub), see_also=refs(sub.see_also), styled=sub.styled)
                if sub_view.locators or sub_view.see_also:
                    view.subentries.append(sub_view)
                    shown.append((sub_view, sub))
            for item, source in shown:
                if pages is not None and len(item.locators) > MANY_LOCATORS:
                    flags.append(message("i-007", marked.file.path, source.line, source.column, entry=item.key,
                                         count=len(item.locators)))
        views.append((sort_key(entry.sort or entry.heading), view))
    # an entry that matched nothing is left out, and so are the references to it
    # an entry with no page of its own here (a shared index, a text left out) is left out, with the references
    # to it; a subentry likewise, and a "see also" alone is no entry
    for _, view in views:
        view.subentries = [sub for sub in view.subentries if sub.locators]
    shown = {view.id for _, view in views if view.locators or view.subentries}
    for _, view in views:
        for item in [view] + view.subentries:
            item.see = [ref for ref in item.see if ref.id in shown]
            item.see_also = [ref for ref in item.see_also if ref.id in shown]
    views = [(key, view) for key, view in views if view.id in shown or view.see]
    views.sort(key=lambda item: item[0])

    out: list[Group] = []
    for key, view in views:
        first = (key[0] or ("",))[0][:1].upper()
        letter = first if first.isalpha() and first.isascii() else "#"
        if not out or out[-1].letter != letter:
            out.append(Group(letter, f"ix-group-{letter.lower() if letter != '#' else 'symbols'}", []))
        out[-1].entries.append(view)
    return out, flags
