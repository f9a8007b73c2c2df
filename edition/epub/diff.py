"""What changed in the text between two editions: for the changelog of a new printing.

`edition diff OLD NEW` takes two EPUBs (or two build folders, whose EPUBs it
compares) and prints, document by document in reading order, each changed
passage word by word:

    trotsky-soviet-thermidor.xhtml ¶12: …the struggle of the [-oppositon-]{+opposition+} is not…

Only the words a reader reads count: markup, ids, index marks, page markers
and the index and navigation documents are left out, so a rebuilt edition
with nothing corrected shows nothing.
"""

from __future__ import annotations

import difflib
import re
import zipfile
from pathlib import Path

from lxml import etree

from edition.messages import BadInput, message

XHTML = "{http://www.w3.org/1999/xhtml}"
BLOCKS = tuple(f"{XHTML}{name}" for name in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6"))
LEFT_OUT = ("nav.xhtml", "index.xhtml", "cover.xhtml")


def find_epub(path: Path) -> Path:
    """The EPUB itself, or the one EPUB in a build folder."""
    if path.is_dir():
        found = sorted(p for p in path.glob("*.epub") if not p.name.endswith(".kepub.epub"))
        if len(found) != 1:
            raise BadInput(message("m-009", key="diff", problem=f"{path} holds {len(found)} EPUBs, not one; "
                                                                 "name the EPUB"))
        return found[0]
    if not path.is_file() or not zipfile.is_zipfile(path):
        raise BadInput(message("m-009", key="diff", problem=f"{path} is not an EPUB or a build folder"))
    return path


#: the most an EPUB's documents are inflated to, in bytes, each and all together: far beyond any book's text
MOST_PER_DOCUMENT, MOST_IN_ALL = 64 * 1024 * 1024, 256 * 1024 * 1024


def paragraphs(epub: Path) -> list[tuple[str, list[str]]]:
    """(document, its paragraphs' text) in reading order (BadInput for an EPUB that is broken, or whose
    documents inflate beyond reason: a zip bomb)."""
    try:
        with zipfile.ZipFile(epub) as archive:
            read = _Reader(archive)
            opf_name = next((n for n in archive.namelist() if n.endswith(".opf")), None)
            if opf_name is None:
                raise ValueError("it has no package document (.opf)")
            opf = etree.fromstring(read(opf_name), PARSER)
            ns = {"opf": "http://www.idpf.org/2007/opf"}
            hrefs = {item.get("id"): item.get("href") for item in opf.iterfind(".//opf:manifest/opf:item", ns)}
            spine = [hrefs.get(ref.get("idref")) for ref in opf.iterfind(".//opf:spine/opf:itemref", ns)]
            folder = opf_name.rsplit("/", 1)[0] + "/" if "/" in opf_name else ""
            out = []
            for href in spine:
                if href is None:
                    raise ValueError("its spine names a document its manifest lacks")
                if href in LEFT_OUT:
                    continue
                root = etree.fromstring(read(folder + href), PARSER)
                texts = [" ".join("".join(block.itertext()).split()) for block in root.iter(*BLOCKS)
                         if not any(a.tag in BLOCKS for a in block.iterancestors())]
                out.append((href, [t for t in texts if t]))
            return out
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError, EOFError) as error:
        raise BadInput(message("m-009", key="diff", problem=f"{epub} is not a readable EPUB: {error}"))


#: XML parsed without entities expanded or the network reached
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class _Reader:
    """A member of the archive read whole, but never more than ``MOST_PER_DOCUMENT``, nor all of them
    together more than ``MOST_IN_ALL``, whatever sizes the archive declares."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive, self.total = archive, 0

    def __call__(self, name: str) -> bytes:
        with self.archive.open(name) as member:
            data = member.read(MOST_PER_DOCUMENT + 1)
        self.total += len(data)
        if len(data) > MOST_PER_DOCUMENT or self.total > MOST_IN_ALL:
            raise ValueError(f"{name} inflates beyond {MOST_PER_DOCUMENT // 1024 // 1024} MB (a zip bomb?)")
        return data


def changes(old: Path, new: Path, context: int = 5) -> list[str]:
    """Every changed passage, a line each."""
    before = dict(paragraphs(find_epub(old)))
    after = paragraphs(find_epub(new))
    lines = []
    for href, new_paragraphs in after:
        old_paragraphs = before.pop(href, None)
        if old_paragraphs is None:
            lines.append(f"{href}: new document, {len(new_paragraphs)} paragraphs")
            continue
        lines += _compare(href, old_paragraphs, new_paragraphs, context)
    lines += [f"{href}: document removed" for href in before]
    return lines


def _compare(href: str, old: list[str], new: list[str], context: int) -> list[str]:
    out = []
    # words, each remembering its paragraph in the new edition (or the old, for what was removed)
    old_words = [(w, i + 1) for i, p in enumerate(old) for w in p.split()]
    new_words = [(w, i + 1) for i, p in enumerate(new) for w in p.split()]
    matcher = difflib.SequenceMatcher(a=[w for w, _ in old_words], b=[w for w, _ in new_words], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        where = new_words[j1][1] if j1 < len(new_words) else (new_words[-1][1] if new_words else 0)
        lead = " ".join(w for w, _ in old_words[max(0, i1 - context):i1])
        tail = " ".join(w for w, _ in old_words[i2:i2 + context])
        removed = f"[-{' '.join(w for w, _ in old_words[i1:i2])}-]" if i2 > i1 else ""
        added = f"{{+{' '.join(w for w, _ in new_words[j1:j2])}+}}" if j2 > j1 else ""
        out.append(re.sub(r"\s+", " ", f"{href} ¶{where}: …{lead} {removed}{added} {tail}…"))
    return out
