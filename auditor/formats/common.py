"""Small helpers the formatters share."""
from __future__ import annotations


def suggestion_text(finding) -> str:
    top = finding.top
    if top is None:
        return ""
    return "(delete)" if top.replacement == "" else top.replacement


def one_line(s: str, limit: int = 80) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"
