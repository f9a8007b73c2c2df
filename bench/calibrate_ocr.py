"""Calibrate the OCR corrector's confidence: how often a change at each confidence is right, on real OCR.

    python bench/calibrate_ocr.py [DIR] [--model FILE] [--half even|odd|all]

Runs the noisy-channel corrector (edition/clean/noisy.py) on every word
of the OCR files of one half of DIR (default /work/shared/ocr-dev/smh/)
whose lines have as many words as their human correction,
with the words around it as context, as the pass does; a change is right
when it gives the human correction's word for that word (words aligned as
bench/learn_ocr_model.py aligns them, case ignored). Prints, for each
threshold, the changes made, their precision and the errors they mend.
Learn the model on one half (learn_ocr_model.py --half even -o FILE) and
calibrate on the other (--model FILE --half odd) to see what generalises.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from edition.clean.lexicon import Lexicon  # noqa: E402
from edition.clean import channel as channel_module, noisy  # noqa: E402
from edition.clean.channel import core, typography, word_pairs  # noqa: E402
from edition.clean.passes.ocr_words import TOKEN, _channel, _after_full_stop  # noqa: E402

DEV = Path("/work/shared/ocr-dev/smh")


def outcomes(folder: Path, half: str):
    """(confidence, right, was wrong, read, meant, proposed) per word the corrector proposes to change,
    and the number of wrong words seen."""
    found, wrong = [], 0
    for path in sorted(folder.glob("*.ocr.txt")):
        if half != "all" and int(re.sub(r"\D", "", path.name)) % 2 != (half == "odd"):
            continue
        ocr = typography(path.read_text(encoding="utf-8"))
        gold = typography(path.with_name(path.name.replace(".ocr.", ".gold.")).read_text(encoding="utf-8"))
        lexicon = Lexicon([ocr])
        for gold_line, ocr_line in zip(gold.splitlines(), ocr.splitlines()):
            if len(gold_line.split()) != len(ocr_line.split()):
                continue                        # words split, joined, lost or added: the pairing is unsure
            meant = {}
            position = 0
            for g, o in word_pairs(gold_line, ocr_line):
                start = ocr_line.find(o, position)
                if start >= 0 and " " not in o:
                    at = start + o.find(core(o))
                    written, printed = core(o).split("-"), core(g).split("-")
                    if len(written) == len(printed):        # a compound's parts, each meant as printed
                        for part, truth in zip(written, printed):
                            meant[at] = truth
                            at += len(part) + 1
                    else:                                   # parts lost or added: the pairing is unsure
                        meant[at] = ""
                    position = start + len(o)
            tokens = list(TOKEN.finditer(ocr_line))
            for index, match in enumerate(tokens):
                if match.start() not in meant or meant[match.start()] == "":
                    continue
                truth = meant[match.start()].lower()
                read = match[1]
                if read.lower() != truth and truth.isalpha():
                    wrong += 1
                sentence_start = index == 0 and False or _after_full_stop(ocr_line, match.start()) and index > 0
                result = _channel(read, ocr_line, tokens, index, lexicon, sentence_start)
                if result:
                    found.append((result[1], result[0].lower() == truth, read.lower() != truth, read, truth,
                                  result[0]))
    return found, wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEV)
    parser.add_argument("--model", type=Path)
    parser.add_argument("--half", choices=["even", "odd", "all"], default="all")
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    if args.model:
        channel_module.MODEL = args.model
        channel_module.channel.cache_clear()
        noisy.candidates.cache_clear()
    found, wrong = outcomes(args.folder, args.half)
    print(f"{wrong} wrong words; {len(found)} changes proposed")
    lm = noisy.english()
    kinds = (("non-words (noisy.APPLY)", lambda read: len(read) > 2 and not lm.known(read.lower())),
             ("real words (noisy.APPLY_REAL)", lambda read: len(read) > 2 and lm.known(read.lower())),
             ("words of two letters (noisy.APPLY_SHORT)", lambda read: len(read) <= 2))
    for label, kind in kinds:
        print(label)
        for threshold in (0.5, 0.7, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999):
            made = [f for f in found if f[0] >= threshold and kind(f[3])]
            right = sum(f[1] for f in made)
            harmed = sum(1 for f in made if not f[2])
            print(f"  ≥ {threshold:<6} {len(made):>5} changes  precision {100 * right / max(1, len(made)):5.1f}%  "
                  f"mend {100 * right / max(1, wrong):5.1f}% of wrong words  break {harmed} right words")
    if args.show:
        bad = sorted((f for f in found if not f[1]), key=lambda f: -f[0])[:args.show]
        for confidence, _, was_wrong, read, truth, proposed in bad:
            print(f"  {confidence:.3f} {read} → {proposed} (meant {truth}{'' if was_wrong else ', as read'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
