"""Benchmark: how much extraction damage `edition clean` repairs, and how much it breaks.

Takes the ten proofread essays of the shared corpus, damages each one the way
scans and text extraction do, runs `python -m edition clean` on the damaged
file and compares what it prints with the proofread essay. Usage:

    python bench/clean_quality.py [--corpus DIR] [--seed N] [--json FILE] [--keep DIR] [--no-ocr]

The damage (deterministic: one random.Random per file, seeded from --seed and
the file's name; every injection is recorded as ground truth):

  hard wrapping     paragraphs re-wrapped to 60-75 characters and laid out in
                    pages of about 40 lines; half the files without blank lines
                    between paragraphs (PDF style: a short last line and, in all
                    but one of them, a first-line indent mark a paragraph's end)
  line-end hyphens  long words split at a syllable ("revolu-" / "tion"), and
                    compounds split at their own hyphen ("co-" / "operative")
  page furniture    running heads (title in capitals / author) and page numbers
                    ("12", "- 12 -", "Page 12") at the head or foot of each page
  split paragraphs  page breaks fall inside paragraphs, sometimes with blank
                    lines between the halves
  pull-quotes       a sentence or clause from elsewhere in the text repeated
                    between the halves of a paragraph
  captions          a photo caption between the halves of a paragraph
  OCR errors        1-2 % of words misread (rn/m, cl/d, li/h, l/I/1, e/c, tbe,
                    u/n, ii, vv, ﬁ ﬂ, a dropped or doubled letter, ...); a lost
                    drop cap at the start of some texts ("he proletariat")
  lead-in capitals  the first words of the text and of a few sections in capitals
  encoding          in two files: UTF-8 read as cp1252 in some paragraphs ("â€™"),
                    soft hyphens, zero-width spaces, non-breaking spaces
  boilerplate       in two files: a masthead and/or a web comment form

The figures. Both texts are normalised for typography (curly quotes made
straight, every run of dashes made one "-", "…" made "...", odd spaces made
spaces), split on whitespace into words and aligned to the clean words with
difflib.SequenceMatcher(autojunk=False); where a stretch differs, the words of
the shorter side are paired with the most alike of the longer side, the rest
being insertions or deletions:

  errors            words not equal in the alignment: substitutions, insertions
                    and deletions, before (damaged text) and after (cleaned text)
  fixed             the share of the errors before that are gone after: clean
                    words wrong before and right after, and inserted words of
                    the damaged text no longer among the cleaned text's inserted
                    words (compared as a multiset, ignoring case: junk that was
                    moved is not fixed)
  broken            clean words right in the damaged text and wrong after
                    cleaning, also per 1,000 words that were right
  added             inserted words of the cleaned text beyond the damaged text's
                    (errors after = errors not fixed + broken + added)
  boundaries        positions in the clean word sequence where a paragraph
                    begins (all but the first); the output's paragraph starts
                    are mapped to clean positions through the alignment;
                    precision = starts that hit a boundary (each boundary once)
                    / all starts, recall = boundaries hit / all boundaries

The clean essays are compared whole: their title and author lines, headings,
separator lines and notes are all paragraphs the damaged text still has, so
the engine is expected to keep every one of them.

Targets: >= 90 % of the errors fixed, <= 1 word broken per 1,000 correct words,
>= 98 % boundary precision and recall.

After the synthetic figures it prints those on real OCR with human
corrections (bench/ocr_quality.py on /work/shared/ocr-dev/smh/, if there;
--no-ocr skips them).

Prints a table per file with the totals, a table per kind of damage (how many
injections damaged words, how many are still wrong after cleaning) and
whether each target is met. --json FILE writes the same figures, with the
words broken in each file; --keep DIR keeps each file's damaged text, cleaned
text and injection log. --engine-cmd CMD (not in --help) runs CMD FILE
instead of the engine: `--engine-cmd cat` measures the damage left by no
cleaning at all.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shlex
import subprocess
import sys
import tempfile
import time
from bisect import bisect_right
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Sequence

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "clean"
ENGINE = [sys.executable, "-m", "edition", "clean"]

TARGETS = {"fixed": 0.90, "broken_per_1000": 1.0, "precision": 0.98, "recall": 0.98}


# ---------------------------------------------------------------- the essays

@dataclass
class Token:
    """One word of the clean text, as it is damaged; `index` is its position in the clean text."""
    text: str
    index: int


@dataclass
class Paragraph:
    """A paragraph of the clean text: its role (title, author, heading, separator, body, note), its clean
    text and its words as they are damaged."""
    role: str
    text: str
    tokens: list[Token]


@dataclass
class Line:
    """A line of the damaged file: `kind` text, blank or junk; for text, `start` is the clean index of its
    first word and `paragraph` the number of its clean paragraph."""
    text: str
    kind: str
    start: int | None = None
    paragraph: int | None = None


@dataclass
class Injection:
    """Ground truth for one piece of damage.

    `at` is the clean word it damaged, or for inserted lines (`tokens` set) the
    clean word they were inserted before; None where no word is concerned.
    """
    kind: str
    at: int | None
    detail: str
    tokens: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Style:
    """The layout and damage chosen for one file."""
    blank_lines: bool          # paragraphs separated by blank lines; else PDF style
    indent: str                # first-line indent in PDF style ("" for none)
    width: int                 # line width, characters
    page_lines: int            # lines per page
    first_page: int            # number of the first page
    number_format: str         # page number line, "{}" standing for the number
    number_at_foot: bool       # page number as a footer (else under the running head)
    break_gap: float           # chance of blank lines around the furniture at a page break
    hyphen_rate: float         # chance that a line ends in a split word when one can be split
    ocr_rate: float            # share of words misread
    drop_cap: bool             # the text's first letter lost
    opening_capitals: bool     # the text opens with lead-in capitals
    encoding: bool             # mojibake, soft hyphens, zero-width and non-breaking spaces
    masthead: bool
    comments: bool


@dataclass
class Essay:
    """One essay being damaged: its paragraphs, style and random source, the lines laid out, the log."""
    paragraphs: list[Paragraph]
    style: Style
    rng: random.Random
    lines: list[Line] = field(default_factory=list)
    injected: list[Injection] = field(default_factory=list)

    @property
    def size(self) -> int:
        """Number of words in the clean text."""
        return sum(len(p.tokens) for p in self.paragraphs)

    def log(self, kind: str, at: int | None, detail: str, lines: Sequence[str] = ()) -> None:
        """Record one injection; inserted lines are kept as their normalised words."""
        self.injected.append(Injection(kind, at, detail, words("\n".join(lines))))


NUMBERED = re.compile(r"^(?:[IVXLC]+\.?|Part [IVXLC]+|\d+\.)(?:\s|$)")


def paragraph_role(index: int, text: str) -> str:
    """What a paragraph of the clean text is: title, author, note, separator, heading or body."""
    if index < 2:
        return ("title", "author")[index]
    if re.match(r"\[\d+\]", text):
        return "note"
    if not any(c.isalnum() for c in text):
        return "separator"
    words_ = text.split()
    if len(words_) <= 15:
        capitalised = [w[0].isupper() for w in words_ if len(w) >= 4]
        if NUMBERED.match(text) or not text.endswith((".", ",", ";", ":", "!", "?", "”", '"', "’")):
            return "heading"
        if text.endswith("?") and sum(capitalised) >= 0.6 * len(capitalised):
            return "heading"
    return "body"


def read_essay(path: Path, style: Style, rng: random.Random) -> Essay:
    """The clean essay as paragraphs of tokens numbered in reading order."""
    paragraphs, index = [], 0
    for number, text in enumerate(clean_paragraphs(path.read_text(encoding="utf-8"))):
        tokens = [Token(word, index + i) for i, word in enumerate(text.split())]
        paragraphs.append(Paragraph(paragraph_role(number, text), text, tokens))
        index += len(tokens)
    return Essay(paragraphs, style, rng)


def clean_paragraphs(text: str) -> list[str]:
    """The paragraphs of a text in the source format: blocks between blank lines, lines joined."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return [" ".join(block.split()) for block in blocks if block.strip()]


