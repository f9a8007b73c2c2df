"""Skip a build whose inputs have not changed: the first step of the build cache.

An edition's inputs are its manifest as checked (every value, so also what
it takes from another manifest), the bytes of every file it names (texts,
errata files, the index file, a cover image), everything under `styles/`
(templates, CSS, fonts), the builder's own code and version, and the formats
and profile asked for.  Their digest is kept in the output folder
(`.edition-cache.json`) with the digest of every output; a build whose inputs
have the same digest, and whose outputs are all still there unchanged, does
nothing.  Any changed byte anywhere in the inputs gives another digest, so
the record is never stale; deleting it only costs a full build.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from pathlib import Path

from edition import __version__
from edition.build.data import loads
from edition.manifest import review
from edition.manifest.load import Manifest

RECORD = ".edition-cache.json"
PACKAGE = Path(__file__).resolve().parents[1]


def files(manifest: Manifest) -> list[Path]:
    """Every file the manifest names: itself, its texts, errata files, index file and cover; and its review
    file, when there is one."""
    named = [manifest.path]
    for spec in manifest.texts:
        named.append(spec["file"])
        for erratum in spec["errata"] or []:
            named.append(Path(erratum.file))
    if manifest.index:
        named.append(manifest.index)
    if manifest.edition.get("cover"):
        named.append(Path(manifest.edition["cover"]))
    if review.path_for(manifest.path).is_file():       # the changes the editor has reviewed: the report's queue
        named.append(review.path_for(manifest.path))
    return sorted({Path(p).resolve() for p in named if p})


def _tree(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def digest(manifest: Manifest, styles: Path, formats: tuple, profile: str | None) -> str:
    """The digest of everything a build of this manifest reads."""
    hasher = hashlib.sha256()
    hasher.update(f"edition {__version__}\n{formats}\n{profile}\n".encode())
    hasher.update(f"SOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH')}\n".encode())   # the build's dates
    hasher.update(repr((manifest.edition, manifest.trim, manifest.notes, manifest.index_shared, manifest.printing,
                        [(spec.values, spec.matter) for spec in manifest.texts],
                        [title for title, _, _ in manifest.parts])).encode())
    for path in files(manifest) + _tree(styles) + _tree(PACKAGE):
        hasher.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def up_to_date(out_dir: Path, inputs: str) -> dict | None:
    """The record of the last build, if it was made from these inputs and its outputs are untouched (a
    record that is not one, damaged or written by another hand, is no record)."""
    try:
        record = json.loads((out_dir / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("inputs") != inputs or not isinstance(record.get("pages"), int) \
            or not isinstance(record.get("outputs"), dict) or not record["outputs"]:
        return None
    for name, expected in record["outputs"].items():
        path = out_dir / name
        if "/" in name or "\\" in name or name.startswith(".") or not path.is_file() or path.is_symlink() \
                or _file_digest(path) != expected:
            return None
    return record


def unchanged(manifest: Manifest, out_dir: Path, styles: Path, formats: tuple, profile: str | None
              ) -> tuple[str, dict | None]:
    """The digest of the build's inputs, and the last build's record if nothing it reads has changed.
    Light: the command asks it before it imports the builder (WeasyPrint, …)."""
    inputs = digest(manifest, styles, formats, profile)
    return inputs, up_to_date(out_dir, inputs)


def remember(out_dir: Path, inputs: str, outputs: list[Path], pages: int) -> None:
    record = {"inputs": inputs, "pages": pages,
              "outputs": {p.relative_to(out_dir).as_posix(): _file_digest(p) for p in outputs}}
    partial = out_dir / f"{RECORD}.tmp"
    partial.write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")
    partial.replace(out_dir / RECORD)


def code_digest(styles: Path | None) -> str:
    """The digest of what every layout reads besides its HTML: the styles (CSS, fonts) and the builder.
    Without ``styles``: the builder alone, what the clean-up reads besides the texts (a change of style
    lays every piece out again, but leaves the texts as cleaned)."""
    hasher = hashlib.sha256(f"edition {__version__}\n".encode())
    for folder in ([styles] if styles else []) + [PACKAGE]:
        for path in _tree(folder):
            name = f"{folder.name}/{path.relative_to(folder).as_posix()}"
            hasher.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()


class Store:
    """What a build can reuse, in ``.edition-cache/`` in the output folder, each entry under the digest of
    everything that made it (its key), so that an entry is never stale; ``prune`` keeps only what the
    last build used, and deleting the folder is safe.

    - each text as cleaned (text-KEY.json: the text after the passes, with its change records), and as
      marked for the index (marked-KEY.json, keyed also by the index file: with its occurrences), in the
      format of ``data.py``: data, never code;
    - the EPUB's cover image (image-KEY.png, by the digest of its HTML and the styles);
    - each laid-out piece of the print edition (see ``layout``): what its layout found (KEY.json) and its
      PDF for each page-number offset it was written with (KEY-OFFSET.pdf), with what its pages draw for
      the preflight (KEY-OFFSET.json).

    Every entry is written whole or not at all (a temporary file renamed), and sealed: NAME.sum holds the
    digest of its name and its bytes.  An entry is used only if it matches its seal; one that does not
    (cut short by a kill, changed or swapped by another hand) is made again, and ``damaged`` names it.
    A folder that is not a plain folder of the output folder (a symbolic link) is not used at all, and
    ``prune`` removes only the entries' own files."""

    def __init__(self, out_dir: Path, read: bool = True):
        self.folder = out_dir / ".edition-cache"
        self.usable = not self.folder.is_symlink() and (self.folder.is_dir() or not self.folder.exists())
        self.read = read and self.usable
        self.used: set[str] = set()
        self.damaged: list[str] = []

    # sealing

    @staticmethod
    def _seal(name: str, data: bytes) -> str:
        return hashlib.sha256(name.encode() + b"\0" + data).hexdigest()

    def _write(self, name: str, data: bytes) -> None:
        """Write an entry and its seal, each whole (nothing where the folder cannot be written)."""
        if not self.usable:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for target, content in ((name, data), (f"{name}.sum", self._seal(name, data).encode())):
                partial = self.folder / f"{target}.{os.getpid()}.tmp"
                partial.write_bytes(content)
                partial.replace(self.folder / target)
        except OSError:
            return
        self.used.update((name, f"{name}.sum"))

    def seal(self, path: Path) -> None:
        """Seal an entry written by another hand (a piece's PDF and its walk, written by a layout worker)."""
        if self.usable and path.is_file():
            seal = self.folder / f"{path.name}.sum"
            partial = seal.with_name(f"{seal.name}.{os.getpid()}.tmp")
            partial.write_text(self._seal(path.name, path.read_bytes()), encoding="ascii")
            partial.replace(seal)
            self.used.update((path.name, seal.name))

    def _read(self, name: str) -> bytes | None:
        """An entry's bytes if it is there and matches its seal; None otherwise (a damaged one is noted)."""
        self.used.update((name, f"{name}.sum"))
        if not self.read:
            return None
        path = self.folder / name
        try:
            if path.is_symlink() or not path.is_file():
                return None
            data = path.read_bytes()
            seal = (self.folder / f"{name}.sum").read_text(encoding="ascii").strip()
        except (OSError, ValueError):
            data, seal = b"", ""
        if seal != self._seal(name, data):
            self.damaged.append(name)
            return None
        return data

    # entries

    def facts(self, key: str) -> dict | None:
        data = self._read(f"{key}.json")
        try:
            facts = json.loads(data) if data is not None else None
        except ValueError:
            facts = None
        return facts if isinstance(facts, dict) else None

    def remember(self, key: str, facts: dict) -> None:
        self._write(f"{key}.json", json.dumps(facts, sort_keys=True).encode())

    def pdf(self, key: str, offset: int) -> Path:
        """Where a piece's PDF for this offset is (or is to be) written."""
        if self.usable:
            self.folder.mkdir(parents=True, exist_ok=True)
        self.used.update((f"{key}-{offset}.pdf", f"{key}-{offset}.pdf.sum"))
        return self.folder / f"{key}-{offset}.pdf"

    def has(self, key: str, offset: int) -> bool:
        """Whether a piece's PDF for this offset is there, whole and as written."""
        return self._read(f"{key}-{offset}.pdf") is not None

    def walked(self, path: Path) -> list | None:
        """What a piece's pages draw, kept beside its PDF (``path``: its file), or None."""
        data = self._read(path.name)
        try:
            found = json.loads(data) if data is not None else None
        except ValueError:
            return None
        return found if isinstance(found, list) else None

    def text(self, key: str, kind: str = "text"):
        """A text as cleaned, with its change records (kind "text"), or as marked for the index, with its
        occurrences and their problems too ("marked"); None if the store has none."""
        data = self._read(f"{kind}-{key}.json")
        if data is None:
            return None
        try:
            return loads(data)
        except (ValueError, TypeError, RecursionError):
            self.damaged.append(f"{kind}-{key}.json")
            return None

    def remember_text(self, key: str, data: bytes, kind: str = "text") -> None:
        """Keep a text as cleaned or marked, written by ``data.dumps`` (where the output folder cannot be
        written, the build says so later)."""
        self._write(f"{kind}-{key}.json", data)

    def image(self, key: str) -> bytes | None:
        """An image made before (the EPUB's cover), or None."""
        return self._read(f"image-{key}.png")

    def remember_image(self, key: str, data: bytes) -> None:
        self._write(f"image-{key}.png", data)

    def prune(self) -> None:
        """Remove the entries this build did not use, and temporary files a killed build left (only files
        named as the store names them: nothing else in the folder is touched)."""
        if not self.usable or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name not in self.used and ENTRY.fullmatch(path.name) and not path.is_dir():
                path.unlink(missing_ok=True)


