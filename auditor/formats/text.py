"""Human-readable text: grouped by file, `path:line:col CODE message → suggestion`."""
from __future__ import annotations

from itertools import groupby

from .common import one_line, suggestion_text

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def render(report, ctx) -> str:
    color = ctx.color

    def paint(s: str, code: str) -> str:
        return f"{code}{s}{_RESET}" if color else s

    out: list[str] = []
    for _path, group in groupby(report.findings, key=lambda f: f.path):
        if out:
            out.append("")
        for f in group:
            loc = paint(f"{f.path}:{f.line}:{f.column}", _BOLD)
            code = paint(f.code, _COLORS[f.severity.value])
            line = f"{loc} {code} {one_line(f.text, 40)!r}: {f.message}"
            sug = suggestion_text(f)
            if sug:
                line += f" → {sug}"
            out.append(line)
    if report.problems:
        if out:
            out.append("")
        for p in report.problems:
            out.append(f"{paint(p.path, _BOLD)}: {paint('not audited', _COLORS['error'])} ({p.kind}): {p.detail}")
    if report.unused:
        if out:
            out.append("")
        for u in report.unused:
            where = f"{u.path}:{u.line}:{u.column}" if u.line else u.path
            out.append(f"{where}: unused suppression ({u.what})")
    counts = report.counts()
    total = len(report.findings)
    files_with = len({f.path for f in report.findings})
    summary = (f"{total} finding{'s' if total != 1 else ''} "
               f"({counts['error']} error, {counts['warning']} warning, {counts['info']} info) "
               f"in {files_with} of {len(report.files)} file{'s' if len(report.files) != 1 else ''}")
    if report.problems:
        summary += f"; {len(report.problems)} file{'s' if len(report.problems) != 1 else ''} not audited"
    for note in report.notes:
        summary += f"\nnote: {note}"
    if out:
        out.append("")
    out.append(paint(summary, _DIM))
    return "\n".join(out) + "\n"
