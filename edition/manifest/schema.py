"""The YAML checker the manifest and the index file share: values checked against a schema, with positions.

A file is parsed into YAML nodes first (``read_nodes``), so that every
problem can name the file, line and column it comes from; a ``Checker``
walks the nodes against a schema, a mapping of names to ``Key``, and turns
them into plain values::

    checker = Checker(path)
    values, places = checker.mapping(read_nodes(path), {"title": Key("str", "the title", required=True)}, "book")
    # values == {"title": "Outcasts"}; places == {"title": Place(1, 8)}; checker.problems: [Message, …]
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from edition.messages import BadInput, Message, message
from edition.units import TRIM_SIZES, parse_length, parse_trim


@dataclass(frozen=True)
class Key:
    """One key of a mapping in the manifest."""

    type: str
    doc: str
    required: bool = False


@dataclass
class Place:
    """Where a node starts in its file: line and column, from 1."""

    line: int
    column: int


EXPECTED = {
    "count": 'a whole number',
    "str": 'a string',
    "id": 'a name of letters, digits and hyphens',
    "strlist": 'a string or a list of strings',
    "date": 'a date (YYYY, YYYY-MM or YYYY-MM-DD)',
    "line": 'a line number or the text of a line',
    "linelist": 'a list of line numbers or line texts',
    "path": 'a path',
    "language": 'a language tag such as en or en-GB',
    "trim": 'a trim size',
    "rangelist": 'a list of lines or [first, last] pairs',
    "text": 'a mapping',
    "length": 'a length such as 3mm, 0.125in or 9pt',
    "bool": 'true or false',
}


def place_of(node) -> Place:
    return Place(node.start_mark.line + 1, node.start_mark.column + 1)


def kind_of(node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag.endswith(":null"):
        return "nothing"
    if node.tag.endswith(":int"):
        return f"the number {node.value}"
    if node.tag.endswith(":bool"):
        return f"'{node.value}'"
    return f"the string {node.value!r}"


#: the largest manifest or index file read, in bytes: far above any real one, far below what exhausts memory
MAX_YAML = 10 * 1024 * 1024


DATE = r"\d{4}(-\d{2}(-\d{2})?)?"        # YYYY, YYYY-MM or YYYY-MM-DD


def _calendar_date(value: str) -> bool:
    """'2024', '2024-02', '2024-02-29': a year, a month of it, a day of it that exists; not '2024-02-30'."""
    if not re.fullmatch(DATE, value):
        return False
    year, month, day = (list(map(int, value.split("-"))) + [1, 1])[:3]
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def read_nodes(path: Path):
    """A YAML file as nodes, which keep their lines (None if empty); BadInput if unreadable or not YAML."""
    try:
        if not path.is_file():
            raise OSError(0, "not a regular file (a folder, a device or a pipe)")
        with path.open("rb") as file:
            data = file.read(MAX_YAML + 1)
        if len(data) > MAX_YAML:
            raise OSError(0, f"larger than {MAX_YAML // 1024 // 1024} MB")
        source = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(message("m-012", path, problem=getattr(error, "strerror", None) or str(error)))
    try:
        return yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise BadInput(message("m-007", path, mark.line + 1 if mark else None,
                               mark.column + 1 if mark else None, problem=error.problem or str(error)))
    except RecursionError:
        raise BadInput(message("m-007", path, problem="lists or mappings nested too deeply"))


class Checker:
    """Walks YAML nodes against a schema (a mapping of names to ``Key``), collecting problems as messages
    that name the file, line and column.  Each type of value has a method ``v_TYPE(node, key)`` that
    returns the value checked (None after a problem); a subclass adds the types of its own files."""

    #: what a value of each type should be, for messages
    expected = EXPECTED

    def __init__(self, path: Path):
        self.path = path
        self.base = path.parent.resolve()       # paths are relative to the manifest's folder …
        self.root = self.base                    # … and may not leave this one (see `root`)
        self.problems: list[Message] = []

    def problem(self, code, node, **fields):
        place = place_of(node)
        self.problems.append(message(code, self.path, place.line, place.column, **fields))

    # mappings

    def mapping(self, node, schema: dict, where: str) -> tuple[dict, dict]:
        if not isinstance(node, yaml.MappingNode):
            self.problem("m-002", node, key=where, expected=self.expected.get(where, "a mapping"), found=kind_of(node))
            return {}, {}
        values, places, seen = {}, {}, {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                self.problem("m-008", key_node, key=key, first=seen[key].line)
                continue
            seen[key] = place_of(key_node)
            if key not in schema:
                close = difflib.get_close_matches(str(key), list(schema), n=1, cutoff=0.6)
                suggestion = f" — did you mean '{close[0]}'?" if close else \
                    f"; {where} takes: {', '.join(schema)}"
                self.problem("m-001", key_node, key=key, suggestion=suggestion)
                continue
            value = self.value(value_node, key, schema[key].type)
            if value is not None:
                values[key] = value
                places[key] = place_of(value_node)
        for key, spec in schema.items():
            if spec.required and key not in values and key not in seen:
                self.problem("m-003", node, key=key, where=where)
        return values, places

    # values

    def value(self, node, key: str, type_: str):
        checker = getattr(self, "v_" + type_)
        return checker(node, key)

    def scalar(self, node, key, type_) -> str | None:
        if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
            self.problem("m-002", node, key=key, expected=self.expected[type_], found=kind_of(node))
            return None
        return node.value

    def v_str(self, node, key):
        value = self.scalar(node, key, "str")
        if value is not None and not value.strip():
            self.problem("m-009", node, key=key, problem="it is empty")
            return None
        return value

    def shaped(self, node, key, kind: str, pattern: str, why: str):
        """A scalar that must match ``pattern`` whole; else a problem '{value!r} {why}', and None."""
        value = self.scalar(node, key, kind)
        if value is not None and not re.fullmatch(pattern, value):
            self.problem("m-009", node, key=key, problem=f"{value!r} {why}")
            return None
        return value

    def v_id(self, node, key):
        return self.shaped(node, key, "id", r"[a-z0-9][a-z0-9-]*", "must be lower-case letters, digits and hyphens")

    def v_strlist(self, node, key):
        if isinstance(node, yaml.SequenceNode):
            items = [self.scalar(item, key, "strlist") for item in node.value]
            return [i for i in items if i is not None]
        value = self.scalar(node, key, "strlist")
        return None if value is None else [value]

    def v_date(self, node, key):
        value = self.shaped(node, key, "date", DATE, "is not YYYY, YYYY-MM or YYYY-MM-DD")
        if value is not None and not _calendar_date(value):
            self.problem("m-009", node, key=key, problem=f"{value!r} is not a day of the calendar")
            return None
        return value

    def v_language(self, node, key):
        return self.shaped(node, key, "language", r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*",
                           "is not a language tag such as en or en-GB")

    def v_line(self, node, key):
        value = self.scalar(node, key, "line")
        if value is None:
            return None
        if node.tag.endswith(":int"):
            number = int(value)
            if number < 1:
                self.problem("m-009", node, key=key, problem="line numbers start at 1")
                return None
            return number
        return value

    def v_linelist(self, node, key):
        if not isinstance(node, yaml.SequenceNode):
            self.problem("m-002", node, key=key, expected=self.expected["linelist"], found=kind_of(node))
            return None
        items = [(self.v_line(item, key), place_of(item)) for item in node.value]
        return [(v, p) for v, p in items if v is not None]

    def v_rangelist(self, node, key):
        """[12, "a line", [30, 34]] → [((12, 12), place), (("a line", "a line"), place), ((30, 34), place)]."""
        if not isinstance(node, yaml.SequenceNode):
            self.problem("m-002", node, key=key, expected=self.expected["rangelist"], found=kind_of(node))
            return None
        ranges = []
        for item in node.value:
            if isinstance(item, yaml.SequenceNode):
                if len(item.value) != 2:
                    self.problem("m-009", item, key=key, problem="a range is [first, last]: two lines")
                    continue
                first, last = (self.v_line(end, key) for end in item.value)
            else:
                first = last = self.v_line(item, key)
            if first is not None and last is not None:
                ranges.append(((first, last), place_of(item)))
        return ranges

    def choice(self, node, key, choices):
        value = self.scalar(node, key, "str")
        if value is not None and value not in choices:
            self.problem("m-009", node, key=key, problem=f"{value!r} is not one of {', '.join(choices)}")
            return None
        return value

    def v_count(self, node, key):
        value = self.scalar(node, key, "count")
        if value is not None and not (node.tag.endswith(":int") and int(value) >= 1):
            self.problem("m-009", node, key=key, problem="count must be a whole number of at least 1")
            return None
        return None if value is None else int(value)

    def v_text(self, node, key):
        """A string that may be empty (an erratum that deletes)."""
        if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
            if isinstance(node, yaml.ScalarNode):
                return ""
            self.problem("m-002", node, key=key, expected="a string", found=kind_of(node))
            return None
        return node.value

    def v_path(self, node, key):
        value = self.scalar(node, key, "path")
        if value is None:
            return None
        path = (self.base / value).resolve()
        if not path.is_relative_to(self.root):
            self.problem("m-005", node, path=value, root=str(self.path.parent) or ".")
            return None
        if not path.is_file():
            self.problem("m-004", node, path=value)
            return None
        return path

    def v_trim(self, node, key):
        value = self.scalar(node, key, "trim")
        if value is None:
            return None
        size = parse_trim(value)
        if size is None:
            self.problem("m-009", node, key=key,
                         problem=f"{value!r} is not one of {', '.join(TRIM_SIZES)} nor 'W x H mm' / 'W x H in'")
        return size

    def v_length(self, node, key):
        value = self.scalar(node, key, "length")
        if value is None:
            return None
        length = parse_length(value)
        if length is None:
            self.problem("m-009", node, key=key, problem=f"{value!r} is not a length such as 3mm, 0.125in or 9pt")
        return length

    def v_bool(self, node, key):
        if not (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":bool")):
            self.problem("m-002", node, key=key, expected=self.expected["bool"], found=kind_of(node))
            return None
        return node.value.lower() in ("true", "yes", "on")
