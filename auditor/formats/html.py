"""HTML: one self-contained page for an editor (inline CSS and JS, nothing fetched).

A summary (findings per kind, with bars, and per file), filters by kind and
severity, then each article that has findings with its text shown and every
finding highlighted in place; hovering a highlight shows the message and the
suggestions, clicking it opens the finding's note in the list beside the text.

The article text comes from `report.sources` (run(..., keep_sources=True));
without it the findings are still all listed, with no text. `.txt` and `.md`
articles are shown as the file's text, with line numbers. An `.html` article is
shown as its extracted article text (what the checks read, re-extracted here
with the same extractor), its highlights mapped from source offsets through the
extractor's per-character map; if any finding cannot be placed exactly in that
text, the article falls back to its HTML source shown as text.

Overlapping findings are cut into segments: each segment is one <mark> that
lists every finding covering it (data-f) and takes the colour of the most
severe one still shown, so nothing is dropped and nothing nests wrongly.

Everything from the files and the findings is escaped; the page carries a
Content-Security-Policy that allows only its own style and script (by hash),
so even a mistake in escaping could not run script or load anything. The
output is deterministic (no timestamps, no timings) for snapshot tests.
"""
from __future__ import annotations

import base64
import hashlib
import html
import re
from collections import Counter
from dataclasses import dataclass

from ..finding import KINDS
from ..rules import RULES
from .common import one_line
from .html_assets import CSS as _CSS
from .html_assets import JS as _JS

_SEVERITIES = ("error", "warning", "info")
_RANK = {"error": 3, "warning": 2, "info": 1}
_BREAK = re.compile(r"\r\n|\r|\n")
# C0 controls (but tab and line breaks) and DEL are shown as their control pictures
_CONTROLS = {c: chr(0x2400 + c) for c in range(0x20) if chr(c) not in "\t\n\r"}
_CONTROLS[0x7F] = "\u2421"


def _esc(s: str) -> str:
    return html.escape(s.translate(_CONTROLS), quote=True)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _pct(c: float) -> str:
    return f"{round(c * 100)}%"


def _replacement(text: str) -> str:
    return "(delete)" if text == "" else text


# ---- placing findings in the shown text -------------------------------------
@dataclass(frozen=True)
class _Span:
    start: int  # offsets into the shown text
    end: int
    fid: str
    severity: str


@dataclass(frozen=True)
class _View:
    text: str
    spans: list[_Span]
    numbered: bool  # line numbers are the source's (txt, md, html source)
    note: str


def _html_text_view(path: str, source: str, findings) -> tuple[str, dict[int, tuple[int, int]]] | None:
    """The extracted text of an HTML article and each finding's span in it, or
    None when the text cannot be extracted or a finding does not map exactly."""
    try:
        from ..html_text import extract

        doc = extract(path, source)
    except Exception:  # any failure: show the source instead
        return None
    text = doc.text
    starts, ends = [], []
    for i in range(len(text)):
        s, e = doc.to_source(i, i + 1)
        starts.append(s)
        ends.append(e)
    if any(b < a for a, b in zip(starts, starts[1:], strict=False)) or \
            any(b < a for a, b in zip(ends, ends[1:], strict=False)):
        return None  # the map must run forward for the search below
    import bisect

    placed: dict[int, tuple[int, int]] = {}
    for n, f in findings:
        lo = bisect.bisect_left(starts, f.start)
        if f.end == f.start:
            placed[n] = (lo, lo)
            continue
        hi = bisect.bisect_right(ends, f.end)
        # zero-width paragraph breaks at either edge are not part of the finding
        while lo < hi and starts[lo] == ends[lo]:
            lo += 1
        while hi > lo and starts[hi - 1] == ends[hi - 1]:
            hi -= 1
        if hi <= lo or starts[lo] != f.start or ends[hi - 1] != f.end:
            return None
        placed[n] = (lo, hi)
    return text, placed


