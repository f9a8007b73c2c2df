"""The package's layout: data flows one way through the stages, with no cycle and no private name shared.

Each module belongs to the stage its folder names; a module may import from its own stage and from the
stages before it, never from a later one (also inside a function, where an import hides a cycle)."""

from __future__ import annotations

import ast
from pathlib import Path

import edition

PACKAGE = Path(edition.__file__).resolve().parent
#: the stages in the order the data flows; the modules at the top (messages, units, …) come first
STAGES = ["", "manifest", "model", "read", "clean", "index", "render", "pdf", "epub", "prepress", "check",
          "build", "review", "cli"]
#: the modules above every stage: the command, and the reference of the files a user writes
TOP = {"cli", "__main__", "reference"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict) -> list[tuple[str, list[str], int]]:
    """(module imported, names taken from it, line) for every import of one of the package's modules."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in modules:                          # from edition.build import cache: the module
                    found.append((sub, [], node.lineno))
                elif base in modules:
                    found.append((base, [alias.name], node.lineno))
        elif isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names if alias.name in modules]
    return found


def _stage(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:
        return 0
    stage = parts[1] if parts[1] in STAGES else ("cli" if parts[1] in TOP else "")
    return STAGES.index(stage)


def test_data_flows_one_way():
    modules = _modules()
    backwards, private = [], []
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        for target, names, line in _imports(name, path, modules):
            graph[name].add(target)
            if _stage(target) > _stage(name):
                backwards.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {name} imports {target}, a later stage")
            private += [f"{path.relative_to(PACKAGE.parent)}:{line}: {name} imports {target}.{n}, a private name"
                        for n in names if n.startswith("_") and n != "__version__"]
    assert not backwards, "\n".join(backwards)
    assert not private, "\n".join(private)
    cycles = _cycles(graph)
    assert not cycles, "\n".join(" → ".join(cycle) for cycle in cycles)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected set of modules (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            members = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                members.append(member)
                if member == node:
                    break
            if len(members) > 1 or node in graph[node]:
                found.append(sorted(members))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_checker_sees_a_backward_import(tmp_path):
    """The test above can fail: a module of the read stage that imports the builder is a backward arrow."""
    modules = {"edition.read.texts": tmp_path / "texts.py", "edition.build.pipeline": tmp_path / "pipeline.py"}
    modules["edition.read.texts"].write_text("def f():\n    from edition.build.pipeline import build\n")
    found = _imports("edition.read.texts", modules["edition.read.texts"], modules)
    assert found == [("edition.build.pipeline", ["build"], 2)]
    assert _stage("edition.build.pipeline") > _stage("edition.read.texts")
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]


def test_only_the_pdf_writer_touches_weasyprint():
    """WeasyPrint (and its internals, each marked with the version it was checked against) is used in
    edition/pdf/weasy.py alone."""
    found = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            named = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if any(n.split(".")[0] == "weasyprint" for n in named) and name != "edition.pdf.weasy":
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {name}")
    assert not found, "\n".join(found)
