"""Books made at test time from the shared corpus's essays, in the shapes texts come in.

The corpus (``../shared/corpus/clean/``, Kropotkin's essays, public domain) is read, never copied into the
project.

``write_book``: a whole book in Project Gutenberg's plain-text shape: the header and the ``*** START OF
THE PROJECT GUTENBERG EBOOK …`` line, the producers' credit, a title page, a contents list, a preface, then
``CHAPTER I.`` with the chapter's name on a line of its own, paragraphs hard-wrapped at 70 characters,
notes as ``[Footnote 1: …]`` after the paragraph that calls them (numbered anew in each chapter), and the
``*** END OF …`` line with the licence after it.  (The book is made up of three essays; its header's
details are invented.)

``write_scan``: an essay as the Internet Archive's OCR gives it: pages of hard-wrapped lines, each after a
running head and ending with its page number, its notes at the end, and a page break inside one of them
with a word hyphenated over it.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from tests.helpers import ROOT

CORPUS = ROOT.parent / "shared" / "corpus" / "clean"
#: the essays made chapters, in order: (file, the chapter's name as the book prints it)
CHAPTERS = [("the_spirit_of_revolt.txt", "THE SPIRIT OF REVOLT"),
            ("the_wage_system.txt", "THE WAGE SYSTEM"),
            ("wars_and_capitalism.txt", "WARS AND CAPITALISM")]
ROMAN = ["I", "II", "III", "IV", "V"]

HEADER = """\
The Project Gutenberg eBook of Three Essays, by Peter Kropotkin

This ebook is for the use of anyone anywhere in the United States and
most other parts of the world at no cost and with almost no restrictions
whatsoever. You may copy it, give it away or re-use it under the terms
of the Project Gutenberg License included with this ebook or online at
www.gutenberg.org. If you are not located in the United States, you
will have to check the laws of the country where you are located before
using this eBook.

Title: Three Essays

Author: Peter Kropotkin

Release Date: June 4, 2004 [eBook #99999]

Language: English

Character set encoding: UTF-8

*** START OF THE PROJECT GUTENBERG EBOOK THREE ESSAYS ***

Produced by Anonymous Volunteers




THREE ESSAYS

by

Peter Kropotkin


"""

PREFACE = """\
PREFACE

The three essays of this little volume were written for the workers'
papers of their day and are reprinted here as they first appeared in
English, without change.

Each was read and argued over in many a meeting-room before it was
ever bound in a book; the reader will find in them the same hopes.


"""

LICENCE = """\
*** END OF THE PROJECT GUTENBERG EBOOK THREE ESSAYS ***

Updating editions will replace the previous one--the old editions will
be renamed.

START: FULL LICENSE

THE FULL PROJECT GUTENBERG LICENSE
PLEASE READ THIS BEFORE YOU DISTRIBUTE OR USE THIS WORK

Section 1. General Terms of Use and Redistributing Project Gutenberg-tm
electronic works
"""


def _wrap(paragraph: str) -> str:
    return textwrap.fill(paragraph, 70, break_long_words=False, break_on_hyphens=False)


def _chapter(number: int, path: Path, name: str) -> str:
    paragraphs, notes = corpus_essay(path.name)
    out = [f"CHAPTER {ROMAN[number]}.", "", name, ""]
    for paragraph in paragraphs:
        out += [_wrap(paragraph), ""]
        for label in re.findall(r"\[(\d+)\]", paragraph):
            out += [_wrap(f"[Footnote {label}: {notes[label]}]"), ""]
    return "\n".join(out) + "\n\n"


def write_book(folder: Path) -> Path:
    """The book as Project Gutenberg would publish it, in ``folder``; returns its path."""
    contents = "CONTENTS\n\n" + "".join(f"CHAPTER {ROMAN[n]}.  {name}\n" for n, (_, name) in enumerate(CHAPTERS))
    body = "".join(_chapter(n, CORPUS / file, name) for n, (file, name) in enumerate(CHAPTERS))
    path = folder / "three-essays.txt"
    path.write_text(HEADER + contents + "\n\n" + PREFACE + body + LICENCE, encoding="utf-8")
    return path


def corpus_essay(name: str) -> tuple[list[str], dict[str, str]]:
    """An essay's paragraphs (after its title and author) and its notes by label."""
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    paragraphs = [line.strip() for line in lines[3:] if line.strip()]
    notes = {}
    if "Notes" in paragraphs:
        at = paragraphs.index("Notes")
        notes = dict(re.match(r"\[(\d+)\]\s*(.*)", note).groups() for note in paragraphs[at + 1:])
        paragraphs = paragraphs[:at]
    return paragraphs, notes


def write_scan(folder: Path, name: str = "wars_and_capitalism.txt", heading: bool = True) -> Path:
    """The essay as scanned (see the module's docstring); ``heading``: its notes under a 'NOTES' line."""
    paragraphs, notes = corpus_essay(name)
    lines = []
    for paragraph in paragraphs:
        lines += textwrap.wrap(paragraph, 62) + [""]
    lines += ["NOTES", ""] if heading else []
    inside = []                                     # the lines of the notes but their first
    for label, body in notes.items():
        wrapped = textwrap.wrap(f"{label}. {body}", 62)
        inside += range(len(lines) + 1, len(lines) + len(wrapped))
        lines += wrapped + [""]
    # a page length that puts a page break inside a note, before a word long enough to be hyphenated
    size = next(n for n in range(28, 60) for k in range(1, len(lines) // n + 1)
                if k * n in inside and len(lines[k * n].split()[0]) >= 6)
    cut = next(k * size for k in range(1, len(lines) // size + 1) if k * size in inside)
    word = lines[cut].split()[0]
    lines[cut - 1] += f" {word[:3]}-"
    lines[cut] = word[3:] + lines[cut][len(word):]
    title = name.removesuffix(".txt").replace("_", " ").upper()
    out = []
    for page, start in enumerate(range(0, len(lines), size), start=1):
        out += [title, ""] if page == 1 else ([title if page % 2 else "PETER KROPOTKIN", ""])
        out += lines[start:start + size] + ["", str(page + 10), "", ""]
    path = folder / "scan.txt"
    path.write_text("\n".join(out), encoding="utf-8")
    return path