def _view(path: str, source: str, findings) -> _View:
    """findings: [(index, Finding)] of one file."""
    if path.lower().endswith((".html", ".htm")):
        got = _html_text_view(path, source, findings)
        if got is not None:
            text, placed = got
            spans = [_Span(*placed[n], f"f{n}", f.severity.value) for n, f in findings]
            return _View(text, spans, False, "HTML article: the extracted article text is shown (what the checks "
                                             "read); lines and columns refer to the HTML source.")
        note = ("HTML article: its HTML source is shown as text, because a finding could not be placed in the "
                "extracted article text.")
    else:
        note = ""
    n_chars = len(source)
    spans = [_Span(min(f.start, n_chars), min(max(f.end, f.start), n_chars), f"f{n}", f.severity.value)
             for n, f in findings]
    return _View(source, spans, True, note)


def _lines(text: str):
    """(start, end of content, end of the line break) for every line; a final
    line break ends the last line rather than starting an empty one."""
    pos = 0
    for m in _BREAK.finditer(text):
        yield pos, m.start(), m.end()
        pos = m.end()
    if pos < len(text) or not text:
        yield pos, len(text), len(text)


def _num(sp: _Span) -> int:
    return int(sp.fid[1:])


def _mark(covering: list[_Span], tips: dict[str, str], content: str, extra: str = "") -> str:
    covering = sorted(covering, key=_num)
    sev = max(covering, key=lambda sp: _RANK[sp.severity]).severity
    ids = " ".join(sp.fid for sp in covering)
    cls = f"hl sev-{sev}" + (" multi" if len(covering) > 1 else "") + extra
    title = "\n\n".join(tips[sp.fid] for sp in covering)
    return (f'<mark class="{cls}" data-f="{ids}" title="{_esc(title)}" tabindex="0">'
            f"{content}</mark>")


def _body(view: _View, tips: dict[str, str]) -> str:
    """The shown text as one block per line, findings as <mark> segments."""
    text = view.text
    pending = sorted(view.spans, key=lambda sp: (sp.start, sp.end, _num(sp)))
    out: list[str] = []
    active: list[_Span] = []
    i = 0
    for n, (ls, le, be) in enumerate(_lines(text), 1):
        last = be == len(text)
        while i < len(pending) and (pending[i].start < be or (last and pending[i].start <= be)):
            active.append(pending[i])
            i += 1
        active = [sp for sp in active if sp.end > ls or (sp.start == sp.end and sp.start >= ls)]
        wide = [sp for sp in active if sp.end > sp.start]
        points = [sp for sp in active if sp.end == sp.start]
        cuts = sorted({ls, le} | {p for sp in wide for p in (sp.start, sp.end) if ls < p < le}
                      | {sp.start for sp in points if ls < sp.start < le})
        parts: list[str] = []
        for a, b in zip(cuts, cuts[1:], strict=False):
            for sp in points:
                if sp.start == a:
                    parts.append(_mark([sp], tips, "", " point"))
            covering = [sp for sp in wide if sp.start <= a and sp.end >= b]
            chunk = _esc(text[a:b])
            parts.append(_mark(covering, tips, chunk) if covering else chunk)
        for sp in points:  # at the end of the line, or inside its line break
            if le <= sp.start < be or (last and sp.start >= le) or (ls == le and sp.start == ls):
                parts.append(_mark([sp], tips, "", " point"))
        crossing = [sp for sp in wide if sp.start < be and sp.end > le]
        if crossing and be > le:
            parts.append(_mark(crossing, tips, "", " eol"))
        attr = f' data-n="{n}"' if view.numbered else ""
        out.append(f'<div class="ln"{attr}>{"".join(parts)}</div>')
    return "".join(out)


