"""split_chapters: a whole book in one file, cut after its clean-up into one text per chapter.

A text whose manifest entry says ``split: chapters`` is cleaned whole (so
that its notes, headings and lexicon are found as in any text), then cut at
its chapter headings.  Each chapter becomes a text of its own, in the
text's place: its own opening on a right-hand page, its own EPUB document,
its own entry in the contents::

    THREE ESSAYS / by / … / PREFACE / …   →  Text "Three Essays" (the manifest's id and title)
    CHAPTER I. / THE SPIRIT OF REVOLT / … →  Text "Chapter I: The Spirit of Revolt" (id three-essays-ch1)
    CHAPTER II. / THE WAGE SYSTEM / …     →  Text "Chapter II: The Wage System" (id three-essays-ch2)

The chapter headings are the headings of the highest rank the text has
below its books and parts: "Chapter …" headings, else numbered ones ("IV",
"1. Bonapartism"), else every heading (those the manifest names with
``headings:`` too); a "Book …", "Part …" or "Volume …" heading opens a text
of its own as well.  Headings of a lower rank stay inside their chapter.
The title is the heading's, with the chapter's name when it stands on the
line after a bare number ("CHAPTER I." / "THE SPIRIT OF REVOLT"), capitals
set in title case; the name alone is the running head.  The matter before
the first chapter (title page, preface) stays one text under the
manifest's title, less the book's own contents list (the edition makes
its own), a line in capitals before prose there ("PREFACE") made a heading.  Each chapter takes the notes it calls, numbered anew from
1, and the change records of its lines.  Linear in the text.
"""

from __future__ import annotations

import bisect
import re

from edition.messages import message
from edition.model.changes import Change
from edition.model.nodes import Heading, NoteRef, Paragraph, Str, Text
from edition.model.walk import all_blocks, inline_lists, plain, query
from edition.clean.passes.lead_in import mark_lead_in
from edition.clean.passes.notes import renumber

NUMBER = r"(?:[IVXLC]{1,7}|\d{1,3})"
NUMBER_WORD = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|first|second|third|fourth|"
               r"fifth|sixth|seventh|eighth|ninth|tenth|last)")
BOOK = re.compile(r"^(?:Book|Part|Volume)\b", re.I)
CHAPTER = re.compile(r"^Chapter\b", re.I)
NUMBERED = re.compile(rf"^{NUMBER}(?:[.:)]|\s*$)")
#: a heading that is a number and nothing else: the chapter's name may follow on a line of its own
BARE = re.compile(rf"^(?:(?:Chapter|Book|Part|Volume|Section)\s+)?(?:{NUMBER}|(?:the\s+)?{NUMBER_WORD})\s*[.:]?$",
                  re.I)
SMALL_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on", "or",
               "the", "to", "with"}
KEY = re.compile(rf"^(?:(?:chapter|book|part|volume|section)\s+)?(?:[ivxlc]{{1,7}}|\d{{1,3}}|(?:the\s+)?{NUMBER_WORD})"
                 r"(?=[\s.:)]|$)")
#: a heading that numbers its chapter and names it: 'Chapter I: Our Riches', 'IV. The Dream'
NAMED = re.compile(rf"^(?:(?:Chapter|Book|Part|Volume|Section)\s+)?(?:{NUMBER}|(?:the\s+)?{NUMBER_WORD})\s*"
                   r"[.:—–-]\s*(\S.*)$", re.I)
CONTENTS = re.compile(r"^(?:table of )?contents\.?:?$", re.I)
#: a section's title before the first chapter: at most this many words in capitals, before a paragraph of prose
#: of at least PROSE_WORDS words ending a sentence
SECTION_WORDS, PROSE_WORDS = 5, 10
ENDS = re.compile(r"[.!?…][”’\"')\]]*$")
#: the most words a chapter's name on the line after its number has
NAME_WORDS = 12


def rank(words: str) -> int:
    """1 a book, part or volume; 2 a chapter; 3 a numbered heading; 4 any other heading."""
    if BOOK.match(words):
        return 1
    if CHAPTER.match(words):
        return 2
    return 3 if NUMBERED.match(words) else 4


def cut_points(blocks: list) -> list[int]:
    """The indexes of the headings a text is cut at (see the module's docstring)."""
    ranks = {index: rank(plain(block.inlines).strip()) for index, block in enumerate(blocks)
             if isinstance(block, Heading)}
    present = set(ranks.values())
    level = 2 if 2 in present else 3 if 3 in present else 1 if 1 in present else 4
    return [index for index, found in ranks.items() if found <= level]


