"""link_notes: find the notes and their calls, pair them, and take the notes out of the running text.

Calls: ``[1]`` (after a space or not), superscript digits (¹²), ``[*]``, and a
bare number after punctuation ("…the others). 1 Individual terror…") where a
note of that number exists.  Notes: numbered paragraphs ``[1] …`` or ``1. …``
at the end (under a "Notes" heading or not), *unnumbered* paragraphs at the
end, one for each call, in order; or a note set in the middle of the text
("1. Translator's Note: …", "[TRANSLATOR'S NOTE: …]"), whose call is its
number or, without one, the end of the paragraph before it; or Project
Gutenberg's "[Footnote 1: …]" wherever it stands, called "[1]" (or "[A]")::

    … the others). 1 Individual terror …        → … the others).[1] Individual terror …
    1. Translator's Note: The reference …        → Note(label 1, owner translator)

Every note is numbered anew per text, in the order of its call.  A call
without a note, a note without a call, or numbers out of sequence are
reported (``n-`` messages) with their file and line; ``edition check`` fails
on them unless the manifest allows the label (``allow_unpaired``).  Notes the
editor adds in the manifest (``notes: [{at: phrase, note: text}]``) are
anchored after an exact phrase and marked as the editor's.
"""

from __future__ import annotations

import re

from edition.model.changes import Change
from edition.messages import message
from edition.model.nodes import Heading, Note, NoteRef, Paragraph, Str
from edition.model.walk import all_blocks, inline_lists, places, plain, query, strs
from edition.model.markup import inlines_text, parse_inlines
from edition.clean.passes.page_notes import SUPERSCRIPTS, page_notes
from edition.clean.passes.split_paragraphs import goes_on, join_halves

BRACKET_CALL = re.compile(r"\s?\[(\d{1,3}|\*{1,3}|†|‡)\]")
SUPER_CALL = re.compile(r"(?<=[\w.,;:!?”’\")\]])([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})")
BARE_CALL = re.compile(r"(?<=[.,;:!?”’\")])\s(\d{1,2})(?=\s+[A-Z“\"‘']|\s*$)")
NUMBERED_NOTE = re.compile(r"^(?:\[(\d{1,3}|\*{1,3}|†|‡)\]|(\d{1,3})[.)])\s+(.+)$", re.S)
NOTES_HEADING = re.compile(r"^(?:Notes|Footnotes|Endnotes|References)\s*:?$", re.I)
#: its body is group 3 less a closing bracket and the spaces before it (see _body): a lazy ``(.*?)\s*\]?$``
#: would scan a long run of spaces from each of its spaces
#: Project Gutenberg's note: '[Footnote 1: …]', '[Footnote A: …]' (over one paragraph or several); its call is
#: '[1]' or '[A]'
GUTENBERG_NOTE = re.compile(r"^\[Footnote\s+(\d{1,3}|[A-Za-z]|\*{1,3}|†|‡)\s*:\s*", re.I)
LETTER_CALL = re.compile(r"\[([A-Z])\]")
GUTENBERG_REACH = 20          # paragraphs a note may run over
OWNED_NOTE = re.compile(r"^(?:(\d{1,2})[.)]\s+)?\[?\s*(Translator|Editor|Author)['’]s\s+note\s*[:.—-]?\s*(.*)$",
                        re.I | re.S)


