"""Benchmark: how many real OCR word errors `edition clean` removes, and how many correct words it breaks.

Runs the clean-up engine (in this process, file by file) on each
``*.ocr.txt`` of a folder of real OCR with human corrections (default:
/work/shared/ocr-dev/smh/, see its README) and compares the result with
the ``*.gold.txt`` beside it. Usage:

    python bench/ocr_quality.py [DIR] [--half even|odd|all] [--skip PASS,...] [--by-pass PASS] [--model FILE]
                                [--json FILE] [--show N]

Both texts are normalised the way bench/clean_quality.py normalises them
(straight quotes, one "-" for any run of dashes), then case-folded; a
hyphen at a line end is joined in both (the gold keeps line-end
hyphenation, the engine joins such lines), and the word sequences are
aligned with the same alignment as bench/clean_quality.py:

  errors before   gold words unmatched in the OCR, plus OCR words inserted
  removed         errors before that are gone in the engine's output
  broken          gold words matched in the OCR and unmatched after cleaning,
                  also per 1,000 words right in the OCR

``--by-pass correct_ocr_words`` measures that pass alone: "before" is the
engine's output without it (other passes delete column junk and join
lines, and so break words of their own).

``--half even`` / ``odd`` takes the articles with an even / odd number
(smh000, smh002, ... / smh001, ...), so that a model learned or calibrated
on one half is measured on the other.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from clean_quality import align, normalise  # noqa: E402

DEV = Path("/work/shared/ocr-dev/smh")


def fold(text: str) -> list[str]:
    """The words of a text for comparison: typography normalised, line-end hyphens joined, case folded."""
    text = normalise(text)
    text = re.sub(r"(\w)-[ \t]*\n[ \t]*(\w)", r"\1\2", text)
    return text.casefold().split()


def score(gold_text: str, ocr_text: str, cleaned_text: str) -> dict:
    gold = fold(gold_text)
    before, after = align(gold, fold(ocr_text)), align(gold, fold(cleaned_text))
    still_inserted = (before.inserted & after.inserted).total()
    remaining = sum(b and a for b, a in zip(before.wrong, after.wrong)) + still_inserted
    broken = [i for i, (b, a) in enumerate(zip(before.wrong, after.wrong)) if a and not b]
    fixed = [i for i, (b, a) in enumerate(zip(before.wrong, after.wrong)) if b and not a]
    return {"words": len(gold), "errors_before": before.errors, "errors_after": after.errors,
            "removed": before.errors - remaining, "correct_before": len(gold) - sum(before.wrong),
            "broken": len(broken),
            "broken_words": [f"{gold[i]} → {after.substitutes.get(i, '∅')}" for i in broken],
            "fixed_words": [f"{before.substitutes.get(i, '∅')} → {gold[i]}" for i in fixed]}


def clean(path: Path, skip: set[str]) -> str:
    from edition.clean.standalone import clean_file

    return clean_file(path, skip).text


def articles(folder: Path, half: str) -> list[Path]:
    paths = sorted(folder.glob("*.ocr.txt"))
    if half == "all":
        return paths
    parity = 0 if half == "even" else 1
    return [p for p in paths if int(re.sub(r"\D", "", p.name) or 0) % 2 == parity]


def run(folder: Path, half: str = "all", skip: set[str] = frozenset(), by_pass: str = "") -> dict:
    total = {"words": 0, "errors_before": 0, "errors_after": 0, "removed": 0, "correct_before": 0, "broken": 0}
    broken_words, fixed_words = [], []
    started = time.perf_counter()
    for path in articles(folder, half):
        gold = path.with_name(path.name.replace(".ocr.", ".gold."))
        before = clean(path, skip | {by_pass}) if by_pass else path.read_text(encoding="utf-8")
        result = score(gold.read_text(encoding="utf-8"), before, clean(path, skip))
        for key in total:
            total[key] += result[key]
        broken_words += [f"{path.stem.split('.')[0]}: {w}" for w in result["broken_words"]]
        fixed_words += result["fixed_words"]
    total["removed_share"] = total["removed"] / max(1, total["errors_before"])
    total["broken_per_1000"] = 1000 * total["broken"] / max(1, total["correct_before"])
    total["seconds"] = time.perf_counter() - started
    return {"total": total, "broken_words": broken_words, "fixed_words": fixed_words}


def report(label: str, result: dict) -> str:
    t = result["total"]
    return (f"{label:<22} {t['words']:>7} words  {t['errors_before']:>6} errors  "
            f"removed {100 * t['removed_share']:5.1f}%  broken {t['broken']:>4} "
            f"({t['broken_per_1000']:.2f} per 1,000)  {t['seconds']:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEV)
    parser.add_argument("--half", choices=["even", "odd", "all"], default="all")
    parser.add_argument("--skip", default="", help="passes to skip, comma-separated")
    parser.add_argument("--by-pass", default="", metavar="PASS",
                        help="measure one pass: compare the engine's output with and without it")
    parser.add_argument("--model", type=Path, help="the OCR error model to use (default: the package's)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--show", type=int, default=0, help="print N broken and N fixed words")
    args = parser.parse_args()
    if not args.folder.is_dir():
        print(f"no OCR folder at {args.folder}: skipped")
        return 0
    skip = {s for s in args.skip.split(",") if s}
    if args.model:
        from edition.clean import channel
        channel.MODEL = args.model
    result = run(args.folder, args.half, skip, args.by_pass)
    print(report(f"real OCR ({args.half}{', ' + args.by_pass if args.by_pass else ''})", result))
    if args.show:
        print("broken:", *result["broken_words"][:args.show], sep="\n  ")
        print("fixed:", *result["fixed_words"][:args.show], sep="\n  ")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
