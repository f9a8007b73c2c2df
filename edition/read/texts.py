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

import codecs
from pathlib import Path

from edition.model.changes import Change
from edition.manifest.load import Manifest, TextSpec, text_id
from edition.messages import BadInput, Message, message
from edition.model.typography import smarten as set_in_style
from edition.model.nodes import Edition, Metadata, Part, PrintSettings, Text, TextSettings

#: the largest text read, in bytes: a whole long book is a few megabytes
MAX_TEXT = 16 * 1024 * 1024
#: byte-order marks, the longer first (UTF-32's little-endian mark begins with UTF-16's)
MARKS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → text and the encoding it was in: the one its byte-order mark names (UTF-8, -16 or -32), else
    UTF-8 if it is valid, else Windows-1252 (a superset of Latin-1)."""
    for mark, encoding in MARKS:
        if data.startswith(mark):
            try:
                return data.decode(encoding).lstrip("\ufeff"), encoding
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8").lstrip("\ufeff"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "windows-1252"


def read_lines(path: Path) -> tuple[list[str], str]:
    """The file's lines, without line ends, and the encoding they were read in (BadInput for what is not a
    regular file, or is larger than ``MAX_TEXT``)."""
    try:
        if not path.is_file():
            raise OSError(0, "not a regular file (a folder, a device or a pipe)")
        with path.open("rb") as file:
            data = file.read(MAX_TEXT + 1)
    except OSError as error:
        raise BadInput(message("r-004", path, problem=error.strerror or str(error)))
    if len(data) > MAX_TEXT:
        raise BadInput(message("r-004", path, problem=f"larger than {MAX_TEXT // 1024 // 1024} MB; split it into "
                                                      "several texts"))
    text, encoding = decode(data)
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


def _paragraphs(lines, first, last, entries, spec, manifest, problems) -> set[tuple[str, int]]:
    """The ``skip`` entries naming a paragraph → (pass, its first line)."""
    found = set()
    for entry in entries or []:
        if isinstance(entry, str):
            continue
        name, value, place = entry
        hits = _lines_named(lines, first, last, value)
        if not hits:
            problems.append(message("m-010", **manifest.where(place), what="skip paragraph", value=value,
                                    path=f"{spec['file'].name} lines {first}–{last}"))
        found.update((name, line) for line in hits)
    return found


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
    settings = TextSettings(
        headings=_line_set(*args, spec["headings"], "headings", spec, manifest, problems),
        blockquotes=_ranges(*args, spec["blockquotes"], "blockquotes", spec, manifest, problems),
        sidebars=_ranges(*args, spec["sidebars"], "sidebars", spec, manifest, problems),
        joins=_line_set(*args, spec["join"], "join", spec, manifest, problems),
        errata=spec["errata"] or [],
        keep=set(spec["keep"] or []),
        skip={name for name in spec["skip"] or [] if isinstance(name, str)},
        skip_paragraphs=_paragraphs(*args, spec["skip"], spec, manifest, problems),
        editor_notes=spec["notes"] or [],
        allow_unpaired=spec["allow_unpaired"] or [],
        source_note=spec["source_note"] or "colophon",
        split=spec["split"] or "",
        split_at=(str(spec.file or manifest.path), spec.places["split"].line, spec.places["split"].column)
        if spec["split"] else (),
        dashes=manifest.style["dashes"], quotes=manifest.style["quotes"],
    )
    if not any(lines[n - 1].strip() for n in range(first, last + 1) if n not in omit):
        raise BadInput(message("r-005", spec.file or manifest.path, spec.place.line, spec.place.column,
                               what=spec["title"] or text_id(spec)))
    changes = [Change("omit", source, n, lines[n - 1], "", "omitted by the manifest") for n in sorted(omit)]
    if encoding != "utf-8":
        changes.append(Change("fix_encoding", source, first, "", "", f"read as {encoding}: the file is not UTF-8"))
    def smarten(string):
        return set_in_style(string, manifest.style)

    text = Text(
        id=text_id(spec), title=smarten(spec["title"]), source=source, first_line=first, last_line=last,
        subtitle=smarten(spec["subtitle"] or ""), short_title=smarten(spec["short_title"] or ""),
        authors=[smarten(a) for a in spec["author"] or []], translators=[smarten(a) for a in spec["translator"] or []],
        published=smarten(spec["published"] or ""), date=spec["date"] or "",
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
                lines=list(enumerate(lines, start=1)))
    return text, changes


def read_edition(manifest: Manifest) -> tuple[Edition, dict[str, list[Change]]]:
    """The manifest's texts → an Edition, with the reader's changes per text id."""
    def smarten(string):
        return set_in_style(string, manifest.style)

    problems: list[Message] = []
    changes: dict[str, list[Change]] = {}

    def read(spec):
        text, text_changes = read_text(spec, manifest, problems)
        changes[text.id] = text_changes
        return text

    front = [read(spec) for spec in manifest.front]
    parts = [Part(id=f"part-{i}", title=smarten(title), texts=[read(spec) for spec in specs])
             for i, (title, specs, _) in enumerate(manifest.parts, start=1)]
    if problems:
        raise BadInput(problems)

    e = manifest.edition
    meta = Metadata(      # the manifest's words set as the texts are: one house style (model/typography.py)
        title=smarten(e["title"]), identifier=e["identifier"], date=e["date"], language=e["language"],
        subtitle=smarten(e.get("subtitle", "")), editors=[smarten(n) for n in e.get("editor", [])],
        publisher=smarten(e.get("publisher", "")), rights=smarten(e.get("rights", "")),
        description=smarten(e.get("description", "")), subjects=[smarten(s) for s in e.get("subjects", [])],
        series=smarten(e.get("series", "")), series_index=e.get("series_index", 0), isbn=e.get("isbn", ""),
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


