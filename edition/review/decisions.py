"""What the editor decides at the desk, written into the edition's own files.

- **accept**: the change is marked reviewed in the review file (``manifest/review.py``).
- **reject**: the change is undone for good by the smallest exact statement the manifest has for it: an
  erratum the editor wrote is taken out again; a word the OCR pass "corrected" becomes a ``keep`` word; a
  change made before the errata (encoding, a joined hyphen) is undone by an erratum that restores the raw
  text, quoting just enough words around it to match once; what the typography, the lead-in or the OCR pass
  did otherwise is undone by switching that pass off for that paragraph (``skip: [{pass, paragraph}]``); a
  suspect is marked rejected (it changed nothing).  What no statement can undo (a heading found, a line or
  block removed) is refused (``d-002``): the editor edits the passage instead, or states it by hand.
- **edit**: an erratum with the editor's own words for the passage, as it stands where errata apply.
- **undo**: the last decision's files put back byte for byte.

Every decision writes its files atomically, and only inside the manifest's folder, then reads the
manifest and cleans the text concerned again (what ``edition check`` would find for it); if that fails
the files are put back and the decision is refused (``d-006``), so the edition always checks clean.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from edition.build import pipeline
from edition.clean import marking
from edition.clean.passes import PARAGRAPH_PASSES, PASS_NAMES, Context, lexicon_for, run_text
from edition.manifest import review
from edition.manifest.load import Manifest, text_id
from edition.messages import BadInput, EditionError, message
from edition.model.markup import inlines_text
from edition.model.nodes import Text
from edition.model.walk import inline_lists, text_blocks
from edition.read.texts import read_edition
from edition.review.yamlfile import Document, EditProblem, scalar

#: the passes that run before the errata: what they did can be undone by an erratum quoting the raw text
BEFORE_ERRATA = set(PASS_NAMES[:PASS_NAMES.index("apply_errata")])
AFTER_ERRATA = set(PASS_NAMES[PASS_NAMES.index("apply_errata") + 1:])
#: an erratum quotes at most this many words either side of what it changes
WIDEST = 30


@dataclass
class Decision:
    """One decision as written: what it was, for the page, and every file as it was before it."""

    what: str
    key: str
    files: dict          # Path -> bytes before (None: the file did not exist)


class Desk:
    """The decisions of one session at the desk over one manifest (one at a time: a lock)."""

    def __init__(self, manifest: Path, root: Path | None = None):
        self.manifest_path = manifest.resolve()
        self.folder = self.manifest_path.parent
        self.root = root
        self.review_path = review.path_for(self.manifest_path)
        self.done: list[Decision] = []
        self.lock = threading.Lock()

    # the decisions

    def accept(self, entry: dict) -> Decision:
        return self._decide("accepted", entry, {})

    def reject(self, entry: dict) -> Decision:
        manifest = pipeline.load(self.manifest_path, self.root)
        with _in_place(self.manifest_path):
            edits = {} if not entry["applied"] else self._undoing(manifest, entry)
        return self._decide("rejected", entry, edits)

    def edit(self, entry: dict, before: str, after: str) -> Decision:
        manifest = pipeline.load(self.manifest_path, self.root)
        if not before.strip():
            raise BadInput(message("d-001", what="edit", problem="the passage to replace is empty"))
        note = f"{entry['pass']}: {entry['rule']} (line {entry['line']}), edited at the desk"
        with _in_place(self.manifest_path):
            edits = self._erratum(manifest, entry["text"], before, after, note)
        return self._decide("edited", entry, edits)

    def passage(self, entry: dict) -> str:
        """The words around a change as they stand where errata apply, quoted so that they match once:
        what an edit replaces."""
        manifest = pipeline.load(self.manifest_path, self.root)
        strings = _errata_stage(manifest, entry["text"])
        before, after = entry["before"], entry["after"]
        # a change made before the errata stands in their text as it made it; one made after, as it was
        core = after if entry["pass"] in BEFORE_ERRATA and entry["applied"] else before
        start, end = _changed_span(before, after, core is after)
        found = _locate(strings, core, start, end)
        if found is None:
            raise BadInput(message("d-002", why="its words are no longer in the text as the errata see it"))
        start, end = _unique(strings, *found, least=3)
        return found[0][start:end]

    def undo(self) -> Decision:
        with self.lock:
            if not self.done:
                raise BadInput(message("d-005"))
            decision = self.done.pop()
            for path, data in decision.files.items():
                _restore(path, data)
            return decision

    # how a change is undone

    def _undoing(self, manifest: Manifest, entry: dict) -> dict[Path, Document]:
        kind, rule, words = entry["pass"], entry["rule"], entry.get("words") or []
        note = f"{kind}: {rule} (line {entry['line']}), rejected at the desk"
        if kind == "apply_errata":
            return self._without_erratum(manifest, entry)
        if kind == "correct_ocr_words" and len(words) == 2 and words[1] and " " not in words[0]:
            spec, node, document = self._spec(manifest, entry["text"])
            document.add_to_list(node, "keep", words[0])
            return {document.path: document}
        if kind in BEFORE_ERRATA and entry["after"] and entry["before"] != entry["after"]:
            strings = _errata_stage(manifest, entry["text"])
            before, after = entry["before"], entry["after"]
            start, end = _changed_span(before, after, True)
            b_start, b_end = _changed_span(before, after, False)
            restored = before[b_start:b_end]
            if kind == "join_hyphenated_words":
                restored = restored.replace("- ", "-") if rule == "line-end hyphen" else restored.replace("- ", "")
            found = _locate(strings, after, start, end)
            if found is None:
                raise BadInput(message("d-002", why="its words are no longer in the text as the errata see it"))
            string, s, e = found
            start, end = _unique(strings, string, s, e)
            fixed = string[start:s] + restored + string[e:end]
            phrase = string[start:end]
            return self._erratum(manifest, entry["text"], phrase, fixed, note)
        if kind in PARAGRAPH_PASSES:                 # the pass switched off for the paragraph it changed
            spec, node, document = self._spec(manifest, entry["text"])
            document.add_to_list(node, "skip", {"pass": kind, "paragraph": entry["line"]})
            return {document.path: document}
        why = "a suspect" if not entry["applied"] else f"'{rule}' of {kind}"
        raise BadInput(message("d-002", why=why))

    def _erratum(self, manifest: Manifest, text: str, before: str, after: str, note: str) -> dict:
        """An erratum added to the text's errata: its errata file, its list in the manifest, or a new file
        ``errata/ID.yaml`` named in the manifest."""
        spec, node, document = self._spec(manifest, text)
        item = [f"before: {scalar(before)}", f"after: {scalar(after)}", f"note: {scalar(note)}"]
        given = node.get("errata")
        if given is None:
            path = self.folder / "errata" / f"{text}.yaml"
            if path.exists():
                raise BadInput(message("d-001", what=str(path), problem="this file exists but the text does not "
                                                                      "name it; name it in the manifest's errata"))
            errata = Document(path, f"# Errata for the text '{text}', written by edition review: exact 'before' "
                                    "→ 'after' corrections.\n")
            errata.append_item(None, item)
            self._guard(errata, document)
            document.insert_key(node, "errata", f"errata/{text}.yaml")
            return {path: errata, document.path: document}
        if isinstance(given, str):
            path = (self.manifest_path.parent / given).resolve()
            errata = Document(path)
            errata.append_item(errata.tree if errata.tree else None, item)
            return {path: errata}
        document.append_item(given, item)
        return {document.path: document}

    def _without_erratum(self, manifest: Manifest, entry: dict) -> dict:
        spec, node, document = self._spec(manifest, entry["text"])
        for erratum in spec["errata"] or []:
            if erratum.before == entry["before"] and erratum.after == entry["after"]:
                path = Path(erratum.file).resolve()
                target = document if path == self.manifest_path else Document(path)
                seq = node["errata"] if target is document else target.tree
                for index in range(len(seq)):
                    if seq.lc.item(index)[0] + 1 == erratum.line:
                        target.remove_item(seq if target is document else None, index)
                        return {target.path: target}
        raise BadInput(message("d-002", why="the erratum is no longer in the manifest"))

    def _spec(self, manifest: Manifest, text: str):
        """The text's entry in the manifest, its round-trip node and the manifest's document."""
        specs = manifest.texts
        for position, spec in enumerate(specs):
            if text_id(spec) == text:
                break
        else:
            raise BadInput(message("d-004", key=text))
        if spec.file is not None and Path(spec.file).resolve() != self.manifest_path:
            raise BadInput(message("d-003", text=text, owner=spec.file))
        document = Document(self.manifest_path)
        tree = document.tree
        nodes = list(tree.get("front") or []) + [t for part in tree.get("parts") or [] for t in part["texts"]] + \
            list(tree.get("texts") or [])
        return spec, nodes[position], document

    # writing

    def _decide(self, what: str, entry: dict, edits: dict) -> Decision:
        with self.lock:
            edits = dict(edits)
            reviewing = edits.get(self.review_path) or self._review_document()
            _record(reviewing, entry, what)
            edits[self.review_path] = reviewing
            for path in edits:
                self._guard_path(path)
            before = {path: (path.read_bytes() if path.exists() else None) for path in edits}
            try:
                for path, document in edits.items():
                    _write(path, document.text.encode("utf-8"))
                if set(edits) != {self.review_path}:
                    verify(self.manifest_path, self.root, entry["text"])
            except (EditionError, OSError) as error:
                for path, data in before.items():
                    _restore(path, data)
                problem = "; ".join(str(m) for m in error.messages) if isinstance(error, EditionError) else str(error)
                raise BadInput(message("d-006", problem=problem))
            decision = Decision(what, entry["key"], before)
            self.done.append(decision)
            return decision

    def _review_document(self) -> Document:
        if self.review_path.exists():
            return Document(self.review_path)
        return Document(self.review_path, "# The changes of the clean-up reviewed with `edition review` (it writes "
                                          "this file; a build reads it).\nreviewed:\n")

    def _guard(self, *documents: Document) -> None:
        for document in documents:
            self._guard_path(document.path)

    def _guard_path(self, path: Path) -> None:
        if not path.resolve().is_relative_to(self.folder):
            raise BadInput(message("d-001", what=str(path), problem=f"outside the manifest's folder {self.folder}; "
                                                                     "the desk writes only there"))


def _record(document: Document, entry: dict, what: str) -> None:
    """The change marked with the decision in the review file (replacing an earlier decision on it)."""
    seq = document.tree.get("reviewed") if document.tree else None
    for index in range(len(seq or [])):
        if seq[index].get("key") == entry["key"]:
            document.remove_item(seq, index, leave_empty=True)
            break
    seq = document.tree.get("reviewed")
    item = [f"key: {entry['key']}", f"decision: {what}", f"text: {scalar(entry['text'])}",
            f"pass: {entry['pass']}", f"rule: {scalar(entry['rule'])}", f"line: {entry['line']}",
            f"before: {scalar(entry['before'])}", f"after: {scalar(entry['after'])}"]
    if seq:
        document.append_item(seq, item)
    else:                                       # "reviewed:", the file's last key, with nothing under it yet
        document.append_item(None, item, column=2)


@contextlib.contextmanager
def _in_place(path: Path):
    """An edit the file's shape does not allow in place, as a message."""
    try:
        yield
    except EditProblem as problem:
        raise BadInput(message("d-001", what=str(path), problem=f"cannot add to {problem} in place; write the "
                                                                 "decision by hand"))


