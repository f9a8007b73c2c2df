"""Load and check the index file: the entries, their forms, cross-references and manual marks.

The index file is YAML beside the manifest (the manifest's ``index`` key names
it).  Each key of ``entries`` is a heading as printed; its value gives the
forms that mark an occurrence in the texts::

    entries:
      Trotsky, Leon:
        forms: [Trotsky, Leon Trotsky, Lev Davidovich, the Old Man]
        see_also: [Fourth International]
        subentries:
          on Thermidor: [Thermidor]
      Bronstein, Lev Davidovich: {see: "Trotsky, Leon"}
      Thermidor: [Thermidor, Thermidorian*]
      Bonapartism:
    marks:
      - {entry: "Trotsky, Leon", text: rakovsky-letter, at: "the author of the Bulletin"}

A heading may set a title of a work in italic as the texts do, ``*Capital*
(Marx)``; it is known, referred to and sorted without the asterisks.
A value may be nothing (the forms follow from the heading), a list of forms,
or a mapping (``forms``, ``see``, ``see_also``, ``sort``, ``case``,
``texts``, ``subentries``).  Problems are reported with the index file's
line and column, like the manifest's.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from edition.manifest.schema import Checker, Key, kind_of, place_of, read_nodes
from edition.messages import BadInput, Message, message

ENTRY = {
    "forms": Key("strlist", "the words that mark an occurrence: names, inflections, aliases; a final * matches any "
                            "ending (default: from the heading)"),
    "see": Key("str", "the heading to look under instead: this entry gets no page numbers of its own"),
    "see_also": Key("strlist", "related headings"),
    "sort": Key("str", "the sort key, where the heading would sort wrongly ('Mao Zedong' → 'Mao Zedong')"),
    "case": Key("case", "'exact': lower-case forms match only in lower case (default: also capitalised)"),
    "texts": Key("strlist", "ids of the texts to look in (default: all)"),
    "subentries": Key("subentries", "subentries: heading → forms, found in paragraphs that also name the entry"),
}
MARK = {
    "entry": Key("str", "the heading of the entry (a subentry as 'Heading / subheading')", required=True),
    "text": Key("str", "the id of the text", required=True),
    "at": Key("text", "the exact phrase to mark; it must occur once in the text", required=True),
}
TOP = {
    "entries": Key("entries", "the entries: heading → forms or settings", required=True),
    "marks": Key("marks", "manual marks: [{entry, text, at}] for passages that do not name the entry"),
}
SUB_SEPARATOR = " / "
ITALIC = re.compile(r"\*([^*]+)\*")


def plain_heading(text: str) -> str:
    """A heading without its italic markup: '*Capital* (Marx)' → 'Capital (Marx)'."""
    return ITALIC.sub(r"\1", text)


def heading_parts(styled: str) -> list[tuple[str, bool]]:
    """A heading as (text, italic) runs: '*Capital* (Marx)' → [('Capital', True), (' (Marx)', False)]."""
    parts, at = [], 0
    for match in ITALIC.finditer(styled):
        if match.start() > at:
            parts.append((styled[at:match.start()], False))
        parts.append((match.group(1), True))
        at = match.end()
    if at < len(styled):
        parts.append((styled[at:], False))
    return parts


@dataclass
class Entry:
    heading: str
    forms: list[str]
    line: int
    column: int
    see: str = ""
    see_also: list[str] = field(default_factory=list)
    sort: str = ""
    exact_case: bool = False
    texts: list[str] = field(default_factory=list)
    subentries: list["Entry"] = field(default_factory=list)
    parent: "Entry | None" = None
    forms_given: bool = False
    styled: str = ""          # the heading as written, with its *italic* titles ('' when it has none)

    @property
    def title_words(self) -> list[str]:
        """The words of the works' titles the heading sets in italic, as the texts would give them: '*Red
        Flag, The*' → ['Red Flag, The', 'The Red Flag', 'Red Flag'] (an article put after a comma, restored)."""
        found = []
        for match in ITALIC.finditer(self.styled):
            title = match.group(1).strip()
            found.append(title)
            head, _, article = title.rpartition(", ")
            if head and article in ("The", "A", "An", "Le", "La", "Les", "Die", "Der", "Das"):
                found += [f"{article} {head}", head]
        return found

    @property
    def key(self) -> str:
        """The entry's name in marks and messages: 'Heading' or 'Heading / subheading'."""
        return self.parent.heading + SUB_SEPARATOR + self.heading if self.parent else self.heading


@dataclass(frozen=True)
class ManualMark:
    entry: str
    text: str
    at: str
    line: int
    column: int


@dataclass
class IndexFile:
    path: Path
    entries: list[Entry]
    marks: list[ManualMark]

    def all_entries(self):
        for entry in self.entries:
            yield entry
            yield from entry.subentries

    def by_key(self) -> dict[str, Entry]:
        return {entry.key: entry for entry in self.all_entries()}


def default_forms(heading: str) -> list[str]:
    """The forms a heading implies: 'Shachtman, Max' → ['Shachtman']; 'revolution, permanent' →
    ['permanent revolution']; 'Communist Party (US)' → ['Communist Party']; 'Thermidor' → ['Thermidor']."""
    base = re.sub(r"\s*\([^)]*\)", "", heading).strip()
    if ", " in base:
        first, rest = base.split(", ", 1)
        if rest[:1].isupper() or rest[:1] in ".":
            return [first]
        return [f"{rest} {first}"]
    return [base]