def link_notes(text, context) -> list[Change]:
    changes: list[Change] = []
    problems = text.problems
    _mend_page_breaks(text, context, changes)
    gutenberg = _gutenberg_notes(text, changes)
    feet = number_repeats(page_notes(text, context.lexicon, changes))
    tail, headed = _tail_notes(text, changes)
    if tail and not headed and not _has_calls(text, {note.label for note in tail}):
        text.blocks.extend(block for note in tail for block in note.original)   # a numbered list, not notes
        tail = []
    found = feet + tail + _owned_notes(text, changes) + gutenberg
    by_label = {}
    for note in found:
        if note.label in by_label:
            problems.append(message("n-003", note.source, note.line, label=note.label))
        by_label.setdefault(note.label, note)
    calls = _find_calls(text, set(by_label))
    if gutenberg or feet:
        calls = _count_repeated(calls, gutenberg + feet)
    if not found and calls:
        found = _unnumbered_tail(text, calls, changes)
        by_label = {note.label: note for note in found}
    _check_sequence(text, calls, problems)

    linked, numbered = set(), {}
    for block, leaf, start, end, label in calls:
        note = by_label.get(label)
        if note is None:
            problems.append(message("n-001", text.source, block.line, label=label))
            continue
        if label in linked:
            problems.append(message("n-004", text.source, block.line, label=label))
            continue
        linked.add(label)
        numbered[label] = note
    for note in found:
        if note.label not in linked and note.label != "":
            problems.append(message("n-002", note.source, note.line, label=note.label))

    _replace_calls(text, calls, numbered)
    _anchor_unlabelled(text, [n for n in found if n.label == ""], changes)
    _editor_notes(text, problems)
    _source_note(text)
    renumber(text)
    for note in text.notes:
        changes.append(Change("link_notes", note.source, note.line, plain(note.blocks[0].inlines)[:60],
                              f"note {note.label} ({note.owner})", "note linked to its call"))
    allowed = {str(a) for a in text.settings.allow_unpaired}
    for problem in problems:
        changes.append(Change("link_notes", problem.file or text.source, problem.line or 0, problem.text, "",
                              problem.code, confidence=0.5, applied=False))
    text.problems[:] = [p for p in problems if p.fields.get("label") not in allowed]
    return changes


def _mend_page_breaks(text, context, changes) -> None:
    """A note cut by a page break of the source (its running head and page number removed between its
    halves, see remove_page_furniture) made one paragraph again: a note's paragraph (or any paragraph under a
    'Notes' heading) that stops mid-sentence, and the paragraph opening the next page that goes on in lower
    case, or after a word no sentence ends with ('a', 'the', a comma, a hyphen)."""
    breaks = text.source_page_ends
    if not breaks:
        return
    kept, under_heading = [], False
    for block in text.blocks:
        if isinstance(block, Heading) or isinstance(block, Paragraph) and NOTES_HEADING.match(
                plain(block.inlines).strip()):
            under_heading = bool(NOTES_HEADING.match(plain(block.inlines).strip()))
        elif kept and isinstance(block, Paragraph) and block.role is None and block.line in breaks \
                and isinstance(kept[-1], Paragraph) and kept[-1].role is None \
                and (under_heading or _note_like(plain(kept[-1].inlines))) \
                and goes_on(plain(kept[-1].inlines), plain(block.inlines)):
            before = plain(kept[-1].inlines)
            join_halves(kept[-1], block, context.lexicon)
            changes.append(Change("link_notes", block.source, block.line, before[-40:] + " ¶ " +
                                  plain(block.inlines)[:40], plain(kept[-1].inlines)[len(before) - 40:len(before) + 40],
                                  "note split by a page break", confidence=0.9))
            continue
        kept.append(block)
    text.blocks[:] = kept


def _note_like(words: str) -> bool:
    words = words.strip()
    return bool(NUMBERED_NOTE.match(words) or GUTENBERG_NOTE.match(words) or OWNED_NOTE.match(words))


def _note(text, label, paragraphs, owner, line) -> Note:
    return Note(id="", label=label, blocks=paragraphs, owner=owner, source=text.source, line=line)


def _has_calls(text, labels: set[str]) -> bool:
    """Some of these labels are called in the text with a bracket or a superscript."""
    return any(label in labels for *_, label in _find_calls(text, set()))