# ---- pieces of the page ------------------------------------------------------
def _tip(f) -> str:
    lines = [f"{f.code} {f.severity.value} · {f.kind} · line {f.begin.line}:{f.begin.column}", f.message]
    if f.suggestions:
        lines.append("→ " + ", ".join(f"{_replacement(s.replacement)} ({_pct(s.confidence)})"
                                      for s in f.suggestions))
    if f.evidence:
        lines.append("evidence: " + "; ".join(f.evidence))
    return "\n".join(lines)


def _finding_item(n: int, f, tip: str) -> str:
    rule = RULES.get(f.code)
    sev = f.severity.value
    sug = ""
    if f.top is not None:
        rep = f.top.replacement
        shown = '<span class="del">delete</span>' if rep == "" else f"<b>{_esc(rep)}</b>"
        sug = f' <span class="arrow">→</span> {shown}'
    parts = [
        f'<li class="finding sev-{sev}" id="f{n}" data-kind="{_esc(f.kind)}" data-severity="{sev}" '
        f'data-tip="{_esc(tip)}">',
        "<details><summary>",
        f'<span class="badge sev-{sev}">{sev}</span> <span class="code">{_esc(f.code)}</span> ',
        f'<q class="matched">{_esc(one_line(f.text, 48))}</q>{sug}',
        f'<span class="loc">{f.begin.line}:{f.begin.column}</span>',
        "</summary>",
        '<div class="note">',
        f'<p class="message">{_esc(f.message)}</p>',
    ]
    if f.suggestions:
        parts.append('<p class="label">Suggestions</p><ol class="suggestions">')
        for s in f.suggestions:
            rep = '<span class="del">delete the text</span>' if s.replacement == "" else \
                f"<b>{_esc(s.replacement)}</b>"
            parts.append(f'<li>{rep} <span class="conf">{_pct(s.confidence)} confidence</span></li>')
        parts.append("</ol>")
    else:
        parts.append('<p class="label">No suggestion: this needs an editor\'s judgement.</p>')
    if f.evidence:
        parts.append('<p class="label">Evidence</p><ul class="evidence">')
        parts.extend(f"<li>{_esc(e)}</li>" for e in f.evidence)
        parts.append("</ul>")
    rule_text = f" {_esc(rule.name)}: {_esc(rule.summary)}" if rule else ""
    parts.append(
        f'<p class="meta">{_esc(f.code)}{rule_text} · kind {_esc(f.kind)} · '
        f"line {f.begin.line}, column {f.begin.column} to line {f.finish.line}, column {f.finish.column} · "
        f"characters {f.start}–{f.end}</p>")
    parts.append("</div></details></li>")
    return "".join(parts)


def _severity_counts(findings) -> dict[str, int]:
    c = Counter(f.severity.value for f in findings)
    return {s: c.get(s, 0) for s in _SEVERITIES}


def _bar(counts: dict[str, int], biggest: int, width: int = 240) -> str:
    """A stacked bar (error, warning, info) as inline SVG."""
    parts = [f'<svg class="bar" width="{width}" height="14" viewBox="0 0 {width} 14" role="img" '
             f'aria-label="{_esc(", ".join(f"{counts[s]} {s}" for s in _SEVERITIES))}">',
             f'<rect class="track" x="0" y="0" width="{width}" height="14" rx="3"/>']
    x = 0.0
    for s in _SEVERITIES:
        if counts[s]:
            w = width * counts[s] / max(biggest, 1)
            parts.append(f'<rect class="fill-{s}" x="{x:.1f}" y="0" width="{w:.1f}" height="14">'
                         f"<title>{counts[s]} {s}</title></rect>")
            x += w
    parts.append("</svg>")
    return "".join(parts)


