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
import pickle
from pathlib import Path

from edition import __version__
from edition.manifest.load import Manifest

RECORD = ".edition-cache.json"
PACKAGE = Path(__file__).resolve().parents[1]


def files(manifest: Manifest) -> list[Path]:
    """Every file the manifest names: itself, its texts, errata files, index file and cover."""
    named = [manifest.path]
    for spec in manifest.texts:
        named.append(spec["file"])
        for erratum in spec["errata"] or []:
            named.append(Path(erratum.file))
    if manifest.index:
        named.append(manifest.index)
    if manifest.edition.get("cover"):
        named.append(Path(manifest.edition["cover"]))
    return sorted({Path(p).resolve() for p in named if p})


def _tree(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def digest(manifest: Manifest, styles: Path, formats: tuple, profile: str | None) -> str:
    """The digest of everything a build of this manifest reads."""
    hasher = hashlib.sha256()
    hasher.update(f"edition {__version__}\n{formats}\n{profile}\n".encode())
    hasher.update(repr((manifest.edition, manifest.trim, manifest.notes, manifest.index_shared, manifest.printing,
                        [(spec.values, spec.matter) for spec in manifest.texts],
                        [title for title, _, _ in manifest.parts])).encode())
    for path in files(manifest) + _tree(styles) + _tree(PACKAGE):
        hasher.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def up_to_date(out_dir: Path, inputs: str) -> dict | None:
    """The record of the last build, if it was made from these inputs and its outputs are untouched."""
    try:
        record = json.loads((out_dir / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("inputs") != inputs:
        return None
    for name, expected in record.get("outputs", {}).items():
        path = out_dir / name
        if not path.is_file() or _file_digest(path) != expected:
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
    (out_dir / RECORD).write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")


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

    - each text as cleaned (text-KEY.pickle: the text after the passes, with its change records), and as
      marked for the index (marked-KEY.pickle, keyed also by the index file: with its occurrences);
    - the EPUB's cover image (image-KEY.png, by the digest of its HTML and the styles);
    - each laid-out piece of the print edition (see ``layout``): what its layout found (KEY.json) and its
      PDF for each page-number offset it was written with (KEY-OFFSET.pdf), with what its pages draw for
      the preflight (KEY-OFFSET.json).

    The pickles are the builder's own, read only from this folder: it holds nothing else."""

    def __init__(self, out_dir: Path, read: bool = True):
        self.folder = out_dir / ".edition-cache"
        self.read = read
        self.used: set[str] = set()

    def facts(self, key: str) -> dict | None:
        path = self.folder / f"{key}.json"
        self.used.add(path.name)
        if not self.read:
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def remember(self, key: str, facts: dict) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{key}.json"
        partial = path.with_suffix(".json.tmp")
        partial.write_text(json.dumps(facts, sort_keys=True), encoding="utf-8")
        partial.replace(path)
        self.used.add(path.name)

    def pdf(self, key: str, offset: int) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{key}-{offset}.pdf"
        self.used.add(path.name)
        return path

    def keep(self, path: Path) -> Path:
        """Keep a file of the store's folder made by another hand (what a piece's PDF draws, ``layout``)."""
        self.used.add(path.name)
        return path

    def has(self, key: str, offset: int) -> bool:
        return self.read and self.pdf(key, offset).is_file()

    def text(self, key: str, kind: str = "text"):
        """A text as cleaned, with its change records (kind "text"), or as marked for the index, with its
        occurrences and their problems too ("marked"); None if the store has none."""
        path = self.folder / f"{kind}-{key}.pickle"
        self.used.add(path.name)
        if not self.read:
            return None
        try:
            return pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None

    def remember_text(self, key: str, pickled: bytes, kind: str = "text") -> None:
        """Keep a text as cleaned or marked, pickled (where the output folder cannot be written, the build
        says so later)."""
        path = self.folder / f"{kind}-{key}.pickle"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(path.name + ".tmp")
            partial.write_bytes(pickled)
            partial.replace(path)
        except OSError:
            return
        self.used.add(path.name)

    def image(self, key: str) -> bytes | None:
        """An image made before (the EPUB's cover), or None."""
        path = self.folder / f"image-{key}.png"
        self.used.add(path.name)
        try:
            return path.read_bytes() if self.read else None
        except OSError:
            return None

    def remember_image(self, key: str, data: bytes) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / f"image-{key}.png").write_bytes(data)
        except OSError:
            return
        self.used.add(f"image-{key}.png")

    def prune(self) -> None:
        """Remove what this build did not use."""
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.name not in self.used:
                    path.unlink(missing_ok=True)


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
        learned.update(json.dumps([text.lines, _canonical(text.settings.get("keep", set()))]).encode())
    common = learned.hexdigest()
    return {text.id: hashlib.sha256((common + json.dumps(_canonical(text), sort_keys=True)).encode()).hexdigest()
            for text in texts}
