"""Does `auditor fix` move real MT output toward the human reference? WMT22 ru/uk->en, through the CLI.

Usage:
  python benchmarks/wmt22_fix.py [--data DIR] [--systems NAME,...] [--markdown]

For each language pair and each system in <data>/wmt22/xml/*.all.xml:
  1. the system's output is split into its documents (<doc>), one file per document, one
     segment a line (the segments are the lines of system-outputs/*.hyp.<SYSTEM>.en, in order);
  2. `auditor fix FOLDER --write --no-backup --keep-lines --source-lang <ru|uk>` corrects the
     copies (every rule; documents kept apart, so one article's names never meet another's);
     a second copy is fixed with `--select AUD21` (person names only);
  3. the documents are joined back into one line-aligned file and `auditor score --format json`
     scores the original and both fixed versions against references/*.ref.A.en (sacrebleu
     BLEU, chrF, TER with their signatures).
It prints one row a system: TER and chrF before and after, the change, the number of fixes, and
the TER change from the name fixes alone. A fix that makes a system worse shows as a positive
TER change or a negative chrF change. Exit code 0; 0 with "skipped: data absent" when the data
is missing; 2 when the CLI refuses a run.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from auditor_cli import REPO, AuditorError, cli_env  # noqa: E402 - the sibling module

DEFAULT_DATA = REPO.parent / "shared" / "data"


@dataclass
class Row:
    pair: str
    system: str
    before: dict
    after: dict
    names: dict
    fixes: int
    name_fixes: int


def system_docs(xml_bytes: bytes) -> dict[str, list[tuple[str, list[str]]]]:
    """system (and ref-A) -> [(doc id, its segments)], in file order."""
    root = ET.fromstring(xml_bytes)
    out: dict[str, list[tuple[str, list[str]]]] = {}
    for doc in root.iter("doc"):
        for block in doc:
            if block.tag == "hyp":
                label = block.get("system", "?")
            elif block.tag == "ref":
                label = f"ref-{block.get('translator', 'A')}"
            else:
                continue
            segs = [(seg.text or "").replace("\n", " ") for p in block.findall("p") for seg in p.findall("seg")]
            out.setdefault(label, []).append((doc.get("id", ""), segs))
    return out


def auditor(*args: str, cwd: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "auditor", *args], cwd=cwd, env=cli_env(),
                          capture_output=True, text=True)
    if proc.returncode >= 2:
        raise AuditorError(proc.returncode, proc.stderr.strip())
    return proc


def fixed_text(docs: list[tuple[str, list[str]]], folder: Path, lang: str, select: str | None) -> tuple[str, int]:
    """Write one file a document, fix them in place, join them back; -> (text, fixes applied)."""
    folder.mkdir(parents=True)
    names = []
    for i, (doc_id, segs) in enumerate(docs):
        name = f"{i:04d}_{re.sub(r'[^A-Za-z0-9._-]+', '_', doc_id)}.txt"
        (folder / name).write_text("\n".join(segs) + "\n", encoding="utf-8")
        names.append(name)
    args = ["fix", str(folder), "--write", "--no-backup", "--keep-lines", "--source-lang", lang]
    if select:
        args += ["--select", select]
    proc = auditor(*args, cwd=str(folder.parent))
    m = re.search(r"fixed (\d+) finding", proc.stderr)
    lines: list[str] = []
    for name, (_doc_id, segs) in zip(names, docs, strict=True):
        got = (folder / name).read_text(encoding="utf-8").split("\n")[:-1]
        if len(got) != len(segs):
            raise SystemExit(f"{name}: fix changed the number of lines ({len(segs)} -> {len(got)})")
        lines += got
    return "\n".join(lines) + "\n", int(m.group(1)) if m else 0


def score(hyp: Path, ref: Path, cwd: str) -> dict:
    return json.loads(auditor("score", str(hyp), "--ref", str(ref), "--format", "json", cwd=cwd).stdout)["score"]


def measure(data: Path, only: set[str] | None, tmp: Path) -> list[Row]:
    rows = []
    for xml_path in sorted((data / "xml").glob("*.all.xml")):
        pair = re.search(r"\.([a-z]{2}-[a-z]{2})\.", xml_path.name).group(1)
        lang = pair.split("-")[0]
        by_system = system_docs(xml_path.read_bytes())
        ref = data / "references" / f"generaltest2022.{pair}.ref.A.en"
        for system in sorted(k for k in by_system if not k.startswith("ref-")):
            if only and system not in only:
                continue
            docs = by_system[system]
            work = tmp / pair / re.sub(r"[^A-Za-z0-9._-]+", "_", system)
            work.mkdir(parents=True)
            before = work / "before.txt"
            before.write_text("\n".join(s for _d, segs in docs for s in segs) + "\n", encoding="utf-8")
            all_text, fixes = fixed_text(docs, work / "all", lang, None)
            names_text, name_fixes = fixed_text(docs, work / "names", lang, "AUD21")
            (work / "after.txt").write_text(all_text, encoding="utf-8")
            (work / "after-names.txt").write_text(names_text, encoding="utf-8")
            rows.append(Row(pair, system, score(before, ref, str(work)), score(work / "after.txt", ref, str(work)),
                            score(work / "after-names.txt", ref, str(work)), fixes, name_fixes))
            r = rows[-1]
            print(f"  {pair} {system}: TER {r.before['TER']:.2f} -> {r.after['TER']:.2f}, {fixes} fixes",
                  file=sys.stderr)
    return rows


def render(rows: list[Row], markdown: bool) -> str:
    head = ["pair", "system", "TER before", "TER after", "ΔTER", "chrF before", "chrF after", "ΔchrF",
            "fixes", "name fixes", "ΔTER names"]
    body = []
    for r in rows:
        body.append([r.pair, r.system, f"{r.before['TER']:.2f}", f"{r.after['TER']:.2f}",
                     f"{r.after['TER'] - r.before['TER']:+.3f}", f"{r.before['chrF']:.2f}", f"{r.after['chrF']:.2f}",
                     f"{r.after['chrF'] - r.before['chrF']:+.3f}", str(r.fixes), str(r.name_fixes),
                     f"{r.names['TER'] - r.before['TER']:+.3f}"])
    worse = [f"{r.pair} {r.system}" for r in rows
             if r.after["TER"] > r.before["TER"] + 1e-9 or r.after["chrF"] < r.before["chrF"] - 1e-9]
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(b) + " |" for b in body]
    else:
        widths = [max(len(x) for x in col) for col in zip(head, *body, strict=True)]
        out = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))]
        out += ["  ".join(x.ljust(w) for x, w in zip(b, widths, strict=True)) for b in body]
    out.append("")
    out.append(f"systems made worse (TER up or chrF down): {', '.join(worse) if worse else 'none'}")
    if rows:
        sig = rows[0].before["signatures"]
        out.append(f"signatures: TER {sig['TER']}; chrF {sig['chrF']}")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--systems", help="Comma-separated system names (default: all).")
    ap.add_argument("--markdown", action="store_true", help="A Markdown table (for README).")
    args = ap.parse_args(argv)
    data = args.data / "wmt22"
    if not (data / "xml").is_dir() or not (data / "references").is_dir():
        print(f"skipped: data absent ({data})")
        return 0
    only = set(args.systems.split(",")) if args.systems else None
    try:
        with tempfile.TemporaryDirectory(prefix="wmt22-fix-") as tmp:
            rows = measure(data, only, Path(tmp))
    except AuditorError as exc:
        print(f"auditor refused the run (exit {exc.returncode}): {exc.stderr}", file=sys.stderr)
        return 2
    print(render(rows, args.markdown), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