def verify(manifest_path: Path, root: Path | None, text: str) -> None:
    """What ``edition check`` would say of the manifest and of the text decided on: BadInput if anything."""
    manifest = pipeline.load(manifest_path, root)
    edition, _ = read_edition(manifest)
    context = Context(lexicon_for(edition.texts), edition)
    for item in edition.texts:
        if item.id == text:
            run_text(item, context)
            problems = [p for p in item.problems if p.level == "error"]
            if problems:
                raise BadInput(problems)


def _errata_stage(manifest: Manifest, text: str) -> list[str]:
    """The text's paragraphs (and list items, notes) as the errata see them: after every pass up to and
    including the errata, in the source format."""
    edition, _ = read_edition(manifest)
    found: Text | None = next((t for t in edition.texts if t.id == text), None)
    if found is None:
        raise BadInput(message("d-004", key=text))
    run_text(found, Context(lexicon_for(edition.texts), edition), AFTER_ERRATA)
    return [inlines_text(inlines) for block in text_blocks(found) for inlines in inline_lists(block)]


def _changed_span(before: str, after: str, in_after: bool) -> tuple[int, int]:
    """Where the changed characters are, in ``after`` (or ``before``): from the first to the last."""
    runs = marking.segments(before, after, context=10 ** 6)
    position, first, last = 0, None, None
    for kind, text in runs:
        if kind == "same":
            position += len(text)
            continue
        if (kind == "ins") == in_after:
            first = position if first is None else first
            position += len(text)
            last = position
        else:
            first = position if first is None else first
            last = position if last is None or last < position else last
    return (first or 0, last if last is not None else 0)