def title_case(words: str) -> str:
    """'THE SPIRIT OF REVOLT' → 'The Spirit of Revolt', 'CHAPTER IV' → 'Chapter IV'; mixed case is kept."""
    if words != words.upper():
        return words
    out = []
    for position, word in enumerate(words.split()):
        core = word.strip(".,:;!?()“”\"'‘’")
        if re.fullmatch(NUMBER, core) and (position == 0 or out and rank(out[-1]) < 3):
            out.append(word)                                    # a chapter's number: 'IV'
        elif position and core.lower() in SMALL_WORDS and not out[-1].endswith((".", ":")):
            out.append(word.lower())
        else:
            out.append("-".join(part[:1] + part[1:].lower() for part in word.split("-")))
    return " ".join(out)


def _name_after(blocks: list, index: int) -> str | None:
    """The chapter's name standing as a paragraph after a bare number heading ('CHAPTER I.' / 'THE SPIRIT OF
    REVOLT'), or None: a few words without a note call, in capitals or ending without a sentence's stop."""
    if index + 1 >= len(blocks) or not BARE.match(plain(blocks[index].inlines).strip()):
        return None
    block = blocks[index + 1]
    if not isinstance(block, Paragraph) or block.role is not None or query(block.inlines, NoteRef):
        return None
    words = " ".join(plain(block.inlines).split())
    if not words or len(words.split()) > NAME_WORDS or not re.search(r"[A-Za-z]", words) \
            or words.endswith((",", ";", ":")):
        return None
    return words if words.isupper() or not words.endswith((".", "!", "?")) else None


def split_chapters(text: Text, changes: list[Change]) -> list[tuple[Text, list[Change]]]:
    """The text cut into its chapters, each with the change records of its lines (the text whole, with a
    problem, when it has no heading to cut at)."""
    blocks = text.blocks
    cuts = cut_points(blocks)
    if not cuts:
        text.problems.append(message("c-002", *(text.settings.split_at or (text.source,)), text=text.source))
        return [(text, changes)]
    pieces, records = [], []
    opening = _without_contents(blocks[:cuts[0]], {_key(plain(blocks[i].inlines)) for i in cuts}, records)
    _section_titles(opening, records)
    if opening:
        pieces.append(_piece(text, text.id, text.title, text.short_title, opening, text.first_line))
        pieces[0].subtitle = text.subtitle
        records.append(Change("split_chapters", text.source, text.first_line, "", text.title,
                              "matter before the first chapter"))
    for number, (start, end) in enumerate(zip(cuts, cuts[1:] + [len(blocks)]), start=1):
        heading = blocks[start]
        label = title_case(" ".join(plain(heading.inlines).split()))
        name = _name_after(blocks, start)
        called = bool(query(heading.inlines, NoteRef))     # a heading calling a note stays, with its call
        body = blocks[start + (0 if called else 2 if name else 1):end]
        name = title_case(name.rstrip(".")) if name else ""
        title = f"{label.rstrip('.:')}: {name}" if name else label.rstrip(".")
        named = NAMED.match(title)                      # 'Chapter I: Our Riches': its name is 'Our Riches'
        name = named[1] if named else name
        pieces.append(_piece(text, f"{text.id}-ch{number}", title, name, body, heading.line))
        records.append(Change("split_chapters", heading.source, heading.line, plain(heading.inlines), title,
                              "chapter cut"))
    _share_out(text, pieces)
    lines = [piece.first_line for piece in pieces]
    out = [(piece, []) for piece in pieces]
    for change in changes + records:                  # each record to the text holding its line
        out[max(0, bisect.bisect_right(lines, change.line) - 1)][1].append(change)
    for piece, piece_changes in out:
        piece_changes += mark_lead_in(piece, None)    # every chapter opens with its lead-in
    return out


def _key(words: str) -> str:
    """What a chapter's heading and its entry in the book's own contents share: 'chapter i' of 'CHAPTER I.' and
    of 'CHAPTER I.  THE SPIRIT OF REVOLT', 'iv' of 'IV. The Dream', or the whole line."""
    words = " ".join(words.split()).lower()
    number = KEY.match(words)
    return number[0] if number else words.rstrip(".")