class IndexChecker(Checker):
    """The manifest's checker, with the index file's own value types."""

    def v_case(self, node, key):
        return self.choice(node, key, ("exact",))

    def v_entries(self, node, key):
        return self._entries(node, key, parent=None)

    def v_subentries(self, node, key):
        return node   # read by _entry, which knows the parent

    def _entries(self, node, key, parent):
        if not isinstance(node, yaml.MappingNode):
            self.problem("m-002", node, key=key, expected="a mapping of headings", found=kind_of(node))
            return []
        entries, seen = [], {}
        for key_node, value_node in node.value:
            heading = key_node.value if isinstance(key_node, yaml.ScalarNode) else ""
            styled, heading = heading, plain_heading(str(heading))
            if not str(heading).strip():
                self.problem("m-009", key_node, key=key, problem="a heading is empty")
                continue
            if heading in seen:
                self.problem("m-008", key_node, key=heading, first=seen[heading])
                continue
            seen[heading] = place_of(key_node).line
            entry = self._entry(heading, key_node, value_node, parent)
            if entry is not None:
                entry.styled = styled if styled != heading else ""
                entries.append(entry)
        return entries

    def _entry(self, heading, key_node, node, parent) -> Entry | None:
        place = place_of(key_node)
        entry = Entry(heading, [], place.line, place.column, parent=parent)
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
            values = {}
        elif isinstance(node, yaml.SequenceNode) or isinstance(node, yaml.ScalarNode):
            values = {"forms": self.v_strlist(node, heading) or []}
        else:
            values, _ = self.mapping(node, ENTRY, "entry")
        entry.forms_given = bool(values.get("forms"))
        entry.forms = values.get("forms") or ([] if values.get("see") else default_forms(heading))
        entry.see = plain_heading(values.get("see", ""))
        entry.see_also = [plain_heading(h) for h in values.get("see_also", [])]
        entry.sort = values.get("sort", "")
        entry.exact_case = values.get("case") == "exact"
        entry.texts = values.get("texts", [])
        if "subentries" in values:
            if parent is not None:
                self.problem("m-009", values["subentries"], key="subentries",
                             problem="subentries go one level deep; make this a heading of its own")
            else:
                entry.subentries = self._entries(values["subentries"], "subentries", entry)
        if parent is not None and entry.see:
            self.problem("m-009", key_node, key="see", problem="a subentry cannot be a 'see' reference; "
                                                                "use see_also, or make it a heading")
        if parent is not None and "forms" not in values and entry.texts:
            entry.forms = []      # every occurrence of the parent in those texts
        return entry

    def v_marks(self, node, key):
        if not isinstance(node, yaml.SequenceNode):
            self.problem("m-002", node, key=key, expected="a list of {entry, text, at}", found=kind_of(node))
            return []
        marks = []
        for item in node.value:
            values, _ = self.mapping(item, MARK, "mark")
            if {"entry", "text", "at"} <= set(values):
                place = place_of(item)
                marks.append(ManualMark(plain_heading(values["entry"]), values["text"], values["at"], place.line, place.column))
        return marks


def load(path: Path) -> IndexFile:
    """Read and check an index file (raises BadInput listing every problem)."""
    path = _shown(path)
    root = read_nodes(path)
    if root is None:
        raise BadInput(message("m-003", path, 1, 1, key="entries", where="the index file"))
    checker = IndexChecker(path)
    values, _ = checker.mapping(root, TOP, "index file")
    index = IndexFile(path, values.get("entries", []), values.get("marks", []))
    checker.problems += cross_reference_problems(index)
    if checker.problems:
        raise BadInput(checker.problems)
    return index


def _shown(path: Path) -> Path:
    """The path as messages show it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def cross_reference_problems(index: IndexFile) -> list[Message]:
    """*See* and *see also* references that point at no heading, and marks that name no entry."""
    headings = {entry.heading: entry for entry in index.entries}
    keys = index.by_key()
    problems = []

    def missing(entry: Entry, target: str, what: str):
        close = difflib.get_close_matches(target, list(headings), n=1, cutoff=0.7)
        hint = f" — did you mean {close[0]!r}?" if close else "; add that heading or correct the reference"
        problems.append(message("i-004", index.path, entry.line, entry.column, entry=entry.key, what=what,
                                target=target, hint=hint))

    for entry in index.all_entries():
        if entry.see and entry.see not in headings:
            missing(entry, entry.see, "see")
        elif entry.see and headings[entry.see].see:
            problems.append(message("i-004", index.path, entry.line, entry.column, entry=entry.key, what="see",
                                    target=entry.see, hint=f"; that heading is itself a 'see' to {headings[entry.see].see!r}"))
        for target in entry.see_also:
            if target not in headings:
                missing(entry, target, "see also")
    for mark in index.marks:
        if mark.entry not in keys:
            close = difflib.get_close_matches(mark.entry, list(keys), n=1, cutoff=0.7)
            hint = f" — did you mean {close[0]!r}?" if close else ""
            problems.append(message("i-005", index.path, mark.line, mark.column, entry=mark.entry, hint=hint))
    return problems