def choose_styles(names: list[str], seed: int) -> dict[str, Style]:
    """Decide each file's layout and damage: PDF style for half, encoding and boilerplate for two each."""
    rng = random.Random(seed)
    shuffled = rng.sample(names, len(names))
    pdf_style = shuffled[: len(names) // 2]
    flush = pdf_style[:1]
    encoding = rng.sample(names, min(2, len(names)))
    web_pages = rng.sample(names, min(2, len(names)))
    # (masthead, comment form): both for one web page, one of them for the other
    boilerplate = dict(zip(web_pages, [(True, True), rng.choice([(True, False), (False, True)])]))
    styles = {}
    for name in names:
        file_rng = random.Random(f"{seed}/{name}/style")
        blank_lines = name not in pdf_style
        masthead, comments = boilerplate.get(name, (False, False))
        styles[name] = Style(
            blank_lines=blank_lines,
            indent="" if blank_lines or name in flush else " " * file_rng.randint(2, 5),
            width=file_rng.randint(60, 75),
            page_lines=file_rng.randint(36, 44),
            first_page=file_rng.randint(1, 240),
            number_format=file_rng.choice(["{}", "- {} -", "Page {}"]),
            number_at_foot=file_rng.random() < 0.5,
            break_gap=file_rng.uniform(0.3, 1.0) if blank_lines else file_rng.choice([0.0, 0.0, 0.4]),
            hyphen_rate=file_rng.uniform(0.2, 0.5),
            ocr_rate=file_rng.uniform(0.01, 0.02),
            drop_cap=file_rng.random() < 0.6,
            opening_capitals=file_rng.random() < 0.75,
            encoding=name in encoding,
            masthead=masthead,
            comments=comments,
        )
    return styles


# ---------------------------------------------------------- damage to words

def affixes(word: str) -> tuple[str, str, str]:
    """A word split into leading punctuation, core and trailing punctuation: "“revolution,”"."""
    match = re.match(r"^(\W*)(.*?)(\W*)$", word)
    return match[1], match[2], match[3]


def letter_count(word: str) -> int:
    """How many letters a word has."""
    return sum(c.isalpha() for c in word)


VOWELS = set("aeiouyAEIOUY")
DIGRAPHS = {"th", "ch", "sh", "ph", "wh", "gh", "ck", "qu", "gu"}


def syllable_points(core: str) -> list[int]:
    """Syllable-ish places to split a word, at least 2 letters before and 3 after: V|CV and VC|CV."""
    points = []
    for p in range(2, len(core) - 2):
        before, here, after = core[p - 1], core[p], core[p + 1]
        if here in VOWELS or after not in VOWELS:
            continue
        if before in VOWELS:
            points.append(p)
        elif core[p - 2] in VOWELS and (before + here).lower() not in DIGRAPHS:
            points.append(p)
    return points


def lead_in_capitals(essay: Essay) -> None:
    """Set the first 1-5 words of the text, and of a few sections, in capitals: "SELDOM does history".

    A section is a paragraph after a heading or a separator line.
    """
    rng, body = essay.rng, [i for i, p in enumerate(essay.paragraphs) if p.role == "body"]
    sections = [i for i in body[1:] if essay.paragraphs[i - 1].role in ("heading", "separator")]
    starts = rng.sample(sections, min(len(sections), rng.randint(1, 3)))
    if essay.style.opening_capitals and body:
        starts.append(body[0])
    for i in starts:
        for token in essay.paragraphs[i].tokens[: rng.randint(1, 5)]:
            if token.text.upper() != token.text:
                essay.log("lead_in", token.index, f"{token.text} → {token.text.upper()}")
                token.text = token.text.upper()


LOOKALIKE = {"e": "cr", "h": "b", "a": "no", "o": "ce", "n": "u", "r": "t", "i": "l", "u": "n", "s": "a",
             "E": "F", "H": "B", "A": "N", "O": "C", "N": "H", "R": "K", "I": "l", "U": "V", "S": "5"}


def lost_drop_cap(essay: Essay) -> None:
    """Lose the drop cap of the text's first word ("The" → "he"), sometimes misreading the next letter
    ("hr")."""
    body = [p for p in essay.paragraphs if p.role == "body"]
    if not essay.style.drop_cap or not body:
        return
    token = body[0].tokens[0]
    if len(token.text) < 2 or not token.text[:2].isalpha():
        return
    damaged = token.text[1:]
    if len(damaged) >= 2 and damaged[0] in LOOKALIKE and essay.rng.random() < 0.35:
        damaged = essay.rng.choice(LOOKALIKE[damaged[0]]) + damaged[1:]
    essay.log("drop_cap", token.index, f"{token.text} → {damaged}")
    token.text = damaged


OCR_CONFUSIONS = [  # (what is printed, what is read, weight)
    ("rn", "m", 3), ("m", "rn", 3), ("cl", "d", 2), ("d", "cl", 2), ("li", "h", 2), ("h", "li", 1),
    ("l", "I", 2), ("l", "1", 2), ("I", "l", 2), ("O", "0", 1), ("e", "c", 3), ("c", "e", 2),
    ("h", "b", 2), ("u", "n", 2), ("n", "u", 2), ("u", "ii", 1), ("w", "vv", 1), ("fi", "ﬁ", 2),
    ("fl", "ﬂ", 1), ("s", "5", 0.5),
]


def misread(word: str, rng: random.Random) -> str:
    """One OCR misreading of a word: a confusion from OCR_CONFUSIONS, or a letter dropped or doubled."""
    letters = [i for i, c in enumerate(word) if c.isalpha()]
    options = [(weight, printed, read) for printed, read, weight in OCR_CONFUSIONS if printed in word]
    options += [(1, "drop", ""), (0.5, "double", "")]
    _, printed, read = rng.choices(options, weights=[o[0] for o in options])[0]
    if printed == "drop":
        i = rng.choice(letters)
        return word[:i] + word[i + 1:]
    if printed == "double":
        i = rng.choice(letters)
        return word[:i] + word[i] + word[i:]
    places = [m.start() for m in re.finditer(re.escape(printed), word)]
    i = rng.choice(places)
    return word[:i] + read + word[i + len(printed):]


def ocr_errors(essay: Essay) -> None:
    """Misread 1-2 % of the words (only words of 3 or more letters), as OCR of a scan does."""
    rng = essay.rng
    tokens = [t for p in essay.paragraphs for t in p.tokens]
    eligible = [t for t in tokens if letter_count(t.text) >= 3]
    count = min(len(eligible), round(essay.style.ocr_rate * len(tokens)))
    for token in rng.sample(eligible, count):
        damaged = misread(token.text, rng)
        essay.log("ocr", token.index, f"{token.text} → {damaged}")
        token.text = damaged


CP1252 = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]


