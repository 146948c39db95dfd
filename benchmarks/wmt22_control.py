"""Findings on WMT22 ru/uk->en translations, a false-alarm control, through the CLI only.

Usage:
  python benchmarks/wmt22_control.py [--data DIR] [--kind KIND] [--select CODES] [--systems] [--show N]
  python benchmarks/wmt22_control.py --docs [--data DIR] [--kind KIND] [--select CODES] [--show N]

What it measures, and how:
  * Lines mode (default): `auditor check FILES --format json --fail-on never --select CODES` runs
    once over <data>/wmt22/references/*.en (human translations, one segment per line) and, with
    --systems, over every system-outputs/*.hyp.<SYSTEM>.en as well. Findings of --kind (default
    translit_place) are counted per file and reported per 1,000 lines, with the lines that carry
    at least one; the references are the false-alarm control, the systems show what real MT
    output trips.
  * Docs mode (--docs): each xml/*.all.xml is split with xml.etree into one text file per
    <doc> per translation (the reference <ref translator=A> and every <hyp system=...>): the
    <seg>s of a <p> one per line, paragraphs separated by a blank line. The CLI runs once per
    language pair and translation, and findings of --kind (e.g. inconsistent) are reported per
    100 documents, with the documents that carry at least one.
  * --show N prints N example findings spread over the files, with the text of their line.
The exit code is 0; 2 when the CLI rejects the run (e.g. `--select AUD2` before any AUD2 rule
exists); 0 with "skipped: data absent" when the data folder is missing.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from auditor_cli import (  # noqa: E402 - the sibling module, wherever the script is run from
    REPO,
    AuditorError,
    explain,
    rules_measured,
    run_auditor,
    spread,
)

DEFAULT_DATA = REPO.parent / "shared" / "data"
REFERENCE = "ref-A"  # label of the human reference in docs mode (translator A)


@dataclass
class Doc:
    doc_id: str
    origlang: str
    collection: str
    texts: dict[str, str] = field(default_factory=dict)  # translation label (ref-A, system name) -> text


@dataclass
class Row:
    label: str  # e.g. uk-en ref-A, uk-en Online-B
    units: int  # lines or documents
    findings: int = 0
    units_hit: int = 0
    examples: list[dict[str, Any]] = field(default_factory=list)


# ---- pure helpers (tested in tests/test_benchmarks_scripts.py) ------------------------------------------


def file_label(name: str) -> tuple[str, str]:
    """generaltest2022.uk-en.hyp.Online-B.en -> ('uk-en', 'Online-B'); ...ref.A.en -> ('uk-en', 'ref-A')."""
    m = re.match(r"^[^.]+\.([a-z]{2}-[a-z]{2})\.(ref|hyp)\.(.+)\.[a-z]{2}$", name)
    if not m:
        return "", name
    pair, what, rest = m.groups()
    return pair, f"ref-{rest}" if what == "ref" else rest


def pair_of(xml_name: str) -> str:
    """wmttest2022.uk-en.all.xml -> 'uk-en'."""
    m = re.search(r"\.([a-z]{2}-[a-z]{2})\.", xml_name)
    return m.group(1) if m else Path(xml_name).stem


def block_text(block: ET.Element) -> str:
    """The <seg>s of each <p> one per line; paragraphs separated by a blank line."""
    paras = []
    for p in block.findall("p"):
        segs = [(seg.text or "").strip() for seg in p.findall("seg")]
        paras.append("\n".join(segs))
    return "\n\n".join(paras)


def split_docs(xml_text: str | bytes) -> list[Doc]:
    """WMT22 `*.all.xml` -> one Doc per <doc>, with the English text of the reference(s) and of every system.
    Structure: dataset > collection > doc(id, origlang) > src | ref(translator) | hyp(system) > p > seg."""
    root = ET.fromstring(xml_text.encode("utf-8") if isinstance(xml_text, str) else xml_text)
    docs = []
    for coll in root.iter("collection"):
        for d in coll.findall("doc"):
            doc = Doc(doc_id=d.get("id", ""), origlang=d.get("origlang", ""), collection=coll.get("id", ""))
            for block in d:
                if block.tag == "ref":
                    doc.texts[f"ref-{block.get('translator', 'A')}"] = block_text(block)
                elif block.tag == "hyp":
                    doc.texts[block.get("system", "?")] = block_text(block)
            docs.append(doc)
    return docs


def count_lines(text: str) -> int:
    return len(text.splitlines())


def safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name) or "_"


def tally(row: Row, findings: Sequence[dict[str, Any]], unit_of: Any) -> None:
    """Add findings (all of one file) to row; unit_of(finding) -> the line/doc it belongs to."""
    row.findings += len(findings)
    row.units_hit += len({unit_of(f) for f in findings})


def per(count: int, units: int, scale: int) -> float:
    return scale * count / units if units else 0.0


def round_robin(groups: Iterable[Sequence[Any]], n: int) -> list[Any]:
    """Up to n elements taken in turn from each group (each group spread evenly)."""
    groups = [list(g) for g in groups if g]
    picked = [spread(g, n) for g in groups]
    out: list[Any] = []
    i = 0
    while len(out) < n and any(i < len(p) for p in picked):
        out += [p[i] for p in picked if i < len(p)][: n - len(out)]
        i += 1
    return out


# ---- CLI --------------------------------------------------------------------------------------------


def by_path(report: dict[str, Any], kind: str, cwd: str) -> dict[Path, list[dict[str, Any]]]:
    """Findings of kind by resolved file path (the CLI reports paths relative to its working folder)."""
    out: dict[Path, list[dict[str, Any]]] = {}
    for f in report.get("findings", []):
        if f.get("kind") == kind:
            out.setdefault((Path(cwd) / f["path"]).resolve(), []).append(f)
    return out


def example(f: dict[str, Any], label: str, where: str, line_text: str) -> dict[str, Any]:
    sugg = f["suggestions"][0]["replacement"] if f.get("suggestions") else None
    return {"label": label, "where": where, "code": f["code"], "text": f["text"], "suggestion": sugg,
            "message": f.get("message", ""), "line_text": line_text}


# ---- modes -------------------------------------------------------------------------------------------


def lines_mode(data: Path, args: argparse.Namespace, tmp: str) -> tuple[list[Row], dict[str, Any]]:
    files = sorted((data / "references").glob("*.en"))
    if args.systems:
        files += sorted((data / "system-outputs").glob("*.en"))
    report = run_auditor([str(f) for f in files], args.select, tmp, args.config)
    found = by_path(report, args.kind, tmp)
    rows = []
    for f in files:
        lines = f.read_text("utf-8").splitlines()
        pair, who = file_label(f.name)
        row = Row(label=f"{pair} {who}".strip(), units=len(lines))
        fs = sorted(found.get(f.resolve(), []), key=lambda x: x["start"])
        tally(row, fs, lambda x: x["line"])
        row.examples = [example(x, row.label, f"{f.name}:{x['line']}",
                                lines[x["line"] - 1] if 0 < x["line"] <= len(lines) else "") for x in fs]
        rows.append(row)
    return rows, report


def docs_mode(data: Path, args: argparse.Namespace, tmp: str) -> tuple[list[Row], dict[str, Any]]:
    rows: list[Row] = []
    total: dict[str, Any] = {"files": 0, "findings": 0, "problems": [], "tool": None}
    for xml_path in sorted((data / "xml").glob("*.all.xml")):
        pair = pair_of(xml_path.name)
        docs = split_docs(xml_path.read_bytes())
        labels = sorted({k for d in docs for k in d.texts}, key=lambda k: (k != REFERENCE, k))
        for label in labels:
            folder = Path(tmp) / "docs" / pair / safe_name(label)
            folder.mkdir(parents=True)
            texts: dict[Path, str] = {}
            for i, d in enumerate(docs):
                if label in d.texts:
                    p = folder / f"{i:04d}_{safe_name(d.doc_id)}.txt"
                    p.write_text(d.texts[label] + "\n", encoding="utf-8")
                    texts[p.resolve()] = d.texts[label]
            report = run_auditor([str(folder)], args.select, tmp, args.config)
            total["files"] += report["summary"]["files"]
            total["findings"] += report["summary"]["findings"]
            total["problems"] += report.get("problems", [])
            total["tool"] = report.get("tool")
            found = by_path(report, args.kind, tmp)
            row = Row(label=f"{pair} {label}", units=len(texts))
            for path in sorted(found):
                fs = sorted(found[path], key=lambda x: x["start"])
                tally(row, fs, lambda x, path=path: path)
                lines = texts.get(path, "").splitlines()
                row.examples += [example(x, row.label, f"{path.name}:{x['line']}",
                                         lines[x["line"] - 1] if 0 < x["line"] <= len(lines) else "") for x in fs]
            rows.append(row)
    return rows, {"tool": total["tool"], "summary": {"files": total["files"], "findings": total["findings"]},
                  "problems": total["problems"]}


def print_table(rows: Sequence[Row], unit: str, scale: int) -> list[dict[str, Any]]:
    per_name = f"per {scale:,} {unit}"
    hit_name = f"{unit} hit"
    print(f"{'translation':<30} {unit:>9} {'findings':>9} {per_name:>17} {hit_name:>11} {'hit ' + per_name:>21}")
    out = []

    def line(label: str, units: int, n: int, hit: int) -> None:
        print(f"{label:<30} {units:>9} {n:>9} {per(n, units, scale):>17.2f} {hit:>11} {per(hit, units, scale):>21.2f}")
        out.append({"label": label, unit: units, "findings": n, f"findings_per_{scale}": per(n, units, scale),
                    f"{unit}_hit": hit, f"{unit}_hit_per_{scale}": per(hit, units, scale)})

    for r in rows:
        line(r.label, r.units, r.findings, r.units_hit)
    groups = [("all references", [r for r in rows if " ref-" in r.label]),
              ("all systems", [r for r in rows if " ref-" not in r.label]), ("overall", list(rows))]
    for label, group in groups:
        if group and len(group) < len(rows) or label == "overall":
            line(label, sum(r.units for r in group), sum(r.findings for r in group), sum(r.units_hit for r in group))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"shared data folder [{DEFAULT_DATA}]")
    ap.add_argument("--kind", default="translit_place", help="finding kind to count [translit_place]")
    ap.add_argument("--select", default="AUD2", help="rule codes for --select ('' for all rules) [AUD2]")
    ap.add_argument("--systems", action="store_true", help="also the 20 system outputs (lines mode)")
    ap.add_argument("--docs", action="store_true", help="one file per document per translation, from xml/*.all.xml")
    ap.add_argument("--show", metavar="N", type=int, default=0, help="print N example findings with their line")
    ap.add_argument("--config", help="config file passed to auditor (default: none, the built-in defaults)")
    ap.add_argument("--json", metavar="OUT", type=Path, help="also write the results as JSON")
    args = ap.parse_args(argv)

    data = args.data / "wmt22"
    if not data.is_dir():
        print(f"skipped: data absent ({data})")
        return 0
    with tempfile.TemporaryDirectory(prefix="auditor-wmt22-") as tmp:
        try:
            rows, report = (docs_mode if args.docs else lines_mode)(data, args, tmp)
        except AuditorError as err:
            print(explain(err, args.select), file=sys.stderr)
            return 2
    unit, scale = ("docs", 100) if args.docs else ("lines", 1000)
    print(f"wmt22 {'documents' if args.docs else 'lines'}: kind {args.kind}, select {args.select or 'all rules'}; "
          f"auditor {(report.get('tool') or {}).get('version', '?')}: {report['summary']['files']} files, "
          f"{report['summary']['findings']} findings of any kind, {len(report.get('problems', []))} not audited")
    codes = rules_measured(args.select, args.kind)
    if codes is not None:
        none = "NONE: `auditor rules` lists no rule of this kind under this --select; the counts measure nothing"
        print(f"  rules measured: {', '.join(codes) if codes else none}")
    table = print_table(rows, unit, scale)
    for p in report.get("problems", [])[:5]:
        print(f"  not audited: {p['path']} {p['kind']} {p['detail']}")
    examples = round_robin([r.examples for r in rows], args.show)
    if examples:
        print(f"\nexamples ({len(examples)}):")
        for e in examples:
            sugg = f" -> {e['suggestion']!r}" if e["suggestion"] is not None else ""
            print(f"  [{e['label']}] {e['where']} {e['code']} {e['text']!r}{sugg}\n      | {e['line_text']}")
    if args.json:
        out = {"mode": "docs" if args.docs else "lines", "kind": args.kind, "select": args.select,
               "systems": args.systems or args.docs, "tool": report.get("tool"), "rows": table,
               "examples": [e for r in rows for e in r.examples]}
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
