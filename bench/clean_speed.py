"""Benchmark: how the time of `edition clean` grows with the length of a text.

Makes one text of 10,000, 20,000, 40,000 and 80,000 words from the ten
proofread essays of the shared corpus (read at run time, never copied into
the repository): the essays concatenated and repeated until the length is
reached, each paragraph hard-wrapped at about 70 characters with a line-end
hyphen now and then, and a page number between pages of 40 lines, as in an
extracted book.  Each text is written to a temporary file and cleaned in this
process (`standalone.clean_file`, what `edition clean` runs; only the clean is
timed, the English word list is loaded once before), the best of --runs runs
(the machine is shared: the best run is the one least disturbed).  Prints the
time of each size and its ratio to the size before (1.0 per doubling would be
constant time, 2.0 linear).  Usage:

    python bench/clean_speed.py [--corpus DIR] [--sizes 10000,20000,40000,80000] [--runs 3] [--gutenberg] [--seeds]

--gutenberg dresses each text as a Project Gutenberg file: header and licence
around START/END lines, a chapter heading every 30 paragraphs, a word in
_italics_ here and there, an [Illustration: …] and a [Footnote N: …] with its
call in every chapter; it is then cut into its chapters too, as ``split: chapters`` cuts it (the
time includes the cut).  --seeds also times each of the default reader's five
raw texts (source/texts/*.txt).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edition.clean import standalone  # noqa: E402
from edition.clean.lexicon import english  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "clean"
WIDTH = 70
PAGE = 40


def paragraphs(corpus: Path) -> list[str]:
    out = []
    for path in sorted(corpus.glob("*.txt")):
        out += [" ".join(p.split()) for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return out


def wrap(paragraph: str, rng: random.Random) -> list[str]:
    """Hard-wrap at about WIDTH characters; a long word at a line's end is sometimes split with a hyphen."""
    lines, line = [], ""
    for word in paragraph.split():
        if line and len(line) + 1 + len(word) > WIDTH:
            room = WIDTH - len(line) - 2
            if word.isalpha() and len(word) >= 8 and room >= 4 and rng.random() < 0.3:
                cut = min(room, len(word) - 3)
                lines.append(f"{line} {word[:cut]}-")
                line = word[cut:]
                continue
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


def make_text(words: int, source: list[str], seed: int = 15, gutenberg: bool = False) -> str:
    """About ``words`` words of the essays, wrapped like an extracted book, with a page number every page
    (or, for ``gutenberg``, as a Project Gutenberg file, which has no page numbers)."""
    rng = random.Random(seed)
    lines, count, index = [], 0, 0
    while count < words:
        paragraph = source[index % len(source)]
        if gutenberg:
            paragraph = _gutenberg_dress(paragraph, index, rng, lines)
        index += 1
        count += len(paragraph.split())
        lines += wrap(paragraph, rng) + [""]
        if gutenberg and index % 30 == 5:
            lines += wrap(f"[Footnote 1: A note on chapter {index // 30 + 1}, as the edition printed it.]", rng)
            lines += ["", f"[Illustration: Plate {index // 30 + 1}]", ""]
    if gutenberg:
        return GUTENBERG_HEAD + "\n".join(lines) + GUTENBERG_TAIL
    out, page = [], 1
    for start in range(0, len(lines), PAGE):
        out += lines[start:start + PAGE] + ["", str(page), ""]
        page += 1
    return "\n".join(out) + "\n"


GUTENBERG_HEAD = """The Project Gutenberg eBook of Essays, by Peter Kropotkin

This ebook is for the use of anyone anywhere in the United States and
most other parts of the world at no cost and with almost no restrictions
whatsoever.

Title: Essays

Author: Peter Kropotkin

*** START OF THE PROJECT GUTENBERG EBOOK ESSAYS ***




ESSAYS

by

Peter Kropotkin


"""
GUTENBERG_TAIL = """


*** END OF THE PROJECT GUTENBERG EBOOK ESSAYS ***

Updated editions will replace the previous one--the old editions will
be renamed.
""" + "\nSection 1. General Terms of Use and Redistributing Project Gutenberg-tm\nelectronic works\n" * 40


def _gutenberg_dress(paragraph: str, index: int, rng: random.Random, lines: list[str]) -> str:
    """A chapter heading every 30 paragraphs, a word in _italics_ now and then, a note's call."""
    if index % 30 == 0:
        lines += ["", f"CHAPTER {index // 30 + 1}.", "", ""]
    words = paragraph.split()
    if len(words) > 12 and rng.random() < 0.3:
        at = rng.randrange(len(words))
        if words[at].isalpha():
            words[at] = f"_{words[at]}_"
    if index % 30 == 5 and words[-1].endswith("."):
        words[-1] += "[1]"
    return " ".join(words)


def time_clean(path: Path, runs: int = 1, chapters: bool = False) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        cleaned = standalone.clean_file(path, chapters=chapters)
        assert not chapters or len(cleaned.chapters) > 1, "the book was not cut into chapters"
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--sizes", default="10000,20000,40000,80000")
    parser.add_argument("--runs", type=int, default=3, help="runs of each text; the best counts")
    parser.add_argument("--gutenberg", action="store_true", help="texts shaped as Project Gutenberg files")
    parser.add_argument("--seeds", action="store_true", help="also time the five seed texts")
    args = parser.parse_args()
    english()                                       # the word list loads once, outside the timings
    source = paragraphs(args.corpus)
    previous = None
    print(f"{'words':>8} {'seconds':>8} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            path = Path(folder) / f"book-{size}.txt"
            path.write_text(make_text(size, source, gutenberg=args.gutenberg), encoding="utf-8")
            seconds = time_clean(path, args.runs, chapters=args.gutenberg)
            ratio = f"{seconds / previous:6.2f}" if previous else "     -"
            print(f"{size:>8} {seconds:8.2f} {ratio}", flush=True)
            previous = seconds
    if args.seeds:
        for path in sorted((ROOT / "source" / "texts").glob("*.txt")):
            print(f"{time_clean(path, args.runs):8.2f}  {path.name}", flush=True)


if __name__ == "__main__":
    main()