def mojibake(essay: Essay) -> None:
    """In some paragraphs, decode the UTF-8 text as cp1252 ("’" → "â€™"), as on a mislabelled web page."""
    if not essay.style.encoding:
        return
    candidates = [p for p in essay.paragraphs if any(ord(c) > 127 for t in p.tokens for c in t.text)]
    chosen = essay.rng.sample(candidates, max(1, len(candidates) // 4)) if candidates else []
    for paragraph in chosen:
        for token in paragraph.tokens:
            damaged = "".join(CP1252[b] for b in token.text.encode("utf-8"))
            if damaged != token.text:
                essay.log("mojibake", token.index, f"{token.text} → {damaged}")
                token.text = damaged


def soft_hyphens(essay: Essay) -> None:
    """Put soft hyphens (U+00AD) inside some long words, at a syllable, as copied web text has them."""
    if not essay.style.encoding:
        return
    rng = essay.rng
    long_words = [t for p in essay.paragraphs for t in p.tokens if syllable_points(affixes(t.text)[1])]
    for token in rng.sample(long_words, min(len(long_words), rng.randint(8, 15))):
        lead, core, trail = affixes(token.text)
        point = rng.choice(syllable_points(core))
        damaged = lead + core[:point] + "\u00ad" + core[point:] + trail
        essay.log("soft_hyphen", token.index, f"{token.text} → {damaged!r}")
        token.text = damaged


def zero_width_spaces(essay: Essay) -> None:
    """Put a few zero-width spaces (U+200B) inside words."""
    if not essay.style.encoding:
        return
    rng = essay.rng
    words_ = [t for p in essay.paragraphs for t in p.tokens if letter_count(t.text) >= 4]
    for token in rng.sample(words_, min(len(words_), rng.randint(3, 6))):
        point = rng.randrange(1, len(token.text))
        damaged = token.text[:point] + "\u200b" + token.text[point:]
        essay.log("zero_width_space", token.index, f"{token.text} → {damaged!r}")
        token.text = damaged


# --------------------------------------------------------- damage to layout

def line_end_split(token: Token, room: int, essay: Essay) -> tuple[Token, Token] | None:
    """Split a word at a line end so that its head and a hyphen fit in `room` characters, or None.

    A compound splits at its own hyphen ("co-" / "operative", the hyphen to be
    kept) most times it can; another word of 6 letters or more at a syllable
    ("revolu-" / "tion") at the style's hyphenation rate.
    """
    lead, core, _ = affixes(token.text)
    if re.fullmatch(r"[^\W\d_]+(?:-[^\W\d_]+)+", core):
        kind, chance = "compound", 0.8
        cuts = [len(lead) + m.end() for m in re.finditer("-", core) if len(lead) + m.end() <= room]
        mark = ""
    else:
        kind, chance = "hyphenation", essay.style.hyphen_rate
        points = syllable_points(core) if core.isalpha() and len(core) >= 6 else []
        cuts = [len(lead) + p for p in points if len(lead) + p + 1 <= room]
        mark = "-"
    if not cuts or essay.rng.random() >= chance:
        return None
    cut = max(cuts)
    head, tail = token.text[:cut] + mark, token.text[cut:]
    essay.log(kind, token.index, f"{head} / {tail}")
    return Token(head, token.index), Token(tail, token.index)


def wrap(tokens: list[Token], width: int, first_indent: str = "", split=lambda token, room: None
         ) -> list[tuple[str, int]]:
    """Greedy-wrap words to `width` characters; `split(token, room)` may split a word at a line end.

    Returns each line's text and the clean index of its first word.
    """
    lines, pending = [], list(reversed(tokens))
    line, used = [], len(first_indent)
    while pending:
        token = pending.pop()
        if not line or used + 1 + len(token.text) <= width:
            used += len(token.text) + (1 if line else 0)
            line.append(token)
            continue
        halves = split(token, width - used - 1)
        if halves:
            line.append(halves[0])
            token = halves[1]
        pending.append(token)
        lines.append(line)
        line, used = [], 0
    lines.append(line)
    return [((first_indent if n == 0 else "") + " ".join(t.text for t in words_), words_[0].index)
            for n, words_ in enumerate(lines)]


def hard_wrap(essay: Essay) -> None:
    """Lay the paragraphs out as wrapped lines: blank lines between them, or (PDF style) none and an indent.

    In PDF style, as in books, a paragraph after a heading, a separator or the
    title is not indented.
    """
    style, lines = essay.style, essay.lines
    for number, paragraph in enumerate(essay.paragraphs):
        if style.blank_lines and number:
            lines.append(Line("", "blank"))
        follows_text = number and essay.paragraphs[number - 1].role in ("body", "note")
        indent = style.indent if paragraph.role in ("body", "note") and follows_text else ""
        for text, start in wrap(paragraph.tokens, style.width, indent,
                                lambda token, room: line_end_split(token, room, essay)):
            lines.append(Line(text, "text", start, number))


def insertion_slots(essay: Essay) -> list[int]:
    """Line indexes inside body paragraphs after which a block can be inserted between the halves."""
    lines, paragraphs = essay.lines, essay.paragraphs
    return [i for i in range(len(lines) - 1)
            if lines[i].kind == lines[i + 1].kind == "text" and lines[i].paragraph == lines[i + 1].paragraph
            and paragraphs[lines[i].paragraph].role == "body"]


def insert_between_halves(essay: Essay, after: int, block: list[str], kind: str) -> None:
    """Insert lines after line `after`, inside a paragraph; with blank lines around them in blank-line files."""
    new = [Line(text, "junk") for text in block]
    if essay.style.blank_lines:
        new = [Line("", "blank"), *new, Line("", "blank")]
    essay.log(kind, essay.lines[after + 1].start, " / ".join(block), block)
    essay.lines[after + 1:after + 1] = new


SENTENCE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"]))\s+(?=[“\"A-Z])")
ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Messrs|Dr|St|Mme|[A-Z])\.$")  # a sentence cut after one is not one
CLAUSE = re.compile(r"[;:,]\s+|\s+—\s+")