#: the names of the store's files: text-KEY.json, KEY-3.pdf, image-KEY.png, their seals, temporary files (and
#: text-KEY.pickle, what builders before the JSON store kept: pruned, never read)
ENTRY = re.compile(r"(?:(?:text|marked|image)-)?[0-9a-f]{64,}(?:-\d+)?\.(?:json|pdf|png|pickle)(?:\.sum)?(?:\.\d+\.tmp)?")


def index_key(index) -> str:
    """What a text's marking reads besides the text: the index file's bytes."""
    return hashlib.sha256(Path(index.path).read_bytes()).hexdigest()


def _canonical(value):
    """A value as plain JSON-able data in a fixed order (sets sorted), for a digest."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((_canonical(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def text_keys(texts: list, code: str) -> dict[str, str]:
    """The cache key of each text's clean-up, from the texts as read (before the passes): the text itself
    (its lines and every setting the manifest gave it, errata included), and what the passes learn from
    all the texts (their lines and keep lists: the lexicon), with the builder's code and the word lists'."""
    from importlib.metadata import version

    learned = hashlib.sha256(code.encode())
    for package in ("wordfreq", "ftfy"):
        learned.update(f"{package} {version(package)}\n".encode())
    for text in texts:
        learned.update(json.dumps([text.lines, _canonical(text.settings.keep)]).encode())
    common = learned.hexdigest()
    return {text.id: hashlib.sha256((common + json.dumps(_canonical(text), sort_keys=True)).encode()).hexdigest()
            for text in texts}
