"""JSON: a versioned, documented schema (auditor/report.schema.json)."""
from __future__ import annotations

import json
from collections import Counter

SCHEMA_VERSION = 1


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
        "findings": [finding_dict(f) for f in report.findings],
        "problems": [{"path": p.path, "kind": p.kind, "detail": p.detail} for p in report.problems],
        "unused_suppressions": [
            {"path": u.path, "line": u.line, "column": u.column, "what": u.what} for u in report.unused
        ],
        "notes": list(report.notes),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