def quotable(texts: list[str]) -> list[str]:
    """Sentences of 8-20 words in some paragraphs or, if there are none, clauses of that length."""
    sentences = [s for text in texts for s in SENTENCE.split(text) if not ABBREVIATION.search(s)]
    found = [s for s in sentences if 8 <= len(s.split()) <= 20]
    clauses = [c for s in sentences if len(s.split()) > 20 for c in CLAUSE.split(s)]
    return found or [c.rstrip(",;:") for c in clauses if 8 <= len(c.split()) <= 20]


def pull_quotes(essay: Essay) -> None:
    """Insert, in 0-2 places, a pull-quote between the halves of a paragraph: a sentence (or clause) of 8-20
    words of the clean text of a paragraph at least two away, wrapped narrow, sometimes in quotation marks."""
    rng = essay.rng
    for _ in range(rng.choice([0, 1, 1, 2])):
        slots = insertion_slots(essay)
        if not slots:
            return
        after = rng.choice(slots)
        host = essay.lines[after].paragraph
        elsewhere = [p.text for i, p in enumerate(essay.paragraphs) if p.role == "body" and abs(i - host) >= 2]
        quotes = quotable(elsewhere)
        if not quotes:
            return
        quote = rng.choice(quotes)
        if rng.random() < 0.5:
            quote = f"“{quote}”"
        block = [text for text, _ in wrap([Token(w, -1) for w in quote.split()], rng.randint(30, 45))]
        insert_between_halves(essay, after, block, "pull_quote")