def _without_contents(blocks: list, keys: set[str], records: list[Change]) -> list:
    """The opening's blocks without the book's own contents list (the edition makes its own): a run of two or
    more lines naming the chapters cut, one to a paragraph, with the 'Contents' line before it and up to
    three short lines between (a 'Preface' entry)."""
    entries = [isinstance(b, Paragraph) and b.role is None and len(plain(b.inlines).split()) <= NAME_WORDS + 4
               and _key(plain(b.inlines)) in keys for b in blocks]
    start = 0
    while start < len(blocks):
        if not entries[start]:
            start += 1
            continue
        end = start
        while end < len(blocks) and entries[end]:
            end += 1
        if end - start >= 2:
            first = start
            for back in range(start - 1, max(-1, start - 5), -1):
                words = plain(getattr(blocks[back], "inlines", [])).strip()
                if isinstance(blocks[back], Paragraph) and CONTENTS.match(words):
                    first = back
                    break
                if not isinstance(blocks[back], Paragraph) or len(words.split()) > 8 or words.endswith("."):
                    break
            gone = blocks[first:end]
            records.append(Change("split_chapters", gone[0].source, gone[0].line,
                                  "\n".join(plain(b.inlines) for b in gone), "",
                                  "the book's own contents list: the edition makes its own"))
            return blocks[:first] + blocks[end:]
        start = end
    return blocks


def _section_titles(blocks: list, records: list[Change]) -> None:
    """In the matter before the first chapter, a line of a few words in capitals standing before a paragraph of
    prose is a section's title ('PREFACE', 'INTRODUCTION'): made a heading, in title case."""
    for index, (block, after) in enumerate(zip(blocks, blocks[1:])):
        words = " ".join(plain(getattr(block, "inlines", [])).split())
        prose = plain(after.inlines).strip() if isinstance(after, Paragraph) and after.role is None else ""
        if isinstance(block, Paragraph) and block.role is None and 0 < len(words.split()) <= SECTION_WORDS \
                and words.isupper() and not words.endswith((",", ";", ":", "!", "?")) \
                and not query(block.inlines, NoteRef) \
                and len(prose.split()) >= PROSE_WORDS and ENDS.search(prose):
            title = title_case(words.rstrip("."))
            blocks[index] = Heading([Str(title)], 2, block.source, block.line)
            records.append(Change("split_chapters", block.source, block.line, words, title,
                                  "a section's title before the first chapter"))


def _piece(text: Text, id: str, title: str, short_title: str, blocks: list, first_line: int) -> Text:
    return Text(id=id, title=title, short_title=short_title, source=text.source, first_line=first_line,
                last_line=text.last_line, authors=text.authors, translators=text.translators,
                published=text.published, date=text.date, blocks=blocks, settings=text.settings,
                gutenberg=text.gutenberg, matter=text.matter, whole=text.title)


def _share_out(text: Text, pieces: list[Text]) -> None:
    """Each piece's lines, notes (those it calls, numbered anew), heading ids; the text's problems and
    source note to the first piece."""
    for number, (piece, after) in enumerate(zip(pieces, pieces[1:] + [None]), start=1):
        piece.cut = number
        if after is not None:
            piece.last_line = after.first_line - 1
    starts = [piece.first_line for piece in pieces]
    for line in text.lines:
        pieces[max(0, bisect.bisect_right(starts, line[0]) - 1)].lines.append(line)
    for end in text.source_page_ends:
        pieces[max(0, bisect.bisect_right(starts, end) - 1)].source_page_ends.add(end)
    owner = {}
    for piece in pieces:
        for block in piece.blocks:
            for inlines in inline_lists(block):
                for ref in query(inlines, NoteRef):
                    owner.setdefault(ref.note_id, piece)
    first = pieces[0]
    first.problems, first.source_note = text.problems, text.source_note
    for note in text.notes:
        (first if note is text.source_note else owner.get(note.id, first)).notes.append(note)
    for piece in pieces:
        renumber(piece)
        number = 0
        for block in all_blocks(piece.blocks):
            if isinstance(block, Heading):
                number += 1
                block.id = f"{piece.id}-s{number}"



def split_texts(edition, changes: dict[str, list[Change]]) -> None:
    """Every text of the edition whose manifest says ``split: chapters`` cut into its chapters, in its place;
    ``changes`` (per text id) follow the pieces."""
    for texts in [edition.front] + [part.texts for part in edition.parts]:
        texts[:] = [piece for text in texts for piece in cut(text, changes)]


def cut(text: Text, changes: dict[str, list[Change]]) -> list[Text]:
    if text.settings.split != "chapters":
        return [text]
    cut = split_chapters(text, changes.pop(text.id, []))
    changes.update((piece.id, records) for piece, records in cut)
    return [piece for piece, _ in cut]


def clashes(edition) -> list:
    """A problem for each chapter whose id another text of the edition has (c-003)."""
    seen, problems = {}, []
    for text in edition.texts:
        if text.id in seen and (text.whole or seen[text.id].whole):
            chapter = text if text.whole else seen[text.id]
            problems.append(message("c-003", *(chapter.settings.split_at or (chapter.source,)), whole=chapter.whole,
                                    id=text.id))
        seen.setdefault(text.id, text)
    return problems
