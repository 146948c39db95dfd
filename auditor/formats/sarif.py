"""SARIF 2.1.0, with the rules section generated from the rule table."""
from __future__ import annotations

import json

from ..rules import RULES

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _rule(rule) -> dict:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc},
        "help": {"text": rule.doc},
        "defaultConfiguration": {"level": _LEVEL[rule.severity.value]},
        "properties": {"kind": rule.kind, "tags": [rule.kind, "translation"]},
    }


def _region(f) -> dict:
    return {
        "startLine": f.begin.line,
        "startColumn": f.begin.column,
        "endLine": f.finish.line,
        "endColumn": f.finish.column,
        "charOffset": f.start,
        "charLength": f.end - f.start,
        "snippet": {"text": f.text},
    }


def _result(f, index: dict[str, int]) -> dict:
    uri = f.path.replace("\\", "/")
    res = {
        "ruleId": f.code,
        "ruleIndex": index[f.code],
        "level": _LEVEL[f.severity.value],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(f)}}],
        "properties": {
            "kind": f.kind,
            "suggestions": [{"replacement": s.replacement, "confidence": s.confidence} for s in f.suggestions],
            "evidence": list(f.evidence),
        },
    }
    if f.top is not None:
        res["fixes"] = [{
            "description": {"text": "delete" if f.top.replacement == "" else f"replace with '{f.top.replacement}'"},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri},
                "replacements": [{
                    "deletedRegion": {"charOffset": f.start, "charLength": f.end - f.start},
                    "insertedContent": {"text": f.top.replacement},
                }],
            }],
        }]
    return res


def render(report, ctx) -> str:
    rules = list(RULES.values())
    index = {r.code: i for i, r in enumerate(rules)}
    notifications = [
        {"level": "error", "message": {"text": f"not audited ({p.kind}): {p.detail}"},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": p.path.replace("\\", "/")}}}]}
        for p in report.problems
    ] + [
        {"level": "note", "message": {"text": f"unused suppression ({u.what})"},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": u.path.replace("\\", "/")}}}]}
        for u in report.unused
    ]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "auditor",
                "version": report.versions.get("tool", ""),
                "rules": [_rule(r) for r in rules],
                "properties": {"rule_packs": report.versions.get("rules", {}),
                               "models": report.versions.get("models", {})},
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": not report.problems,
                "toolExecutionNotifications": notifications,
            }],
            "results": [_result(f, index) for f in report.findings],
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