CAPTIONS = [
    "Workers at the Putilov factory, Petrograd, 1917",
    "Photo: Peter Kropotkin in London",
    "Barricade in the rue de Rivoli, Paris, May 1871",
    "Peter Kropotkin, about 1900",
    "Dockers on strike, London, 1889",
    "Clairvaux prison, where Kropotkin was held from 1883 to 1886",
    "Illustration: the Peter and Paul Fortress, St Petersburg",
    "Photo: the offices of Freedom Press, Whitechapel",
    "Troops of Versailles entering Paris, 21 May 1871",
    "Strikers at the Le Creusot works, 1899",
    "A meeting of the Jura Federation, Sonvilier",
]


def captions(essay: Essay) -> None:
    """Insert, in 0-2 places, a photo caption (short, no full stop) between the halves of a paragraph."""
    rng = essay.rng
    for _ in range(rng.choice([0, 0, 1, 2])):
        slots = insertion_slots(essay)
        if slots:
            insert_between_halves(essay, rng.choice(slots), [rng.choice(CAPTIONS)], "caption")


def page_furniture(essay: Essay, page: int, top: bool) -> list[str]:
    """The furniture lines at the top or bottom of a page: running head (title in capitals on even pages,
    author on odd), page number at the head or the foot."""
    style = essay.style
    number = style.number_format.format(style.first_page + page)
    if not top:
        return [number] if style.number_at_foot else []
    title, author = essay.paragraphs[0].text, essay.paragraphs[min(1, len(essay.paragraphs) - 1)].text
    head = title.upper() if (style.first_page + page) % 2 == 0 else author
    return [head] if style.number_at_foot else [head, number]


def pages(essay: Essay) -> None:
    """Cut the lines into pages of the style's length, with page furniture at each break and at the end
    (the first page, the text's opening, has no running head).

    Breaks fall wherever the page is full, so mostly inside paragraphs; at some
    breaks blank lines surround the furniture, so the halves look like two paragraphs.
    """
    style, rng, lines = essay.style, essay.rng, essay.lines
    chunks = [lines[i:i + style.page_lines] for i in range(0, len(lines), style.page_lines)]
    laid_out = list(chunks[0])
    for page in range(1, len(chunks)):
        furniture = page_furniture(essay, page - 1, top=False) + page_furniture(essay, page, top=True)
        starts = [line.start for line in chunks[page] if line.start is not None]
        essay.log("furniture", starts[0] if starts else essay.size, " / ".join(furniture), furniture)
        block = [Line(text, "junk") for text in furniture]
        if rng.random() < style.break_gap:
            block = [Line("", "blank"), *block, Line("", "blank")]
        laid_out += block + chunks[page]
    footer = page_furniture(essay, len(chunks) - 1, top=False)
    if footer:
        essay.log("furniture", essay.size, footer[0], footer)
        spacer = [Line("", "blank")] if style.blank_lines else []
        laid_out += spacer + [Line(text, "junk") for text in footer]
    essay.lines = laid_out


def non_breaking_spaces(essay: Essay) -> None:
    """Replace a few spaces between words with non-breaking spaces (U+00A0)."""
    if not essay.style.encoding:
        return
    rng = essay.rng
    text_lines = [line for line in essay.lines if line.kind == "text" and " " in line.text.strip()]
    for line in rng.sample(text_lines, min(len(text_lines), rng.randint(5, 15))):
        indent = len(line.text) - len(line.text.lstrip())
        spaces = [i for i, c in enumerate(line.text) if c == " " and i >= indent]
        i = rng.choice(spaces)
        line.text = line.text[:i] + "\u00a0" + line.text[i + 1:]
        essay.log("nbsp", None, line.text)


MASTHEADS = [
    ["THE ANARCHIST LIBRARY", "Anti-Copyright", "Home | Texts | Authors | Topics | Random | Search"],
    ["FREEDOM", "A Journal of Anarchist Communism", "Vol. XXVI. — No. 281. LONDON, 1912. ONE PENNY"],
]
COMMENT_FORM = [
    "Leave a comment", "Your email address will not be published. Required fields are marked *",
    "Comment *", "Name *", "Email *", "Website", "Post Comment", "Share this:", "Facebook", "Twitter",
    "Email", "Print", "Like this:", "Like Loading...", "Related",
]


def boilerplate(essay: Essay) -> None:
    """Add a web page's masthead before the text and/or its comment form after it."""
    spacer = [Line("", "blank")] if essay.style.blank_lines else []
    if essay.style.masthead:
        masthead = essay.rng.choice(MASTHEADS)
        essay.log("masthead", 0, " / ".join(masthead), masthead)
        essay.lines[:0] = [Line(text, "junk") for text in masthead] + spacer
    if essay.style.comments:
        essay.log("comment_form", essay.size, " / ".join(COMMENT_FORM), COMMENT_FORM)
        for text in COMMENT_FORM:
            essay.lines += spacer + [Line(text, "junk")]


DAMAGE = [  # in order: words first, then the layout they are set in
    lead_in_capitals, lost_drop_cap, ocr_errors, mojibake, soft_hyphens, zero_width_spaces,
    hard_wrap, pull_quotes, captions, pages, non_breaking_spaces, boilerplate,
]


