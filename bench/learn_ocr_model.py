"""Learn the OCR error model (edition/clean/ocr_model.json) from OCR text and its human correction.

    python bench/learn_ocr_model.py OCR_DIR [OCR_DIR ...] [-o FILE] [--half even|odd|all]
    python bench/learn_ocr_model.py --pairs OCR_FILE GOLD_FILE [OCR_FILE GOLD_FILE ...] [-o FILE]

Each folder holds NAME.ocr.txt and NAME.gold.txt with the same number of
lines (e.g. /work/shared/ocr-dev/smh/). Only counts of confusions are
written, never the text. ``--half`` learns from the articles with an even
or odd number, to measure on the other half (bench/ocr_quality.py --half).
See edition/clean/channel.py for the model.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from edition.clean.channel import MODEL, learn  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--pairs", action="store_true", help="paths are OCR_FILE GOLD_FILE pairs")
    parser.add_argument("--half", choices=["even", "odd", "all"], default="all")
    parser.add_argument("-o", "--output", type=Path, default=MODEL)
    args = parser.parse_args()
    if args.pairs:
        if len(args.paths) % 2:
            parser.error("--pairs needs OCR_FILE GOLD_FILE pairs")
        files = list(zip(args.paths[::2], args.paths[1::2]))
    else:
        files = [(ocr, ocr.with_name(ocr.name.replace(".ocr.", ".gold."))) for folder in args.paths
                 for ocr in sorted(folder.glob("*.ocr.txt"))]
        if args.half != "all":
            parity = 0 if args.half == "even" else 1
            files = [f for f in files if int(re.sub(r"\D", "", f[0].name) or 0) % 2 == parity]
    model = learn((gold.read_text(encoding="utf-8"), ocr.read_text(encoding="utf-8")) for ocr, gold in files)
    args.output.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(files)} pairs, {model['words']} words ({model['wrong_words']} wrong), "
          f"{len(model['rules'])} confusions → {args.output} ({args.output.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
