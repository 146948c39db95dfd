"""MuCoW ru-en as a measure of the calque check (AUD1xx), through the CLI only.

For each MuCoW item whose ambiguous Russian word is the source word of an
entry in our ru-en pack, the contrastive sentence (the wrong sense substituted)
is a positive when it contains one of the entry's trigger words, and the
reference sentence (the right sense) is a negative.  Every sentence is audited
as its own file with `--source-lang ru --select AUD1`; a calque finding on a
positive is a true positive, on a negative a false alarm.  MuCoW is for
measuring only: nothing here feeds the packs.

    python benchmarks/mucow.py [--data DIR] [--no-model] [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def pack_sources(pack: Path) -> dict[str, list[str]]:
    """Russian source word (lowercase) -> trigger words of the entries that name it."""
    data = tomllib.loads(pack.read_text(encoding="utf-8"))
    out: dict[str, list[str]] = {}
    for e in data.get("entry", []):
        for src in re.split(r"\s*/\s*", e.get("source", "")):
            for word in src.lower().split():
                out.setdefault(word, []).extend(t.lower() for t in e["trigger"])
    return out


def has_word(sentence: str, words: list[str]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", sentence, re.I) for w in words)


def build(items: list[dict], sources: dict[str, list[str]]) -> list[dict]:
    cases = []
    for i, it in enumerate(items):
        triggers = sources.get(it["ambig word"].lower())
        if not triggers:
            continue
        if has_word(it["reference"], triggers):
            cases.append({"id": f"{i}-ref", "label": "right", "text": it["reference"], "word": it["ambig word"]})
        for j, err in enumerate(it.get("errors", [])):
            if has_word(err["contrastive"], triggers):
                cases.append({"id": f"{i}-c{j}", "label": "wrong", "text": err["contrastive"],
                              "word": it["ambig word"]})
    return cases


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(REPO.parent / "shared" / "data"))
    ap.add_argument("--no-model", action="store_true")
    ap.add_argument("--json", metavar="OUT")
    args = ap.parse_args()
    src = Path(args.data) / "mucow" / "ru-en.mucow.scoring.json"
    if not src.is_file():
        print(f"skipped: data absent ({src})")
        return 0
    items = json.loads(src.read_text(encoding="utf-8"))
    sources = pack_sources(REPO / "corpora" / "calques" / "ru-en.toml")
    cases = build(items, sources)
    covered = sorted({c["word"] for c in cases})
    if not cases:
        print("no MuCoW item is covered by the ru-en pack")
        return 0
    with tempfile.TemporaryDirectory(prefix="auditor-mucow-") as tmp:
        for c in cases:
            (Path(tmp) / f"{c['id']}.txt").write_text(c["text"] + "\n", encoding="utf-8")
        cmd = [sys.executable, "-m", "auditor", "check", tmp, "--select", "AUD1", "--source-lang", "ru",
               "--format", "json", "--fail-on", "never"] + (["--no-model"] if args.no_model else [])
        out = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp)
        if out.returncode > 1:
            sys.exit(f"auditor exited {out.returncode}: {out.stderr}")
        report = json.loads(out.stdout)
    flagged = {Path(f["path"]).stem for f in report["findings"] if f["kind"] == "calque"}
    pos = [c for c in cases if c["label"] == "wrong"]
    neg = [c for c in cases if c["label"] == "right"]
    tp = sum(c["id"] in flagged for c in pos)
    fp = sum(c["id"] in flagged for c in neg)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / len(pos) if pos else 0.0
    print(f"MuCoW ru-en: {len(items)} items; covered by the ru-en pack: {len({c['id'].split('-')[0] for c in cases})} "
          f"items ({', '.join(covered)}), {len(pos)} contrastive sentences with a trigger, {len(neg)} references")
    print(f"model: {'no (--no-model)' if args.no_model else ', '.join(report.get('models', {})) or 'none loaded'}")
    print(f"precision {precision:.3f} ({tp}/{tp + fp}), recall {recall:.3f} ({tp}/{len(pos)}), "
          f"false alarms on references {fp}/{len(neg)}")
    if args.json:
        Path(args.json).write_text(json.dumps({"covered_items": len({c['id'].split('-')[0] for c in cases}),
                                               "words": covered, "positives": len(pos), "negatives": len(neg),
                                               "tp": tp, "fp": fp, "precision": precision, "recall": recall},
                                              indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