def _tail_notes(text, changes) -> tuple[list[Note], bool]:
    """Numbered notes at the end of the text, and whether a 'Notes' heading announced them."""
    blocks = text.blocks
    start = None
    for index in range(len(blocks) - 1, max(-1, len(blocks) - 60), -1):
        block = blocks[index]
        words = plain(getattr(block, "inlines", []))
        if isinstance(block, (Paragraph, Heading)) and NOTES_HEADING.match(words.strip()):
            start = index
            break
    notes, kept = [], []
    if start is not None:
        heading = blocks[start]
        changes.append(Change("link_notes", heading.source, heading.line, "Notes", "", "notes heading"))
        candidates = blocks[start + 1:]
        del blocks[start:]
    else:
        end = len(blocks)
        while end > 0 and isinstance(blocks[end - 1], Paragraph) and \
                NUMBERED_NOTE.match(plain(blocks[end - 1].inlines)):
            end -= 1
        candidates = blocks[end:]
        del blocks[end:]
    for block in candidates:
        match = NUMBERED_NOTE.match(plain(block.inlines)) if isinstance(block, Paragraph) else None
        if match:
            label = match[1] or match[2]
            body = _strip_label(block.inlines)
            notes.append(_note(text, label, [Paragraph(body, block.source, block.line)], "author", block.line))
            notes[-1].original = [block]
        elif notes and isinstance(block, Paragraph):
            notes[-1].blocks.append(block)              # a note of several paragraphs
            notes[-1].original.append(block)
        else:
            kept.append(block)
    if start is not None and not notes:
        kept.insert(0, heading)                         # a "Notes" heading with no notes under it stays
        changes.pop()
        start = None
    blocks.extend(kept)
    return notes, start is not None


def _gutenberg_notes(text, changes) -> list[Note]:
    """Project Gutenberg's notes, '[Footnote 1: …]', wherever they stand (after their paragraph, at a chapter's
    end, at the book's end), taken out of the running text with a 'Footnotes' heading just before them."""
    blocks, notes, kept = text.blocks, [], []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        words = plain(block.inlines).strip() if isinstance(block, Paragraph) else ""
        match = GUTENBERG_NOTE.match(words)
        if not match:
            kept.append(block)
            index += 1
            continue
        end = index
        while not plain(blocks[end].inlines).rstrip().endswith("]") and end + 1 < len(blocks) \
                and end - index < GUTENBERG_REACH and isinstance(blocks[end + 1], Paragraph):
            end += 1                                  # a note of several paragraphs, up to its closing bracket
        if not plain(blocks[end].inlines).rstrip().endswith("]"):
            end = index                               # never closed: the one paragraph
        paragraphs = []
        for number, part in enumerate(blocks[index:end + 1]):
            source = inlines_text(part.inlines).strip()
            if number == 0:
                source = GUTENBERG_NOTE.sub("", source, count=1)
            if number == end - index and source.endswith("]"):
                source = source[:-1].rstrip()
            paragraphs.append(Paragraph(parse_inlines(source), part.source, part.line))
        note = _note(text, match[1], paragraphs, "author", block.line)
        note.original = blocks[index:end + 1]
        notes.append(note)
        if kept and isinstance(kept[-1], (Paragraph, Heading)) and \
                NOTES_HEADING.match(plain(kept[-1].inlines).strip().rstrip(":").strip()):
            heading = kept.pop()
            changes.append(Change("link_notes", heading.source, heading.line, plain(heading.inlines), "",
                                  "notes heading"))
        index = end + 1
    if notes:
        text.blocks[:] = kept
    return number_repeats(notes)                      # numbered anew in each chapter: '1', '2', '1#2', '2#2'


def number_repeats(notes: list[Note]) -> list[Note]:
    """The k-th note of a label that several notes have (numbered anew in each chapter or on each page) is
    labelled 'label#k' (k > 1), for _count_repeated to pair with the label's k-th call."""
    counts: dict[str, int] = {}
    for note in notes:
        counts[note.label] = counts.get(note.label, 0) + 1
        if counts[note.label] > 1:
            note.label = f"{note.label}#{counts[note.label]}"
    return notes


