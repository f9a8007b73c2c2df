"""The build cache's format: the model's objects as JSON and back — data, never code.

What the cache keeps of a text (the text as cleaned or marked, its change
records, its index occurrences and their problems) is written as JSON:
lists, strings and numbers as they are; a tuple, a set, a mapping, a path
and an object of one of the builder's data classes tagged (``{"@t": …}``,
``{"@c": "Paragraph", …}``).  An object met twice is written once and
referred to after (``{"@r": n}``), so that the objects read back are shared
as they were.  Reading makes only the classes in ``CLASSES`` — dataclasses
of plain fields, made without running any of their code — and refuses
anything else (``ValueError``), whoever wrote the file.

    loads(dumps([Str("a"), (1, 2)])) == [Str("a"), (1, 2)]
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path, PurePosixPath

from edition import messages
from edition.index import marks
from edition.manifest import load as manifest_load, schema
from edition.model import changes, nodes


def _dataclasses(*modules) -> dict[str, type]:
    return {name: value for module in modules for name, value in vars(module).items()
            if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module.__name__}


#: the classes the cache may hold, by name: the document model, change records, messages, index occurrences
CLASSES = _dataclasses(nodes, changes, messages, marks, manifest_load, schema)


def dumps(value) -> bytes:
    """``value`` as JSON bytes (ValueError for an object of a class not in ``CLASSES``)."""
    seen: dict[int, int] = {}
    keep = []                      # the objects numbered, alive while their ids are

    def encode(item):
        if item is None or isinstance(item, (bool, int, float, str)):
            return item
        if isinstance(item, list):
            return [encode(v) for v in item]
        if isinstance(item, tuple):
            return {"@t": [encode(v) for v in item]}
        if isinstance(item, (set, frozenset)):
            return {"@s": sorted((encode(v) for v in item), key=lambda v: json.dumps(v, sort_keys=True))}
        if isinstance(item, dict):
            return {"@d": [[encode(k), encode(v)] for k, v in item.items()]}
        if isinstance(item, PurePosixPath):
            return {"@p": str(item)}
        name = type(item).__name__
        if CLASSES.get(name) is not type(item):
            raise ValueError(f"the cache cannot hold a {type(item).__qualname__}")
        if id(item) in seen:
            return {"@r": seen[id(item)]}
        seen[id(item)] = len(seen)
        keep.append(item)
        return {"@c": name, "@n": seen[id(item)],
                "f": {f.name: encode(getattr(item, f.name)) for f in dataclasses.fields(item)}}

    return json.dumps(encode(value), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def loads(data: bytes):
    """The value ``dumps`` wrote (ValueError for anything it would not have written)."""
    made: dict[int, object] = {}

    def decode(item):
        if item is None or isinstance(item, (bool, int, float, str)):
            return item
        if isinstance(item, list):
            return [decode(v) for v in item]
        if not isinstance(item, dict) or len(item) not in (1, 3):
            raise ValueError("not the cache's data")
        if "@t" in item:
            return tuple(decode(v) for v in _list(item["@t"]))
        if "@s" in item:
            return {decode(v) for v in _list(item["@s"])}
        if "@d" in item:
            return {decode(k): decode(v) for k, v in (_pair(p) for p in _list(item["@d"]))}
        if "@p" in item and isinstance(item["@p"], str):
            return Path(item["@p"])
        if "@r" in item:
            if item["@r"] not in made:
                raise ValueError("a reference to nothing")
            return made[item["@r"]]
        cls = CLASSES.get(item.get("@c"))
        fields = item.get("f")
        if cls is None or not isinstance(fields, dict) or not isinstance(item.get("@n"), int):
            raise ValueError("not the cache's data")
        names = {f.name for f in dataclasses.fields(cls)}
        if set(fields) != names:
            raise ValueError(f"a {cls.__name__} of other fields")
        value = object.__new__(cls)
        made[item["@n"]] = value
        for name, field in fields.items():
            object.__setattr__(value, name, decode(field))      # frozen classes too
        return value

    return decode(json.loads(data.decode("utf-8")))


def _list(value) -> list:
    if not isinstance(value, list):
        raise ValueError("not the cache's data")
    return value


def _pair(value) -> list:
    if not isinstance(value, list) or len(value) != 2:
        raise ValueError("not the cache's data")
    return value
