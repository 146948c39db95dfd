"""Every decision to drop or re-level a finding is made here.

In order: rule selection (select/ignore by code prefix), per-file ignores,
severity overrides, inline comments in Markdown/HTML, and the baseline.
Inline directives and baseline entries that matched nothing are reported.
"""
from __future__ import annotations

import fnmatch
import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from .document import Document
from .finding import Finding
from .rules import RULES

_DIRECTIVE = re.compile(r"^\s*auditor:\s*(disable|enable)(?:\s*=\s*([A-Za-z0-9_,\s]+?))?\s*$", re.I)
BASELINE_VERSION = 1


@dataclass(frozen=True)
class Unused:
    """An inline directive or baseline entry that suppressed nothing."""

    path: str
    line: int
    column: int
    what: str


def active_codes(config) -> frozenset[str]:
    """Codes left after select and ignore (prefix match, longest prefix wins)."""
    return _active(tuple(config.select), tuple(config.ignore))


@lru_cache(maxsize=64)  # asked for every document
def _active(select: tuple[str, ...], ignore: tuple[str, ...]) -> frozenset[str]:
    out = set()
    for code in RULES:
        sel = max((len(p) for p in select if p == "ALL" or code.startswith(p)), default=-1)
        ign = max((len(p) for p in ignore if p == "ALL" or code.startswith(p)), default=-1)
        if sel >= 0 and sel > ign:
            out.add(code)
    return frozenset(out)


def _glob_match(path: str, glob: str) -> bool:
    p = PurePosixPath(path.replace("\\", "/"))
    return fnmatch.fnmatch(str(p), glob) or fnmatch.fnmatch(p.name, glob) or p.match(glob)


def path_ignores(config, path: str) -> tuple[str, ...]:
    out: list[str] = []
    for glob, codes in config.per_file_ignores:
        if _glob_match(path, glob):
            out.extend(codes)
    return tuple(out)


def _matches(code: str, prefixes) -> bool:
    return any(p == "ALL" or code.startswith(p) for p in prefixes)


@dataclass
class _Region:
    codes: tuple[str, ...]  # empty: every code
    start: int
    end: int
    line: int
    column: int
    used: bool = False


def _regions(doc: Document) -> list[_Region]:
    regions: list[_Region] = []
    open_: list[_Region] = []
    for c in doc.comments:
        m = _DIRECTIVE.match(c.body)
        if not m:
            continue
        codes = tuple(x.strip().upper() for x in (m.group(2) or "").split(",") if x.strip())
        if m.group(1).lower() == "disable":
            pos = doc.position(c.start)
            r = _Region(codes, c.end, len(doc.source), pos.line, pos.column)
            regions.append(r)
            open_.append(r)
        else:
            for r in list(open_):
                if not codes or set(r.codes) & set(codes) or not r.codes:
                    r.end = c.start
                    open_.remove(r)
    return regions


def inline(doc: Document, findings: list[Finding]) -> tuple[list[Finding], list[Unused]]:
    """Apply `<!-- auditor: disable=CODE -->` ... `<!-- auditor: enable -->` regions."""
    regions = _regions(doc)
    if not regions:
        return findings, []
    kept = []
    for f in findings:
        hit = [r for r in regions if r.start <= f.start < r.end and (not r.codes or _matches(f.code, r.codes))]
        for r in hit:
            r.used = True
        if not hit:
            kept.append(f)
    unused = [Unused(doc.path, r.line, r.column, "disable=" + ",".join(r.codes) if r.codes else "disable")
              for r in regions if not r.used]
    return kept, unused


def relevel(config, findings: list[Finding]) -> list[Finding]:
    if not config.severity:
        return findings
    return [f.with_severity(config.severity[f.code]) if f.code in config.severity else f for f in findings]


def per_document(config, doc: Document, findings: list[Finding]) -> tuple[list[Finding], list[Unused]]:
    """Everything decidable from one document; runs where the document is audited."""
    active = active_codes(config)
    ignored = path_ignores(config, doc.path)
    findings = [f for f in findings if f.code in active and not _matches(f.code, ignored)]
    findings, unused = inline(doc, findings)
    return relevel(config, findings), unused


# ---- baseline ---------------------------------------------------------------
def _key(f: Finding) -> tuple[str, str, str]:
    return (f.path.replace("\\", "/"), f.code, f.text)


def write_baseline(path: str | Path, findings: list[Finding]) -> None:
    counts = Counter(_key(f) for f in findings)
    entries = [{"path": p, "code": c, "text": t, "count": n} for (p, c, t), n in sorted(counts.items())]
    data = {"version": BASELINE_VERSION, "tool": "auditor", "findings": entries}
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def read_baseline(path: str | Path) -> Counter:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: baseline is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION:
        raise ValueError(f"{path}: not an auditor baseline (version {BASELINE_VERSION} expected)")
    counts: Counter = Counter()
    for i, e in enumerate(data.get("findings", [])):
        try:
            counts[(e["path"], e["code"], e["text"])] += int(e.get("count", 1))
        except (KeyError, TypeError, ValueError):
            raise ValueError(f"{path}: findings[{i}]: needs path, code, text and count") from None
    return counts


def apply_baseline(baseline: Counter, findings: list[Finding], name: str) -> tuple[list[Finding], list[Unused]]:
    """Drop findings the baseline already knows (matched by path, code and text, not line)."""
    left = Counter(baseline)
    kept = []
    for f in findings:
        k = _key(f)
        if left[k] > 0:
            left[k] -= 1
        else:
            kept.append(f)
    unused = [Unused(p, 0, 0, f"baseline {name}: {c} '{t}' x{n}") for (p, c, t), n in sorted(left.items()) if n > 0]
    return kept, unused
