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
from pathlib import Path

from edition.changes import Change
from edition.manifest import Manifest, Place, TextSpec, text_id
from edition.messages import BadInput, Message, message
from edition.model import BulletList, Edition, Emph, Heading, Metadata, Paragraph, Part, Str, Strong, Text

_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*(?!\*)", re.S)
_EMPH = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])", re.S)
_ITEM = re.compile(r"^\s*- (?=\S)")
_NUMBERED_ITEM = re.compile(r"^(\(\w{1,3}\)|\w{1,3}[.)])\s")


def parse_inlines(text: str) -> list:
    """'a *b* **c**' → [Str('a '), Emph([Str('b')]), Str(' '), Strong([Str('c')])]."""
    out, position = [], 0
    for match in _STRONG.finditer(text):
        out += _emphasis(text[position:match.start()])
        out.append(Strong(_emphasis(match[1])))
        position = match.end()
    return out + _emphasis(text[position:])


def _emphasis(text: str) -> list:
    out, position = [], 0
    for match in _EMPH.finditer(text):
        if match.start() > position:
            out.append(Str(text[position:match.start()]))
        out.append(Emph([Str(match[1])]))
        position = match.end()
    if position < len(text):
        out.append(Str(text[position:]))
    return out


def read_lines(path: Path) -> list[str]:
    """The file's lines, without line ends; raise BadInput if it is not UTF-8."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise BadInput(message("r-001", path, line, path=path.name, byte=hex(data[error.start]), at=line))
    return text.lstrip("\ufeff").splitlines()


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


def _line_set(lines, first, last, entries, key, spec, manifest, problems) -> set[int]:
    """Line specs of 'omit' or 'headings' → the set of line numbers they name within the text."""
    found = set()
    for value, place in entries or []:
        if isinstance(value, int):
            hits = [value] if first <= value <= last else []
        else:
            hits = [n for n in range(first, last + 1) if lines[n - 1].strip() == value.strip()]
        if not hits:
            problems.append(message("m-010", **manifest.where(place), what=f"{key} line", value=value,
                                    path=f"{spec['file'].name} lines {first}–{last}"))
        found.update(hits)
    return found


def read_text(spec: TextSpec, manifest: Manifest, problems: list[Message]) -> tuple[Text, list[Change]]:
    path = spec["file"]
    lines = read_lines(path)
    first = _find_line(lines, spec["start"], 1, "start", spec, manifest) if spec["start"] else 1
    last = _find_line(lines, spec["end"], first, "end", spec, manifest) if spec["end"] else len(lines)
    if last < first:
        raise BadInput(message("r-003", **manifest.where(spec.places.get("end")), start=first, end=last))
    source = path.relative_to(manifest.root).as_posix()
    omit = _line_set(lines, first, last, spec["omit"], "omit", spec, manifest, problems)
    headings = _line_set(lines, first, last, spec["headings"], "headings", spec, manifest, problems)

    changes = [Change("omit", source, n, lines[n - 1], "", "omitted by the manifest")
               for n in sorted(omit)]
    blocks = parse_blocks([(n, lines[n - 1]) for n in range(first, last + 1) if n not in omit], source, headings)
    text = Text(
        id=text_id(spec), title=spec["title"], source=source, first_line=first, last_line=last,
        subtitle=spec["subtitle"] or "", short_title=spec["short_title"] or "", authors=spec["author"] or [], translators=spec["translator"] or [],
        published=spec["published"] or "", date=spec["date"] or "", blocks=blocks, matter=spec.matter,
    )
    return text, changes


def parse_blocks(numbered_lines: list[tuple[int, str]], source: str, headings: set[int] = frozenset()) -> list:
    """(line number, line) pairs → blocks.  Blank lines end paragraphs; heading lines stand alone."""
    blocks, group = [], []

    def flush():
        if group:
            blocks.extend(_group_blocks(group, source))
            group.clear()

    for number, line in numbered_lines:
        if number in headings:
            flush()
            blocks.append(Heading(parse_inlines(line.strip()), 2, source, number))
        elif not line.strip():
            flush()
        else:
            group.append((number, line))
    flush()
    return blocks


def _group_blocks(group, source) -> list:
    """One blank-separated group of lines → paragraphs and lists."""
    blocks, para, items = [], [], []

    def end_paragraph():
        if para:
            joined = " ".join(line.strip() for _, line in para)
            blocks.append(Paragraph(parse_inlines(joined), source, para[0][0]))
            para.clear()

    def end_list():
        if items:
            numbered = all(_NUMBERED_ITEM.match(text) for _, text in items)
            blocks.append(BulletList([parse_inlines(text) for _, text in items], source, items[0][0], numbered))
            items.clear()

    for number, line in group:
        if _ITEM.match(line):
            end_paragraph()
            items.append((number, _ITEM.sub("", line).strip()))
        elif items:
            # a continuation line of the last list item
            items[-1] = (items[-1][0], items[-1][1] + " " + line.strip())
        else:
            para.append((number, line))
    end_paragraph()
    end_list()
    return blocks


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
    )
    edition = Edition(meta=meta, front=front, parts=parts, name=manifest.path.stem, trim=manifest.trim,
                      cover=str(e["cover"]) if e.get("cover") else "")
    return edition, changes


__all__ = ["read_edition", "read_text", "parse_blocks", "parse_inlines", "read_lines", "Place"]