def damage(path: Path, style: Style, seed: int) -> tuple[str, list[Injection]]:
    """The damaged text of a clean essay, and the log of every injection."""
    essay = read_essay(path, style, random.Random(f"{seed}/{path.stem}"))
    for step in DAMAGE:
        step(essay)
    return "\n".join(line.text for line in essay.lines) + "\n", essay.injected


# ------------------------------------------------------------------ figures

TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'",
                            "“": '"', "”": '"', "„": '"', "‟": '"', "…": "..."})
DASHES = re.compile(r"[-‐‑‒–—―]+")
ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def normalise(text: str) -> str:
    """Undo typography: straight quotes, one "-" for any run of dashes, "..." for "…", plain spaces."""
    return ODD_SPACES.sub(" ", DASHES.sub("-", text.translate(TYPOGRAPHY)))


def paragraphs(text: str) -> list[list[str]]:
    """The normalised words of each paragraph (blocks between blank lines) of a text."""
    blocks = (block.split() for block in re.split(r"\n\s*\n", normalise(text)))
    return [block for block in blocks if block]


def words(text: str) -> list[str]:
    """The normalised words of a text."""
    return normalise(text).split()


def paragraph_starts(text: str) -> list[int]:
    """Word positions where the text's paragraphs begin, all but the first."""
    starts, position = [], 0
    for block in paragraphs(text):
        starts.append(position)
        position += len(block)
    return starts[1:]


@dataclass
class Alignment:
    """A text aligned to the clean one.

    wrong: per clean word, whether it is not matched; inserted: the text's
    words that stand for no clean word (case-folded, counted); to_clean: per
    word of the text, the clean position it stands for (an inserted word: the
    next clean word); substitutes: per clean word substituted, the text's word
    in its place; stretches: unmatched words of the text with the range of
    clean gaps they touch.
    """
    wrong: list[bool]
    inserted: Counter[str]
    to_clean: list[int]
    substitutes: dict[int, str]
    stretches: list[tuple[int, int, frozenset[str]]]

    @property
    def errors(self) -> int:
        """Substitutions, deletions and insertions."""
        return sum(self.wrong) + self.inserted.total()

    def unmatched_within(self, first: int, last: int, tokens: list[str]) -> bool:
        """Whether at least half of `tokens` (distinct, ignoring case) are among the unmatched words
        of the stretches that touch clean gaps `first` to `last`."""
        unmatched = set().union(*(w for i1, i2, w in self.stretches if i1 <= last and i2 >= first))
        wanted = {token.casefold() for token in tokens}
        return 2 * len(wanted & unmatched) >= len(wanted)


def align(clean: list[str], text: list[str]) -> Alignment:
    """Align a text's words to the clean words (difflib.SequenceMatcher, autojunk off).

    Within a stretch where they differ, `pair_words` decides which words are
    substitutions and where the surplus words are inserted or deleted.
    """
    wrong, inserted, to_clean, substitutes, stretches = [True] * len(clean), Counter(), [0] * len(text), {}, []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, clean, text, autojunk=False).get_opcodes():
        if op == "equal":
            wrong[i1:i2] = [False] * (i2 - i1)
            to_clean[j1:j2] = range(i1, i2)
            continue
        stretches.append((i1, i2, frozenset(word.casefold() for word in text[j1:j2])))
        following = i1  # the clean word after the last one paired or deleted
        for i, j in pair_words(clean[i1:i2], text[j1:j2]):
            if i is not None:
                following = i1 + i + 1
            if i is not None and j is not None:
                substitutes[i1 + i] = text[j1 + j]
            if j is not None:
                to_clean[j1 + j] = i1 + i if i is not None else following
            if i is None:
                inserted[text[j1 + j].casefold()] += 1
    return Alignment(wrong, inserted, to_clean, substitutes, stretches)


def similarity(a: str, b: str) -> float:
    """How alike two words are, ignoring case (difflib's ratio)."""
    return SequenceMatcher(None, a.lower(), b.lower()).ratio()


def pair_words(a: list[str], b: list[str]) -> list[tuple[int | None, int | None]]:
    """A monotone pairing of two stretches of different words, as (index in a, index in b) steps.

    Every word of the shorter stretch is paired with one of the longer, so that
    the pairs are as alike as possible ("deprived" with "cleprived", not with a
    pull-quote's word beside it); the longer stretch's other words are left
    unpaired (None on the other side). Long stretches are paired in order.
    """
    if len(a) > len(b):
        return [(i, j) for j, i in pair_words(b, a)]
    n, m = len(a), len(b)
    if n * m > 20_000:
        paired = set(range(n))
    else:
        # best[i][j]: the most alike pairing of a[:i] within b[:j]; took[i][j]: whether it pairs a[i-1], b[j-1]
        best = [[0.0] * (m + 1)] + [[float("-inf")] * (m + 1) for _ in range(n)]
        took = [[False] * (m + 1) for _ in range(n + 1)]
        for i in range(1, n + 1):
            for j in range(i, m + 1):
                pairing = best[i - 1][j - 1] + similarity(a[i - 1], b[j - 1])
                took[i][j] = pairing >= best[i][j - 1]
                best[i][j] = pairing if took[i][j] else best[i][j - 1]
        paired, i = set(), n
        for j in range(m, 0, -1):
            if i and took[i][j]:
                paired.add(j - 1)
                i -= 1
    steps, i = [], 0
    for j in range(m):
        steps.append((i if j in paired else None, j))
        i += j in paired
    return steps


