"""The review file: the changes of the clean-up an editor has looked at, beside the manifest.

``edition review`` writes it (``NAME.review.yaml`` beside ``NAME.yaml``); a build reads it, so that the
report's queue and the desk show only what is new or has changed since.  Each entry names a change by its
key (``Change.key``: its text, pass, rule and strings, not its line, so it survives lines moving) and
repeats what it was, for a person reading the file::

    reviewed:
      - key: 1f0c9a6d2b7e4c11
        decision: accepted
        text: first
        pass: correct_ocr_words
        line: 7
        before: the rnonopoly of the
        after: the monopoly of the
"""

from __future__ import annotations

from pathlib import Path

import yaml

from edition.messages import BadInput, message

DECISIONS = ("accepted", "rejected", "edited")


def path_for(manifest: Path) -> Path:
    return manifest.with_name(f"{manifest.stem}.review.yaml")


def reviewed(path: Path) -> dict[str, str]:
    """Each reviewed change's key → the decision (none when the file is missing); BadInput for a file that
    is not a review file, naming its line."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise BadInput(message("m-014", path, mark.line + 1 if mark else None,
                               problem=str(getattr(error, "problem", error))))
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(message("m-014", path, problem=str(error)))
    if data is None:
        return {}
    entries = data.get("reviewed") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("key"), str)
                                                and e.get("decision") in DECISIONS for e in entries):
        raise BadInput(message("m-014", path, problem="it must be a mapping with 'reviewed:', a list of "
                                                      "{key, decision: accepted|rejected|edited, …}"))
    return {e["key"]: e["decision"] for e in entries}
