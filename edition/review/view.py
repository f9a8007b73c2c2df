"""What the desk shows: the queue from the last build's ``report.json`` and each text beside its raw lines.

The build writes every change and suspect (with its printed page and its marked words) and every text as
cleaned into ``report.json``; the desk adds what the review file says has been decided.  A text is shown
block by block: the raw lines a block was made from on the left, the block as cleaned on the right with
every change marked word by word against them (``marking.py``), and the suspects marked.
"""

from __future__ import annotations

import json
from pathlib import Path

from markupsafe import Markup

from edition.clean import marking
from edition.clean.report import wanted
from edition.manifest import review
from edition.read.texts import read_lines


def load_report(out_dir: Path) -> dict:
    """The last build's report (empty before the first build)."""
    path = out_dir / "report.json"
    if not path.is_file():
        return {"title": "", "entries": [], "texts": []}
    return json.loads(path.read_text(encoding="utf-8"))


def queued(entry: dict) -> bool:
    return wanted(entry["pass"], entry["applied"], entry["confidence"], entry["before"], entry["after"])


def state(report: dict, review_path: Path) -> dict:
    """The queue, book-wide and lowest confidence first, each entry with its decision (if any)."""
    decided = review.reviewed(review_path)
    titles = {t["id"]: t["title"] for t in report["texts"]}
    entries = []
    for entry in report["entries"]:
        if queued(entry):
            entries.append({**entry, "decision": decided.get(entry["key"], ""), "title": titles.get(entry["text"], "")})
    entries.sort(key=lambda e: (e["confidence"], e["applied"]))
    return {"title": report["title"], "entries": entries,
            "left": sum(1 for e in entries if not e["decision"]),
            "texts": [{"id": t["id"], "title": t["title"]} for t in report["texts"]]}


def text_html(report: dict, text_id: str, root: Path) -> Markup:
    """One text: for each block, its raw lines and the block as cleaned, the changes marked."""
    text = next((t for t in report["texts"] if t["id"] == text_id), None)
    if text is None:
        return Markup("<p>No such text in the last build.</p>")
    path = (root / text["source"]).resolve()
    if not path.is_relative_to(root.resolve()):          # (report.json is the build's; still, only inside)
        return Markup("<p>The text's raw file is outside the edition's folder.</p>")
    raw, _ = read_lines(path)
    suspects = {}
    for entry in report["entries"]:
        if entry["text"] == text_id and not entry["applied"]:
            suspects.setdefault(entry["line"], []).append(entry)
    blocks = text["blocks"]
    if not blocks or blocks[0][0] > text["first_line"]:     # lines removed before the first block
        blocks = [[text["first_line"], ""]] + blocks
    rows = []
    starts = [line for line, _ in blocks]
    for position, (line, cleaned) in enumerate(blocks):
        end = next((s for s in starts[position + 1:] if s > line), text["last_line"] + 1)
        lines = [(n, raw[n - 1]) for n in range(line, min(end, len(raw) + 1))]
        source = "\n".join(f"{n:>5}  {value}" for n, value in lines)
        joined = " ".join(value.strip() for _, value in lines if value.strip())
        found = [e for n in range(line, end) for e in suspects.get(n, [])]
        words = {(e.get("words") or [""])[0]: e["key"] for e in found if (e.get("words") or [""])[0]}
        marked = marking.html(joined, cleaned, context=10 ** 6, marks=words)
        badges = Markup("").join(Markup('<a class="suspect" data-key="{}" href="#">{}</a>').format(
            e["key"], f"suspect: {e['rule']}") for e in found)
        rows.append(Markup('<tr id="line-{}"><td class="raw"><pre>{}</pre></td><td class="clean">{}{}</td></tr>')
                    .format(line, source, marked, badges))
    return Markup('<table class="text"><tr><th>raw: {}</th><th>as cleaned</th></tr>{}</table>').format(
        text["source"], Markup("").join(rows))
