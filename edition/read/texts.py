"""Read raw texts into the document model.

The source format is plain text as extracted: paragraphs separated by blank
lines (a paragraph may be hard-wrapped over several lines), ``*italic*`` and
``**bold**``, list items beginning ``- ``.  Every character is text: ``<`` or
``&`` never become markup, because the model holds strings and the templates
escape them.

The manifest may take a range of lines from a file (``start``/``end``), leave
lines out (``omit``) and name lines that are headings (``headings``); lines
are given by number or by their exact text.  Raw files are never rewritten.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from pathlib import Path

from edition.model.changes import Change
from edition.manifest.load import Manifest, TextSpec, text_id
from edition.messages import BadInput, Message, message
from edition.model.nodes import Edition, Emph, Metadata, Part, PrintSettings, Str, Strong, Text

#: where ``**bold**`` and ``*italic*`` may open and close (the spans are paired in _spans, in linear time:
#: a lazy regex ``\*(.+?)\*`` would scan to the end of the text from every unclosed star)
_STRONG_OPEN = re.compile(r"(?=\*\*\S)")
_STRONG_CLOSE = re.compile(r"(?<=\S)(?=\*\*(?!\*))")
_EMPH_OPEN = re.compile(r"(?<![*\w])(?=\*[^\s*])")
_EMPH_CLOSE = re.compile(r"(?<=[^\s*])(?=\*(?![*\w]))")
#: Project Gutenberg's ``_italic_``: the same rules, with '_' for '*' ('_' is a word character: snake_case stays)
_UNDER_OPEN = re.compile(r"(?<!\w)(?=_[^\s_])")
_UNDER_CLOSE = re.compile(r"(?<=[^\s_])(?=_(?!\w))")


def parse_inlines(text: str) -> list:
    """'a *b* **c**' → [Str('a '), Emph([Str('b')]), Str(' '), Strong([Str('c')])]; '_b_' is italic too."""
    out, position = [], 0
    for start, end in _spans(text, _STRONG_OPEN, _STRONG_CLOSE, 2):
        out += _emphasis(text[position:start])
        out.append(Strong(_emphasis(text[start + 2:end - 2])))
        position = end
    return out + _emphasis(text[position:])


def _emphasis(text: str) -> list:
    out, position = [], 0
    for start, end in _spans(text, _EMPH_OPEN, _EMPH_CLOSE, 1):
        if start > position:
            out += _underscores(text[position:start])
        out.append(Emph([Str(text[start + 1:end - 1])]))
        position = end
    if position < len(text):
        out += _underscores(text[position:])
    return out


def _underscores(text: str) -> list:
    out, position = [], 0
    for start, end in _spans(text, _UNDER_OPEN, _UNDER_CLOSE, 1, "_"):
        if start > position:
            out.append(Str(text[position:start]))
        out.append(Emph([Str(text[start + 1:end - 1])]))
        position = end
    if position < len(text):
        out.append(Str(text[position:]))
    return out


def _spans(text: str, opening, closing, mark: int, sign: str = "*") -> list[tuple[int, int]]:
    """The (start, end) of each marked span, as ``re.finditer`` would find ``MARK(.+?)MARK`` (re.S) with the
    opening and closing conditions: from left to right, each opening paired with the first closing after it
    that leaves a character between them."""
    if sign not in text:
        return []
    closes = [m.start() for m in closing.finditer(text)]
    spans, position = [], 0
    for match in opening.finditer(text):
        start = match.start()
        if start < position:
            continue
        after = bisect_left(closes, start + mark + 1)
        if after == len(closes):
            break                                   # no closing after this opening, nor after any later one
        spans.append((start, closes[after] + mark))
        position = closes[after] + mark
    return spans


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → text and the encoding it was in: UTF-8 if it is valid, else Windows-1252 (a superset of Latin-1)."""
    try:
        return data.decode("utf-8").lstrip("\ufeff"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "windows-1252"


def read_lines(path: Path) -> tuple[list[str], str]:
    """The file's lines, without line ends, and the encoding they were read in."""
    text, encoding = decode(path.read_bytes())
    return text.splitlines(), encoding


def _find_line(lines, value, start_at, key, spec, manifest) -> int:
    """A line spec (number or whole-line text) → 1-based line number."""
    if isinstance(value, int):
        if value > len(lines):
            raise BadInput(message("m-009", **manifest.where(spec.places.get(key)), key=key,
                                   problem=f"line {value} is past the end of the file ({len(lines)} lines)"))
        return value
    for number in range(start_at, len(lines) + 1):
        if lines[number - 1].strip() == value.strip():
            return number
    raise BadInput(message("m-010", **manifest.where(spec.places.get(key)), what=key, value=value,
                           path=spec["file"].name))


def _lines_named(lines, first, last, value) -> list[int]:
    if isinstance(value, int):
        return [value] if first <= value <= last else []
    return [n for n in range(first, last + 1) if lines[n - 1].strip() == value.strip()]


def _line_set(lines, first, last, entries, key, spec, manifest, problems) -> set[int]:
    """Line specs of 'omit' or 'headings' → the set of line numbers they name within the text."""
    found = set()
    for value, place in entries or []:
        hits = _lines_named(lines, first, last, value)
        if not hits:
            problems.append(message("m-010", **manifest.where(place), what=f"{key} line", value=value,
                                    path=f"{spec['file'].name} lines {first}–{last}"))
        found.update(hits)
    return found


def _ranges(lines, first, last, entries, key, spec, manifest, problems) -> list[tuple[int, int]]:
    """Range specs of 'blockquotes' or 'sidebars' → (first line, last line) pairs within the text."""
    ranges = []
    for (start, end), place in entries or []:
        starts = _lines_named(lines, first, last, start)
        ends = [n for n in _lines_named(lines, first, last, end) if starts and n >= starts[0]]
        if not starts or not ends:
            missing = start if not starts else end
            problems.append(message("m-010", **manifest.where(place), what=f"{key} line", value=missing,
                                    path=f"{spec['file'].name} lines {first}–{last}"))
            continue
        ranges.append((starts[0], ends[0]))
    return ranges


def read_text(spec: TextSpec, manifest: Manifest, problems: list[Message]) -> tuple[Text, list[Change]]:
    path = spec["file"]
    lines, encoding = read_lines(path)
    first = _find_line(lines, spec["start"], 1, "start", spec, manifest) if spec["start"] else 1
    last = _find_line(lines, spec["end"], first, "end", spec, manifest) if spec["end"] else len(lines)
    if last < first:
        raise BadInput(message("r-003", **manifest.where(spec.places.get("end")), start=first, end=last))
    source = path.relative_to(manifest.root).as_posix()
    args = (lines, first, last)
    omit = _line_set(*args, spec["omit"], "omit", spec, manifest, problems)
    settings = {
        "headings": _line_set(*args, spec["headings"], "headings", spec, manifest, problems),
        "blockquotes": _ranges(*args, spec["blockquotes"], "blockquotes", spec, manifest, problems),
        "sidebars": _ranges(*args, spec["sidebars"], "sidebars", spec, manifest, problems),
        "joins": _line_set(*args, spec["join"], "join", spec, manifest, problems),
        "errata": spec["errata"] or [],
        "keep": set(spec["keep"] or []),
        "skip": set(spec["skip"] or []),
        "editor_notes": spec["notes"] or [],
        "allow_unpaired": spec["allow_unpaired"] or [],
        "source_note": spec["source_note"] or "colophon",
    }
    changes = [Change("omit", source, n, lines[n - 1], "", "omitted by the manifest") for n in sorted(omit)]
    if encoding != "utf-8":
        changes.append(Change("fix_encoding", source, first, "", "", f"read as {encoding}: the file is not UTF-8"))
    text = Text(
        id=text_id(spec), title=spec["title"], source=source, first_line=first, last_line=last,
        subtitle=spec["subtitle"] or "", short_title=spec["short_title"] or "", authors=spec["author"] or [],
        translators=spec["translator"] or [], published=spec["published"] or "", date=spec["date"] or "",
        lines=[(n, lines[n - 1]) for n in range(first, last + 1) if n not in omit], settings=settings,
        matter=spec.matter,
    )
    return text, changes


def read_file(path: Path) -> tuple[Text, list[Change]]:
    """A whole file as one text, with no manifest: for `edition clean`."""
    lines, encoding = read_lines(path)
    changes = []
    if encoding != "utf-8":
        changes.append(Change("fix_encoding", path.name, 1, "", "", f"read as {encoding}: the file is not UTF-8"))
    text = Text(id="text", title=path.stem, source=path.name, first_line=1, last_line=len(lines),
                lines=list(enumerate(lines, start=1)),
                settings={"headings": set(), "blockquotes": [], "sidebars": [], "joins": set(), "errata": [],
                          "keep": set(), "skip": set()})
    return text, changes


def read_edition(manifest: Manifest) -> tuple[Edition, dict[str, list[Change]]]:
    """The manifest's texts → an Edition, with the reader's changes per text id."""
    problems: list[Message] = []
    changes: dict[str, list[Change]] = {}

    def read(spec):
        text, text_changes = read_text(spec, manifest, problems)
        changes[text.id] = text_changes
        return text

    front = [read(spec) for spec in manifest.front]
    parts = [Part(id=f"part-{i}", title=title, texts=[read(spec) for spec in specs])
             for i, (title, specs, _) in enumerate(manifest.parts, start=1)]
    if problems:
        raise BadInput(problems)

    e = manifest.edition
    meta = Metadata(
        title=e["title"], identifier=e["identifier"], date=e["date"], language=e["language"],
        subtitle=e.get("subtitle", ""), editors=e.get("editor", []), publisher=e.get("publisher", ""),
        rights=e.get("rights", ""), description=e.get("description", ""), subjects=e.get("subjects", []),
        series=e.get("series", ""), series_index=e.get("series_index", 0),
    )
    given = manifest.printing
    printing = PrintSettings(margins=given.get("margins", {}), bleed=given.get("bleed", 0.0),
                             marks=given.get("marks", False), profile=given.get("profile", "plain"),
                             binding=given.get("binding", ""), ppi=given.get("paper", {}).get("ppi", 0),
                             caliper=given.get("paper", {}).get("caliper", 0.0), creep=given.get("creep", 0.0))
    edition = Edition(meta=meta, front=front, parts=parts, name=manifest.path.stem, trim=manifest.trim,
                      printing=printing,
                      cover=str(e["cover"]) if e.get("cover") else "", notes=manifest.notes)
    return edition, changes