def _locate(strings: list[str], window: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The string holding ``window[start:end]`` among ``strings``, with as much of the window around it as
    is found there; (string, start, end) of the changed part in it."""
    for margin in (60, 30, 15, 8, 4, 2, 1, 0):
        left = max(0, start - margin)
        probe = window[left:end + margin]
        if not probe.strip():
            continue
        for string in strings:
            at = string.find(probe)
            if at >= 0:
                s = at + (start - left)
                return string, s, s + (end - start)
    return None


def _unique(strings: list[str], string: str, start: int, end: int, least: int = 0) -> tuple[int, int]:
    """``string[start:end]`` widened to whole words, then word by word, until it occurs once in ``strings``
    (with at least ``least`` words either side where there are): its new start and end."""
    while start > 0 and not string[start - 1].isspace():
        start -= 1
    while end < len(string) and not string[end].isspace():
        end += 1
    for _ in range(least):
        start, end = _wider(string, start, end)
    for _ in range(WIDEST):                       # each look is one pass over the text: a few of them
        if sum(s.count(string[start:end]) for s in strings) == 1:
            return start, end
        wider = _wider(string, start, end)
        if wider == (start, end):
            raise BadInput(message("d-002", why="its words occur elsewhere in the text word for word"))
        start, end = wider
    raise BadInput(message("d-002", why=f"its words occur elsewhere in the text, {WIDEST} words either side"))


def _wider(string: str, start: int, end: int) -> tuple[int, int]:
    """One more word either side."""
    if start > 0:
        start -= 1
        while start > 0 and string[start - 1].isspace():
            start -= 1
        while start > 0 and not string[start - 1].isspace():
            start -= 1
    if end < len(string):
        end += 1
        while end < len(string) and string[end].isspace():
            end += 1
        while end < len(string) and not string[end].isspace():
            end += 1
    return start, end


def _write(path: Path, data: bytes) -> None:
    """Written whole or not at all: a temporary file beside it, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _restore(path: Path, data: bytes | None) -> None:
    if data is None:
        path.unlink(missing_ok=True)
    else:
        _write(path, data)