def _summary(report, groups: dict[str, list], anchors: dict[str, str]) -> str:
    counts = report.counts()
    total = len(report.findings)
    cards = [("findings", total, "total"), ("errors", counts["error"], "error"),
             ("warnings", counts["warning"], "warning"), ("info", counts["info"], "info"),
             ("files audited", len(report.files), "files"), ("not audited", len(report.problems), "problems")]
    out = ['<section id="summary"><h2>Summary</h2><div class="cards">']
    for label, value, key in cards:
        out.append(f'<div class="card card-{key}" data-key="{key}"><span class="num">{value}</span>'
                   f'<span class="what">{label}</span></div>')
    out.append("</div>")
    by_kind = Counter(f.kind for f in report.findings)
    out.append('<div class="tables"><div><h3>By kind</h3>')
    if by_kind:
        order = sorted(by_kind, key=lambda k: (-by_kind[k], k))
        biggest = max(by_kind.values())
        out.append('<table id="by-kind"><thead><tr><th>kind</th><th class="n">findings</th><th></th></tr>'
                   "</thead><tbody>")
        for k in order:
            sc = _severity_counts([f for f in report.findings if f.kind == k])
            out.append(f'<tr data-kind="{_esc(k)}"><td>{_esc(k)}</td><td class="n count">{by_kind[k]}</td>'
                       f"<td>{_bar(sc, biggest)}</td></tr>")
        out.append("</tbody></table>")
        out.append('<p class="legend"><span class="key fill-error"></span>error '
                   '<span class="key fill-warning"></span>warning <span class="key fill-info"></span>info</p>')
    else:
        out.append('<p class="empty">No findings.</p>')
    out.append('</div><div><h3>By file</h3><table id="by-file"><thead><tr><th>file</th>'
               '<th class="n">findings</th><th class="n">error</th><th class="n">warning</th>'
               '<th class="n">info</th></tr></thead><tbody>')
    for path in groups:
        fs = groups[path]
        sc = _severity_counts(fs)
        name = f'<a href="#{anchors[path]}">{_esc(path)}</a>' if path in anchors else _esc(path)
        cls = "" if fs else ' class="clean"'
        out.append(f'<tr data-path="{_esc(path)}"{cls}><td class="path">{name}</td>'
                   f'<td class="n count">{len(fs)}</td>'
                   + "".join(f'<td class="n">{sc[s]}</td>' for s in _SEVERITIES) + "</tr>")
    for p in report.problems:
        out.append(f'<tr data-path="{_esc(p.path)}" class="problem"><td class="path">{_esc(p.path)}</td>'
                   f'<td class="n" colspan="4">not audited ({_esc(p.kind)})</td></tr>')
    out.append("</tbody></table></div></div></section>")
    return "".join(out)


def _filters(report) -> str:
    by_kind = Counter(f.kind for f in report.findings)
    by_sev = report.counts()
    out = ['<nav id="filters" aria-label="Filters"><fieldset><legend>Kind</legend>']
    for k in (k for k in KINDS if by_kind[k]):
        out.append(f'<label><input type="checkbox" data-filter="kind" value="{k}" checked> {k} '
                   f'<span class="count">{by_kind[k]}</span></label>')
    if not by_kind:
        out.append('<span class="empty">none</span>')
    out.append("</fieldset><fieldset><legend>Severity</legend>")
    for s in _SEVERITIES:
        out.append(f'<label class="sev-{s}"><input type="checkbox" data-filter="severity" value="{s}" checked> '
                   f'{s} <span class="count">{by_sev[s]}</span></label>')
    total = len(report.findings)
    out.append(f'</fieldset><output id="shown">{total} of {_plural(total, "finding")} shown</output></nav>')
    return "".join(out)