def boundaries(clean_text: str, text: str, alignment: Alignment) -> dict[str, int]:
    """Paragraph boundaries of a text against the clean one: hits, found (the text's), expected (clean)."""
    expected = set(paragraph_starts(clean_text))
    found = [alignment.to_clean[j] for j in paragraph_starts(text)]
    return {"hits": len(expected.intersection(found)), "found": len(found), "expected": len(expected)}


def score(clean_text: str, damaged_text: str, cleaned_text: str, injected: list[Injection]) -> dict:
    """The counts for one file (see the module's docstring), the counts per kind of damage, and the words
    broken ("clean → cleaned", "∅" for a word deleted); `rates` makes the rates from the counts."""
    clean = words(clean_text)
    before, after = align(clean, words(damaged_text)), align(clean, words(cleaned_text))
    still_inserted = (before.inserted & after.inserted).total()
    remaining = sum(b and a for b, a in zip(before.wrong, after.wrong)) + still_inserted
    bounds_before = boundaries(clean_text, damaged_text, before)
    bounds_after = boundaries(clean_text, cleaned_text, after)
    broken = [i for i, (b, a) in enumerate(zip(before.wrong, after.wrong)) if a and not b]
    counts = {
        "words": len(clean),
        "errors_before": before.errors,
        "errors_after": after.errors,
        "fixed": before.errors - remaining,
        "correct_before": len(clean) - sum(before.wrong),
        "broken": len(broken),
        "added": after.inserted.total() - still_inserted,
        "boundaries": bounds_after["expected"],
        "hits_before": bounds_before["hits"], "found_before": bounds_before["found"],
        "hits": bounds_after["hits"], "found": bounds_after["found"],
    }
    return {"counts": counts, "kinds": kind_counts(injected, paragraph_starts(clean_text), before, after),
            "broken_words": [f"{clean[i]} → {after.substitutes.get(i, '∅')}" for i in broken]}


def kind_counts(injected: list[Injection], starts: list[int], before: Alignment,
                after: Alignment) -> dict[str, dict[str, int]]:
    """Per kind of damage: injections, those that damaged words, and those still wrong after cleaning.

    A damaged word is still wrong when it is unmatched in the cleaned text;
    inserted lines when half their words are still among the unmatched words
    of the clean paragraph they were inserted in (`starts`: where the clean
    paragraphs begin, all but the first), wherever the engine moved them in it.
    """
    counts: dict[str, dict[str, int]] = {}
    edges = [0, *starts, len(before.wrong)]
    for item in injected:
        entry = counts.setdefault(item.kind, {"injected": 0, "damaging": 0, "left": 0})
        entry["injected"] += 1
        if item.tokens:
            paragraph = min(bisect_right(edges, item.at), len(edges) - 1) - 1
            first, last = edges[paragraph], edges[paragraph + 1]
            hurt = before.unmatched_within(first, last, item.tokens)
            left = after.unmatched_within(first, last, item.tokens)
        elif item.at is not None:
            hurt, left = before.wrong[item.at], after.wrong[item.at]
        else:
            continue
        entry["damaging"] += hurt
        entry["left"] += hurt and left
    return counts


def rates(counts: dict[str, int]) -> dict[str, float | None]:
    """The rates the targets are about, from a file's (or the total's) counts; None where undefined."""
    def ratio(a: int, b: int, scale: float = 1.0) -> float | None:
        return a / b * scale if b else None
    return {
        "fixed": ratio(counts["fixed"], counts["errors_before"]),
        "broken_per_1000": ratio(counts["broken"], counts["correct_before"], 1000),
        "precision": ratio(counts["hits"], counts["found"]),
        "recall": ratio(counts["hits"], counts["boundaries"]),
        "precision_before": ratio(counts["hits_before"], counts["found_before"]),
        "recall_before": ratio(counts["hits_before"], counts["boundaries"]),
    }


# ------------------------------------------------------------------ running

def run_engine(command: list[str], path: Path, timeout: float) -> tuple[str, str | None]:
    """The engine's output for one damaged file, and an error message if it failed."""
    try:
        result = subprocess.run([*command, str(path)], cwd=ROOT, capture_output=True, encoding="utf-8",
                                errors="replace", timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as error:
        return "", str(error)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or [""])[-1]
        return "", f"exit {result.returncode}: {last}"
    return result.stdout, None


def evaluate(path: Path, style: Style, args: argparse.Namespace, folder: Path) -> dict:
    """Damage one essay, clean it with the engine, and score it."""
    clean_text = path.read_text(encoding="utf-8")
    damaged_text, injected = damage(path, style, args.seed)
    damaged_file = folder / f"{path.stem}.damaged.txt"
    damaged_file.write_text(damaged_text, encoding="utf-8")
    cleaned_text, error = run_engine(args.engine_cmd, damaged_file, args.timeout)
    if args.keep:
        (folder / f"{path.stem}.cleaned.txt").write_text(cleaned_text, encoding="utf-8")
        (folder / f"{path.stem}.injected.json").write_text(
            json.dumps([asdict(item) for item in injected], ensure_ascii=False, indent=1), encoding="utf-8")
    return {**score(clean_text, damaged_text, cleaned_text, injected), "style": asdict(style), "error": error}


def add_up(dicts: list[dict[str, int]]) -> dict[str, int]:
    """Key-wise sums of count dictionaries."""
    total: dict[str, int] = {}
    for counts in dicts:
        for key, value in counts.items():
            total[key] = total.get(key, 0) + value
    return total


def percent(value: float | None) -> str:
    """A rate as a percentage, or "-" when undefined."""
    return "-" if value is None else f"{100 * value:.1f}%"


