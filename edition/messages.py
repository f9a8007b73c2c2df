"""Every message the builder can give, in one table, and the errors that carry them.

A message has a code (``area-NNN``: ``m-`` manifest, ``r-`` reading, ``c-``
clean-up, ``n-`` notes, ``i-`` index, ``e-`` EPUB, ``p-`` PDF, ``b-`` build, ``d-`` the desk), a level, and a place
(file, line, column).  Users see one line per message::

    source/reader.yaml:12:5: m-001 unknown key 'autor' — did you mean 'author'?

Codes are never reused; a retired code stays in the table marked retired.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: code -> (level, template). Templates are str.format()ed with the message's fields.
CODES: dict[str, tuple[str, str]] = {
    # manifest
    "m-001": ("error", "unknown key '{key}'{suggestion}"),
    "m-002": ("error", "'{key}' must be {expected}, not {found}"),
    "m-003": ("error", "missing required key '{key}' in {where}"),
    "m-004": ("error", "file not found: {path}; check the path (it is relative to the manifest)"),
    "m-005": ("error", "path {path} leaves the manifest's folder; keep sources inside {root}"),
    "m-006": ("error", "text '{what}' appears twice (first at line {first}); remove one or give it a different id or range"),
    "m-007": ("error", "not valid YAML: {problem}"),
    "m-008": ("error", "key '{key}' given twice (first at line {first}); keep one"),
    "m-009": ("error", "bad value for '{key}': {problem}"),
    "m-010": ("error", "{what} {value!r} not found in {path}; give a line number or the exact text of a whole line"),
    "m-011": ("error", "the manifest has no texts; add a 'parts' list or a 'texts' list"),
    "m-012": ("error", "cannot read manifest: {problem}"),
    "m-013": ("error", "binding: {binding} prints a back cover, whose ISBN panel needs a decision: give the "
                       "book's ISBN under edition (isbn: 978-…), or isbn: none for a book without one"),
    "m-014": ("error", "not a review file: {problem}; fix it, or delete it to review every change again"),
    # reading
    # r-001, r-002: retired (non-UTF-8 files are now read as Windows-1252; stale line specs are m-010)
    "r-003": ("error", "text range is empty: start line {start} comes after end line {end}"),
    "r-004": ("error", "cannot read this text: {problem}"),
    "r-006": ("error", "the character {character!r} ({point}, {name}) is in none of the book's fonts; put what is "
                       "meant in an erratum, or remove it"),
    "r-005": ("error", "the text '{what}' is empty after its start, end and omit: nothing to print; check its lines"),
    # clean-up
    "c-001": ("error", "erratum '{before} → {after}' matches {found} times in {text}, not {expected}; "
                       "update or remove it (give count: N if it should match N times)"),
    "c-002": ("error", "split: chapters, but {text} has no heading to cut it at ('CHAPTER I', 'BOOK ONE', 'IV', "
                       "'1. A title'); name its chapters' first lines with headings:, or remove split"),
    "c-003": ("error", "the chapter cut from '{whole}' has the id {id!r}, which another text has; give that text "
                       "another id"),
    # notes
    "n-001": ("error", "note call [{label}] has no note; add the note, or allow it with allow_unpaired: [{label}]"),
    "n-002": ("error", "note [{label}] has no call in the text; add the call, or allow_unpaired: [{label}]"),
    "n-003": ("error", "two notes are numbered [{label}]; renumber one with an erratum"),
    "n-004": ("error", "note [{label}] is called twice; remove one call with an erratum"),
    "n-005": ("warning", "note call [{label}] comes after [{previous}]: numbers out of sequence"),
    "n-006": ("error", "editor's note phrase {phrase!r} matches {found} times in {text}, not once; quote more of it"),
    # index
    "i-001": ("warning", "index entry {entry!r} matches nothing in the texts; check its forms, mark it by hand "
                         "(marks:) or remove it"),
    "i-002": ("warning", "form {form!r} is given for {entry!r} and for {other!r} (line {other_line}); its "
                         "occurrences go to {entry!r}: keep the form in one entry"),
    "i-003": ("error", "index mark phrase {phrase!r} matches {found} times in {text}, not once; quote more of it"),
    "i-004": ("error", "{what} reference from {entry!r} to {target!r}: no such heading{hint}"),
    "i-005": ("error", "index mark names {entry!r}, which is not an entry{hint}"),
    "i-006": ("error", "no text has the id {text!r}{hint}"),
    "i-007": ("warning", "index entry {entry!r} has {count} page numbers and nothing to tell them apart; "
                         "give it subentries, or split or narrow it"),
    # EPUB
    "e-001": ("error", "EPUBCheck {severity} {id}: {message}"),
    "e-002": ("error", "EPUBCheck could not run: {problem}; an EPUB that was not checked is not made (install "
                       "Java 8 or later, or build without EPUB: --format pdf)"),
    # PDF
    "p-001": ("warning", "WeasyPrint: {message}"),
    # p-002 retired: unembedded fonts are one of the preflight checks (p-006)
    "p-002": ("error", "font not embedded in the PDF: {font}"),
    "p-004": ("warning", "note {note} is on page {note_page}, its call on page {call_page}"),
    "p-005": ("warning", "index mark {mark} not found in the laid-out text of {element}; "
                         "its page is taken as that of its paragraph's start"),
    "p-006": ("error", "preflight {check}: {detail}"),
    "p-007": ("warning", "the index's columns still open elsewhere after {layouts} layouts with headings repeated "
                         "(continued): check the columns at the subentries {entries}"),
    "p-003": ("error", "WeasyPrint tried to read {url}, outside the style and source folders; refused"),
    # build
    "b-001": ("error", "could not write {path}: {problem}; the last edition is kept as it was"),
    "b-002": ("error", "could not make the {format}: {problem}"),
    "b-003": ("warning", "{count} entries of the build cache did not match their seals (cut short or changed by "
                         "another hand) and were made again: {names}"),
    "b-005": ("error", "another build is writing into {folder} (process {pid}); wait for it, or build elsewhere"),
    "b-006": ("error", "SOURCE_DATE_EPOCH={value!r} is not a date: give whole seconds since 1970, from 0 to "
                       "253402300799"),
    "b-007": ("error", "a worker process of the build ended with exit code {status} (killed?) before its work was "
                       "done; the last edition is kept"),
    "b-008": ("error", "the profile print-cmyk converts the PDFs to CMYK with Ghostscript, and {what} is missing: "
                       "install Ghostscript (Debian, Ubuntu: apt-get install ghostscript; Fedora: dnf install "
                       "ghostscript; macOS: brew install ghostscript), or build with profile: print"),
    "b-004": ("warning", "{folder} is not a plain folder (a symbolic link?): the build cache is not used there"),
    # the editor's desk (edition review)
    "d-001": ("error", "{what}: {problem}"),
    "d-002": ("error", "this change cannot be undone by a statement in the manifest ({why}); edit the passage "
                       "instead (e), or state it in the manifest by hand"),
    "d-003": ("error", "the text {text!r} is given in {owner}, not in this manifest: review it there"),
    "d-004": ("error", "no change {key!r} in the edition as last built; reload the page"),
    "d-005": ("error", "nothing to undo"),
    "d-006": ("error", "the decision would break the edition, so it was not written: {problem}"),
}


@dataclass(frozen=True)
class Message:
    code: str
    fields: dict
    file: str | None = None
    line: int | None = None
    column: int | None = None

    @property
    def level(self) -> str:
        return CODES[self.code][0]

    @property
    def text(self) -> str:
        return CODES[self.code][1].format(**self.fields)

    def __str__(self) -> str:
        place = ""
        if self.file:
            place = self.file
            if self.line:
                place += f":{self.line}"
                if self.column:
                    place += f":{self.column}"
            place += ": "
        return f"{place}{self.code} {self.text}"


def message(code: str, file: str | Path | None = None, line: int | None = None,
            column: int | None = None, **fields) -> Message:
    if code not in CODES:
        raise KeyError(f"unknown message code {code}")
    return Message(code, fields, str(file) if file is not None else None, line, column)


class EditionError(Exception):
    """An error the user can fix; carries one or more messages and an exit code."""

    exit_code = 1

    def __init__(self, messages: list[Message] | Message):
        self.messages = [messages] if isinstance(messages, Message) else list(messages)
        super().__init__("\n".join(str(m) for m in self.messages))


class BadInput(EditionError):
    """The manifest or a source is wrong: exit code 2."""

    exit_code = 2


class BuildFailed(EditionError):
    """The inputs were good but an output could not be made or failed validation: exit code 1."""

    exit_code = 1
