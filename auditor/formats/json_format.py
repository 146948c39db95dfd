"""JSON: a versioned, documented schema (auditor/report.schema.json)."""
from __future__ import annotations

import json
import math
from collections import Counter
from json.encoder import encode_basestring as _string  # what json.dumps(ensure_ascii=False) writes a string with

SCHEMA_VERSION = 1
_FINDINGS = "\x00findings\x00"  # stands in for the findings while the rest is dumped: no report string has a NUL


def finding_dict(f) -> dict:
    return {
        "code": f.code,
        "kind": f.kind,
        "severity": f.severity.value,
        "path": f.path,
        "start": f.start,
        "end": f.end,
        "line": f.begin.line,
        "column": f.begin.column,
        "end_line": f.finish.line,
        "end_column": f.finish.column,
        "text": f.text,
        "message": f.message,
        "suggestions": [{"replacement": s.replacement, "confidence": s.confidence} for s in f.suggestions],
        "evidence": list(f.evidence),
    }


def _number(x: float) -> str:
    return float.__repr__(x) if type(x) is float and math.isfinite(x) else json.dumps(x)


def _finding_json(f) -> str:
    """finding_dict(f) as json.dumps(..., ensure_ascii=False, indent=2) writes it two levels
    deep, character for character; the same dump of a batch's findings is several times faster
    (json.dumps runs its pure-Python encoder whenever it indents)."""
    if f.suggestions:
        suggestions = "[\n" + ",\n".join(
            f'        {{\n          "replacement": {_string(s.replacement)},\n'
            f'          "confidence": {_number(s.confidence)}\n        }}' for s in f.suggestions) + "\n      ]"
    else:
        suggestions = "[]"
    evidence = "[\n" + ",\n".join(f"        {_string(e)}" for e in f.evidence) + "\n      ]" if f.evidence else "[]"
    return (f'    {{\n      "code": {_string(f.code)},\n      "kind": {_string(f.kind)},\n'
            f'      "severity": {_string(f.severity.value)},\n      "path": {_string(f.path)},\n'
            f'      "start": {f.start:d},\n      "end": {f.end:d},\n'
            f'      "line": {f.begin.line:d},\n      "column": {f.begin.column:d},\n'
            f'      "end_line": {f.finish.line:d},\n      "end_column": {f.finish.column:d},\n'
            f'      "text": {_string(f.text)},\n      "message": {_string(f.message)},\n'
            f'      "suggestions": {suggestions},\n      "evidence": {evidence}\n    }}')


def render(report, ctx) -> str:
    counts = report.counts()
    data = {
        "schema": "auditor-report",
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "auditor", "version": report.versions.get("tool", "")},
        "rule_packs": report.versions.get("rules", {}),
        "models": report.versions.get("models", {}),
        "summary": {
            "files": len(report.files),
            "findings": len(report.findings),
            "by_severity": counts,
            "by_kind": dict(sorted(Counter(f.kind for f in report.findings).items())),
            "not_audited": len(report.problems),
        },
        "findings": _FINDINGS,
        "problems": [{"path": p.path, "kind": p.kind, "detail": p.detail} for p in report.problems],
        "unused_suppressions": [
            {"path": u.path, "line": u.line, "column": u.column, "what": u.what} for u in report.unused
        ],
        "notes": list(report.notes),
    }
    findings = "[\n" + ",\n".join(map(_finding_json, report.findings)) + "\n  ]" if report.findings else "[]"
    return json.dumps(data, ensure_ascii=False, indent=2).replace(_string(_FINDINGS), findings, 1) + "\n"
