"""Benchmark: inputs large in one dimension take no longer than their size warrants.

Each case is a text (and, for some, a manifest) made here, run through `edition clean` or `edition check`
in this process; the bench prints its time and its time per 10,000 words beside the default reader's
clean-up, so that a pass gone quadratic shows as a figure far above the others. Usage:

    python bench/hostile_time.py [--words N]

The cases (N words each, 100,000 by default):

  short paragraphs     N/2 paragraphs of one line and two words
  one paragraph        N words in a single paragraph
  one character        a text of N×5 times the same letter, no space
  spaces               one paragraph with N×2 spaces in a row between two words
  unclosed stars       N/5 words, each opening an italic that never closes ('*word')
  dashes               N words with '--' between every two, and runs of spaces around them
  an erratum           a manifest whose erratum matches N/10 times in N/20 paragraphs (`edition check`)
  an index form 'a*'   a manifest whose index file has the form 'a*' (every word in a…) (`edition check`)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edition.build.pipeline import check  # noqa: E402
from edition.clean.standalone import clean_file  # noqa: E402

WORDS = ("the workers of the world have nothing to lose but their chains they have a world to win and the "
         "party which leads them must be democratic").split()


def words(n: int) -> list[str]:
    return [WORDS[i % len(WORDS)] for i in range(n)]


def texts(n: int) -> dict[str, str]:
    line = words(n)
    return {
        "short paragraphs": "\n\n".join(" ".join(line[i:i + 2]).capitalize() + "." for i in range(0, n, 2)),
        "one paragraph": " ".join(line) + ".",
        "one character": "a" * (n * 5),
        "spaces": "Begin" + " " * (n * 2) + "end.",
        "unclosed stars": " ".join("*" + w for w in line[: n // 5]),
        "dashes": " -- ".join(line).replace(" -- ", "   --   ", n // 10) + ".",
    }


def manifest(folder: Path, n: int, errata: str = "", index: str = "") -> Path:
    paragraphs = [" ".join(words(20)).capitalize() + " Kronstadt." for _ in range(n // 20)]
    (folder / "text.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    path = folder / "book.yaml"
    path.write_text("edition: {title: Bench, date: 2024}\n" + ("index: index.yaml\n" if index else "")
                    + "texts:\n  - file: text.txt\n    title: The Text\n" + errata, encoding="utf-8")
    if index:
        (folder / "index.yaml").write_text(index, encoding="utf-8")
    return path


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000)
    n = parser.parse_args().words
    rows = []
    reader = ROOT / "source" / "texts"
    seed_words = sum(len(p.read_text(encoding="utf-8").split()) for p in reader.glob("*.txt"))
    rows.append(("the default reader's five texts", seed_words,
                 sum(timed(lambda p=p: clean_file(p)) for p in sorted(reader.glob("*.txt")))))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, text in texts(n).items():
            path = folder / f"{name.replace(' ', '-')}.txt"
            path.write_text(text, encoding="utf-8")
            rows.append((name, n, timed(lambda: clean_file(path))))
        erratum = manifest(folder, n, "    errata: [{before: Kronstadt, after: Kronshtadt, count: %d}]\n" % (n // 20))
        rows.append(("an erratum matching N/20 times", n, timed(lambda: check(erratum))))
        indexed = manifest(folder, n, index="entries:\n  A words: [a*]\n  Kronstadt:\n")
        rows.append(("an index form 'a*'", n, timed(lambda: check(indexed))))
    width = max(len(name) for name, _, _ in rows)
    print(f"{'case':<{width}}  {'words':>8}  {'time':>8}  {'per 10,000 words':>16}")
    for name, count, seconds in rows:
        print(f"{name:<{width}}  {count:>8,}  {seconds:>7.2f}s  {seconds / count * 10_000:>15.3f}s")


if __name__ == "__main__":
    main()
