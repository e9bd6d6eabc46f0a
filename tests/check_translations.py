#!/usr/bin/env python3
"""Fails when a translation file is stale or unfinished (docs/TRANSLATING.md).

usage: check_translations.py LUPDATE SOURCES_LIST INCLUDE_DIRS TS_FILE...   (INCLUDE_DIRS: separated by : or ;)

For each .ts file: every message must have a finished, non-empty translation (all numerus forms
too), and running lupdate over the sources (on a copy) must neither add nor remove a message.
Each problem is printed with its file, context and source text."""
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path


def messages(ts):
    """(context, source, comment) -> the <translation> element, for every message."""
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for m in context.iter("message"):
            found[(name, m.findtext("source", ""), m.findtext("comment", ""))] = m.find("translation")
    return found


def unfinished(translation):
    if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
        return True
    forms = translation.findall("numerusform")
    texts = [f.text for f in forms] if forms else [translation.text]
    return any(not (t or "").strip() for t in texts)


def main():
    lupdate, sources, ts_files = sys.argv[1], sys.argv[2], sys.argv[4:]
    includes = [arg for d in sys.argv[3].replace(";", ":").split(":") if d for arg in ("-I", d)]
    problems = []
    for ts in map(Path, ts_files):
        committed = messages(ts)
        for (context, source, _), translation in committed.items():
            if unfinished(translation):
                problems.append(f"{ts.name}: unfinished: [{context}] {source!r}")
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / ts.name
            shutil.copy(ts, copy)
            run = subprocess.run([lupdate, "-silent", "-no-obsolete", "-locations", "none", *includes, f"@{sources}",
                                  "-ts", str(copy)], capture_output=True, text=True)
            if run.returncode != 0:
                problems.append(f"{ts.name}: lupdate failed: {run.stderr.strip()}")
                continue
            updated = messages(copy)
        for key in sorted(updated.keys() - committed.keys()):
            problems.append(f"{ts.name}: stale, new string not in the file: [{key[0]}] {key[1]!r}")
        for key in sorted(committed.keys() - updated.keys()):
            problems.append(f"{ts.name}: stale, string no longer in the sources: [{key[0]}] {key[1]!r}")
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s); run the update_translations target and translate (docs/TRANSLATING.md)")
        return 1
    print(f"translations complete and current: {', '.join(Path(t).name for t in ts_files)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
