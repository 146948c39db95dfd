"""GitHub Actions workflow commands: annotations on the pull request."""
from __future__ import annotations

from .common import suggestion_text

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def render(report, ctx) -> str:
    out = []
    for f in report.findings:
        msg = f.message
        sug = suggestion_text(f)
        if sug:
            msg += f" → {sug}"
        props = (f"file={_prop(f.path)},line={f.begin.line},col={f.begin.column},"
                 f"endLine={f.finish.line},endColumn={f.finish.column},title={_prop(f.code)}")
        out.append(f"::{_LEVEL[f.severity.value]} {props}::{_data(msg)}")
    for p in report.problems:
        out.append(f"::error file={_prop(p.path)},title=not audited::{_data(p.kind + ': ' + p.detail)}")
    for u in report.unused:
        loc = f",line={u.line},col={u.column}" if u.line else ""
        out.append(f"::notice file={_prop(u.path)}{loc},title=unused suppression::{_data(u.what)}")
    return "\n".join(out) + ("\n" if out else "")
