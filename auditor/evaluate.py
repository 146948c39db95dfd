"""`auditor eval`: precision, recall, F1 and correction accuracy against gold.

Gold is JSON Lines, one artifact a line:
  {"file": "a.txt", "start": 10, "end": 18, "text": "Gregoron",
   "kind": "translit_place", "correct": ["Graivoron"]}
Offsets are Python string indices into the file's text. A finding matches a
gold item when the spans overlap and the kinds are equal. Files under the
articles folder with no gold lines are clean articles.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .finding import KINDS


class GoldError(Exception):
    pass


@dataclass(frozen=True)
class Gold:
    file: str
    start: int
    end: int
    text: str
    kind: str
    correct: tuple[str, ...]


def read_gold(path: str | Path) -> list[Gold]:
    items = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldError(f"{path}: cannot read gold: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise GoldError(f"{path}: gold is not valid UTF-8: {exc}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            if not isinstance(d, dict):
                raise ValueError("expected a JSON object")
            correct = d.get("correct", [])
            if not isinstance(correct, list) or not all(isinstance(c, str) for c in correct):
                raise ValueError("'correct' must be a list of strings")
            g = Gold(d["file"], int(d["start"]), int(d["end"]), d.get("text", ""), d["kind"],
                     tuple(d.get("correct", [])))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise GoldError(f"{path}:{n}: bad gold line: {exc}") from None
        if g.kind not in KINDS:
            raise GoldError(f"{path}:{n}: unknown kind {g.kind!r}")
        items.append(g)
    return items


@dataclass
class Tally:
    findings: int = 0
    true_findings: int = 0
    gold: int = 0
    found_gold: int = 0
    correctable: int = 0
    corrected: int = 0

    def add(self, other: Tally) -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def as_dict(self) -> dict:
        p = self.true_findings / self.findings if self.findings else None
        r = self.found_gold / self.gold if self.gold else None
        f1 = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
        acc = self.corrected / self.correctable if self.correctable else None
        return {"findings": self.findings, "gold": self.gold, "precision": p, "recall": r, "f1": f1,
                "correction_accuracy": acc, "corrected": self.corrected, "correctable": self.correctable}


@dataclass
class EvalResult:
    per_kind: dict[str, Tally]
    overall: Tally
    clean_articles: int
    clean_false_alarms: int
    articles: int
    misses: list[Gold] = field(default_factory=list)
    false_alarms: list = field(default_factory=list)
    wrong_corrections: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "articles": self.articles,
            "clean_articles": self.clean_articles,
            "false_alarms_per_clean_article": (self.clean_false_alarms / self.clean_articles
                                               if self.clean_articles else None),
            "overall": self.overall.as_dict(),
            "per_kind": {k: t.as_dict() for k, t in sorted(self.per_kind.items())},
        }


def score(report, gold: list[Gold], root: Path) -> EvalResult:
    by_file: dict[str, list] = defaultdict(list)
    for f in report.findings:
        try:
            rel = Path(f.path).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            rel = f.path
        by_file[rel].append(f)
    gold_by_file: dict[str, list[Gold]] = defaultdict(list)
    for g in gold:
        gold_by_file[g.file].append(g)
    files = set()
    for p in report.files:
        try:
            files.add(Path(p).resolve().relative_to(root.resolve()).as_posix())
        except ValueError:
            files.add(p)
    per_kind: dict[str, Tally] = defaultdict(Tally)
    result = EvalResult(per_kind, Tally(), 0, 0, len(files))
    for name in sorted(files | set(gold_by_file)):
        fs, gs = by_file.get(name, []), gold_by_file.get(name, [])
        if not gs:
            result.clean_articles += 1
            result.clean_false_alarms += len(fs)
        for f in fs:
            t = per_kind[f.kind]
            t.findings += 1
            if any(g.kind == f.kind and f.start < g.end and g.start < f.end for g in gs):
                t.true_findings += 1
            else:
                result.false_alarms.append(f)
        for g in gs:
            t = per_kind[g.kind]
            t.gold += 1
            hits = [f for f in fs if f.kind == g.kind and f.start < g.end and g.start < f.end]
            if not hits:
                result.misses.append(g)
                continue
            t.found_gold += 1
            if g.correct:
                t.correctable += 1
                best = max(hits, key=lambda f: (_overlap(f, g), -abs(f.start - g.start)))
                top = best.top.replacement if best.top else None
                if top is not None and top.casefold() in {c.casefold() for c in g.correct}:
                    t.corrected += 1
                else:
                    result.wrong_corrections.append((g, top))
    for t in per_kind.values():
        result.overall.add(t)
    return result


def _overlap(f, g) -> int:
    return min(f.end, g.end) - max(f.start, g.start)


def _fmt(x) -> str:
    return "   -  " if x is None else f"{x:6.3f}"


def render_table(res: EvalResult) -> str:
    rows = ["kind            findings  gold  precision  recall      F1  correction"]
    for kind, t in sorted(res.per_kind.items()) + [("overall", res.overall)]:
        d = t.as_dict()
        rows.append(f"{kind:<15} {d['findings']:>8} {d['gold']:>5}     {_fmt(d['precision'])}  "
                    f"{_fmt(d['recall'])}  {_fmt(d['f1'])}      {_fmt(d['correction_accuracy'])}")
    fa = res.clean_false_alarms / res.clean_articles if res.clean_articles else 0.0
    rows.append(f"articles: {res.articles}, clean: {res.clean_articles}, "
                f"false alarms per clean article: {fa:.3f}")
    return "\n".join(rows) + "\n"


def render_details(res: EvalResult) -> str:
    out = []
    for g in res.misses:
        out.append(f"missed      {g.file}:{g.start}-{g.end} {g.kind} {g.text!r}")
    for f in res.false_alarms:
        out.append(f"false alarm {f.path}:{f.line}:{f.column} {f.code} {f.kind} {f.text!r}")
    for g, top in res.wrong_corrections:
        out.append(f"correction  {g.file}:{g.start}-{g.end} {g.text!r}: suggested {top!r}, gold {list(g.correct)}")
    return "\n".join(out) + ("\n" if out else "")
