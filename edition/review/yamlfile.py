"""Small edits to the editor's YAML files, the rest of each file kept byte for byte.

ruamel.yaml reads the file as a round-trip document, which knows the line and column of every key and
item; the edit is then made to the file's text at that place (a line inserted, an item's lines removed, a
one-line list rewritten), so that comments, order, quoting and wrapping elsewhere stay exactly as they were
(a whole round-trip dump would re-wrap long lines).  Values are written as JSON strings, which YAML reads
as double-quoted scalars.  The result is parsed again before it is returned.
"""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq


class EditProblem(Exception):
    """An edit this module cannot make in place (the file's shape); the message says what to do."""


def scalar(value: str) -> str:
    """A double-quoted scalar; characters that would not show (a no-break space, a soft hyphen) escaped."""
    return "".join(c if c == " " or not (c.isspace() or unicodedata.category(c) in ("Cf", "Cc", "Zs"))
                   else f"\\u{ord(c):04x}" for c in json.dumps(value, ensure_ascii=False))


class Document:
    """A YAML file's text and its round-trip tree."""

    def __init__(self, path: Path, text: str | None = None):
        self.path = path
        self.text = path.read_text(encoding="utf-8") if text is None else text
        self.tree = load(self.text)

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines(keepends=True)

    def _set_lines(self, lines: list[str]) -> None:
        text = "".join(lines)
        load(text)                          # still YAML
        self.text = text
        self.tree = load(text)

    def append_item(self, seq: CommentedSeq | None, item_lines: list[str], column: int = 0) -> None:
        """Add an item (its lines, written with "- ") at the end of a block sequence; ``seq`` None: at the
        end of the file, at ``column`` (the file is the sequence, or its last key holds nothing yet)."""
        lines = self.lines
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        if seq is None or not len(seq):
            end = len(lines)
            if seq is not None:
                raise EditProblem("an empty list written in place")
        else:
            if seq.fa.flow_style():
                raise EditProblem("a list written on one line, [a, b]")
            column = _dash(lines, *seq.lc.item(0))
            end = self._item_end(lines, seq.lc.item(len(seq) - 1)[0], column)
        pad = " " * column
        new = [pad + ("- " if i == 0 else "  ") + line + "\n" for i, line in enumerate(item_lines)]
        self._set_lines(lines[:end] + new + lines[end:])

    def remove_item(self, seq: CommentedSeq | None, index: int, leave_empty: bool = False) -> None:
        """Remove one item of a block sequence (``seq`` None: the file's own); the only item of a key's list
        only when ``leave_empty``."""
        seq = self.tree if seq is None else seq
        if seq.fa.flow_style():
            raise EditProblem("a list written on one line, [a, b]")
        lines = self.lines
        line = seq.lc.item(index)[0]
        end = self._item_end(lines, line, _dash(lines, *seq.lc.item(index)))
        if len(seq) == 1 and seq is not self.tree and not leave_empty:
            raise EditProblem("the list's only item (the key would be left empty)")
        self._set_lines(lines[:line] + lines[end:])

    def insert_key(self, mapping: CommentedMap, key: str, value: str) -> None:
        """A new key on its own line, right after the mapping's first key (whose value must sit on its line)."""
        keys = list(mapping)
        if mapping.fa.flow_style():
            raise EditProblem("a mapping written on one line, {a: b}")
        line, column = mapping.lc.key(keys[0])
        if len(keys) > 1 and mapping.lc.key(keys[1])[0] != line + 1:
            raise EditProblem(f"the value of '{keys[0]}' spans several lines")
        lines = self.lines
        self._set_lines(lines[:line + 1] + [f"{' ' * column}{key}: {value}\n"] + lines[line + 1:])

    def add_to_list(self, mapping: CommentedMap, key: str, value: str | dict) -> None:
        """``value`` (a string, or a mapping of plain scalars) added to the list (or single string) under
        ``key``, or the key made with it."""
        if isinstance(value, dict):
            block = [f"{k}: {v}" for k, v in value.items()]
            flow = "{" + ", ".join(block) + "}"
        else:
            block, flow = [scalar(value)], scalar(value)
        if key not in mapping:
            self.insert_key(mapping, key, f"[{flow}]")
            return
        current = mapping[key]
        if isinstance(current, CommentedSeq) and not current.fa.flow_style():
            self.append_item(current, block)
            return
        line, column = mapping.lc.value(key)
        lines = self.lines
        old = lines[line]
        start, end = column, len(old.rstrip("\n"))
        rest = old[start:end]
        if "#" in rest:                                 # a comment after the value stays
            end = start + rest.index("#")
            while end > start and old[end - 1] == " ":
                end -= 1
        written = old[start:end]
        if isinstance(current, CommentedSeq):
            if not (written.startswith("[") and written.endswith("]")):
                raise EditProblem(f"the list under '{key}' spans several lines")
            inside = written[1:-1].rstrip()
            new = "[" + (inside + ", " if inside.strip() else "") + flow + "]"
        else:
            new = f"[{written}, {flow}]"
        lines[line] = old[:start] + new + old[end:]
        self._set_lines(lines)

    @staticmethod
    def _item_end(lines: list[str], line: int, column: int) -> int:
        """The line after an item that starts at ``line`` with its dash at ``column``: its continuation lines
        are indented deeper (blank lines inside it count, those after it do not)."""
        end, scan = line + 1, line + 1
        while scan < len(lines):
            current = lines[scan]
            if current.strip():
                indent = len(current) - len(current.lstrip(" "))
                if indent <= column:
                    break
                end = scan + 1
            scan += 1
        return end


def _dash(lines: list[str], line: int, column: int) -> int:
    """The column of the dash of a block sequence's item whose value starts at (line, column)."""
    dash = lines[line].rfind("-", 0, column + 1)
    if dash < 0:
        raise EditProblem("a list item without its dash on its first line")
    return dash


def load(text: str):
    yaml = YAML()
    return yaml.load(io.StringIO(text))