def print_report(results: dict[str, dict], total: dict[str, int], kinds: dict[str, dict[str, int]]) -> bool:
    """Print the per-file table, the totals, the kinds of damage and the targets; return whether all are met."""
    width = max(len(name) for name in [*results, "total"])
    header = (f"{'file':<{width}}  {'words':>6} {'before':>7} {'after':>6} {'fixed':>7} {'broken':>6} "
              f"{'‰':>5} {'added':>5}  {'para P':>7} {'para R':>7}  (damaged P/R)")
    print(header)
    print("-" * len(header))
    for name, counts in [*((n, r["counts"]) for n, r in results.items()), ("total", total)]:
        if name == "total":
            print("-" * len(header))
        r = rates(counts)
        per_mille = "-" if r["broken_per_1000"] is None else f"{r['broken_per_1000']:.2f}"
        print(f"{name:<{width}}  {counts['words']:>6} {counts['errors_before']:>7} {counts['errors_after']:>6} "
              f"{percent(r['fixed']):>7} {counts['broken']:>6} {per_mille:>5} {counts['added']:>5}  "
              f"{percent(r['precision']):>7} {percent(r['recall']):>7}  "
              f"({percent(r['precision_before'])} / {percent(r['recall_before'])})")
    for name, result in results.items():
        if result["error"]:
            print(f"engine failed on {name}: {result['error']}")

    print(f"\n{'kind of damage':<18} {'injected':>8} {'damaging':>8} {'left':>6} {'repaired':>8}")
    for kind, c in sorted(kinds.items()):
        repaired = percent(1 - c["left"] / c["damaging"]) if c["damaging"] else "-"
        print(f"{kind:<18} {c['injected']:>8} {c['damaging']:>8} {c['left']:>6} {repaired:>8}")

    r = rates(total)
    met = targets_met(r)
    print("\ntargets")
    for key, label, value, target in [
        ("fixed", "word errors fixed", percent(r["fixed"]), "≥ 90%"),
        ("broken_per_1000", "correct words broken", f"{r['broken_per_1000'] or 0:.2f} per 1,000",
         "≤ 1 per 1,000"),
        ("precision", "paragraph boundary precision", percent(r["precision"]), "≥ 98%"),
        ("recall", "paragraph boundary recall", percent(r["recall"]), "≥ 98%"),
    ]:
        print(f"  {label:<30} {value:>18}  (target {target}): {'met' if met[key] else 'NOT met'}")
    return all(met.values())


def targets_met(r: dict[str, float | None]) -> dict[str, bool]:
    """Whether each target is met by the total's rates (an undefined rate meets none)."""
    return {key: r[key] is not None and (r[key] <= target if key == "broken_per_1000" else r[key] >= target)
            for key, target in TARGETS.items()}


def print_ocr_report() -> None:
    """The figures on real OCR with human corrections (bench/ocr_quality.py), if the set is beside the project."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import ocr_quality

    if not ocr_quality.DEV.is_dir():
        return
    print("\nreal OCR (bench/ocr_quality.py: word errors removed, correct words broken per 1,000)")
    print("  " + ocr_quality.report("whole engine", ocr_quality.run(ocr_quality.DEV)))
    print("  " + ocr_quality.report("correct_ocr_words", ocr_quality.run(ocr_quality.DEV, by_pass="correct_ocr_words")))
    print("  reference: overProof 47.7% / 8.5 per 1,000; targets >= 50% removed, <= 2 per 1,000 broken")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, metavar="DIR",
                        help=f"folder of clean essays, *.txt (default: {CORPUS})")
    parser.add_argument("--seed", type=int, default=1, help="seed of the damage (default: 1)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures to FILE as JSON")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep the damaged and cleaned files and the injection logs in DIR")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="files damaged, cleaned and scored at once (default: the number of CPUs)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds allowed per engine run")
    parser.add_argument("--engine-cmd", type=shlex.split, default=ENGINE, help=argparse.SUPPRESS)
    parser.add_argument("--no-ocr", action="store_true",
                        help="skip the figures on real OCR (bench/ocr_quality.py on /work/shared/ocr-dev/smh)")
    args = parser.parse_args()

    paths = sorted(args.corpus.glob("*.txt"))
    if not paths:
        parser.error(f"no *.txt files in {args.corpus}")
    styles = choose_styles([p.stem for p in paths], args.seed)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            outcomes = pool.map(lambda p: evaluate(p, styles[p.stem], args, folder), paths)
            results = dict(zip((p.stem for p in paths), outcomes))
    total = add_up([r["counts"] for r in results.values()])
    kinds: dict[str, dict[str, int]] = {}
    for result in results.values():
        for kind, counts in result["kinds"].items():
            kinds[kind] = add_up([kinds.get(kind, {}), counts])

    print(f"engine: {shlex.join(args.engine_cmd)}   seed {args.seed}   "
          f"{len(paths)} files   {time.perf_counter() - started:.1f} s\n")
    met = print_report(results, total, kinds)
    if not args.no_ocr and args.engine_cmd == ENGINE:
        print_ocr_report()
    if args.json:
        figures = {"seed": args.seed, "engine": args.engine_cmd, "targets": TARGETS, "targets_met": met,
                   "total": {**total, **rates(total)}, "kinds": kinds,
                   "files": {name: {**r["counts"], **rates(r["counts"]), "kinds": r["kinds"],
                                    "broken_words": r["broken_words"], "style": r["style"], "error": r["error"]}
                             for name, r in results.items()}}
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 1 if any(r["error"] for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