def _article(path: str, anchor: str, items: list, source: str | None, tips: dict[str, str]) -> str:
    sc = _severity_counts([f for _n, f in items])
    counts = ", ".join(f"{sc[s]} {s}" for s in _SEVERITIES if sc[s])
    out = [f'<section class="article" id="{anchor}" data-path="{_esc(path)}">',
           f'<h2><span class="path">{_esc(path)}</span> <span class="sub">{_plural(len(items), "finding")}'
           f" ({counts})</span> "
           f'<output class="shown">{len(items)} shown</output></h2>']
    if source is None:
        out.append('<p class="note-line">The article text was not kept for this report; '
                   "the findings are listed without it.</p>")
        body = ""
    else:
        view = _view(path, source, items)
        if view.note:
            out.append(f'<p class="note-line">{_esc(view.note)}</p>')
        cls = "text numbered" if view.numbered else "text"
        body = f'<div class="{cls}" lang="en">{_body(view, tips)}</div>'
    out.append(f'<div class="article-body{"" if body else " no-text"}">{body}<ol class="findings">')
    out.extend(_finding_item(n, f, tips[f"f{n}"]) for n, f in items)
    out.append("</ol></div></section>")
    return "".join(out)


def _others(report) -> str:
    out = []
    if report.problems:
        out.append(f'<section id="problems"><h2>Not audited ({len(report.problems)})</h2><ul>')
        for p in report.problems:
            out.append(f'<li><span class="path">{_esc(p.path)}</span> <span class="badge sev-error">'
                       f"{_esc(p.kind)}</span> {_esc(p.detail)}</li>")
        out.append("</ul></section>")
    if report.notes or report.unused:
        out.append('<section id="notes"><h2>Notes</h2><ul>')
        out.extend(f'<li class="note">{_esc(n)}</li>' for n in report.notes)
        for u in report.unused:
            where = f"{u.path}:{u.line}:{u.column}" if u.line else u.path
            out.append(f'<li class="unused"><span class="path">{_esc(where)}</span> unused suppression '
                       f"<code>{_esc(u.what)}</code></li>")
        out.append("</ul></section>")
    return "".join(out)


def _versions(report) -> str:
    v = report.versions or {}
    rows = [("tool", f"auditor {v.get('tool', '')}")]
    rows += [(f"rules: {k}", val) for k, val in sorted(v.get("rules", {}).items())]
    rows += [(f"model: {k}", val) for k, val in sorted(v.get("models", {}).items())]
    body = "".join(f"<tr><th>{_esc(str(k))}</th><td>{_esc(str(val))}</td></tr>" for k, val in rows)
    return f'<footer><details><summary>Versions</summary><table class="versions">{body}</table></details></footer>'


def _hash(s: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'"


def render(report, ctx) -> str:
    sources = getattr(report, "sources", None) or {}
    groups: dict[str, list] = {p: [] for p in report.files}
    for f in report.findings:
        groups.setdefault(f.path, []).append(f)
    numbered: dict[str, list] = {}
    for n, f in enumerate(report.findings, 1):
        numbered.setdefault(f.path, []).append((n, f))
    tips = {f"f{n}": _tip(f) for n, f in enumerate(report.findings, 1)}
    with_findings = [p for p in groups if groups[p]]
    anchors = {p: f"a{i}" for i, p in enumerate(with_findings, 1)}

    total = len(report.findings)
    title = f"auditor report: {_plural(total, 'finding')} in {_plural(len(report.files), 'file')}"
    counts = report.counts()
    line = (f"{_plural(total, 'finding')} ({counts['error']} error, {counts['warning']} warning, "
            f"{counts['info']} info) in {len(with_findings)} of {_plural(len(report.files), 'file')}")
    if report.problems:
        line += f"; {len(report.problems)} not audited"
    csp = (f"default-src 'none'; style-src {_hash(_CSS)}; script-src {_hash(_JS)}; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        '<link rel="icon" href="data:,">',
        f"<title>{_esc(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f'<header class="top"><h1>Translation audit</h1><p class="headline">{_esc(line)}</p></header>',
        _filters(report),
        "<main>",
        _summary(report, groups, anchors),
        _others(report),
    ]
    if with_findings:
        out.append('<h2 class="articles-title">Articles with findings</h2>')
    for p in with_findings:
        out.append(_article(p, anchors[p], numbered[p], sources.get(p), tips))
    out += ["</main>", _versions(report), f"<script>{_JS}</script>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