def _count_repeated(calls: list, notes: list[Note]) -> list:
    """Where a label stands on several notes (numbered anew in each chapter), the k-th note of the label
    and its k-th call are paired: the k-th call is labelled 'label#k' (k > 1), as _gutenberg_notes did the note."""
    repeated = {note.label.split("#")[0] for note in notes if "#" in note.label}
    seen: dict[str, int] = {}
    out = []
    for block, leaf, start, end, label in calls:
        if label in repeated:
            seen[label] = seen.get(label, 0) + 1
            if seen[label] > 1:
                label = f"{label}#{seen[label]}"
        out.append((block, leaf, start, end, label))
    return out


def _strip_label(inlines: list) -> list:
    """The inlines of '[1] See The Red Flag' without '[1] '."""
    source = inlines_text(inlines)
    return parse_inlines(NUMBERED_NOTE.sub(lambda m: m[3], source, count=1))


def _owned_notes(text, changes) -> list[Note]:
    """Notes set as paragraphs in the running text: '1. Translator's Note: …', '[TRANSLATOR'S NOTE: …]'."""
    notes, kept = [], []
    for block in text.blocks:
        match = OWNED_NOTE.match(plain(block.inlines).strip()) if isinstance(block, Paragraph) else None
        if not match or not _body(match[3]):
            kept.append(block)
            continue
        body = parse_inlines(OWNED_NOTE.sub(lambda m: _body(m[3]), inlines_text(block.inlines).strip(), count=1))
        note = _note(text, match[1] or "", [Paragraph(body, block.source, block.line)], match[2].lower(),
                     block.line)
        note.after = len(kept) - 1                      # for an unlabelled note: the paragraph before it
        notes.append(note)
    if notes:
        text.blocks[:] = kept
    return notes


def _body(rest: str) -> str:
    """An owned note's words: what follows 'Translator's note:', less a closing bracket and spaces."""
    return (rest[:-1] if rest.endswith("]") else rest).rstrip()


def _find_calls(text, labels: set[str]) -> list:
    """Every call in the running text: (block, leaf, start, end, label), in reading order."""
    calls = []
    for block in all_blocks(text.blocks):
        if not isinstance(block, Paragraph):
            continue
        for leaf in strs(block.inlines):
            spans = [(m.start(), m.end(), m[1]) for m in BRACKET_CALL.finditer(leaf.text)]
            spans += [(m.start(), m.end(), m[1].translate(SUPERSCRIPTS)) for m in SUPER_CALL.finditer(leaf.text)]
            spans += [(m.start(), m.end(), m[1]) for m in BARE_CALL.finditer(leaf.text) if m[1] in labels]
            spans += [(m.start(), m.end(), m[1]) for m in LETTER_CALL.finditer(leaf.text) if m[1] in labels]
            for start, end, label in sorted(spans):
                calls.append((block, leaf, start, end, label))
    return calls


def _unnumbered_tail(text, calls, changes) -> list[Note]:
    """Calls [1]…[k] and no numbered notes: the last k paragraphs are the notes, in order (as in 002)."""
    labels = [label for *_, label in calls]
    count = len(labels)
    if labels != [str(n) for n in range(1, count + 1)] or len(text.blocks) <= count:
        return []
    tail = text.blocks[-count:]
    position = {}
    for number, block in enumerate(text.blocks):
        position.setdefault(id(block), number)
    last_call = max(position[id(b)] for b, *_ in calls if id(b) in position) if calls else 0
    if any(not isinstance(b, Paragraph) for b in tail) or len(text.blocks) - count <= last_call:
        return []
    del text.blocks[-count:]
    notes = [_note(text, str(n), [block], "author", block.line) for n, block in enumerate(tail, start=1)]
    changes.append(Change("link_notes", text.source, tail[0].line, plain(tail[0].inlines)[:60], "",
                          f"the last {count} paragraphs are the notes, unnumbered", confidence=0.8))
    return notes


def _check_sequence(text, calls, problems) -> None:
    numbers = [int(label) for *_, label in calls if label.isdigit()]
    for previous, current, call in zip(numbers, numbers[1:], [c for c in calls if c[4].isdigit()][1:]):
        if current != previous + 1:
            problems.append(message("n-005", text.source, call[0].line, label=current, previous=previous))


