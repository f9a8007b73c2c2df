"""Footnotes at the foot of a scanned book's pages, for link_notes.

The OCR of a printed book (the Internet Archive's, a library's) gives each
page's footnotes after the page's text, before its page number and the
next page's running head (remove_page_furniture takes those away and notes
where each page begins).  A note longer than the room left on its page runs
on at the foot of the next page, after that page's text and before its own
notes::

    …the rights of labour.1 The union…          …the rights of labour.[1] The union…
    1 See the report of 1889, which was       →  Note 1: See the report of 1889, which was
    [page break]                                      printed by the Society in full.
    …the text of the next page…                   …the text of the next page…
    printed by the Society in full.
    2 Ibid., p. 12.                               Note 2: Ibid., p. 12.

A page's last paragraphs that open with a note's mark (``1``, ``1.``,
``[1]``, ``*``, ``†``, ``¹``) are its notes when the page's text calls each of
them (a mark after a word: ``labour.1``, ``labour¹``, ``labour. 1 The``,
``labour[1]``); a call glued to its word is set as ``[1]`` for link_notes.
A note that stops mid-sentence takes the next page's last paragraph before
that page's notes, when it goes on in lower case (or after a comma, a
hyphen, a word no sentence ends on) and is not the page's first paragraph
(which goes on from the text of the page before).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from edition.model.changes import Change
from edition.model.markup import inlines_text, parse_inlines
from edition.model.nodes import Note, Paragraph
from edition.model.walk import plain, strs
from edition.clean.passes.patterns import ENDS_SENTENCE
from edition.clean.passes.split_paragraphs import goes_on, join_halves

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
#: a note's mark at the start of its paragraph, then its first word
MARK = re.compile(r"^(?:\[(\d{1,3}|\*{1,3}|†|‡)\]|(\d{1,3})[.)]?|(\*{1,3}|[†‡§])|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))\s+"
                  r"(?=[\"“‘'(\[A-Z])")


def _label(match: re.Match) -> str:
    return next(group for group in match.groups() if group).translate(SUPERSCRIPTS)


@lru_cache(maxsize=256)
def _call(label: str) -> re.Pattern:
    """A call of ``label`` in a page's text: glued to its word or its punctuation ('labour.1', 'labour*'),
    superscript, bracketed, or bare after punctuation before a capital ('labour. 1 The')."""
    mark = re.escape(label)
    superscript = label.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")) if label.isdigit() else None
    glued = rf"(?<=[A-Za-z.,;:!?”’\"')])(?P<glued>{mark})(?=[\s.,;:)]|$)"
    forms = [glued, rf"\[{mark}\]", rf"(?<=[.,;:!?”’\")])\s{mark}(?=\s+[A-Z“\"‘']|\s*$)"]
    if superscript:
        forms.append(rf"(?<=[\w.,;:!?”’\")\]]){superscript}(?![⁰¹²³⁴⁵⁶⁷⁸⁹])")
    return re.compile("|".join(forms))


def page_notes(text, lexicon, changes: list) -> list[Note]:
    """Take the notes at the foot of each source page out of the running text (see the module's docstring);
    their labels as written ('1' on many pages: link_notes numbers the repeats and pairs them with the calls)."""
    breaks = sorted(text.source_page_ends)
    if not breaks or not text.blocks:
        return []
    blocks = text.blocks = _split_feet(text.blocks, breaks)
    pages: list[list[int]] = []
    for index, block in enumerate(blocks):
        page = bisect.bisect_right(breaks, block.line)
        if not pages or bisect.bisect_right(breaks, blocks[pages[-1][-1]].line) != page:
            pages.append([])
        pages[-1].append(index)
    notes, dropped, running_on = [], set(), None
    for page in pages:
        marked = len(page)
        while marked > 0 and _marked(blocks[page[marked - 1]]):
            marked -= 1
        body, foot = page[:marked], page[marked:]
        labels = [_label(MARK.match(plain(blocks[i].inlines).strip())) for i in foot]
        called = {label: _called(blocks, body, label) for label in labels}
        if foot and not all(found for found, _ in called.values()):
            foot, labels = [], []                       # a numbered list, not notes
        if running_on is not None and len(body) >= 2 and _goes_on(running_on, blocks[body[-1]]):
            rest = blocks[body[-1]]
            before = plain(running_on.blocks[-1].inlines)
            join_halves(running_on.blocks[-1], rest, lexicon)
            dropped.add(body[-1])
            changes.append(Change("link_notes", rest.source, rest.line, before[-40:] + " ¶ " +
                                  plain(rest.inlines)[:40], "", "a note run on at the foot of the next page",
                                  confidence=0.85))
        running_on = None
        for index, label in zip(foot, labels):
            block = blocks[index]
            glued = called[label][1]
            if glued:
                leaf, start, end = glued
                leaf.text = f"{leaf.text[:start]}[{label}]{leaf.text[end:]}"
            body_text = MARK.sub("", inlines_text(block.inlines).strip(), count=1)
            note = Note(id="", label=label, blocks=[Paragraph(parse_inlines(body_text), block.source, block.line)],
                        owner="author", source=text.source, line=block.line)
            note.original = [block]
            notes.append(note)
            dropped.add(index)
        if foot and not ENDS_SENTENCE.search(plain(notes[-1].blocks[-1].inlines).rstrip()):
            running_on = notes[-1]
    if notes:
        text.blocks[:] = [block for index, block in enumerate(blocks) if index not in dropped]
        changes.append(Change("link_notes", text.source, notes[0].line, plain(notes[0].blocks[0].inlines)[:60],
                              "", f"{len(notes)} notes at the foot of the source's pages", confidence=0.85))
    return notes


#: where a paragraph at a page's foot may hold a note's start: after a sentence's end, a mark and a capital
INSIDE = re.compile(r"[.!?”’\")\]](?:\d{1,3}|\*{1,3}|[†‡§]|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}|\[\d{1,3}\])?( )"
                    r"(?=(\d{1,3}|\*{1,3}|[†‡§]|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}) [\"“‘'(A-Z])")


def _split_feet(blocks: list, breaks: list[int]) -> list:
    """Each page's last paragraph cut before the notes its lines ran into ('…secretaries. 2 The date…'): at a
    sentence's end, before a mark its page calls earlier."""
    out, page_text, page = [], [], None
    for index, block in enumerate(blocks):
        here = bisect.bisect_right(breaks, block.line)
        if here != page:
            page, page_text = here, []
        last = index + 1 == len(blocks) or bisect.bisect_right(breaks, blocks[index + 1].line) != here
        if not isinstance(block, Paragraph) or block.role is not None:
            out.append(block)
            continue
        source = inlines_text(block.inlines)
        if not last:
            out.append(block)
            page_text.append(source)
            continue
        earlier = " ".join(page_text)
        cuts = [m.start(1) for m in INSIDE.finditer(source)
                if _call(m[2].translate(SUPERSCRIPTS)).search(earlier + " " + source[:m.start(1)])]
        pieces = [source[a:b].strip() for a, b in zip([0] + cuts, cuts + [len(source)])]
        out.extend(Paragraph(parse_inlines(piece), block.source, block.line) if len(pieces) > 1 else block
                   for piece in pieces if piece)
    return out


def _marked(block) -> bool:
    return isinstance(block, Paragraph) and block.role is None and bool(MARK.match(plain(block.inlines).strip()))


def _called(blocks, body: list[int], label: str) -> tuple[bool, tuple | None]:
    """Whether the page's text calls ``label``, and (leaf, start, end) of its last call if that one is glued to
    its word, to be set as '[label]' (None for a call link_notes finds as it stands)."""
    pattern = _call(label)
    for index in reversed(body):
        block = blocks[index]
        if not isinstance(block, Paragraph):
            continue
        for leaf in reversed(strs(block.inlines)):
            found = list(pattern.finditer(leaf.text))
            if found:
                match = found[-1]
                return True, (leaf, match.start("glued"), match.end("glued")) if match["glued"] else None
    return False, None


def _goes_on(note: Note, block) -> bool:
    """Does ``block``, a paragraph of running text, go on from the note?"""
    return isinstance(block, Paragraph) and block.role is None and not _marked(block) \
        and goes_on(plain(note.blocks[-1].inlines), plain(block.inlines))