def _replace_calls(text, calls, numbered) -> None:
    """Put a NoteRef in place of each linked call; from the end, so that earlier offsets hold."""
    placed = set()
    chosen = []
    for call in calls:
        label = call[4]
        if label in numbered and label not in placed:
            placed.add(label)
            chosen.append(call)
    for block, leaf, start, end, label in reversed(chosen):
        note = _add(text, numbered[label])
        _insert_ref(block.inlines, leaf, start, end, NoteRef(note.id, label))


def _add(text, note: Note) -> Note:
    """Take a note into the text under a provisional id; renumber gives it its final one."""
    note.id = f"{text.id}-pending-{len(text.notes)}"
    text.notes.append(note)
    return note


def _insert_ref(inlines: list, leaf, start: int, end: int, ref) -> bool:
    """Cut ``leaf`` at start–end and put ``ref`` there; the leaf keeps the text before the call."""
    for owner, index, node in places(inlines):
        if node is leaf:
            after = leaf.text[end:]
            leaf.text = leaf.text[:start]
            owner[index + 1:index + 1] = [ref] + ([Str(after)] if after else [])
            return True
    return False


def _anchor_unlabelled(text, notes, changes) -> None:
    """A note set between paragraphs without a number: its call goes at the end of the paragraph before."""
    for note in notes:
        index = min(note.after, len(text.blocks) - 1)
        while index >= 0 and not isinstance(text.blocks[index], Paragraph):
            index -= 1
        if index < 0:
            continue
        text.blocks[index].inlines.append(NoteRef(_add(text, note).id, "*"))
        changes.append(Change("link_notes", note.source, note.line, plain(note.blocks[0].inlines)[:60], "",
                              "note set between paragraphs: called at the end of the one before"))


def _editor_notes(text, problems) -> None:
    """Notes the editor adds in the manifest, each after an exact phrase of the text."""
    for entry in text.settings.editor_notes:
        hits = [(block, leaf) for block in all_blocks(text.blocks) if isinstance(block, Paragraph)
                for leaf in strs(block.inlines) if entry.at in leaf.text]
        count = sum(leaf.text.count(entry.at) for _, leaf in hits)
        if count != 1:
            problems.append(message("n-006", entry.file, entry.line, phrase=entry.at, found=count,
                                    text=text.source))
            continue
        block, leaf = hits[0]
        note = _add(text, Note(id="", label="", blocks=[Paragraph(parse_inlines(entry.note), text.source, block.line)],
                               owner="editor", source=entry.file, line=entry.line))
        end = leaf.text.index(entry.at) + len(entry.at)
        _insert_ref(block.inlines, leaf, end, end, NoteRef(note.id, ""))


def _source_note(text) -> None:
    """Where the manifest asks for it, the text's source as its first note, called from its title."""
    if text.settings.source_note != "first" or not text.published:
        return
    where = text.published + (f", {text.date}" if text.date else "")
    text.source_note = _add(text, Note(id="", label="", blocks=[
        Paragraph(parse_inlines(f"First published in {where}."), text.source, text.first_line)], owner="source",
        source=text.source, line=text.first_line))


def renumber(text) -> None:
    """Number the notes 1, 2, 3… in the order of their calls in the text (a source note first), and give
    each its id, unique in the book: '<text>-note-<number>'."""
    order = {text.source_note.id: 1} if text.source_note else {}
    refs = [ref for block in text.blocks for inlines in inline_lists(block) for ref in _refs(inlines)]
    for ref in refs:
        order.setdefault(ref.note_id, len(order) + 1)
    for note in text.notes:                         # (a note called from no block, last)
        order.setdefault(note.id, len(order) + 1)
    text.notes.sort(key=lambda note: order[note.id])
    for note in text.notes:
        note.label = str(order[note.id])
        note.id = f"{text.id}-note-{note.label}"
    for ref in refs:
        ref.label = str(order[ref.note_id])
        ref.note_id = f"{text.id}-note-{ref.label}"


def _refs(inlines):
    return query(inlines, NoteRef)
